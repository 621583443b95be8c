"""Pages for admins: claims waiting for a decision, and the audit log.

A claim is a company name typed in a chat nobody authenticated (assistant.customers): the
admin links the conversation to the customer it belongs to, or discards the claim. The forms
post with the login cookie, from our own pages only (`FormDep`, see `api.web`); each decision is
written to the audit log like its API twin (PUT /api/v1/interviews/{id}/customer, DELETE
/api/v1/interviews/{id}/claim).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.deps import DbDep
from api.web import AdminViewerDep, FormDep, templates
from assistant import audit, customers
from assistant.errors import Conflict, NotFound
from assistant.store.interviews import InterviewFilter, list_interviews

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 20
ConversationId = Annotated[str, Path(min_length=1, max_length=200)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
DONE = {
    "linked": "Linked {id} to customer {customer}.",
    "discarded": "Discarded the claim of {id}.",
}


def _claims(db: Session, page: int) -> dict[str, Any]:
    rows, count = list_interviews(
        db, InterviewFilter(claimed=True), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    for row in rows:  # customers whose name or external id contains the claimed name
        matches, _ = customers.list_customers(
            db, customers.CustomerFilter(q=row["claimed_customer"][:100]), limit=5, offset=0
        )
        row["matches"] = matches
    return {"rows": rows, "count": count, "page": page, "pages": max(1, -(-count // PAGE_SIZE))}


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request, _: AdminViewerDep, db: DbDep, page: PageNumber = 1,
    done: str | None = None, id: str | None = None, customer: int | None = None,
) -> HTMLResponse:  # fmt: skip
    """Conversations whose typed company name waits for an admin: link or discard."""
    message = DONE[done].format(id=id, customer=customer) if done in DONE else None
    context = {**_claims(db, page), "message": message, "error": None}
    return templates.TemplateResponse(request, "claims.html", context)


def _refused(request: Request, db: Session, error: str, status: int) -> Response:
    context = {**_claims(db, 1), "message": None, "error": error}
    return templates.TemplateResponse(request, "claims.html", context, status_code=status)


@router.post("/claims/{conversation_id}/link")
def link(
    request: Request, caller: AdminViewerDep, form: FormDep, db: DbDep,
    conversation_id: ConversationId,
) -> Response:  # fmt: skip
    """Link the conversation to the customer chosen in the form."""
    value = str(form.get("customer_id") or "").strip()
    if not value.isdigit() or not 0 < int(value) < 2**31:
        return _refused(request, db, f"“{value}” is not a customer id.", 422)
    try:
        customers.link_conversation(db, conversation_id, int(value), actor=caller.actor)
    except (NotFound, Conflict) as exc:
        return _refused(request, db, str(exc), 409 if isinstance(exc, Conflict) else 404)
    target = f"/ui/claims?done=linked&id={quote(conversation_id, safe='')}&customer={value}"
    return RedirectResponse(target, status_code=303)


@router.post("/claims/{conversation_id}/discard")
def discard(
    caller: AdminViewerDep, _: FormDep, db: DbDep, conversation_id: ConversationId
) -> Response:
    """Discard the conversation's claim; the interview stays, with no customer."""
    customers.discard_claim(db, conversation_id, actor=caller.actor)
    target = f"/ui/claims?done=discarded&id={quote(conversation_id, safe='')}"
    return RedirectResponse(target, status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request, _: AdminViewerDep, db: DbDep, action: str | None = None,
    page: PageNumber = 1,
) -> HTMLResponse:  # fmt: skip
    """The audit log, newest first, filtered by what was done."""
    action = action if action in audit.ACTIONS else None
    rows, count = audit.list_events(
        db, action=action, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "rows": rows, "count": count, "page": page, "pages": max(1, -(-count // PAGE_SIZE)),
        "action": action or "", "actions": audit.ACTIONS,
    }  # fmt: skip
    return templates.TemplateResponse(request, "audit.html", context)
