"""The web pages' plumbing: Jinja2 templates, static files, the login check for /ui pages
and the guard of the pages' forms.

Pages reuse the API's key check (`api.deps.check_key`): a browser presents its key in the
cookie set by /ui/login (a script may send the X-API-Key header instead). Without a valid
one a page redirects to the login form instead of answering 401, so a person sees where to go.

Forms that change something (`FormDep`) are refused when another site sent them: the
browser's `Sec-Fetch-Site` must say "same-origin" (an `Origin` header, when the browser sent
one it could name, must be ours), and the form must carry a token that only a page read
with the viewer's key can hold (an HMAC of the key cookie). The cookie itself is SameSite=
Strict, so a cross-site post never carries it anyway; these checks hold without relying on
that, and also while the pages are open (no key yet).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from api.deps import KEY_COOKIE, KEY_HEADER, ReadersDep, SettingsDep, check_key, key_guard
from assistant.access import Caller
from assistant.store.models import ApiRole
from assistant.taxonomy import load_taxonomy

__all__ = [
    "AdminViewerDep",
    "FormDep",
    "LoginRequired",
    "PageForbidden",
    "SignedInDep",
    "ViewerDep",
    "check_same_origin",
    "form_token",
    "install",
    "safe_next",
    "templates",
]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"

templates = Jinja2Templates(directory=HERE / "templates")


def _wish_label(code: str | None) -> str:
    return load_taxonomy().wish_label(code)


def _need_label(code: str | None) -> str:
    return load_taxonomy().need_label(code)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _decimal(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _duration(seconds: float | None) -> str:
    """4 min 30 s, 2 h 5 min, 3 d 4 h: two units at most."""
    if seconds is None:
        return "—"
    total = round(seconds)
    parts = [(total // 86400, "d"), (total % 86400 // 3600, "h"), (total % 3600 // 60, "min"),
             (total % 60, "s")]  # fmt: skip
    shown = [f"{n} {unit}" for n, unit in parts if n]
    return " ".join(shown[:2]) if shown else "0 s"


def _when(value: datetime | None, zone: bool = True) -> str:
    """A moment people read at a glance: "3 Mar 2025, 14:05 UTC" (pages show UTC; a table
    says so in its header instead, `zone=False`)."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b %Y, %H:%M}" + (" UTC" if zone else "")


def _day(value: datetime | None) -> str:
    """A date people read: "3 Mar 2025"."""
    return f"{value.day} {value:%b %Y}" if value else "—"


def _short_id(value: str, keep: int = 8) -> str:
    """A long conversation id cut for a table ("3f9c2a1b…"); the page puts it whole in a title."""
    return value if len(value) <= keep + 1 else value[:keep] + "…"


def form_token(request: Request) -> str:
    """The token the pages' forms carry: an HMAC of the viewer's key cookie. Another site
    cannot read the cookie (HttpOnly) nor a page of ours, so it cannot make the token."""
    secret = (request.cookies.get(KEY_COOKIE) or "").encode()
    return hmac.new(secret, b"needfinder page form", hashlib.sha256).hexdigest()


def _is_admin(request: Request) -> bool:
    """Whether the page's viewer holds the admin role (set by the viewer check)."""
    viewer = getattr(request.state, "viewer", None)
    return isinstance(viewer, Caller) and viewer.role is ApiRole.ADMIN


# The languages interviews speak, named for the management pages (which stay English).
LANGUAGE_NAMES = {"en": "English", "da": "Danish"}


def _language_name(code: str | None) -> str:
    """A language code as the pages name it ("da" -> "Danish"); "" for none."""
    return LANGUAGE_NAMES.get(code, code) if code else ""


templates.env.globals.update(
    wish_label=_wish_label, need_label=_need_label, form_token=form_token, is_admin=_is_admin
)
templates.env.filters.update(
    wish_label=_wish_label, need_label=_need_label, when=_when, day=_day, short_id=_short_id,
    percent=_percent, decimal=_decimal, duration=_duration, language_name=_language_name,
)  # fmt: skip


class PageForbidden(Exception):
    """A page or form this viewer may not use: answered with an error page (403)."""


CROSS_SITE = "This form was sent from another site or an old page; open the page again and retry."
ADMIN_ONLY = "Only an admin key may do this; log in with one."


class LoginRequired(Exception):
    """A page was asked for without a valid key: the browser goes to the login form."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


def safe_next(path: str | None) -> str:
    """Where to go after logging in: only our own pages (no open redirect)."""
    if path == "/chat" or (path and path.startswith("/ui/") and not path.startswith("/ui/login")):
        return path
    return "/ui/interviews"


def _viewer(request: Request, sessions: ReadersDep, settings: SettingsDep) -> Caller:
    try:
        key = request.headers.get(KEY_HEADER) or request.cookies.get(KEY_COOKIE)
        caller = check_key(sessions, settings, key, *key_guard(request))
    except HTTPException as exc:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method not in ("GET", "HEAD"):
            target = ""  # a form's target is no page to return to: the default one
        raise LoginRequired(target) from exc
    request.state.viewer = caller
    return caller


ViewerDep = Annotated[Caller, Depends(_viewer)]  # any valid key: admin or sales


def _signed_in(request: Request, readers: ReadersDep, settings: SettingsDep) -> Caller | None:
    """Who signed in to the workspace in this browser (the key cookie), or None: a page that
    anyone may open (the chat) never sends them to the login form."""
    key = request.cookies.get(KEY_COOKIE)
    if not key:
        return None
    try:
        return check_key(readers, settings, key, *key_guard(request))
    except HTTPException:
        return None


SignedInDep = Annotated[Caller | None, Depends(_signed_in)]


def _admin_viewer(viewer: ViewerDep) -> Caller:
    if viewer.role is not ApiRole.ADMIN:
        raise PageForbidden(ADMIN_ONLY)
    return viewer


AdminViewerDep = Annotated[Caller, Depends(_admin_viewer)]  # with `actor` for the audit log


def check_same_origin(request: Request) -> None:
    """`PageForbidden` unless the browser says the request came from one of our pages."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        raise PageForbidden(CROSS_SITE)
    origin = request.headers.get("origin")
    if origin and origin != "null":  # "null": our Referrer-Policy hides it on our own posts
        ours = f"{request.url.scheme}://{request.url.netloc}"
        if origin != ours:
            raise PageForbidden(CROSS_SITE)


async def _form(request: Request, _: ViewerDep) -> AsyncIterator[FormData]:
    """A posted page form, once it is known to come from our own page (see the module);
    its uploaded files are closed after the response."""
    check_same_origin(request)
    async with request.form() as form:
        token = form.get("form_token")
        if not isinstance(token, str) or not hmac.compare_digest(token, form_token(request)):
            raise PageForbidden(CROSS_SITE)
        yield form


FormDep = Annotated[FormData, Depends(_form)]


def install(app: FastAPI) -> None:
    """Serve /static and send browsers without a key to the login form."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden) -> Response:
        context = {"title": "Not allowed", "message": str(exc)}
        return templates.TemplateResponse(request, "error.html", context, 403)

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path, safe='')}", 303)
