"""The audit log: erasures, key changes, customer links, claim discards and invitations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import AUTH_RESPONSES, AdminDep, DbDep, Limit, Offset
from api.schemas import AuditEventPublic, AuditEventsPublic
from assistant import audit

router = APIRouter(prefix="/audit", tags=["audit"], responses=AUTH_RESPONSES)

Action = Literal[audit.ACTIONS]  # type: ignore[valid-type]


@router.get("", response_model=AuditEventsPublic)
def list_audit(
    db: DbDep, _: AdminDep, action: Annotated[Action | None, Query()] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> AuditEventsPublic:  # fmt: skip
    """Who did what and when, newest first; only admins read it."""
    rows, count = audit.list_events(db, action=action, limit=limit, offset=offset)
    return AuditEventsPublic(
        data=[AuditEventPublic.model_validate(r) for r in rows], count=count, limit=limit,
        offset=offset,
    )  # fmt: skip
