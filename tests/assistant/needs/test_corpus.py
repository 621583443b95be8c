"""The training corpus: reading, checking and covering every code."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.needs.corpus import dev_path, read_corpus, train_paths
from assistant.taxonomy import NEED_CODES, WISH_CODES
from tests.assistant.needs.conftest import FIXTURE_CORPUS, FIXTURE_TEXTS


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"text": "ok", "wishes": [], "needs": [}', "malformed JSON"),
        ('{"text": "  ", "wishes": [], "needs": []}', "missing or empty 'text'"),
        ('{"wishes": [], "needs": []}', "missing or empty 'text'"),
        ('{"text": "ok", "wishes": [], "needs": ["storage"]}', "unknown need code 'storage'"),
        ('{"text": "ok", "wishes": ["faster"], "needs": []}', "unknown wish code 'faster'"),
        ('{"text": "ok", "wishes": "urgent_orders", "needs": []}', "'wishes' must be a list"),
        ('["text"]', "expected a JSON object"),
        ('{"text": "Our warehouse is full.", "needs": []}', "duplicate text (first seen at"),
    ],
)
def test_broken_corpus_line_names_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "needs.jsonl"
    good = '{"text": "Our warehouse is full.", "wishes": [], "needs": ["storage_constraint"]}'
    path.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        read_corpus([path])
    assert str(raised.value).startswith(f"{path}:3: {problem}")


def test_corpus_reads_sorted_train_files_and_dev() -> None:
    assert [p.name for p in train_paths(FIXTURE_CORPUS)] == ["needs.jsonl", "wishes.jsonl"]
    dev = read_corpus([dev_path(FIXTURE_CORPUS)])
    assert dev[1].needs == ("storage_constraint",) and dev[1].source.endswith("dev.jsonl:2")


def test_corpus_without_training_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no \\*.jsonl training files"):
        train_paths(tmp_path)


def test_fixture_corpus_covers_every_code() -> None:
    assert {c for e in FIXTURE_TEXTS for c in e.wishes} == set(WISH_CODES)
    assert {c for e in FIXTURE_TEXTS for c in e.needs} == set(NEED_CODES)
