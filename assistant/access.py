"""API keys with roles: created, listed and revoked by an admin; only their hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import audit
from assistant.errors import Conflict, NotFound
from assistant.store.models import ApiKey, ApiRole, utcnow

__all__ = [
    "KEY_PREFIX",
    "OPEN_ACCESS",
    "Caller",
    "IssuedKey",
    "any_keys",
    "caller_for",
    "chat_rep",
    "create_key",
    "hash_secret",
    "list_keys",
    "revoke_key",
    "role_for",
]

KEY_PREFIX = "nf_"
ENV_ADMIN = "NEEDFINDER_ADMIN_KEY"


@dataclass(frozen=True)
class Caller:
    """Who presented a key: their role, and how the audit log names them."""

    role: ApiRole
    actor: str  # "key 3 (Jane's laptop)", "NEEDFINDER_ADMIN_KEY", "open access", ...
    name: str = ""  # the key's name, as a page greets its viewer ("Jane's laptop")


OPEN_ACCESS = Caller(ApiRole.ADMIN, "open access (no key issued yet)", "open access")


@dataclass(frozen=True)
class IssuedKey:
    """A new key: `secret` is shown once and never stored."""

    id: int
    name: str
    role: ApiRole
    secret: str
    created_at: datetime


def hash_secret(secret: str) -> str:
    # Keys are 32 random bytes: a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, name: str, role: ApiRole, *, actor: str) -> IssuedKey:
    """A new key (written to the audit log as done by `actor`)."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, role=role, key_hash=hash_secret(secret), prefix=secret[:10])
    session.add(key)
    session.flush()
    audit.record(session, actor, "key.created", f"key {key.id}", name=name, role=role.value)
    return IssuedKey(key.id, key.name, key.role, secret, key.created_at)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(
    session: Session, key_id: int, *, actor: str, presented: str | None = None
) -> ApiKey:
    """Revoke a key (again: no change, nothing logged), written to the audit log as done by
    `actor`. `Conflict` when it is `presented`, the key the request came with: nobody locks
    themselves out by a slip."""
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"No API key with id {key_id}.")
    if presented and hmac.compare_digest(key.key_hash, hash_secret(presented)):
        raise Conflict("This is the key you are using; revoke it with another admin key.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(session, actor, "key.revoked", f"key {key.id}", name=key.name)
    return key


def any_keys(session: Session) -> bool:
    """Whether any API key was ever issued (a revoked one counts: access stays closed)."""
    return session.scalar(select(ApiKey.id).limit(1)) is not None


def caller_for(session: Session, secret: str, *, admin_secret: str | None = None) -> Caller | None:
    """Who presented this key, or None for an unknown or revoked one."""
    if admin_secret and hmac.compare_digest(secret.encode(), admin_secret.encode()):
        return Caller(ApiRole.ADMIN, ENV_ADMIN, "admin")
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_secret(secret)))
    if key is None or key.revoked_at is not None:
        return None
    return Caller(key.role, f"key {key.id} ({key.name})", key.name)


def chat_rep(caller: Caller | None) -> Caller | None:
    """The viewer as a sales rep in the web chat (who may ask for customers' briefs there),
    or None: only a key that was presented counts, a sales or an admin one. Open access (no
    key issued yet) is no sign-in: the chat is public, customers use it."""
    if caller is None or caller == OPEN_ACCESS:
        return None
    return caller if caller.role in (ApiRole.SALES, ApiRole.ADMIN) else None


def role_for(session: Session, secret: str, *, admin_secret: str | None = None) -> ApiRole | None:
    """The role of a presented key, or None for an unknown or revoked one."""
    caller = caller_for(session, secret, admin_secret=admin_secret)
    return caller.role if caller else None
