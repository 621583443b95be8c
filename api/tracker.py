"""Erase conversations from Rasa's SQL tracker store (table `events`, keyed by sender_id)."""

from __future__ import annotations

from sqlalchemy import MetaData, Table, delete, inspect

from assistant.config import Settings
from assistant.store.db import make_engine

__all__ = ["erase_conversations"]


def erase_conversations(settings: Settings, conversation_ids: list[str]) -> int:
    """Delete Rasa's stored events of these conversations; returns the rows deleted."""
    if not conversation_ids:
        return 0
    engine = make_engine(settings.resolved_tracker_url)
    try:
        if not inspect(engine).has_table("events"):
            return 0  # Rasa has not stored anything here yet
        events = Table("events", MetaData(), autoload_with=engine)
        with engine.begin() as connection:
            result = connection.execute(
                delete(events).where(events.c.sender_id.in_(conversation_ids))
            )
            return result.rowcount or 0
    finally:
        engine.dispose()
