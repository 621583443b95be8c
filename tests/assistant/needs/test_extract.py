"""Running the need model: wishes, needs, evidence, odd texts, batches and loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.errors import ModelNotTrained
from assistant.needs.cli import DEFAULT_CORPUS_DIR
from assistant.needs.corpus import dev_path, read_corpus
from assistant.needs.extract import MAX_CLAUSES, MAX_TEXT_CHARS, META_FILE, NeedExtractor
from assistant.needs.results import Scored
from assistant.taxonomy import NEED_CODES, WISH_CODES
from tests.assistant.needs.conftest import FIXTURE_TEXTS

NO_NEED_TEXTS = ["I don't know.", "That's how we've always done it.", "Hmm, not sure."]


@pytest.mark.parametrize("example", FIXTURE_TEXTS, ids=lambda e: e.text[:40])
def test_tiny_model_classifies_its_training_texts(extractor: NeedExtractor, example) -> None:
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


def test_each_clause_gives_its_likeliest_wish(extractor: NeedExtractor) -> None:
    first, second = "Could you deliver twice a week", "a call the day before you come"
    result = extractor.extract(f"{first}, and {second}.")

    def likeliest_wish(clause: str) -> Scored:
        cats = extractor.nlp(clause).cats
        code = max(extractor.wish_codes, key=cats.__getitem__)
        return Scored(code, round(cats[code], 4))

    # In the order they are said, whichever is likelier.
    assert result.clause_wishes == (likeliest_wish(first), likeliest_wish(second + "."))


def test_one_clause_or_a_list_of_clauses(extractor: NeedExtractor) -> None:
    assert extractor.extract("Could you deliver twice a week?").clause_wishes == ()
    many = extractor.extract(" and ".join(["deliver twice a week"] * 50))
    assert len(many.clause_wishes) == MAX_CLAUSES


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


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelNotTrained, match="run `needs train`"):
        NeedExtractor.load(tmp_path / "absent")


def test_a_numbered_list_in_one_line_is_a_clause_per_item(extractor: NeedExtractor) -> None:
    text = "Their asks: 1) malt in 25 kg sacks instead of bags 2) pay at 60 days not 30."

    assert extractor.extract(text).clauses == (
        "Their asks:",
        "malt in 25 kg sacks instead of bags",
        "pay at 60 days not 30.",
    )
