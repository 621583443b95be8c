"""Rasa's SQL tracker store, which does not write an erased conversation back.

Rasa keeps a conversation's tracker in memory while a turn runs and stores the events it does
not find in the database when the turn ends. A conversation erased during the turn has no
events left, so Rasa 3.6 would store all of them again, texts included. Erasures leave a
tombstone in the tracker store's database (table `erased_conversation`: the SHA-256 of the
conversation id and when; assistant/store/erased.py writes it): a tracker whose events began
before its conversation's erasure is not stored. A conversation started after the erasure
under the same id (a tracker loaded empty) is stored as usual.

The check runs in the same transaction as the write, after the new events are flushed, so
an erasure cannot commit between the two: on PostgreSQL an advisory lock on the conversation
(taken by the erasure too) orders them; on SQLite the flush holds the database's write lock.

Errors of its database never carry the values written (`hide_parameters`), so the texts in
the events stay out of Rasa's logs. endpoints.yml names this class as the tracker store's
`type`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import sqlalchemy as sa  # type: ignore[import-untyped]  # 1.4 in Rasa's runtime
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

__all__ = ["ErasureAwareTrackerStore"]

log = logging.getLogger(__name__)

_METADATA = sa.MetaData()
# The same table as assistant/store/models.py's ErasedConversation (one table when Rasa's
# tracker store is the application's database).
ERASED = sa.Table(
    "erased_conversation",
    _METADATA,
    sa.Column("conversation_hash", sa.String(64), primary_key=True),
    sa.Column("erased_at", sa.Float, nullable=False),
)


def _digest(conversation_id: str) -> bytes:
    return hashlib.sha256(conversation_id.encode("utf-8")).digest()


def lock_key(conversation_id: str) -> int:
    """The advisory lock key assistant/store/erased.py takes for the conversation."""
    return int.from_bytes(_digest(conversation_id)[:8], "big", signed=True)


class ErasureAwareTrackerStore(SQLTrackerStore):
    """Rasa's `SQLTrackerStore`; a tracker of a conversation erased since it began is dropped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A failed write's error (logged by Rasa) must not carry the events: they hold texts.
        self.engine.hide_parameters = True
        try:
            _METADATA.create_all(self.engine)
        except sa.exc.SQLAlchemyError as exc:  # another server created it at the same time
            log.warning("could not create table erased_conversation: %s", type(exc).__name__)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's `save`, not writing back a conversation erased since the tracker began."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            if self.engine.dialect.name == "postgresql":
                session.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": lock_key(tracker.sender_id)},
                )
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                intent = data.get("parse_data", {}).get("intent", {}).get("name")
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent,
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.flush()  # SQLite: from here on this transaction holds the write lock
            if self._erased_since_it_began(session, tracker):
                session.rollback()
                log.info(
                    "conversation %s was erased during a turn: its events are not stored again",
                    tracker.sender_id,
                )
                return
            session.commit()

    @staticmethod
    def _erased_since_it_began(session: Any, tracker: DialogueStateTracker) -> bool:
        erased_at = session.execute(
            sa.select(ERASED.c.erased_at).where(
                ERASED.c.conversation_hash == _digest(tracker.sender_id).hex()
            )
        ).scalar()
        if erased_at is None or not tracker.events:
            return False
        return bool(tracker.events[0].timestamp <= erased_at)
