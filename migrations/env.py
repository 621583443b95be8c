"""Alembic environment: migrates the database named by Needfinder's settings."""

from alembic import context
from sqlalchemy.schema import SchemaItem

from assistant.config import get_settings
from assistant.store.db import make_engine
from assistant.store.models import Base

config = context.config
target_metadata = Base.metadata


def _ours(
    obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    """Ignore tables that are not Needfinder's (Rasa's tracker store may share the database)."""
    return not (type_ == "table" and reflected and compare_to is None)


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=_ours,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
