"""Recording interviews: every message in and every reply out, one transaction per turn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import InvalidMessage, UnknownInterview
from assistant.store.db import transaction
from assistant.store.models import Customer, Interview, InterviewStatus, Role, Speaker, Turn

__all__ = [
    "Button",
    "IncomingMessage",
    "InterviewRecord",
    "InterviewService",
    "Reply",
    "TurnRecord",
]


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class IncomingMessage:
    """A person's message as any channel delivers it."""

    conversation_id: str
    text: str
    channel: str
    message_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    interviewer: str | None = None


@dataclass(frozen=True)
class TurnRecord:
    seq: int
    speaker: str
    text: str
    channel: str
    created_at: datetime


@dataclass(frozen=True)
class InterviewRecord:
    conversation_id: str
    customer: str | None
    role: str | None
    channel: str
    interviewer: str | None
    status: str
    started_at: datetime
    turns: tuple[TurnRecord, ...]


def _role(metadata: Mapping[str, Any]) -> Role | None:
    try:
        return Role(metadata.get("role"))
    except ValueError:
        return None


def _customer_ref(metadata: Mapping[str, Any]) -> str | None:
    value = metadata.get("customer")
    if value is None or not str(value).strip():
        return None
    return str(value).strip()[:200]


def opening_question(role: Role | None, customer: str | None) -> str:
    """The first thing the bot says, worded for the person it talks to."""
    if role is Role.SALES_REP:
        about = f" {customer}" if customer else " your customer"
        return (
            "Hello! Let's prepare your negotiation. "
            f"What logistics terms is{about} asking us for?"
        )
    return (
        "Hello! I'd like to understand what you need from us as a supplier. "
        "What would you like us to do differently in how we deliver to you?"
    )


class InterviewService:
    """Records each turn of an interview and answers it, inside one transaction."""

    def __init__(self, sessions: sessionmaker[Session], *, max_message_chars: int = 5_000):
        self._sessions = sessions
        self._max_chars = max_message_chars

    def handle_message(self, message: IncomingMessage) -> list[Reply]:
        """Record `message` and the replies to it; a retried message returns the same replies."""
        text = message.text.strip()
        if not text:
            raise InvalidMessage("The message is empty: please type your answer.")
        if len(text) > self._max_chars:
            raise InvalidMessage(
                f"The message is too long ({len(text):,} characters); "
                f"please keep it under {self._max_chars:,}."
            )
        try:
            return self._handle(message, text)
        except IntegrityError:
            # A concurrent first message created the same interview: this transaction
            # rolled back; the second attempt finds the committed row and waits on its lock.
            return self._handle(message, text)

    def _handle(self, message: IncomingMessage, text: str) -> list[Reply]:
        with transaction(self._sessions) as session:
            interview, created = self._interview_for(session, message)
            key = f"{message.message_id}" if message.message_id else None
            if key and (stored := self._replies_to(session, interview, key)) is not None:
                return stored
            seq = self._next_seq(session, interview)
            key = key or f"seq-{seq}"
            session.add(self._turn(interview, seq, Speaker.USER, text, message.channel, key))
            replies = self._respond(interview, created)
            for i, reply in enumerate(replies, start=1):
                data = {"buttons": [b.__dict__ for b in reply.buttons]} if reply.buttons else None
                session.add(
                    self._turn(
                        interview, seq + i, Speaker.BOT, reply.text, message.channel,
                        f"{key}:bot:{i}", data,
                    )
                )
            return replies

    def _respond(self, interview: Interview, created: bool) -> list[Reply]:
        if created:
            customer = interview.customer.name if interview.customer else None
            return [Reply(opening_question(interview.role, customer))]
        return [Reply("Thank you, noted. Is there anything else you would like from us?")]

    def _interview_for(self, session: Session, message: IncomingMessage) -> tuple[Interview, bool]:
        # The row lock serialises turns of one conversation (PostgreSQL; SQLite's
        # BEGIN IMMEDIATE already serialises every writer).
        interview = session.scalar(
            select(Interview)
            .where(Interview.conversation_id == message.conversation_id)
            .with_for_update()
        )
        if interview is not None:
            return interview, False
        metadata = message.metadata or {}
        ref = _customer_ref(metadata)
        interview = Interview(
            conversation_id=message.conversation_id,
            channel=message.channel,
            role=_role(metadata),
            interviewer=message.interviewer,
            customer=self._customer(session, ref) if ref else None,
            status=InterviewStatus.IN_PROGRESS,
        )
        session.add(interview)
        session.flush()
        return interview, True

    @staticmethod
    def _customer(session: Session, ref: str) -> Customer:
        customer = session.scalar(
            select(Customer)
            .where(or_(Customer.external_id == ref, Customer.name == ref))
            .order_by(Customer.external_id != ref, Customer.id)
            .limit(1)
        )
        if customer is None:
            customer = Customer(external_id=ref, name=ref)
            session.add(customer)
        return customer

    @staticmethod
    def _replies_to(session: Session, interview: Interview, key: str) -> list[Reply] | None:
        recorded = session.scalars(
            select(Turn)
            .where(
                Turn.interview_id == interview.id,
                or_(Turn.source_key == key, Turn.source_key.startswith(f"{key}:bot:")),
            )
            .order_by(Turn.seq)
        ).all()
        if not any(t.source_key == key for t in recorded):
            return None
        return [
            Reply(t.text, tuple(Button(**b) for b in (t.data or {}).get("buttons", [])))
            for t in recorded
            if t.speaker is Speaker.BOT
        ]

    @staticmethod
    def _next_seq(session: Session, interview: Interview) -> int:
        last = session.scalar(select(func.max(Turn.seq)).where(Turn.interview_id == interview.id))
        return (last or 0) + 1

    @staticmethod
    def _turn(
        interview: Interview, seq: int, speaker: Speaker, text: str, channel: str, key: str,
        data: dict | None = None,
    ) -> Turn:
        return Turn(
            interview=interview, seq=seq, speaker=speaker, text=text, channel=channel,
            source_key=key, data=data,
        )

    def get_interview(self, conversation_id: str) -> InterviewRecord:
        """The interview with its turns in order; `UnknownInterview` if there is none."""
        with self._sessions() as session:
            interview = session.scalar(
                select(Interview)
                .where(Interview.conversation_id == conversation_id)
                .options(selectinload(Interview.turns), selectinload(Interview.customer))
            )
            if interview is None:
                raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
            return InterviewRecord(
                conversation_id=interview.conversation_id,
                customer=interview.customer.name if interview.customer else None,
                role=interview.role.value if interview.role else None,
                channel=interview.channel,
                interviewer=interview.interviewer,
                status=interview.status.value,
                started_at=interview.started_at,
                turns=_turn_records(interview.turns),
            )


def _turn_records(turns: Sequence[Turn]) -> tuple[TurnRecord, ...]:
    return tuple(
        TurnRecord(t.seq, t.speaker.value, t.text, t.channel, t.created_at) for t in turns
    )
