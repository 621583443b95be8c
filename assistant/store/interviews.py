"""Reading recorded interviews: one with its turns and wishes, or a filtered page of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import UnknownInterview
from assistant.interview import buttons
from assistant.store.models import (
    Customer,
    FindingStatus,
    Interview,
    InterviewStatus,
    Role,
    Speaker,
    Turn,
    Wish,
)

__all__ = [
    "InterviewFilter",
    "InterviewRecord",
    "TurnRecord",
    "delete_conversation",
    "interview_record",
    "list_interviews",
    "read_interview",
]


@dataclass(frozen=True)
class InterviewFilter:
    customer_id: int | None = None
    status: InterviewStatus | None = None
    role: Role | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None
    claimed: bool | None = None  # True: only those with an undecided customer claim


@dataclass(frozen=True)
class TurnRecord:
    """One message; `clicked` is the title of the button the person clicked, when `text` is
    that button's payload (what they saw and chose, rather than `/confirm_need{...}`)."""

    seq: int
    speaker: str
    text: str
    channel: str
    created_at: datetime
    clicked: str | None = None


@dataclass(frozen=True)
class InterviewRecord:
    conversation_id: str
    number: int
    customer: str | None
    role: Role | None
    channel: str
    interviewer: str | None
    status: InterviewStatus
    started_at: datetime
    turns: tuple[TurnRecord, ...]
    wishes: tuple[dict[str, Any], ...]
    customer_id: int | None = None
    claimed_customer: str | None = None  # typed in an anonymous chat, not yet decided on


def _wish_view(wish: Wish) -> dict[str, Any]:
    outcome = wish.outcome
    return {
        "code": wish.code,
        "text": wish.text,
        "parameters": wish.parameters,
        "need": (
            {
                "code": outcome.code,
                "status": outcome.status.value,
                "confidence": outcome.confidence,
                "evidence": outcome.evidence,
            }
            if outcome
            else None
        ),
        "rejected": [f.code for f in wish.findings if f.status is FindingStatus.REJECTED],
        "ladder": [
            {
                "probe": s.probe,
                "question": s.question,
                "answer": s.answer,
                "candidates": s.candidates,
            }
            for s in wish.ladder
        ],
    }


def _turn_records(turns: Iterable[Turn]) -> tuple[TurnRecord, ...]:
    """The turns in order, each payload the person sent named by the button that sent it.

    A button is looked up among those the bot showed before (the latest with that payload);
    the role buttons are also shown by the chat page's greeting, which is no recorded turn.
    """
    titles = {b.payload: b.title for b in buttons.roles()}
    records = []
    for turn in turns:
        clicked = None
        if turn.speaker is Speaker.BOT:
            titles.update((b["payload"], b["title"]) for b in (turn.data or {}).get("buttons", []))
        else:
            clicked = titles.get(turn.text)
        records.append(
            TurnRecord(
                turn.seq, turn.speaker.value, turn.text, turn.channel, turn.created_at, clicked
            )
        )
    return tuple(records)


def read_interview(sessions: sessionmaker[Session], conversation_id: str) -> InterviewRecord:
    """The conversation's latest interview with turns and wishes; `UnknownInterview` if none."""
    with sessions() as session:
        return interview_record(session, conversation_id)


def interview_record(session: Session, conversation_id: str) -> InterviewRecord:
    """`read_interview` inside a session of the caller's (e.g. right after a change)."""
    interview = session.scalar(
        select(Interview)
        .where(Interview.conversation_id == conversation_id)
        .order_by(Interview.number.desc())
        .limit(1)
        .options(
            selectinload(Interview.turns),
            selectinload(Interview.customer),
            selectinload(Interview.wishes).selectinload(Wish.ladder),
            selectinload(Interview.wishes).selectinload(Wish.findings),
        )
    )
    if interview is None:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    return InterviewRecord(
        conversation_id=interview.conversation_id,
        number=interview.number,
        customer=interview.customer.name if interview.customer else None,
        role=interview.role,
        channel=interview.channel,
        interviewer=interview.interviewer,
        status=interview.status,
        started_at=interview.started_at,
        turns=_turn_records(interview.turns),
        wishes=tuple(_wish_view(w) for w in interview.wishes),
        customer_id=interview.customer_id,
        claimed_customer=interview.claimed_customer,
    )


def delete_conversation(session: Session, conversation_id: str) -> int:
    """Delete every interview of a conversation (their turns and wishes cascade); how many."""
    result = session.execute(delete(Interview).where(Interview.conversation_id == conversation_id))
    return result.rowcount or 0  # type: ignore[attr-defined]


def list_interviews(
    session: Session, where: InterviewFilter, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of interviews, newest first, with their wish counts; and the total count."""
    wishes = (
        select(Wish.interview_id, func.count().label("n")).group_by(Wish.interview_id).subquery()
    )
    query = (
        select(Interview, Customer.name, func.coalesce(wishes.c.n, 0))
        .outerjoin(Customer, Interview.customer_id == Customer.id)
        .outerjoin(wishes, wishes.c.interview_id == Interview.id)
    )
    conditions = [
        Interview.customer_id == where.customer_id if where.customer_id is not None else None,
        Interview.status == where.status if where.status else None,
        Interview.role == where.role if where.role else None,
        Interview.started_at >= where.started_from if where.started_from else None,
        Interview.started_at < where.started_to if where.started_to else None,
        Interview.claimed_customer.is_not(None) if where.claimed else None,
        Interview.claimed_customer.is_(None) if where.claimed is False else None,
    ]
    for condition in conditions:
        if condition is not None:
            query = query.where(condition)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Interview.started_at.desc(), Interview.id.desc()).limit(limit).offset(offset)
    ).all()
    return [
        {
            "conversation_id": i.conversation_id,
            "number": i.number,
            "customer_id": i.customer_id,
            "customer": name,
            "claimed_customer": i.claimed_customer,
            "role": i.role,
            "channel": i.channel,
            "status": i.status,
            "started_at": i.started_at,
            "wishes": n,
        }
        for i, name, n in rows
    ], total
