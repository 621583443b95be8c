"""Management pages: interviews, one interview, a customer's brief, segments and complexity,
the needs overview by customer attribute.

Server-rendered from the same domain functions the JSON API uses; nothing is computed here
beyond shaping for display.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BeforeValidator, Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import MAX_ID, CustomerId, DbDep, ReadersDep
from api.web import ViewerDep, templates
from assistant import reports
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.reports.overview import BY
from assistant.store.interviews import InterviewFilter, list_interviews, read_interview
from assistant.store.models import Customer, Interview
from assistant.taxonomy import load_taxonomy

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 20


def _blank_is_none(value: object) -> object:
    return value or None  # a filter form's "any" option sends an empty value


StatusFilter = Annotated[InterviewStatus | None, BeforeValidator(_blank_is_none)]
RoleFilter = Annotated[Role | None, BeforeValidator(_blank_is_none)]
CustomerFilter = Annotated[
    Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_is_none)
]
DateFilter = Annotated[date | None, BeforeValidator(_blank_is_none)]
TextFilter = Annotated[
    Annotated[str, StringConstraints(max_length=200)] | None, BeforeValidator(_blank_is_none)
]
ShowFilter = Annotated[Literal["all", "counted", "empty"] | None, BeforeValidator(_blank_is_none)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
MinSize = Annotated[int, Query(ge=1, le=100_000)]
CUSTOMER_CHOICES = 500  # customers with interviews offered in the filter, by name


@router.get("", response_class=RedirectResponse)
def home(_: ViewerDep) -> RedirectResponse:
    return RedirectResponse("/ui/interviews", status_code=303)


@router.get("/interviews", response_class=HTMLResponse)
def interviews(
    request: Request, _: ViewerDep, db: DbDep,
    status: StatusFilter = None, role: RoleFilter = None, customer_id: CustomerFilter = None,
    started_from: DateFilter = None, started_to: DateFilter = None, q: TextFilter = None,
    show: ShowFilter = None, page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """Interviews, newest first, filtered by customer, dates (both days included), text,
    status, role and whether they count; a page at a time."""
    counted = {"counted": True, "empty": False}.get(show or "all")
    where = InterviewFilter(
        customer_id=customer_id, status=status, role=role,
        started_from=_midnight(started_from),
        started_to=_midnight(started_to + timedelta(days=1) if started_to else None),
        text=q, counted=counted,
    )  # fmt: skip
    rows, count = list_interviews(db, where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-count // PAGE_SIZE))
    filters = {
        "status": status or "", "role": role or "", "customer_id": customer_id or "",
        "started_from": started_from or "", "started_to": started_to or "", "q": q or "",
        "show": show or "",
    }  # fmt: skip
    context = {
        "rows": rows, "count": count, "page": page, "pages": pages, "filters": filters,
        "query": {k: v for k, v in filters.items() if v},
        "statuses": tuple(InterviewStatus), "roles": tuple(Role),
        "customers": _customer_choices(db, customer_id),
    }  # fmt: skip
    return templates.TemplateResponse(request, "interviews.html", context)


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=UTC) if day else None


def _customer_choices(db: Session, selected: int | None) -> list[tuple[int, str]]:
    """Customers with interviews, by name (the selected one always among them)."""
    with_interviews = select(Interview.customer_id).where(Interview.customer_id.is_not(None))
    rows = db.execute(
        select(Customer.id, Customer.name)
        .where(Customer.id.in_(with_interviews) | (Customer.id == (selected or 0)))
        .order_by(Customer.name, Customer.id)
        .limit(CUSTOMER_CHOICES)
    ).all()
    return [(id_, name) for id_, name in rows]


@router.get("/interviews/{conversation_id}", response_class=HTMLResponse)
def interview(
    request: Request, _: ViewerDep, sessions: ReadersDep,
    conversation_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> HTMLResponse:  # fmt: skip
    """One interview: its transcript, and each wish with the need found beneath it."""
    record = asdict(read_interview(sessions, conversation_id))
    return templates.TemplateResponse(request, "interview.html", {"interview": record})


@router.get("/customers/{customer_id}/brief", response_class=HTMLResponse)
def brief(
    request: Request, _: ViewerDep, db: DbDep, customer_id: CustomerId,
    include_empty: bool = False,
) -> HTMLResponse:  # fmt: skip
    """The customer's negotiation brief: the summary on top, printable, with a link to its
    Markdown file; interviews without findings are left out unless `include_empty`."""
    report = reports.brief(db, load_taxonomy(), customer_id, include_empty=include_empty)
    context = {"brief": report, "include_empty": include_empty, "now": datetime.now(UTC)}
    return templates.TemplateResponse(request, "brief.html", context)


@router.get("/needs", response_class=HTMLResponse)
def needs(request: Request, _: ViewerDep, db: DbDep) -> HTMLResponse:
    """The needs overview by industry, region and size: a chart and a table per dimension."""
    taxonomy = load_taxonomy()
    codes = list(taxonomy.need_codes)
    dimensions = []
    for by in BY:
        overview = reports.needs_overview(db, by=by)
        customers = [
            {n.code: n.customers for n in group.needs if n.code in codes}
            for group in overview.groups
        ]
        groups = [
            {
                "value": group.value or "not given",
                "customers": with_need,
                "wishes": sum(w.wishes for w in group.wishes),
                "unresolved": group.unresolved_wishes,
            }
            for group, with_need in zip(overview.groups, customers, strict=True)
        ]
        shown = [c for c in codes if any(with_need.get(c) for with_need in customers)]
        chart = {
            "labels": [g["value"] for g in groups],
            "datasets": [
                {
                    "label": taxonomy.need_label(code),
                    "data": [with_need.get(code, 0) for with_need in customers],
                    "colour": codes.index(code),  # one colour per need on every chart
                }
                for code in shown
            ],
        }
        dimensions.append({"by": by, "groups": groups, "needs": shown, "chart": chart})
    context = {"dimensions": dimensions}
    return templates.TemplateResponse(request, "needs.html", context)


@router.get("/segments", response_class=HTMLResponse)
def segments(request: Request, _: ViewerDep, db: DbDep, min_size: MinSize = 2) -> HTMLResponse:
    """Segments with a chart of customers per segment, wish → need flows and complexity."""
    taxonomy = load_taxonomy()
    report = reports.segments(db, taxonomy, min_size=min_size)
    overview = reports.needs_overview(db)
    chart = [{"label": s.name, "customers": s.size} for s in report.segments]
    if report.individual_count:
        chart.append({"label": "Individual needs", "customers": report.individual_count})
    if report.unsegmented_count:
        chart.append({"label": "No confirmed need yet", "customers": report.unsegmented_count})
    context = {
        "report": report,
        "complexity": reports.complexity(db, taxonomy, min_size=min_size),
        "flows": [f for group in overview.groups for f in group.flows],
        "chart": chart,
        "min_size": min_size,
    }
    return templates.TemplateResponse(request, "segments.html", context)
