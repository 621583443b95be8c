"""Management pages: the landing page, customers, interviews, one interview, a customer's
brief, segments and complexity, the needs overview by customer attribute, interview
quality, and API keys.

Server-rendered from the same domain functions the JSON API uses; nothing is computed here
beyond shaping for display. Forms that change something go through `FormDep` (see
`api.web`): only our own pages can send them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from api.deps import (
    KEY_COOKIE,
    KEY_HEADER,
    MAX_ID,
    CustomerId,
    DbDep,
    ReadersDep,
    SettingsDep,
    TrackerDep,
    check_key,
    key_guard,
    tracker_transaction,
)
from api.downloads import csv_download
from api.language import LANGUAGES, LanguageDep, ReaderLanguage
from api.schemas import CustomerCreate
from api.web import AdminViewerDep, FormDep, ViewerDep, templates
from assistant import access, customers, reports
from assistant.access import Caller
from assistant.erasure import erase_conversation
from assistant.errors import Conflict, InvalidCsv
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.reports import CustomerListFilter, CustomerSort
from assistant.reports.interview_csv import interviews_csv
from assistant.reports.overview import BY
from assistant.reports.quality import ABANDONED_AFTER
from assistant.reports.quality_store import interview_quality, list_quality, quality_summary
from assistant.reports.wording import brief_wording
from assistant.store.interviews import InterviewFilter, list_interviews, read_interview
from assistant.store.models import ApiRole, Customer, Interview
from assistant.taxonomy import load_taxonomy

router = APIRouter(prefix="/ui", include_in_schema=False)
landing = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
CUSTOMER_PAGE_SIZE = 25


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
Text = Annotated[str | None, Query(max_length=100), AfterValidator(_blank_is_none)]
Day = Annotated[date | None, BeforeValidator(_blank_is_none)]
OPEN_CHOICES = {"yes": True, "no": False}


@landing.get("/", response_class=HTMLResponse)
def welcome(request: Request, sessions: ReadersDep, settings: SettingsDep) -> HTMLResponse:
    """The landing page: where to go for a signed-in viewer; what this is for anyone else."""
    key = request.headers.get(KEY_HEADER) or request.cookies.get(KEY_COOKIE)
    try:
        viewer: Caller | None = check_key(sessions, settings, key, *key_guard(request))
    except HTTPException:
        viewer = None
    request.state.viewer = viewer
    role = viewer.role if viewer else None
    return templates.TemplateResponse(request, "home.html", {"role": role})


@router.get("", response_class=RedirectResponse)
def home(_: ViewerDep) -> RedirectResponse:
    return RedirectResponse("/ui/customers", status_code=303)


@router.get("/customers", response_class=HTMLResponse)
def customer_list(
    request: Request, _: ViewerDep, db: DbDep,
    q: Text = None, industry: Text = None, region: Text = None, size: Text = None,
    last_from: Day = None, last_to: Day = None,
    open: Annotated[str, Query(pattern="^(|yes|no)$")] = "",
    sort: CustomerSort = CustomerSort.NAME, page: PageNumber = 1,
    created: Annotated[int | None, Query(ge=0)] = None,
    updated: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:  # fmt: skip
    """Customers with their interviews, open questions and segment: search, filters, sort."""
    where = CustomerListFilter(
        q=q, industry=industry, region=region, size=size, last_from=last_from,
        last_to=last_to, open_questions=OPEN_CHOICES.get(open),
    )  # fmt: skip
    context = _customer_list(db, where, sort, page)
    if created is not None and updated is not None:
        context["imported"] = {"created": created, "updated": updated}
    return templates.TemplateResponse(request, "customers.html", context)


@router.post("/customers/import", response_class=HTMLResponse)
def import_customers(request: Request, _: AdminViewerDep, form: FormDep, db: DbDep) -> Response:
    """Import a CSV file chosen on the customer list: all rows or none, as the API does.
    Errors are shown on the list by line; success returns to it with the counts."""
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidCsv([(0, "choose a CSV file first")])
        created, updated = customers.import_csv(db, customers.decode_csv(upload.file.read()))
    except InvalidCsv as exc:
        context = _customer_list(db, CustomerListFilter(), CustomerSort.NAME, 1)
        name = upload.filename if isinstance(upload, UploadFile) else None
        context["import_errors"] = {"file": name, "errors": exc.errors}
        return templates.TemplateResponse(request, "customers.html", context, 422)
    query = urlencode({"created": created, "updated": updated})
    return RedirectResponse(f"/ui/customers?{query}", status_code=303)


def _customer_list(
    db: Session, where: CustomerListFilter, sort: CustomerSort, page: int
) -> dict[str, Any]:
    """What customers.html shows: one page of the list, its filters and their choices."""
    listing = reports.customer_page(
        db, load_taxonomy(), where, sort=sort, limit=CUSTOMER_PAGE_SIZE,
        offset=(page - 1) * CUSTOMER_PAGE_SIZE,
    )  # fmt: skip
    filters = {
        "q": where.q or "", "industry": where.industry or "", "region": where.region or "",
        "size": where.size or "", "last_from": where.last_from or "",
        "last_to": where.last_to or "",
        "open": next((k for k, v in OPEN_CHOICES.items() if v is where.open_questions), ""),
    }  # fmt: skip
    kept = {name: value for name, value in filters.items() if value}
    return {
        "listing": listing,
        "facets": reports.customer_facets(db),
        "filters": filters,
        "sort": sort,
        "sorts": SORT_LABELS,
        "page": page,
        "pages": max(1, -(-listing.count // CUSTOMER_PAGE_SIZE)),
        "query": urlencode(kept),  # the filters, for sort and page links
        "query_sorted": urlencode(kept | {"sort": sort.value}),
        "filtered": bool(kept),
    }


SORT_LABELS = {
    CustomerSort.NAME: "Name (A–Z)",
    CustomerSort.NAME_DESC: "Name (Z–A)",
    CustomerSort.LAST_INTERVIEW_DESC: "Last interview (newest first)",
    CustomerSort.LAST_INTERVIEW: "Last interview (oldest first)",
    CustomerSort.INTERVIEWS_DESC: "Most interviews",
    CustomerSort.INTERVIEWS: "Fewest interviews",
    CustomerSort.OPEN_QUESTIONS_DESC: "Most open questions",
    CustomerSort.OPEN_QUESTIONS: "Fewest open questions",
}


@router.get("/interviews", response_class=HTMLResponse)
def interviews(
    request: Request, _: ViewerDep, db: DbDep,
    status: StatusFilter = None, role: RoleFilter = None, customer_id: CustomerFilter = None,
    started_from: DateFilter = None, started_to: DateFilter = None, q: TextFilter = None,
    show: ShowFilter = None, page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """Interviews, newest first, filtered by customer, dates (both days included), text,
    status, role and whether they count; a page at a time."""
    where = _interview_filter(status, role, customer_id, started_from, started_to, q, show)
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


@router.get("/interviews.csv", response_class=StreamingResponse)
def interviews_export(
    request: Request, _: ViewerDep, readers: ReadersDep,
    status: StatusFilter = None, role: RoleFilter = None, customer_id: CustomerFilter = None,
    started_from: DateFilter = None, started_to: DateFilter = None, q: TextFilter = None,
    show: ShowFilter = None,
) -> StreamingResponse:  # fmt: skip
    """The interviews the list's filters find, every page, as CSV (one row per wish)."""
    where = _interview_filter(status, role, customer_id, started_from, started_to, q, show)
    taxonomy = load_taxonomy()

    def rows() -> Iterator[str]:
        with readers() as session:
            yield from interviews_csv(session, where, taxonomy)

    return csv_download(rows(), "interviews.csv")


def _interview_filter(
    status: InterviewStatus | None, role: Role | None, customer_id: int | None,
    started_from: date | None, started_to: date | None, q: str | None, show: str | None,
) -> InterviewFilter:  # fmt: skip
    """The interview list's filters: both days included, `show` counted or empty ones."""
    return InterviewFilter(
        customer_id=customer_id, status=status, role=role,
        started_from=_midnight(started_from),
        started_to=_midnight(started_to + timedelta(days=1) if started_to else None),
        text=q, counted={"counted": True, "empty": False}.get(show or "all"),
    )  # fmt: skip


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


EDIT_FIELDS = ("external_id", "name", "industry", "region", "size", "language")
# Which fields the form requires and how long each may be: the API's own (CustomerCreate).
_CUSTOMER = CustomerCreate.model_json_schema()
REQUIRED = tuple(_CUSTOMER["required"])
MAX_LENGTHS = {
    name: next(s["maxLength"] for s in (prop, *prop.get("anyOf", ())) if "maxLength" in s)
    for name, prop in _CUSTOMER["properties"].items()
    if name != "language"
}
FIELD_LABELS = {
    "external_id": "External id", "name": "Name", "industry": "Industry", "region": "Region",
    "size": "Size", "language": "Language",
}  # fmt: skip


@router.get("/customers/{customer_id}/edit", response_class=HTMLResponse)
def edit_customer(
    request: Request, _: AdminViewerDep, db: DbDep, customer_id: CustomerId
) -> HTMLResponse:
    """A form with the customer's details (admins): what `PATCH /customers/{id}` changes."""
    customer = customers.get_customer(db, customer_id)
    values = {name: getattr(customer, name) or "" for name in EDIT_FIELDS}
    return _edit_form(request, customer_id, values, {})


@router.post("/customers/{customer_id}/edit", response_class=HTMLResponse)
def save_customer(
    request: Request, _: AdminViewerDep, form: FormDep, db: DbDep, customer_id: CustomerId
) -> Response:
    """Save the form: checked as the API checks a customer (a blank optional field forgets
    it); errors go back to the form with what was typed, success to the customer's brief."""
    customers.get_customer(db, customer_id)  # 404 before anything else
    values = {name: str(form.get(name) or "") for name in EDIT_FIELDS}
    try:
        body = CustomerCreate.model_validate({k: v.strip() or None for k, v in values.items()})
        customers.update_customer(db, customer_id, **body.model_dump())
    except ValidationError as exc:
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors()}
        errors |= {name: "This is required." for name in REQUIRED if not values[name].strip()}
        if "language" in errors:
            errors["language"] = "Choose English, Danish or Not known."
        return _edit_form(request, customer_id, values, errors)
    except Conflict as exc:
        return _edit_form(request, customer_id, values, {"external_id": str(exc)})
    return RedirectResponse(f"/ui/customers/{customer_id}/brief?saved=1", status_code=303)


def _edit_form(
    request: Request, customer_id: int, values: dict[str, str], errors: dict[str, str]
) -> HTMLResponse:
    context = {
        "customer_id": customer_id, "values": values, "errors": errors,
        "labels": FIELD_LABELS, "languages": {"en": "English", "da": "Danish"},
        "required": REQUIRED, "max_lengths": MAX_LENGTHS,
    }  # fmt: skip
    return templates.TemplateResponse(
        request, "customer_edit.html", context, status_code=422 if errors else 200
    )


@router.get("/customers/{customer_id}/brief", response_class=HTMLResponse)
def brief(
    request: Request, _: ViewerDep, db: DbDep, customer_id: CustomerId, language: LanguageDep,
    include_empty: bool = False,
) -> HTMLResponse:  # fmt: skip
    """The customer's negotiation brief: the summary on top, printable, with a link to its
    Markdown file; interviews without findings are left out unless `include_empty`. In the
    reader's language (`lang`, else `Accept-Language`), with links to switch."""
    report = reports.brief(
        db, load_taxonomy(), customer_id, include_empty=include_empty, language=language.code
    )
    context = {
        "brief": report,
        "include_empty": include_empty,
        "now": datetime.now(UTC),
        "w": brief_wording(language.code),
        "page_language": language.code,
        **_brief_links(customer_id, include_empty, language),
    }
    response = templates.TemplateResponse(request, "brief.html", context)
    response.headers.update(language.headers)
    return response


def _brief_links(customer_id: int, include_empty: bool, language: ReaderLanguage) -> dict[str, Any]:
    """The brief page's links; each keeps a language the reader named (`?lang=`), and the
    language switch keeps `include_empty`."""
    kept = {"lang": language.code} if language.explicit else {}
    empty = {"include_empty": "true"} if include_empty else {}
    markdown = f"/api/v1/customers/{customer_id}/brief.md"
    return {
        "markdown_url": f"{markdown}?{urlencode(empty | kept)}" if empty | kept else markdown,
        "include_url": "?" + urlencode({"include_empty": "true"} | kept),
        "exclude_url": "?" + urlencode(kept),
        "languages": [
            (brief_wording(code), "?" + urlencode(empty | {"lang": code})) for code in LANGUAGES
        ],
    }


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


ConversationId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/interviews/{conversation_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, _: AdminViewerDep, sessions: ReadersDep, conversation_id: ConversationId
) -> HTMLResponse:
    """Ask before erasing a conversation (test or abandoned interviews)."""
    record = asdict(read_interview(sessions, conversation_id))
    return templates.TemplateResponse(request, "interview_delete.html", {"interview": record})


@router.post("/interviews/{conversation_id}/delete", response_class=RedirectResponse)
def delete_interview(
    caller: AdminViewerDep, _: FormDep, db: DbDep, tracker: TrackerDep,
    conversation_id: ConversationId,
) -> RedirectResponse:  # fmt: skip
    """Erase the conversation, as DELETE /api/v1/interviews/{id} does (written to the audit
    log as done by the viewer's key), and go to the list."""
    with tracker_transaction(tracker) as connection:
        erase_conversation(db, conversation_id, tracker=connection, actor=caller.actor)
    return RedirectResponse(
        f"/ui/interviews?deleted={quote(conversation_id, safe='')}", status_code=303
    )


@router.get("/keys", response_class=HTMLResponse)
def keys(request: Request, _: AdminViewerDep, db: DbDep) -> HTMLResponse:
    """The API keys: issue one, see them all, revoke one."""
    return _keys_page(request, db)


@router.post("/keys", response_class=HTMLResponse)
def create_key(request: Request, caller: AdminViewerDep, form: FormDep, db: DbDep) -> HTMLResponse:
    """Issue a key and show its secret, this once (the page is not cached); the audit log
    names the viewer's key as who issued it."""
    name = str(form.get("name") or "").strip()[:100]
    role = str(form.get("role") or "")
    if not name or role not in tuple(ApiRole):
        problem = "Give the key a name and a role."
        return _keys_page(request, db, error=problem, status_code=422)
    issued = access.create_key(db, name, ApiRole(role), actor=caller.actor)
    return _keys_page(request, db, issued=issued, status_code=201)


@router.post("/keys/{key_id}/revoke", response_class=HTMLResponse)
def revoke_key(
    request: Request, caller: AdminViewerDep, _: FormDep, db: DbDep,
    key_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:  # fmt: skip
    """Revoke a key (never the one this page was opened with) and return to the list."""
    try:
        access.revoke_key(db, key_id, presented=_presented_key(request), actor=caller.actor)
    except Conflict as exc:
        return _keys_page(request, db, error=str(exc), status_code=409)
    return RedirectResponse(f"/ui/keys?revoked={key_id}", status_code=303)


def _presented_key(request: Request) -> str | None:
    return request.headers.get(KEY_HEADER) or request.cookies.get(KEY_COOKIE)


def _keys_page(
    request: Request, db: Session, *, issued: access.IssuedKey | None = None,
    error: str | None = None, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    presented = _presented_key(request)
    mine = access.hash_secret(presented) if presented else None
    context = {
        "keys": access.list_keys(db), "issued": issued, "error": error, "mine": mine,
        "roles": tuple(ApiRole), "revoked": _int_or_none(request.query_params.get("revoked")),
    }  # fmt: skip
    response = templates.TemplateResponse(request, "keys.html", context, status_code)
    response.headers["Cache-Control"] = "no-store"  # a new key's secret stays off the disk
    return response


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


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
        started_from=_midnight(started_from),
        started_to=_midnight(started_to + timedelta(days=1) if started_to else None),
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
