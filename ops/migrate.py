"""Bring a database up to date: its schema (Alembic), then the figures stored beside the
facts that an older version did not store (interview quality, `assistant.reports.quality`)."""

from __future__ import annotations

from assistant.reports.quality_store import refresh
from assistant.store.db import make_engine, make_sessionmaker
from assistant.store.migrate import upgrade

__all__ = ["migrate"]


def migrate(database_url: str) -> int:
    """Migrate the database to the latest revision and store the interview quality rows that
    are missing or out of date; how many were stored."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        return refresh(make_sessionmaker(engine))
    finally:
        engine.dispose()
