"""Erased conversations: a message under way during an erasure is not recorded afterwards.

An erasure deletes a conversation's rows and Rasa's events of it. A message that Rasa had
already received keeps going: its turn would record it in a fresh interview, and Rasa would
store the conversation's events (texts included) again from its memory. So each erasure
leaves a tombstone, the SHA-256 of the conversation id and the time, in the application's
database and in Rasa's tracker store: a turn whose message arrived before the erasure is
refused (`erased_after`), and Rasa's tracker store (channels/tracker_store.py) does not
store a conversation whose events began before it. Tombstones are kept for a day (turns
end within a minute); then the id may start a new conversation like any other.

On PostgreSQL an erasure, a turn and Rasa's write of one conversation take an advisory
lock on the hash (`lock_conversations`), so none sees the other half done; on SQLite every
writer holds the database's write lock anyway.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection

from sqlalchemy import Connection, bindparam, delete, insert, select, text

from assistant.store.models import ErasedConversation, table

__all__ = [
    "KEEP_S",
    "conversation_hash",
    "erased_after",
    "lock_conversations",
    "lock_key",
    "mark_erased",
]

KEEP_S = 24 * 3600
_TABLE = table(ErasedConversation)
# Statements every turn runs, built once: building one costs more than running it.
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
_ERASED_AT = select(_TABLE.c.erased_at).where(_TABLE.c.conversation_hash == bindparam("hash"))


def conversation_hash(conversation_id: str) -> str:
    return hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()


def lock_key(conversation_id: str) -> int:
    """PostgreSQL advisory lock key of a conversation (the same in channels/tracker_store.py)."""
    digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_conversations(connection: Connection, conversation_ids: Collection[str]) -> None:
    """Take the conversations' advisory locks until the transaction ends (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    for key in sorted({lock_key(c) for c in conversation_ids}):  # one order: no deadlock
        connection.execute(_ADVISORY_LOCK, {"key": key})


def mark_erased(
    connection: Connection, conversation_ids: Collection[str], at: float | None = None
) -> None:
    """Leave the conversations' tombstones (creating the table in Rasa's own database)."""
    if not conversation_ids:
        return
    at = time.time() if at is None else at
    _TABLE.create(connection, checkfirst=True)
    hashes = sorted({conversation_hash(c) for c in conversation_ids})
    connection.execute(
        delete(_TABLE).where(
            _TABLE.c.conversation_hash.in_(hashes) | (_TABLE.c.erased_at < at - KEEP_S)
        )
    )
    connection.execute(insert(_TABLE), [{"conversation_hash": h, "erased_at": at} for h in hashes])


def erased_after(connection: Connection, conversation_id: str, received_at: float) -> bool:
    """Whether the conversation was erased after a message of it arrived at `received_at`."""
    erased_at = connection.scalar(_ERASED_AT, {"hash": conversation_hash(conversation_id)})
    return erased_at is not None and received_at <= erased_at
