"""Rasa's SQL tracker store (table `events`, keyed by `sender_id`), as far as we touch it."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, MetaData, Table, delete, inspect

__all__ = ["delete_rasa_events"]


def delete_rasa_events(connection: Connection, conversation_ids: Collection[str]) -> int:
    """Delete Rasa's stored events of these conversations on `connection`; the rows deleted.

    Runs inside the caller's transaction: the caller commits it together with its own work.
    """
    if not conversation_ids or not inspect(connection).has_table("events"):
        return 0  # nothing to erase, or Rasa has not stored anything here yet
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete=ON")  # Rasa's own connections lack it
    events = Table("events", MetaData(), autoload_with=connection)
    result = connection.execute(delete(events).where(events.c.sender_id.in_(conversation_ids)))
    return result.rowcount or 0
