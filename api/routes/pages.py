"""Management pages: interviews, one interview, a customer's brief, segments and complexity,
interview quality.

Server-rendered from the same domain functions the JSON API uses; nothing is computed here
beyond shaping for display.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BeforeValidator

from api.deps import CustomerId, DbDep, ReadersDep
from api.web import ViewerDep, templates
from assistant import reports
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.reports.quality import ABANDONED_AFTER
from assistant.reports.quality_store import interview_quality, list_quality, quality_summary
from assistant.store.interviews import InterviewFilter, list_interviews, read_interview
from assistant.taxonomy import load_taxonomy

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 20


def _blank_is_none(value: object) -> object:
    return value or None  # a filter form's "any" option sends an empty value


def _midnight(day: date | None, days: int = 0) -> datetime | None:
    """The start of `day` (plus `days`) in UTC: a "to" date includes the whole day."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=days), time(), tzinfo=UTC)


StatusFilter = Annotated[InterviewStatus | None, BeforeValidator(_blank_is_none)]
DateFilter = Annotated[date | None, BeforeValidator(_blank_is_none)]
RoleFilter = Annotated[Role | None, BeforeValidator(_blank_is_none)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
MinSize = Annotated[int, Query(ge=1, le=100_000)]


@router.get("", response_class=RedirectResponse)
def home(_: ViewerDep) -> RedirectResponse:
    return RedirectResponse("/ui/interviews", status_code=303)


@router.get("/interviews", response_class=HTMLResponse)
def interviews(
    request: Request, _: ViewerDep, db: DbDep,
    status: StatusFilter = None, role: RoleFilter = None, page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """Interviews, newest first, filtered by status and role, a page at a time."""
    rows, count = list_interviews(
        db, InterviewFilter(status=status, role=role), limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    pages = max(1, -(-count // PAGE_SIZE))
    context = {
        "rows": rows, "count": count, "page": page, "pages": pages,
        "filters": {"status": status or "", "role": role or ""},
        "statuses": tuple(InterviewStatus), "roles": tuple(Role),
    }  # fmt: skip
    return templates.TemplateResponse(request, "interviews.html", context)


@router.get("/interviews/{conversation_id}", response_class=HTMLResponse)
def interview(
    request: Request, _: ViewerDep, sessions: ReadersDep,
    conversation_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> HTMLResponse:  # fmt: skip
    """One interview: its transcript, each wish with the need found beneath it, and how
    well the interview went."""
    record = asdict(read_interview(sessions, conversation_id))
    with sessions() as session:
        measured = interview_quality(session, conversation_id)
    context = {
        "interview": record,
        "quality": measured.figures,
        "outcome": measured.figures.outcome(datetime.now(UTC)),
    }
    return templates.TemplateResponse(request, "interview.html", context)


@router.get("/customers/{customer_id}/brief", response_class=HTMLResponse)
def brief(request: Request, _: ViewerDep, db: DbDep, customer_id: CustomerId) -> HTMLResponse:
    """The customer's negotiation brief, with a link to its Markdown file."""
    report = reports.brief(db, load_taxonomy(), customer_id)
    return templates.TemplateResponse(request, "brief.html", {"brief": report})


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


@router.get("/quality", response_class=HTMLResponse)
def quality(
    request: Request, _: ViewerDep, db: DbDep,
    status: StatusFilter = None, role: RoleFilter = None,
    started_from: DateFilter = None, started_to: DateFilter = None, page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """Interview quality over the selected interviews: in sum, by role, and per interview."""
    now = datetime.now(UTC)
    where = InterviewFilter(
        status=status, role=role,
        started_from=_midnight(started_from), started_to=_midnight(started_to, days=1),
    )  # fmt: skip
    summary = quality_summary(db, where, now)
    # Without a role filter, customers and reps side by side: their interviews differ.
    columns = [] if role else [
        *(("Customers" if r is Role.CUSTOMER else "Sales reps",
           quality_summary(db, replace(where, role=r), now)) for r in Role),
        ("All", summary),
    ]  # fmt: skip
    rows, count = list_quality(db, where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    filters = {
        "status": status or "", "role": role or "",
        "started_from": started_from or "", "started_to": started_to or "",
    }  # fmt: skip
    context = {
        "summary": summary, "columns": columns, "rows": rows, "count": count, "now": now,
        "page": page, "pages": max(1, -(-count // PAGE_SIZE)), "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "statuses": tuple(InterviewStatus), "roles": tuple(Role),
        "abandoned_after_hours": round(ABANDONED_AFTER.total_seconds() / 3600),
    }  # fmt: skip
    return templates.TemplateResponse(request, "quality.html", context)
