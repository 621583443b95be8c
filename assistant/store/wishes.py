"""Writing an interview's wishes, and the customer need profile derived from their findings.

Every turn brings an interview's wish rows in line with the dialogue state
(`rewrite_wishes`): the rows of wishes the turn changed are written again (`wish_row`), the
others are left alone. The rows carry copies the reports read instead of joining or parsing
(the customer, the parameter signature, whether a need was confirmed, whether the interview
counts, the wish code on each finding).
When a confirmed finding changed, `refresh_customer_needs` then recomputes the customer's
`customer_need` rows from the confirmed findings of all their interviews, so those rows are
always exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from assistant.interview.state import WishState
from assistant.needs.results import candidates_to_json
from assistant.store.models import (
    Customer,
    CustomerNeed,
    FindingStatus,
    Interview,
    LadderStep,
    NeedFinding,
    Wish,
)
from assistant.store.signature import parameters_signature

__all__ = ["confirmed_needs", "counts", "refresh_customer_needs", "rewrite_wishes", "wish_row"]


def counts(wishes: Iterable[WishState]) -> bool:
    """Whether an interview with these wishes counts in reports: one has a need finding.

    A finding is written when a need is confirmed or rejected, or a wish is closed unresolved;
    an interview without any (a greeting, a wish stated and then left) is *empty*.
    """
    return any(wish.findings for wish in wishes)


def confirmed_needs(wishes: Iterable[WishState]) -> list[str]:
    """The codes of the needs confirmed for these wishes (what a customer's profile counts)."""
    return sorted(
        f.code for w in wishes for f in w.findings if f.status == FindingStatus.CONFIRMED and f.code
    )


def rewrite_wishes(
    session: Session,
    interview: Interview,
    before: Sequence[WishState],
    after: Sequence[WishState],
    *,
    rewrite_all: bool = False,
) -> None:
    """Bring the interview's wish rows from `before` (the wishes they were written from) to
    `after`: the rows of wishes that changed, appeared or went are written again or deleted,
    the others kept (most turns change one wish, or none). `rewrite_all`: the interview's
    customer or `counted` changed, which every row carries a copy of.

    Call with the interview's customer flushed (its id set). Rows are written as statements:
    a loaded `interview.wishes` is not updated.
    """
    changed = [
        i
        for i in range(max(len(before), len(after)))
        if rewrite_all
        or i >= len(before)
        or i >= len(after)
        or _row_of(before[i]) != _row_of(after[i])
    ]
    if not changed:
        return
    # Written with SQL statements, not ORM objects: a turn's cost is mostly its writes. The
    # ladder steps and findings of deleted rows go with them (ON DELETE CASCADE).
    session.execute(
        delete(Wish).where(Wish.interview_id == interview.id, Wish.position.in_(changed)),
        execution_options={"synchronize_session": False},
    )
    for i in changed:
        if i < len(after):
            _insert(session, interview.id, i, after[i], interview.customer_id, interview.counted)


def _row_of(wish: WishState) -> tuple[object, ...]:
    """What a wish's row is written from (its dialogue-only fields left out)."""
    return (wish.code, wish.text, wish.parameters, wish.ladder, wish.findings)


def _columns(
    position: int, wish: WishState, customer_id: int | None, *, counted: bool
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The columns of a wish's row, of its ladder steps' rows and of its findings' rows."""
    row = {
        "position": position,
        "code": wish.code,
        "text": wish.text,
        "parameters": wish.parameters,
        "customer_id": customer_id,
        "signature": parameters_signature(wish.parameters),
        "confirmed": any(f.status == FindingStatus.CONFIRMED for f in wish.findings),
        "counted": counted,
    }
    ladder = [
        {
            "position": i,
            "probe": s.probe,
            "question": s.question,
            "answer": s.answer,
            "candidates": candidates_to_json(s.candidates),
        }
        for i, s in enumerate(wish.ladder)
    ]
    findings = [
        {
            "position": i,
            "code": f.code,
            "confidence": f.confidence,
            "status": FindingStatus(f.status),
            "evidence": f.evidence,
            "wish_code": wish.code,
            "customer_id": customer_id,
        }
        for i, f in enumerate(wish.findings)
    ]
    return row, ladder, findings


def wish_row(position: int, wish: WishState, customer_id: int | None, *, counted: bool) -> Wish:
    """The row of one stated wish, with its ladder and findings, for the given customer;
    `counted`: whether its interview counts (`counts` over all the interview's wishes)."""
    row, ladder, findings = _columns(position, wish, customer_id, counted=counted)
    return Wish(
        **row,
        ladder=[LadderStep(**step) for step in ladder],
        findings=[NeedFinding(**finding) for finding in findings],
    )


def _insert(
    session: Session,
    interview_id: int,
    position: int,
    wish: WishState,
    customer_id: int | None,
    counted: bool,
) -> None:
    """Insert the rows `wish_row` builds, as statements."""
    row, ladder, findings = _columns(position, wish, customer_id, counted=counted)
    statement = insert(Wish).values(interview_id=interview_id, **row).returning(Wish.id)
    wish_id = session.scalar(statement)
    if ladder:
        session.execute(insert(LadderStep), [{"wish_id": wish_id, **step} for step in ladder])
    if findings:
        session.execute(insert(NeedFinding), [{"wish_id": wish_id, **f} for f in findings])


def refresh_customer_needs(session: Session, customer_id: int) -> None:
    """Recompute the customer's `customer_need` rows from their confirmed findings.

    Call after the customer's wish rows were flushed. The customer row is locked first, so
    concurrent turns of one customer's interviews refresh one after the other (PostgreSQL;
    SQLite serialises every writer already). The lock is `FOR NO KEY UPDATE`: the foreign keys
    of rows a turn has just written hold `FOR KEY SHARE` on the same customer row, which an
    exclusive `FOR UPDATE` waits for, so two turns of one customer would deadlock.
    """
    session.execute(
        select(Customer.id).where(Customer.id == customer_id).with_for_update(key_share=True)
    )
    session.execute(delete(CustomerNeed).where(CustomerNeed.customer_id == customer_id))
    confirmed = (
        select(literal(customer_id), NeedFinding.code, func.count())
        .join(Wish, Wish.id == NeedFinding.wish_id)  # found by the wish's customer index
        .where(
            Wish.customer_id == customer_id,
            NeedFinding.status == FindingStatus.CONFIRMED,
            NeedFinding.code.is_not(None),
        )
        .group_by(NeedFinding.code)
    )
    session.execute(
        insert(CustomerNeed).from_select(
            [CustomerNeed.customer_id, CustomerNeed.need_code, CustomerNeed.confirmed], confirmed
        )
    )
