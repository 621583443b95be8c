"""The `assistant` services the actions use, built once per action-server process."""

from __future__ import annotations

import logging
from functools import lru_cache

from assistant.config import Settings, get_settings
from assistant.errors import ModelNotTrained, UnsupportedLanguage
from assistant.interview.dialogue import Interviewer
from assistant.needs.extract import NeedExtractor
from assistant.reports import informativeness
from assistant.store.db import make_engine, make_sessionmaker
from assistant.taxonomy import Taxonomy, load_taxonomy
from assistant.turns import LanguageModel, TurnService

__all__ = ["turn_service"]

log = logging.getLogger(__name__)


def _danish(settings: Settings, taxonomy: Taxonomy) -> dict[str, LanguageModel]:
    """The Danish need model and its interviewer; none (logged) when it is missing, and
    Danish conversations are then told so and go on in English."""
    try:
        extractor = NeedExtractor.load(settings.needs_model_dir_da, "da")
    except (ModelNotTrained, UnsupportedLanguage) as exc:
        log.error("Danish interviews are off: %s", exc)
        return {}
    interviewer = Interviewer.for_model(
        taxonomy, extractor.thresholds, extractor.context_thresholds
    )
    return {"da": LanguageModel(extractor, interviewer)}


@lru_cache(maxsize=1)
def turn_service() -> TurnService:
    settings = get_settings()
    extractor = NeedExtractor.load(settings.needs_model_dir, "en")
    informativeness.load()  # the word list interview quality needs, before the first turn
    taxonomy = load_taxonomy()
    interviewer = Interviewer.for_model(
        taxonomy, extractor.thresholds, extractor.context_thresholds
    )
    engine = make_engine(settings.database_url)
    return TurnService(
        make_sessionmaker(engine),
        extractor,
        interviewer,
        max_message_chars=settings.max_message_chars,
        readers=make_sessionmaker(engine, read_only=True),
        public_url=settings.api_url,
        languages=_danish(settings, taxonomy),
    )
