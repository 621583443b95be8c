"""Erasing a conversation on request: our records and Rasa's copy, as one."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from assistant.errors import UnknownInterview
from assistant.store.db import forget_deleted_on_commit
from assistant.store.interviews import delete_conversation
from assistant.store.tracker import delete_rasa_events

__all__ = ["erase_conversation"]


def erase_conversation(
    session: Session, conversation_id: str, *, tracker: Connection | None
) -> tuple[int, int]:
    """Delete a conversation's interviews and Rasa's events of it: (interviews, events).

    Works for conversations without a customer, and for those Rasa stored but we never
    recorded (every message refused). `tracker` as for `customers.erase_customer`.
    `UnknownInterview` when neither holds anything of it.
    """
    interviews = delete_conversation(session, conversation_id)
    events = delete_rasa_events(
        tracker if tracker is not None else session.connection(), [conversation_id]
    )
    if not interviews and not events:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    forget_deleted_on_commit(session)
    return interviews, events
