"""Needs overview: how often each wish was stated, which needs were confirmed behind them.

Counts come from three grouped queries over rows that carry their customer and wish code
(wishes, findings per wish -> need pair, customers per confirmed need from `customer_need`).
Without `by` every interview counts, with or without a customer, in one group whose value is
None. With `by` ("industry", "region" or "size") only interviews with a customer count,
grouped by that customer attribute; customers without a value form the group whose value is
None. Wishes of uncounted interviews (no need finding in them: greetings, wishes stated and
left; see `assistant.store.interviews`) are left out unless `include_empty`; findings and
confirmed needs only ever come from counted interviews.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, select, true
from sqlalchemy.orm import Session

from assistant.errors import UnknownCustomer
from assistant.store.models import Customer, CustomerNeed, FindingStatus, NeedFinding, Wish

__all__ = ["BY", "Flow", "NeedCount", "Overview", "OverviewGroup", "WishCount", "needs_overview"]

BY = ("industry", "region", "size")


@dataclass(frozen=True)
class NeedCount:
    code: str | None  # None: a finding whose need was not identified
    confirmed: int  # confirmed findings
    customers: int  # distinct customers with this need confirmed
    rejected: int
    unresolved: int  # findings left open with this need as the best guess


@dataclass(frozen=True)
class WishCount:
    code: str | None  # None: a wish the assistant could not classify
    wishes: int
    customers: int  # distinct customers who stated it
    confirmed: int  # wishes with a confirmed need
    unresolved: int  # wishes without one (left open, or not finished)


@dataclass(frozen=True)
class Flow:
    """How many confirmed findings showed `need` behind `wish`."""

    wish: str | None
    need: str | None
    count: int


@dataclass(frozen=True)
class OverviewGroup:
    value: str | None  # the customer attribute's value; None also when not grouped
    wishes: tuple[WishCount, ...]  # most stated first
    needs: tuple[NeedCount, ...]  # most confirmed first
    flows: tuple[Flow, ...]  # biggest first
    unresolved_wishes: int


@dataclass(frozen=True)
class Overview:
    by: str | None
    customer_id: int | None
    groups: tuple[OverviewGroup, ...]  # by value, the None group last


def needs_overview(
    session: Session,
    *,
    by: str | None = None,
    customer_id: int | None = None,
    include_empty: bool = False,
) -> Overview:
    """Wishes, needs and wish -> need flows, for everyone or one customer, maybe grouped."""
    if by is not None and by not in BY:
        raise ValueError(f"cannot group by {by!r}; use one of {', '.join(BY)}")
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise UnknownCustomer(f"No customer with id {customer_id}.")
    keys: list[ColumnElement[Any]] = [getattr(Customer, by)] if by else []
    scope = _Scope(by is not None, customer_id)
    # Per customer first, then per wish code: distinct customers without COUNT(DISTINCT),
    # whose sort spills to disk on PostgreSQL and which SQLite cannot stream from the index.
    per_customer = scope.apply(
        select(
            *(key.label("value") for key in keys),
            Wish.code,
            Wish.customer_id,
            func.count().label("wishes"),
            func.sum(case((Wish.confirmed, 1), else_=0)).label("confirmed"),
        )
        .select_from(Wish)
        .where(true() if include_empty else Wish.counted)
        .group_by(*keys, Wish.code, Wish.customer_id),
        Wish.customer_id,
    ).subquery("per_customer")
    outer = [per_customer.c.value] if by else []
    wishes = select(
        *outer,
        per_customer.c.code,
        func.sum(per_customer.c.wishes),
        func.count(per_customer.c.customer_id),
        func.sum(per_customer.c.confirmed),
    ).group_by(*outer, per_customer.c.code)
    # Findings per (wish code, need code): the flows, and summed over wish codes, the needs.
    findings = scope.apply(
        select(
            *keys,
            NeedFinding.wish_code,
            NeedFinding.code,
            _findings(FindingStatus.CONFIRMED),
            _findings(FindingStatus.REJECTED),
            _findings(FindingStatus.UNRESOLVED),
        )
        .select_from(NeedFinding)
        .group_by(*keys, NeedFinding.wish_code, NeedFinding.code),
        NeedFinding.customer_id,
    )
    # Distinct customers per confirmed need (confirmed findings always name their need).
    customers = scope.apply(
        select(*keys, CustomerNeed.need_code, func.count())
        .select_from(CustomerNeed)
        .group_by(*keys, CustomerNeed.need_code),
        CustomerNeed.customer_id,
    )

    groups: dict[str | None, dict[str, list[Any]]] = {}
    # PostgreSQL's SUM gives NUMERIC (Decimal): counts are ints here, on every backend.
    for value, (code, count, people, done) in _rows(session, wishes, by):
        count, done = int(count), int(done or 0)
        wish_count = WishCount(code, count, people, done, count - done)
        groups.setdefault(value, _empty())["wishes"].append(wish_count)
    needs: dict[tuple[str | None, str | None], list[int]] = {}
    for value, (wish, need, done, rejected, open_) in _rows(session, findings, by):
        totals = needs.setdefault((value, need), [0, 0, 0])
        for i, count in enumerate((done, rejected, open_)):
            totals[i] += int(count or 0)
        if done:
            groups.setdefault(value, _empty())["flows"].append(Flow(wish, need, int(done)))
    people_with = {(value, code): count for value, (code, count) in _rows(session, customers, by)}
    for (value, code), (done, rejected, open_) in needs.items():
        need_count = NeedCount(code, done, people_with.get((value, code), 0), rejected, open_)
        groups.setdefault(value, _empty())["needs"].append(need_count)
    return Overview(
        by=by,
        customer_id=customer_id,
        groups=tuple(_group(value, groups[value]) for value in _ordered(groups)),
    )


@dataclass(frozen=True)
class _Scope:
    """The customer join and filter every query of one overview shares.

    Wish and finding rows carry their interview's customer: no query joins the interviews.
    """

    customers_only: bool
    customer_id: int | None

    def apply(self, query: Select[Any], customer: SQLColumnExpression[int | None]) -> Select[Any]:
        """`query` limited to this scope; `customer` is the customer id column of its rows."""
        if self.customers_only:
            query = query.join(Customer, Customer.id == customer)
        if self.customer_id is not None:
            query = query.where(customer == self.customer_id)
        return query


def _findings(status: FindingStatus) -> ColumnElement[int]:
    return func.sum(case((NeedFinding.status == status, 1), else_=0))


def _rows(session: Session, query: Select[Any], by: str | None) -> Iterator[tuple[Any, Any]]:
    """(group value, the rest of the row) for every row; the value is None when not grouped."""
    for row in session.execute(query):
        yield (row[0], row[1:]) if by else (None, tuple(row))


def _empty() -> dict[str, list[Any]]:
    return {"wishes": [], "needs": [], "flows": []}


def _ordered(groups: dict[str | None, Any]) -> list[str | None]:
    return sorted(groups, key=lambda value: (value is None, value or ""))


def _group(value: str | None, found: dict[str, list[Any]]) -> OverviewGroup:
    wishes = sorted(found["wishes"], key=lambda w: (-w.wishes, w.code or "~"))
    return OverviewGroup(
        value=value,
        wishes=tuple(wishes),
        needs=tuple(sorted(found["needs"], key=lambda n: (-n.confirmed, n.code or "~"))),
        flows=tuple(sorted(found["flows"], key=lambda f: (-f.count, f.wish or "~", f.need or "~"))),
        unresolved_wishes=sum(w.unresolved for w in wishes),
    )
