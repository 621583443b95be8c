"""The customer list a sales rep works from: each customer with their interviews, open
questions and segment; searched, filtered, sorted and paged in SQL.

- *Interviews* and *last interview*: the customer's interviews and the latest start.
- *Open questions*: the customer's wishes with no confirmed need, as the brief lists them.
- *Segment*: the segment the customer belongs to under the segment rule
  (`assistant.reports.segments`, with the same `min_size`), or "individual" when their
  confirmed needs fit no segment, or none while no need is confirmed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from assistant.reports.records import need_ref
from assistant.reports.segments import (
    INDIVIDUAL,
    customer_segments,
    group_profiles,
    profile_counts,
    segment_id,
)
from assistant.store.models import Customer, Interview, Wish
from assistant.taxonomy import Taxonomy

__all__ = [
    "CustomerFacets",
    "CustomerListFilter",
    "CustomerPage",
    "CustomerRow",
    "CustomerSort",
    "SegmentMembership",
    "customer_facets",
    "customer_page",
]


class CustomerSort(enum.StrEnum):
    """A sort order of the list; a leading "-" sorts descending."""

    NAME = "name"
    NAME_DESC = "-name"
    LAST_INTERVIEW = "last_interview"
    LAST_INTERVIEW_DESC = "-last_interview"
    INTERVIEWS = "interviews"
    INTERVIEWS_DESC = "-interviews"
    OPEN_QUESTIONS = "open_questions"
    OPEN_QUESTIONS_DESC = "-open_questions"

    @property
    def column(self) -> str:
        return self.value.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")


@dataclass(frozen=True)
class CustomerListFilter:
    q: str | None = None  # part of the name or the external id, any case
    industry: str | None = None
    region: str | None = None
    size: str | None = None
    last_from: date | None = None  # last interview on or after this day (UTC)
    last_to: date | None = None  # last interview on or before this day (UTC)
    open_questions: bool | None = None  # True: some open question; False: none


@dataclass(frozen=True)
class SegmentMembership:
    """Where a customer stands in the segments: `id`/`name` of theirs, or individual."""

    id: str | None  # None: individual needs (no segment fits them)
    name: str


@dataclass(frozen=True)
class CustomerRow:
    id: int
    external_id: str
    name: str
    industry: str | None
    region: str | None
    size: str | None
    interviews: int
    last_interview_at: datetime | None
    open_questions: int
    segment: SegmentMembership | None  # None: no need confirmed yet
    language: str | None = None  # the customer's ("en", "da"); None: not known


@dataclass(frozen=True)
class CustomerPage:
    rows: tuple[CustomerRow, ...]
    count: int  # every customer matching the filter


@dataclass(frozen=True)
class CustomerFacets:
    """The values present in the data, for a filter's choices."""

    industries: tuple[str, ...]
    regions: tuple[str, ...]
    sizes: tuple[str, ...]


def customer_page(
    session: Session,
    taxonomy: Taxonomy,
    where: CustomerListFilter,
    *,
    sort: CustomerSort = CustomerSort.NAME,
    limit: int,
    offset: int,
    min_size: int = 2,
) -> CustomerPage:
    """One page of the customers matching `where`, in `sort` order (ties: name, then id)."""
    interviews = (
        select(
            Interview.customer_id,
            func.count().label("n"),
            func.max(Interview.started_at).label("last"),
        )
        .where(Interview.customer_id.is_not(None))
        .group_by(Interview.customer_id)
        .subquery("interviews")
    )
    open_questions = (
        select(Wish.customer_id, func.count().label("n"))
        .where(Wish.customer_id.is_not(None), Wish.confirmed.is_(False))
        .group_by(Wish.customer_id)
        .subquery("open_questions")
    )
    grouping = group_profiles(profile_counts(session, taxonomy), min_size)
    segments = customer_segments(taxonomy, grouping)

    n_interviews = func.coalesce(interviews.c.n, 0)
    n_open = func.coalesce(open_questions.c.n, 0)
    query = (
        select(Customer, n_interviews, interviews.c.last, n_open, segments.c.segment)
        .outerjoin(interviews, interviews.c.customer_id == Customer.id)
        .outerjoin(open_questions, open_questions.c.customer_id == Customer.id)
        .outerjoin(segments, segments.c.customer_id == Customer.id)
    )
    query = _filtered(query, where, last=interviews.c.last, n_open=n_open)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    keys = {
        "name": func.lower(Customer.name),
        "last_interview": interviews.c.last,
        "interviews": n_interviews,
        "open_questions": n_open,
    }
    order = _order(keys[sort.column], descending=sort.descending)
    rows = session.execute(
        query.order_by(*order, func.lower(Customer.name), Customer.id).limit(limit).offset(offset)
    ).all()
    names = {
        i: " + ".join(need_ref(taxonomy, code).label for code in sorted(profile))
        for i, profile in enumerate(grouping.segments)
    }
    ids = {i: segment_id(profile) for i, profile in enumerate(grouping.segments)}
    return CustomerPage(
        rows=tuple(
            CustomerRow(
                id=customer.id,
                external_id=customer.external_id,
                name=customer.name,
                industry=customer.industry,
                region=customer.region,
                size=customer.size,
                interviews=count,
                last_interview_at=last,
                open_questions=open_count,
                segment=_membership(group, ids, names),
                language=customer.language,
            )
            for customer, count, last, open_count, group in rows
        ),
        count=total,
    )


def customer_facets(session: Session) -> CustomerFacets:
    """The distinct industries, regions and sizes of all customers, sorted."""

    def values(column: InstrumentedAttribute[str | None]) -> tuple[str, ...]:
        found = session.scalars(select(column).where(column.is_not(None)).distinct())
        return tuple(sorted((v for v in found if v), key=str.lower))

    return CustomerFacets(values(Customer.industry), values(Customer.region), values(Customer.size))


def _filtered(
    query: Select, where: CustomerListFilter, *, last: ColumnElement, n_open: ColumnElement
) -> Select:
    for column in ("industry", "region", "size"):
        if (value := getattr(where, column)) is not None:
            query = query.where(getattr(Customer, column) == value)
    if where.q:
        needle = where.q.lower()
        query = query.where(
            func.lower(Customer.name).contains(needle, autoescape=True)
            | func.lower(Customer.external_id).contains(needle, autoescape=True)
        )
    if where.last_from is not None:
        query = query.where(last >= _day_start(where.last_from))
    if where.last_to is not None:
        query = query.where(last < _day_start(where.last_to + timedelta(days=1)))
    if where.open_questions is not None:
        query = query.where(n_open > 0 if where.open_questions else n_open == 0)
    return query


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _order(key: ColumnElement, *, descending: bool) -> tuple[ColumnElement, ...]:
    """Sort by `key`, customers without a value (never interviewed) last either way."""
    missing = case((key.is_(None), 1), else_=0)
    return missing, key.desc() if descending else key.asc()


def _membership(
    group: int | None, ids: dict[int, str], names: dict[int, str]
) -> SegmentMembership | None:
    if group is None:
        return None
    if group == INDIVIDUAL:
        return SegmentMembership(None, "Individual needs")
    return SegmentMembership(ids[group], names[group])
