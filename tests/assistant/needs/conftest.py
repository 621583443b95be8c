"""Fixtures for the need model: a tiny model over-fitted on the fixture corpus, trained once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.needs.corpus import read_corpus, train_paths
from assistant.needs.extract import NeedExtractor
from assistant.needs.train import TrainResult, TrainSettings, train

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FIXTURE_TEXTS = read_corpus(train_paths(FIXTURE_CORPUS))
FIXTURE_CORPUS_DA = Path(__file__).parent / "fixtures" / "corpus_da"
FIXTURE_TEXTS_DA = read_corpus(train_paths(FIXTURE_CORPUS_DA))
# No held-out split: the tiny model must fit every fixture text, at the default 0.5 thresholds.
TINY_SETTINGS = TrainSettings(max_epochs=30, heldout_share=0.0, refit=False, threshold=0.5)
TINY_SETTINGS_DA = TrainSettings.for_language("da", heldout_share=0.0, threshold=0.5)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> TrainResult:
    """A model trained on the fixture corpus next to this file, in a temporary directory."""
    return train(FIXTURE_CORPUS, tmp_path_factory.mktemp("needs") / "model", TINY_SETTINGS)


@pytest.fixture(scope="session")
def extractor(tiny_model: TrainResult) -> NeedExtractor:
    return NeedExtractor.load(tiny_model.output_dir)


@pytest.fixture(scope="session")
def tiny_model_da(tmp_path_factory: pytest.TempPathFactory) -> TrainResult:
    """A Danish model trained on the Danish fixture corpus, in a temporary directory."""
    return train(FIXTURE_CORPUS_DA, tmp_path_factory.mktemp("needs") / "da", TINY_SETTINGS_DA)


@pytest.fixture(scope="session")
def extractor_da(tiny_model_da: TrainResult) -> NeedExtractor:
    return NeedExtractor.load(tiny_model_da.output_dir)
