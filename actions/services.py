"""The `assistant` services the actions use, built once per action-server process."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import get_settings
from assistant.interviews import InterviewService
from assistant.store.db import make_engine, make_sessionmaker

__all__ = ["interview_service"]


@lru_cache(maxsize=1)
def interview_service() -> InterviewService:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    return InterviewService(make_sessionmaker(engine), max_message_chars=settings.max_message_chars)
