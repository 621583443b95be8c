"""The `assistant` services the actions use, built once per action-server process."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import get_settings
from assistant.interview.dialogue import Interviewer
from assistant.needs.extract import NeedExtractor
from assistant.reports import informativeness
from assistant.store.db import make_engine, make_sessionmaker
from assistant.taxonomy import load_taxonomy
from assistant.turns import TurnService

__all__ = ["turn_service"]


@lru_cache(maxsize=1)
def turn_service() -> TurnService:
    settings = get_settings()
    extractor = NeedExtractor.load(settings.needs_model_dir)
    informativeness.load()  # the word list interview quality needs, before the first turn
    interviewer = Interviewer.for_model(
        load_taxonomy(), extractor.thresholds, extractor.context_thresholds
    )
    engine = make_engine(settings.database_url)
    return TurnService(
        make_sessionmaker(engine),
        extractor,
        interviewer,
        max_message_chars=settings.max_message_chars,
        readers=make_sessionmaker(engine, read_only=True),
        public_url=settings.api_url,
    )
