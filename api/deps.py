"""Dependencies shared by the routes: settings, a database session per request, API-key roles,
and the parameter types and error responses that several routes declare alike.

A key arrives in the X-API-Key header (API clients) or, for reading only, in the HttpOnly
cookie that the web pages' login form sets (browsers); both go through the same check.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Query, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import AfterValidator, BeforeValidator
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from api.throttle import KeyGuesses
from assistant.access import OPEN_ACCESS, Caller, any_keys, caller_for
from assistant.config import Settings
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.store.db import forget_deleted
from assistant.store.interviews import InterviewFilter
from assistant.store.models import ApiRole

__all__ = [
    "AUTH_RESPONSES",
    "CUSTOMER_NOT_FOUND",
    "KEY_COOKIE",
    "KEY_HEADER",
    "AdminDep",
    "CustomerId",
    "CustomerIdFilter",
    "DbDep",
    "IsoDateTime",
    "ReadersDep",
    "Limit",
    "Offset",
    "ReaderDep",
    "SessionsDep",
    "SettingsDep",
    "TrackerDep",
    "check_key",
    "tracker_transaction",
    "key_guard",
]

MISSING_KEY = "Missing API key: send it in the X-API-Key header."
INVALID_KEY = "Invalid or revoked API key."
TOO_MANY_GUESSES = "Too many wrong API keys from your address; try again in {wait} s."
FORBIDDEN = "This API key's role ({role}) may not do this; it needs the admin role."

KEY_HEADER = "X-API-Key"
KEY_COOKIE = "needfinder_key"  # set by /ui/login: HttpOnly, SameSite=Strict
SAFE_METHODS = frozenset({"GET", "HEAD"})
MAX_ID = 2**31 - 1  # the largest value of an INTEGER id column (PostgreSQL)

CustomerId = Annotated[int, Path(ge=1, le=MAX_ID, description="The customer's id.")]
CustomerIdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _iso_only(value: object) -> object:
    """Refuse bare numbers, which pydantic would read as Unix timestamps."""
    if isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit():
        raise ValueError("expected an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z")
    return value


def _utc_if_naive(value: datetime) -> datetime:
    """A date-time without a time zone ("2026-01-01") is read as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_utc_if_naive)]


def interview_filter(
    customer_id: CustomerIdFilter = None,
    status: InterviewStatus | None = None,
    role: Role | None = None,
    started_from: IsoDateTime | None = None,
    started_to: IsoDateTime | None = None,
    claimed: bool | None = None,
    counted: bool | None = None,
) -> InterviewFilter:
    """The interview list's filters, as `GET /interviews` and `GET /quality` both take them."""
    return InterviewFilter(
        customer_id, status, role, started_from, started_to, claimed, counted=counted
    )


InterviewFilterDep = Annotated[InterviewFilter, Depends(interview_filter)]
CUSTOMER_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No customer has this id."}
}

_api_key = APIKeyHeader(name=KEY_HEADER, auto_error=False, description="An API key.")


def _sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.sessions


def _readers(request: Request) -> sessionmaker[Session]:
    return request.app.state.readers


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _tracker(request: Request) -> Engine | None:
    return request.app.state.tracker_engine


SessionsDep = Annotated[sessionmaker[Session], Depends(_sessions)]
# Sessions that only read: on SQLite they never take the write lock (streamed exports).
ReadersDep = Annotated[sessionmaker[Session], Depends(_readers)]
# Rasa's tracker store when it is a database of its own; None when it is the application's.
TrackerDep = Annotated[Engine | None, Depends(_tracker)]
SettingsDep = Annotated[Settings, Depends(_settings)]


def _db(request: Request, sessions: SessionsDep, readers: ReadersDep) -> Iterator[Session]:
    """One transaction per request, committed before the response is sent (scope "function":
    a failed commit is a 500, never a 200); rolled back on error. GET and HEAD only read."""
    factory = readers if request.method in SAFE_METHODS else sessions
    with factory() as session, session.begin():
        yield session


DbDep = Annotated[Session, Depends(_db, scope="function")]


@contextmanager
def tracker_transaction(tracker: Engine | None) -> Iterator[Connection | None]:
    """Rasa's tracker store for one erasure, to pass to the domain's erase functions.

    None when it is the application's own database: both erasures then commit with the
    request's transaction. Else a connection in a transaction that commits here, just
    before the request's; then SQLite forgets the deleted rows (`forget_deleted`).
    """
    if tracker is None:
        yield None
        return
    with tracker.begin() as connection:
        yield connection
    forget_deleted(tracker)


def check_key(
    sessions: sessionmaker[Session],
    settings: Settings,
    key: str | None,
    guesses: KeyGuesses | None = None,
    client: str = "",
) -> Caller:
    """Who presented a key (None: no key); HTTP 401 when it is missing or unknown, 429
    while `client` is waiting after too many wrong keys."""
    if guesses is not None and key and (wait := guesses.wait_for(client)):
        raise HTTPException(
            429, TOO_MANY_GUESSES.format(wait=wait), headers={"Retry-After": str(wait)}
        )
    admin = settings.admin_key.get_secret_value() if settings.admin_key else None
    with sessions() as session:
        if not key:
            if admin is None and not any_keys(session):
                return OPEN_ACCESS  # open until the first key exists (see README: Access)
            raise HTTPException(401, MISSING_KEY, headers={"WWW-Authenticate": "X-API-Key"})
        caller = caller_for(session, key, admin_secret=admin)
    if caller is None:
        if guesses is not None:
            guesses.failed(client)
        raise HTTPException(401, INVALID_KEY, headers={"WWW-Authenticate": "X-API-Key"})
    return caller


def key_guard(request: Request) -> tuple[KeyGuesses, str]:
    """The app's record of wrong keys, and the address this request came from."""
    return request.app.state.key_guesses, request.client.host if request.client else ""


def _role(
    request: Request,
    readers: ReadersDep,
    settings: SettingsDep,
    key: str | None = Security(_api_key),
) -> Caller:
    if not key and request.method in SAFE_METHODS:  # the cookie never authorises a change
        key = request.cookies.get(KEY_COOKIE)
    return check_key(readers, settings, key, *key_guard(request))


def _admin(caller: Annotated[Caller, Depends(_role)]) -> Caller:
    if caller.role is not ApiRole.ADMIN:
        raise HTTPException(403, FORBIDDEN.format(role=caller.role.value))
    return caller


ReaderDep = Annotated[Caller, Depends(_role)]  # any valid key: admin or sales

AUTH_RESPONSES: dict[int | str, dict] = {
    400: {"description": "The body could not be read (e.g. malformed JSON)."},
    401: {"description": "No API key, or an unknown or revoked one."},
    403: {"description": "The key's role may not do this."},
    429: {"description": "Too many wrong API keys from this address: wait Retry-After s."},
}
AdminDep = Annotated[Caller, Depends(_admin)]
