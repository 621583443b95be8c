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

from sqlalchemy import Connection, Integer, bindparam, delete, func, insert, select
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
    table,
)
from assistant.store.signature import parameters_signature

__all__ = ["confirmed_needs", "counts", "refresh_customer_needs", "rewrite_wishes", "wish_row"]

# The statements every turn runs, on the tables rather than the mapped classes and built once:
# building a statement, or the ORM's bulk insert around it, costs more than running it.
_WISHES, _STEPS, _FINDINGS = table(Wish), table(LadderStep), table(NeedFinding)
_CUSTOMERS, _CUSTOMER_NEEDS = table(Customer), table(CustomerNeed)
_DELETE_WISHES = delete(_WISHES).where(
    _WISHES.c.interview_id == bindparam("interview_id"),
    _WISHES.c.position.in_(bindparam("positions", expanding=True)),
)
_INSERT_WISH = insert(_WISHES).returning(_WISHES.c.id)
_INSERT_STEPS = insert(_STEPS)
_INSERT_FINDINGS = insert(_FINDINGS)
_LOCK_CUSTOMER = (
    select(_CUSTOMERS.c.id)
    .where(_CUSTOMERS.c.id == bindparam("customer_id"))
    .with_for_update(key_share=True)
)
_DELETE_CUSTOMER_NEEDS = delete(_CUSTOMER_NEEDS).where(
    _CUSTOMER_NEEDS.c.customer_id == bindparam("customer_id")
)
_INSERT_CUSTOMER_NEEDS = insert(_CUSTOMER_NEEDS).from_select(
    ["customer_id", "need_code", "confirmed"],
    select(bindparam("customer_id", type_=Integer), _FINDINGS.c.code, func.count())
    .join(_WISHES, _WISHES.c.id == _FINDINGS.c.wish_id)  # found by the wish's customer index
    .where(
        _WISHES.c.customer_id == bindparam("customer_id"),
        _FINDINGS.c.status == FindingStatus.CONFIRMED,
        _FINDINGS.c.code.is_not(None),
    )
    .group_by(_FINDINGS.c.code),
)


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
    connection = session.connection()
    connection.execute(_DELETE_WISHES, {"interview_id": interview.id, "positions": changed})
    for i in changed:
        if i < len(after):
            _insert(connection, interview.id, i, after[i], interview.customer_id, interview.counted)


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
            "ruled_out": list(s.ruled_out) or None,
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
    connection: Connection,
    interview_id: int,
    position: int,
    wish: WishState,
    customer_id: int | None,
    counted: bool,
) -> None:
    """Insert the rows `wish_row` builds, as statements."""
    row, ladder, findings = _columns(position, wish, customer_id, counted=counted)
    wish_id = connection.scalar(_INSERT_WISH, {"interview_id": interview_id, **row})
    if ladder:
        connection.execute(_INSERT_STEPS, [{"wish_id": wish_id, **step} for step in ladder])
    if findings:
        connection.execute(_INSERT_FINDINGS, [{"wish_id": wish_id, **f} for f in findings])


def refresh_customer_needs(session: Session, customer_id: int) -> None:
    """Recompute the customer's `customer_need` rows from their confirmed findings.

    Call after the customer's wish rows were flushed. The customer row is locked first, so
    concurrent turns of one customer's interviews refresh one after the other (PostgreSQL;
    SQLite serialises every writer already). The lock is `FOR NO KEY UPDATE`: the foreign keys
    of rows a turn has just written hold `FOR KEY SHARE` on the same customer row, which an
    exclusive `FOR UPDATE` waits for, so two turns of one customer would deadlock.
    """
    connection = session.connection()
    for statement in (_LOCK_CUSTOMER, _DELETE_CUSTOMER_NEEDS, _INSERT_CUSTOMER_NEEDS):
        connection.execute(statement, {"customer_id": customer_id})
