"""Reading recorded interviews: one with its turns and wishes, or a filtered page of them.

Which interviews count (the rule the reports apply, documented in README "Web pages"):

- An interview is **counted** once one of its wishes has a need finding: a need confirmed or
  rejected, or a wish closed unresolved (`Interview.counted`, written with every turn).
  Briefs, the needs overview and complexity leave uncounted interviews out by default
  (`include_empty=True` takes them in); segments read confirmed needs only, which an
  uncounted interview never has.
- An uncounted interview that is over is **empty**: completed, paused, or abandoned without
  a single finding (a greeting, a wish stated and then left). One still going on is not
  empty yet, only not counted yet.
- An interview is **abandoned** when it is still in progress (never completed nor paused)
  and nothing happened in it for `IDLE_LIMIT`. A label, not a status: the same conversation
  can carry on. An abandoned interview with findings still counts: what the person
  confirmed or rejected stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import UnknownInterview
from assistant.interview import buttons
from assistant.store.models import (
    Customer,
    FindingStatus,
    Interview,
    InterviewStatus,
    NeedFinding,
    Role,
    Speaker,
    Turn,
    Wish,
)

__all__ = [
    "IDLE_LIMIT",
    "InterviewFilter",
    "InterviewRecord",
    "TurnRecord",
    "abandoned",
    "delete_conversation",
    "filter_conditions",
    "interview_record",
    "is_empty",
    "list_interviews",
    "mentions",
    "read_interview",
    "record_of",
]

IDLE_LIMIT = timedelta(hours=24)


def abandoned(status: InterviewStatus, updated_at: datetime, now: datetime | None = None) -> bool:
    """Still in progress, and nothing happened in it for `IDLE_LIMIT` (see the module doc)."""
    idle = (now or datetime.now(UTC)) - updated_at
    return status is InterviewStatus.IN_PROGRESS and idle > IDLE_LIMIT


def is_empty(status: InterviewStatus, counted: bool, is_abandoned: bool) -> bool:
    """Over without a single need finding (see the module doc)."""
    return not counted and (status is not InterviewStatus.IN_PROGRESS or is_abandoned)


@dataclass(frozen=True)
class InterviewFilter:
    customer_id: int | None = None
    status: InterviewStatus | None = None
    role: Role | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None
    claimed: bool | None = None  # True: only those with an undecided customer claim
    # Words in the customer's or claimed name, the conversation id, the interviewer or
    # anything the person wrote (case-insensitive).
    text: str | None = None
    counted: bool | None = None  # True: only counted interviews; False: only uncounted ones


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
    counted: bool = False  # feeds the reports (see the module doc)
    abandoned: bool = False
    empty: bool = False
    updated_at: datetime | None = None
    language: str | None = None  # held in ("en", "da"); None only for old rows without state


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
    return record_of(interview)


def record_of(interview: Interview) -> InterviewRecord:
    """The record of an interview row (its turns, customer and wishes are loaded if need be)."""
    gone = abandoned(interview.status, interview.updated_at)
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
        counted=interview.counted,
        abandoned=gone,
        empty=is_empty(interview.status, interview.counted, gone),
        updated_at=interview.updated_at,
        language=interview.language,
    )


def delete_conversation(session: Session, conversation_id: str) -> int:
    """Delete every interview of a conversation (their turns and wishes cascade); how many."""
    result = session.execute(delete(Interview).where(Interview.conversation_id == conversation_id))
    return result.rowcount or 0  # type: ignore[attr-defined]


def filter_conditions(where: InterviewFilter) -> list[ColumnElement[bool]]:
    """The SQL conditions on `Interview` that `where` asks for, but its `text` (which needs
    the customer joined: `list_interviews` adds it)."""
    conditions = [
        Interview.customer_id == where.customer_id if where.customer_id is not None else None,
        Interview.status == where.status if where.status else None,
        Interview.role == where.role if where.role else None,
        Interview.started_at >= where.started_from if where.started_from else None,
        Interview.started_at < where.started_to if where.started_to else None,
        Interview.claimed_customer.is_not(None) if where.claimed else None,
        Interview.claimed_customer.is_(None) if where.claimed is False else None,
        Interview.counted == where.counted if where.counted is not None else None,
    ]
    return [c for c in conditions if c is not None]


def list_interviews(
    session: Session,
    where: InterviewFilter,
    *,
    limit: int,
    offset: int,
    now: datetime | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of interviews, newest first, with their wish counts and the needs confirmed
    in them (codes, in the order found); and the total count."""
    wishes = (
        select(Wish.interview_id, func.count().label("n")).group_by(Wish.interview_id).subquery()
    )
    query = (
        select(Interview, Customer.name, func.coalesce(wishes.c.n, 0))
        .outerjoin(Customer, Interview.customer_id == Customer.id)
        .outerjoin(wishes, wishes.c.interview_id == Interview.id)
    )
    query = query.where(*filter_conditions(where))
    if where.text and where.text.strip():
        query = query.where(mentions(where.text.strip()))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Interview.started_at.desc(), Interview.id.desc()).limit(limit).offset(offset)
    ).all()
    needs = _confirmed_needs(session, [i.id for i, _, _ in rows])
    found = []
    for i, name, n in rows:
        gone = abandoned(i.status, i.updated_at, now)
        found.append(
            {
                "conversation_id": i.conversation_id,
                "number": i.number,
                "customer_id": i.customer_id,
                "customer": name,
                "claimed_customer": i.claimed_customer,
                "role": i.role,
                "channel": i.channel,
                "interviewer": i.interviewer,
                "status": i.status,
                "started_at": i.started_at,
                "updated_at": i.updated_at,
                "wishes": n,
                "needs": needs.get(i.id, []),
                "counted": i.counted,
                "abandoned": gone,
                "empty": is_empty(i.status, i.counted, gone),
                "language": i.language,
            }
        )
    return found, total


def mentions(text: str) -> Any:
    """SQL: the interview mentions `text` (see `InterviewFilter.text`)."""
    word = text.lower()

    def has(column: Any) -> Any:
        return func.lower(column).contains(word, autoescape=True)

    said = exists().where(Turn.interview_id == Interview.id, Turn.speaker == Speaker.USER)
    return or_(
        has(Customer.name),
        has(Interview.claimed_customer),
        has(Interview.conversation_id),
        has(Interview.interviewer),
        said.where(has(Turn.text)),
    )


def _confirmed_needs(session: Session, interview_ids: list[int]) -> dict[int, list[str]]:
    """The need codes confirmed in each of these interviews, once each, in the order found."""
    if not interview_ids:
        return {}
    rows = session.execute(
        select(Wish.interview_id, NeedFinding.code)
        .join(NeedFinding, NeedFinding.wish_id == Wish.id)
        .where(
            Wish.interview_id.in_(interview_ids),
            NeedFinding.status == FindingStatus.CONFIRMED,
            NeedFinding.code.is_not(None),
        )
        .order_by(Wish.interview_id, Wish.position, NeedFinding.position)
    ).all()
    needs: dict[int, list[str]] = {}
    for interview_id, code in rows:
        codes = needs.setdefault(interview_id, [])
        if code and code not in codes:
            codes.append(code)
    return needs
