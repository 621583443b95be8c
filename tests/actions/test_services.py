"""The action server's services: one need model per language it can read."""

from __future__ import annotations

import logging

from actions.services import _danish
from assistant.config import get_settings
from assistant.taxonomy import load_taxonomy


def test_without_a_danish_model_danish_is_off_and_logged(tmp_path, caplog):
    settings = get_settings().model_copy(update={"needs_model_dir_da": tmp_path / "none"})

    with caplog.at_level(logging.ERROR, logger="actions.services"):
        assert _danish(settings, load_taxonomy()) == {}

    assert "Danish interviews are off" in caplog.text and "needs train" in caplog.text


def test_an_english_model_is_not_taken_for_the_danish_one(caplog):
    settings = get_settings()
    settings = settings.model_copy(update={"needs_model_dir_da": settings.needs_model_dir})

    with caplog.at_level(logging.ERROR, logger="actions.services"):
        assert _danish(settings, load_taxonomy()) == {}

    assert "is for 'en', not 'da'" in caplog.text


def test_the_danish_model_reads_danish():
    (model,) = _danish(get_settings(), load_taxonomy()).values()
    assert model.extractor.extract("vi har ingen plads på lageret").needs[0].code == (
        "storage_constraint"
    )
