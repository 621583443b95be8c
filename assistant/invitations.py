"""Invitations: a link that opens a guided interview for one customer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import audit
from assistant.access import hash_secret
from assistant.customers import get_customer
from assistant.errors import (
    InvitationExpired,
    InvitationRevoked,
    InvitationUsed,
    NotFound,
    UnknownInvitation,
)
from assistant.interview import wording
from assistant.store.models import Customer, Invitation, utcnow

__all__ = [
    "IssuedInvitation",
    "check",
    "create_invitation",
    "redeem",
    "revoke_invitation",
]


@dataclass(frozen=True)
class IssuedInvitation:
    id: int
    token: str
    customer_id: int
    expires_at: datetime


def create_invitation(
    session: Session, customer_id: int, *, valid_days: int, actor: str
) -> IssuedInvitation:
    """A link for one conversation with the customer (`actor` goes into the audit log)."""
    customer = get_customer(session, customer_id)
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        customer=customer,
        token_hash=hash_secret(token),
        expires_at=utcnow() + timedelta(days=valid_days),
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session, actor, "invitation.created", f"invitation {invitation.id}",
        customer_id=customer.id, valid_days=valid_days,
    )  # fmt: skip
    return IssuedInvitation(invitation.id, token, customer.id, invitation.expires_at)


def redeem(session: Session, token: str, conversation_id: str) -> Customer:
    """The customer the invitation is for, binding it to `conversation_id` on first use.

    A link opens one conversation: used again from another chat it raises `InvitationUsed`;
    `InvitationExpired`, `InvitationRevoked`, or `UnknownInvitation` for an unknown token.
    The messages are written for the person who opened the link.
    """
    invitation = _valid(session, token, conversation_id, lock=True)
    invitation.conversation_id = conversation_id
    return invitation.customer


def check(session: Session, token: str, conversation_id: str | None) -> Customer:
    """The customer the invitation is for, as `redeem` would find it, binding nothing.

    What the chat page asks before the first message, to greet the customer by name or
    say why the link does not open their interview (the same exceptions as `redeem`).
    """
    return _valid(session, token, conversation_id, lock=False).customer


def _valid(session: Session, token: str, conversation_id: str | None, *, lock: bool) -> Invitation:
    query = select(Invitation).where(Invitation.token_hash == hash_secret(token))
    invitation = session.scalar(query.with_for_update() if lock else query)
    if invitation is None:
        raise _refused(UnknownInvitation)
    spoken = invitation.customer.language
    if invitation.revoked_at is not None:
        raise _refused(InvitationRevoked, spoken)
    if invitation.expires_at <= utcnow():
        raise _refused(InvitationExpired, spoken, invitation.expires_at.date())
    if invitation.conversation_id not in (None, conversation_id):
        raise _refused(InvitationUsed, spoken)
    return invitation


def _refused(
    kind: type[UnknownInvitation], language: str | None = None, expired_on: date | None = None
) -> UnknownInvitation:
    """The exception for `kind`, its message the reason the person is told (in English)."""
    reason = wording.invitation_reason(kind.kind, expired_on)
    return kind(reason, language=language, expired_on=expired_on)


def revoke_invitation(
    session: Session, customer_id: int, invitation_id: int, *, actor: str
) -> None:
    """Withdraw a customer's invitation: its link opens nothing from now on.

    `NotFound` if the customer has no invitation with that id.
    """
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.customer_id != customer_id:
        raise NotFound(f"No invitation with id {invitation_id} for customer {customer_id}.")
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            session, actor, "invitation.revoked", f"invitation {invitation.id}",
            customer_id=customer_id,
        )  # fmt: skip
