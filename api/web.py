"""The web pages' plumbing: Jinja2 templates, static files and the login check for /ui pages.

Pages reuse the API's key check (`api.deps.check_key`): a browser presents its key in the
cookie set by /ui/login (a script may send the X-API-Key header instead). Without a valid
one a page redirects to the login form instead of answering 401, so a person sees where to go.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import KEY_COOKIE, KEY_HEADER, ReadersDep, SettingsDep, check_key, key_guard
from assistant.store.models import ApiRole
from assistant.taxonomy import load_taxonomy

__all__ = ["LoginRequired", "ViewerDep", "install", "safe_next", "templates"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"

templates = Jinja2Templates(directory=HERE / "templates")


def _wish_label(code: str | None) -> str:
    return load_taxonomy().wish_label(code)


def _need_label(code: str | None) -> str:
    return load_taxonomy().need_label(code)


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


templates.env.globals.update(wish_label=_wish_label, need_label=_need_label)
templates.env.filters.update(
    wish_label=_wish_label, need_label=_need_label, when=_when, day=_day, short_id=_short_id
)


class LoginRequired(Exception):
    """A page was asked for without a valid key: the browser goes to the login form."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


def safe_next(path: str | None) -> str:
    """Where to go after logging in: only our own pages (no open redirect)."""
    if path and path.startswith("/ui/") and not path.startswith("/ui/login"):
        return path
    return "/ui/interviews"


def _viewer(request: Request, sessions: ReadersDep, settings: SettingsDep) -> ApiRole:
    try:
        key = request.headers.get(KEY_HEADER) or request.cookies.get(KEY_COOKIE)
        return check_key(sessions, settings, key, *key_guard(request))
    except HTTPException as exc:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target) from exc


ViewerDep = Annotated[ApiRole, Depends(_viewer)]  # any valid key: admin or sales


def install(app: FastAPI) -> None:
    """Serve /static and send browsers without a key to the login form."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path, safe='')}", 303)
