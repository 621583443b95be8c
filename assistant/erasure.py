"""Erasing a conversation on request: our records and Rasa's copy, as one."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from assistant import audit
from assistant.errors import UnknownInterview
from assistant.store.db import forget_deleted_on_commit
from assistant.store.erased import lock_conversations, mark_erased
from assistant.store.interviews import delete_conversation
from assistant.store.tracker import delete_rasa_events

__all__ = ["erase_conversation", "forget_rasa_copy", "hold_conversations"]


def hold_conversations(
    session: Session, conversation_ids: Collection[str], tracker: Connection | None
) -> None:
    """Keep turns and Rasa's writes of these conversations out until the erasure commits
    (PostgreSQL's advisory locks; SQLite's erasure holds the write lock anyway)."""
    lock_conversations(session.connection(), conversation_ids)
    if tracker is not None:
        lock_conversations(tracker, conversation_ids)


def forget_rasa_copy(
    session: Session, conversation_ids: Collection[str], tracker: Connection | None
) -> int:
    """Delete Rasa's events of these conversations and leave their tombstones, in both
    databases (assistant.store.erased); the events deleted."""
    events = delete_rasa_events(
        tracker if tracker is not None else session.connection(), conversation_ids
    )
    mark_erased(session.connection(), conversation_ids)
    if tracker is not None:
        mark_erased(tracker, conversation_ids)
    return events


def erase_conversation(
    session: Session, conversation_id: str, *, tracker: Connection | None, actor: str
) -> tuple[int, int]:
    """Delete a conversation's interviews and Rasa's events of it: (interviews, events).

    Works for conversations without a customer, and for those Rasa stored but we never
    recorded (every message refused). `tracker` as for `customers.erase_customer`; `actor`
    is who asked, for the audit log. `UnknownInterview` when neither holds anything of it.
    """
    hold_conversations(session, [conversation_id], tracker)
    interviews = delete_conversation(session, conversation_id)
    events = forget_rasa_copy(session, [conversation_id], tracker)
    if not interviews and not events:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    audit.record(
        session, actor, "conversation.erased", audit.erased_target(conversation_id),
        interviews=interviews, rasa_events=events,
    )  # fmt: skip
    forget_deleted_on_commit(session)
    return interviews, events
