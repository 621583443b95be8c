"""API keys: issue (the secret is shown once), list and revoke; admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, status

from api.deps import AUTH_RESPONSES, KEY_HEADER, MAX_ID, AdminDep, DbDep
from api.schemas import KeyCreate, KeyIssued, KeyPublic
from assistant import access

router = APIRouter(prefix="/keys", tags=["keys"], responses=AUTH_RESPONSES)

KeyId = Annotated[int, Path(ge=1, le=MAX_ID, description="The key's id.")]


@router.get("", response_model=list[KeyPublic])
def list_keys(db: DbDep, _: AdminDep) -> list[KeyPublic]:
    """Every key ever issued, revoked ones included (their secrets are never stored)."""
    return [KeyPublic.model_validate(key) for key in access.list_keys(db)]


@router.post("", response_model=KeyIssued, status_code=status.HTTP_201_CREATED)
def create_key(db: DbDep, caller: AdminDep, body: KeyCreate) -> KeyIssued:
    """Issue a key with a role; its secret is in this answer only (the audit log names the
    key that issued it)."""
    issued = access.create_key(db, body.name, body.role, actor=caller.actor)
    return KeyIssued(
        id=issued.id, name=issued.name, role=issued.role, key=issued.secret,
        created_at=issued.created_at,
    )  # fmt: skip


@router.delete(
    "/{key_id}", response_model=KeyPublic,
    responses={
        404: {"description": "No key has this id."},
        409: {"description": "The key this request came with: revoke it with another one."},
    },
)  # fmt: skip
def revoke_key(request: Request, db: DbDep, caller: AdminDep, key_id: KeyId) -> KeyPublic:
    """Revoke a key: from now on it opens nothing. Revoking it again changes nothing (and
    writes nothing to the audit log)."""
    key = access.revoke_key(
        db, key_id, presented=request.headers.get(KEY_HEADER), actor=caller.actor
    )
    return KeyPublic.model_validate(key)
