"""Tests for the need model: corpus checks, extraction, parameters, round-trip and the CLI."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.errors import CorpusError, ModelNotTrained
from assistant.needs.cli import DEFAULT_CORPUS_DIR, main
from assistant.needs.corpus import LabelledText, dev_path, read_corpus, train_paths
from assistant.needs.cues import CUES_COMPONENT, CUES_KEY, stem
from assistant.needs.extract import MAX_TEXT_CHARS, META_FILE, NEEDS_COMPONENT, NeedExtractor
from assistant.needs.parameters import ParameterFinder
from assistant.needs.train import TrainResult
from assistant.taxonomy import NEED_CODES, WISH_CODES
from tests.assistant.conftest import FIXTURE_CORPUS

FIXTURE_TEXTS = read_corpus(train_paths(FIXTURE_CORPUS))
NO_NEED_TEXTS = ["I don't know.", "That's how we've always done it.", "Hmm, not sure."]


# --- corpus -------------------------------------------------------------------------------------


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


# --- classification -----------------------------------------------------------------------------


def test_fixture_corpus_covers_every_code() -> None:
    assert {c for e in FIXTURE_TEXTS for c in e.wishes} == set(WISH_CODES)
    assert {c for e in FIXTURE_TEXTS for c in e.needs} == set(NEED_CODES)


@pytest.mark.parametrize("example", FIXTURE_TEXTS, ids=lambda e: e.text[:40])
def test_tiny_model_classifies_its_training_texts(
    extractor: NeedExtractor, example: LabelledText
) -> None:
    result = extractor.extract(example.text)
    assert [s.code for s in result.wishes] == list(example.wishes)
    assert [s.code for s in result.needs] == list(example.needs)


@pytest.mark.parametrize("text", NO_NEED_TEXTS)
def test_text_without_a_need_gives_no_need(extractor: NeedExtractor, text: str) -> None:
    result = extractor.extract(text)
    assert result.needs == () and result.evidence == {}
    assert len(result.candidates) == len(NEED_CODES)  # still ranked for the interview


def test_real_model_recognises_every_code_on_dev() -> None:
    model_dir = get_settings().needs_model_dir
    if not (model_dir / META_FILE).is_file():
        pytest.skip("no trained real model")
    real = NeedExtractor.load(model_dir)
    dev = read_corpus([dev_path(DEFAULT_CORPUS_DIR)])
    hits: set[str] = set()
    for example, result in zip(dev, real.extract_many(e.text for e in dev), strict=True):
        hits |= set(example.wishes) & {s.code for s in result.wishes}
        hits |= set(example.needs) & {s.code for s in result.needs}
    assert hits == set(WISH_CODES) | set(NEED_CODES)


def test_scores_are_ordered_rounded_and_above_threshold(extractor: NeedExtractor) -> None:
    result = extractor.extract("Our warehouse is full, there is no space left.")
    confidences = [s.confidence for s in result.candidates]
    assert confidences == sorted(confidences, reverse=True)
    assert all(round(c, 4) == c for c in confidences)
    assert all(s.confidence >= extractor.thresholds["needs"] for s in result.needs)
    assert result.needs[0].code == "storage_constraint"


def test_evidence_is_the_sentence_that_carries_the_need(extractor: NeedExtractor) -> None:
    # A low threshold so both needs pass on the whole text; evidence is then chosen per sentence.
    lenient = NeedExtractor(extractor.nlp, {"needs": 0.01})
    text = "Too much cash is tied up in stock. Our warehouse is full, there is no space left."
    result = lenient.extract(text)
    assert {"capital_constraint", "storage_constraint"} <= {s.code for s in result.needs}
    assert result.evidence["capital_constraint"] == "Too much cash is tied up in stock."
    assert result.evidence["storage_constraint"] == "Our warehouse is full, there is no space left."
    assert set(result.evidence) == {s.code for s in result.needs}
    need = result.to_dict()["needs"][0]
    assert set(need) == {"code", "confidence", "evidence"}


@pytest.mark.parametrize("text", ["", "   \n", "pallets", "?", "a" * 1_000_000, "x " * 300_000])
def test_odd_texts_do_not_crash(extractor: NeedExtractor, text: str) -> None:
    result = extractor.extract(text)
    assert len(result.text) <= MAX_TEXT_CHARS
    if not text.strip():
        assert result.to_dict() == {"text": "", "wishes": [], "needs": [], "parameters": []}


def test_extract_many_matches_extract(extractor: NeedExtractor) -> None:
    texts = ["Could you deliver twice a week?", "", "Our dock only receives goods until noon."]
    batch = extractor.extract_many(texts, batch_size=2)
    assert batch == [extractor.extract(text) for text in texts]


def test_model_round_trips_through_disk(extractor: NeedExtractor, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    extractor.nlp.to_disk(copy)
    shutil.copy(Path(extractor.nlp.path or "") / META_FILE, copy / META_FILE)
    reloaded = NeedExtractor.load(copy)
    text = "Too much paperwork, every delivery has its own invoice, we want daily deliveries."
    assert reloaded.extract(text) == extractor.extract(text)
    assert reloaded.thresholds == extractor.thresholds


def test_training_writes_meta_with_fingerprint_and_dev_scores(tiny_model: TrainResult) -> None:
    meta = json.loads((tiny_model.output_dir / META_FILE).read_text())
    assert meta["corpus"]["train_files"] == ["needs.jsonl", "wishes.jsonl"]
    assert len(meta["corpus"]["train_sha256"]) == 64
    assert set(meta["dev_scores"]) == {"wishes_macro_f1", "needs_macro_f1"}
    assert meta["thresholds"] == {"wishes": 0.5, "needs": 0.5}


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelNotTrained, match="run `needs train`"):
        NeedExtractor.load(tmp_path / "absent")


# --- stems and cues -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["forecast", "forecasts", "forecasting", "forecasted"], "forecast"),
        (["delivery", "deliveries"], "delivery"),
        (["plan", "plans", "planned", "planning"], "plan"),
        (["organise", "organised", "organize", "organizing"], "organiz"),
        (["label", "labels", "labelled", "labeled"], "label"),
        (["40", "200"], "0"),
    ],
)
def test_inflections_share_a_stem(words: list[str], expected: str) -> None:
    assert {stem(word) for word in words} == {expected}
    assert stem(expected) == expected


def test_cues_match_inflected_words_and_label_their_code(extractor: NeedExtractor) -> None:
    doc = extractor.nlp("Our forecasts fail and the back rooms are FULL.")
    marked = {(span.text, span.label_) for span in doc.spans[CUES_KEY]}
    assert ("forecasts", "demand_uncertainty") in marked
    assert ("back rooms", "storage_constraint") in marked
    assert ("FULL", "storage_constraint") in marked


def test_cue_feature_changes_the_score(extractor: NeedExtractor) -> None:
    needs = extractor.nlp.get_pipe(NEEDS_COMPONENT)
    marker = extractor.nlp.get_pipe(CUES_COMPONENT)
    with_cues = marker(extractor.nlp.make_doc("the forecast is wrong"))
    without_cues = marker(extractor.nlp.make_doc("the forecast is wrong"))
    without_cues.spans[CUES_KEY] = []
    with_score, without_score = (
        needs(doc).cats["demand_uncertainty"] for doc in (with_cues, without_cues)
    )
    assert with_score != without_score


def test_evidence_sentences_are_marked_for_cues(extractor: NeedExtractor) -> None:
    lenient = NeedExtractor(extractor.nlp, {"needs": 0.0})
    result = lenient.extract("Cash is tight. The forecast is wrong.")
    doc = lenient._sentence_doc(
        list(extractor.nlp("Cash is tight. The forecast is wrong.").sents)[1]
    )
    assert [span.label_ for span in doc.spans[CUES_KEY]] == ["demand_uncertainty"]
    assert result.evidence["demand_uncertainty"] == "The forecast is wrong."


# --- parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "span", "value"),
    [
        ("We need it within 48 hours please", "duration", "48 hours", {"hours": 48}),
        ("in 48h max", "duration", "48h", {"hours": 48}),
        ("five working days is too long", "duration", "five working days", {"working_days": 5}),
        ("now it takes 2 weeks", "duration", "2 weeks", {"weeks": 2}),
        ("is same day possible?", "duration", "same day", {"days": 0}),
        ("we want next-day delivery", "duration", "next-day", {"days": 1}),
        ("only half pallets fit", "quantity", "half pallets", {"amount": 0.5, "unit": "pallet"}),
        ("at most 20 boxes", "quantity", "20 boxes", {"amount": 20, "unit": "box"}),
        ("500 units per order", "quantity", "500 units", {"amount": 500, "unit": "unit"}),
        ("a quarter pallet", "quantity", "a quarter pallet", {"amount": 0.25, "unit": "pallet"}),
        ("we have 3 pallet places", "quantity", "3 pallet places",
         {"amount": 3, "unit": "pallet_place"}),
        ("deliver twice a week", "frequency", "twice a week", {"times": 2, "per": "week"}),
        ("we'd like daily drops", "frequency", "daily", {"times": 1, "per": "day"}),
        ("come every Tuesday", "frequency", "every Tuesday",
         {"times": 1, "per": "week", "days": ["tuesday"]}),
        ("three times a week", "frequency", "three times a week", {"times": 3, "per": "week"}),
        ("just once a month", "frequency", "once a month", {"times": 1, "per": "month"}),
        ("deliver between 6 and 10", "time_window", "between 6 and 10",
         {"start": "06:00", "end": "10:00"}),
        ("slot 6-10 am please", "time_window", "6-10 am", {"start": "06:00", "end": "10:00"}),
        ("it must be before 7", "time_window", "before 7", {"end": "07:00"}),
        ("be there at 7 sharp", "time_window", "at 7 sharp", {"at": "07:00"}),
        ("open from 06:00 to 10:00", "time_window", "from 06:00 to 10:00",
         {"start": "06:00", "end": "10:00"}),
        ("we would like to pay in 60 days", "payment_term", "60 days", {"days": 60}),
        ("terms of net 30", "payment_term", "net 30", {"days": 30}),
        ("EUR 200k is tied up", "money", "EUR 200k", {"amount": 200000, "currency": "EUR"}),
    ],
)  # fmt: skip
def test_parameter_found_with_exact_span(
    extractor: NeedExtractor, text: str, kind: str, span: str, value: dict[str, object]
) -> None:
    found = [p.to_dict() for p in extractor.extract(text).parameters]
    start = text.index(span)
    expected = {
        "kind": kind,
        "text": span,
        "start": start,
        "end": start + len(span),
        "value": value,
    }
    assert expected in found


@pytest.mark.parametrize(
    "text", ["between 6 and 10 pallets", "I don't know", "the first order", "before 7 days"]
)
def test_no_time_window_where_a_number_is_not_a_time(extractor: NeedExtractor, text: str) -> None:
    assert "time_window" not in {p.kind for p in extractor.extract(text).parameters}


def test_parameter_finder_works_on_a_blank_pipeline() -> None:
    import spacy

    nlp = spacy.blank("en")
    (found,) = ParameterFinder(nlp.vocab)(nlp("Deliver 20 boxes"))
    assert (found.kind, found.start, found.end) == ("quantity", 8, 16)


# --- CLI ----------------------------------------------------------------------------------------

Capture = pytest.CaptureFixture[str]


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, argv: list[str], stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_classify_keeps_one_line_per_input_line(
    tiny_model: TrainResult, monkeypatch: pytest.MonkeyPatch, capsys: Capture
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
    tiny_model: TrainResult, monkeypatch: pytest.MonkeyPatch, capsys: Capture
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
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, argv: list[str]
) -> None:
    code, out, err = run_cli(monkeypatch, capsys, argv)
    assert code == 2 and out == ""
    assert err.startswith("needs: error: no trained need model") and "Traceback" not in err


def test_cli_train_reports_bad_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.jsonl").write_text('{"text": "x", "needs": ["nope"]}\n')
    code, _, err = run_cli(monkeypatch, capsys, ["train", "--corpus", str(tmp_path)])
    assert code == 2 and "a.jsonl:1: unknown need code 'nope'" in err
