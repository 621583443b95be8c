"""`needfinder run` refuses to start on a broken taxonomy, naming file and line."""

from __future__ import annotations

from assistant.config import Settings
from assistant.taxonomy import DEFAULT_TAXONOMY_PATH
from ops.processes import check_ready


def test_broken_taxonomy_stops_start_up_with_file_and_line(tmp_path):
    broken = tmp_path / "taxonomy.yml"
    text = DEFAULT_TAXONOMY_PATH.read_text()
    broken.write_text(text.replace("code: storage_constraint", "code: demand_uncertainty", 1))

    problems = check_ready(Settings(), taxonomy_path=broken)

    (problem,) = [p for p in problems if "taxonomy" in p]
    assert "duplicate" in problem
    assert f"{broken.name}:" in problem  # file:line


def test_ready_when_everything_is_built():
    assert check_ready(Settings()) == []
