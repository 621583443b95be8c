"""Stems and cue words: the features that point the model at a code."""

from __future__ import annotations

import pytest

from assistant.needs.cues import CUES_COMPONENT, CUES_KEY, stem
from assistant.needs.extract import NEEDS_COMPONENT, NeedExtractor


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
