"""Invitations: a link that opens a guided interview for one customer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import hash_secret
from assistant.customers import get_customer
from assistant.errors import UnknownInvitation
from assistant.store.models import Customer, Invitation, utcnow

__all__ = ["IssuedInvitation", "create_invitation", "redeem"]


@dataclass(frozen=True)
class IssuedInvitation:
    token: str
    customer_id: int
    expires_at: datetime


def create_invitation(session: Session, customer_id: int, *, valid_days: int) -> IssuedInvitation:
    customer = get_customer(session, customer_id)
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        customer=customer,
        token_hash=hash_secret(token),
        expires_at=utcnow() + timedelta(days=valid_days),
    )
    session.add(invitation)
    session.flush()
    return IssuedInvitation(token, customer.id, invitation.expires_at)


def redeem(session: Session, token: str) -> Customer:
    """The customer an unexpired invitation is for; `UnknownInvitation` otherwise."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_secret(token))
    )
    if invitation is None or invitation.expires_at <= utcnow():
        raise UnknownInvitation("This invitation link is unknown or has expired.")
    return invitation.customer
