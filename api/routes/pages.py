"""Management pages: interviews, one interview, a customer's brief, segments and complexity.

Server-rendered from the same domain functions the JSON API uses; nothing is computed here
beyond shaping for display.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BeforeValidator

from api.deps import CustomerId, DbDep, ReadersDep
from api.web import ViewerDep, templates
from assistant import reports
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.store.interviews import InterviewFilter, list_interviews, read_interview
from assistant.taxonomy import load_taxonomy

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 20


def _blank_is_none(value: object) -> object:
    return value or None  # a filter form's "any" option sends an empty value


StatusFilter = Annotated[InterviewStatus | None, BeforeValidator(_blank_is_none)]
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
    """One interview: its transcript, and each wish with the need found beneath it."""
    record = asdict(read_interview(sessions, conversation_id))
    return templates.TemplateResponse(request, "interview.html", {"interview": record})


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
