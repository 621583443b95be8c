"""The linear classifier component: fitting, scoring, saving and loading."""

from __future__ import annotations

import pytest
import spacy

from assistant.errors import ModelNotTrained
from assistant.needs.cues import CUES_COMPONENT
from assistant.needs.linear import LINEAR_FACTORY, features

TEXTS = {
    "our store room is tiny": {"storage"},
    "there is no space in the back": {"storage"},
    "the forecast is always wrong": {"demand"},
    "sales swing every week": {"demand"},
    "hello there": set(),
    "thanks a lot": set(),
}


def _pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe(CUES_COMPONENT, config={"cues": {"storage": ["space"]}})
    nlp.add_pipe(LINEAR_FACTORY, name="needs", config={"labels": ["storage", "demand"]})
    return nlp


def _fitted():
    nlp = _pipeline()
    docs = [nlp.get_pipe(CUES_COMPONENT)(nlp.make_doc(text)) for text in TEXTS]
    nlp.get_pipe("needs").fit(docs, list(TEXTS.values()), c=100.0)
    return nlp


def test_features_are_stems_bigrams_words_and_cues():
    nlp = _pipeline()
    doc = nlp.get_pipe(CUES_COMPONENT)(nlp.make_doc("No space, Forecasts!"))

    assert features(doc) == [
        *("no", "spac", "forecast", "no spac", "spac forecast"),
        *("W=no", "W=space", "W=forecasts", "CUE=storage"),
    ]


def test_scoring_before_fitting_fails_clearly():
    with pytest.raises(ModelNotTrained, match="never fitted"):
        _pipeline()("our store room is tiny")


def test_a_tiny_dataset_is_fitted():
    nlp = _fitted()
    for text, labels in TEXTS.items():
        cats = nlp(text).cats
        assert {label for label, score in cats.items() if score >= 0.5} == labels, text


def test_round_trip_through_disk_keeps_the_scores(tmp_path):
    nlp = _fitted()
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")

    for text in [*TEXTS, "a text with no known word"]:
        assert loaded(text).cats == pytest.approx(nlp(text).cats, abs=1e-6)


@pytest.mark.parametrize("text", ["", "space", "?!", "zzzz"])
def test_empty_and_one_word_docs_get_scores_for_every_label(text):
    cats = _fitted()(text).cats

    assert set(cats) == {"storage", "demand"}
    assert all(0.0 < score < 1.0 for score in cats.values())
