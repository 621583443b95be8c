"""The `needs` command line: classify, evaluate and train."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.needs.cli import main
from assistant.needs.corpus import dev_path
from assistant.needs.train import TrainResult
from tests.assistant.needs.conftest import FIXTURE_CORPUS


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys, argv: list[str], stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_classify_keeps_one_line_per_input_line(
    tiny_model: TrainResult, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    stdin = "Our warehouse is full.\n\n   \nCould you deliver twice a week?\n"
    code, out, err = run_cli(
        monkeypatch, capsys, ["classify", "--model", str(tiny_model.output_dir)], stdin
    )
    lines = out.splitlines()
    assert code == 0 and err == "" and len(lines) == 4
    records = [json.loads(line) for line in lines]
    assert all(set(r) == {"text", "wishes", "needs", "parameters"} for r in records)
    assert records[0]["needs"][0]["code"] == "storage_constraint"
    assert set(records[0]["needs"][0]) == {"code", "confidence"}
    assert records[1] == {"text": "", "wishes": [], "needs": [], "parameters": []}
    assert records[3]["parameters"][0]["text"] == "twice a week"


def test_cli_evaluate_json(
    tiny_model: TrainResult, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    dev = str(dev_path(FIXTURE_CORPUS))
    argv = ["evaluate", dev, "--model", str(tiny_model.output_dir), "--json"]
    code, out, _ = run_cli(monkeypatch, capsys, argv)
    report = json.loads(out)
    assert code == 0 and report["examples"] == 3
    assert set(report) >= {"wishes", "needs", "confusion"}
    assert report["confusion"]["storage_constraint"] == {"storage_constraint": 1}
    code, out, _ = run_cli(monkeypatch, capsys, argv[:-1])
    assert code == 0 and "macro-F1" in out and "gold need" in out


@pytest.mark.parametrize(
    "argv",
    [["classify", "--model", "/nonexistent/model"], ["evaluate", "--model", "/nonexistent/model"]],
)
def test_cli_errors_exit_2_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys, argv: list[str]
) -> None:
    code, out, err = run_cli(monkeypatch, capsys, argv)
    assert code == 2 and out == ""
    assert err.startswith("needs: error: no trained need model") and "Traceback" not in err


def test_cli_train_reports_bad_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.jsonl").write_text('{"text": "x", "needs": ["nope"]}\n')
    code, _, err = run_cli(monkeypatch, capsys, ["train", "--corpus", str(tmp_path)])
    assert code == 2 and "a.jsonl:1: unknown need code 'nope'" in err
