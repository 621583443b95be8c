"""Apply the Alembic migrations to a database (used by `needfinder db upgrade` and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from assistant.config import PROJECT_ROOT

__all__ = ["upgrade"]


def upgrade(database_url: str, revision: str = "head") -> None:
    """Create or migrate the database at `database_url` to `revision`."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, revision)
