"""The audit log: who changed what about access and customers' records, and when.

Written in the same transaction as the change it records, so an entry exists exactly when
the change happened. Entries keep no personal data: customers by id, erased conversations by
the start of a hash of their id (`erased_target`), keys by id and name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.store.erased import conversation_hash
from assistant.store.models import AuditEvent

__all__ = ["ACTIONS", "CLI", "erased_target", "list_events", "record"]

# What is recorded (the `action` of an entry).
ACTIONS = (
    "customer.erased",
    "conversation.erased",
    "conversation.linked",
    "claim.discarded",
    "key.created",
    "key.revoked",
    "invitation.created",
    "invitation.revoked",
)
CLI = "command line"  # the actor of `needfinder keys ...` (with the system user's name)


def record(session: Session, actor: str, action: str, target: str, **detail: Any) -> AuditEvent:
    """Add an entry to the audit log (committed with the caller's transaction)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(actor=actor[:200], action=action, target=target[:200], detail=detail or None)
    session.add(event)
    return event


def erased_target(conversation_id: str) -> str:
    """How the log names an erased conversation: by hash, as its id is personal data too."""
    return f"conversation #{conversation_hash(conversation_id)[:12]}"


def list_events(
    session: Session, *, action: str | None = None, limit: int, offset: int
) -> tuple[list[AuditEvent], int]:
    """One page of entries, newest first, and how many match."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return list(rows), total
