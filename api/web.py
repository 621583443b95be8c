"""The web pages' plumbing: Jinja2 templates, static files and the login check for /ui pages.

Pages reuse the API's key check (`api.deps.check_key`): a browser presents its key in the
cookie set by /ui/login (a script may send the X-API-Key header instead). Without a valid
one a page redirects to the login form instead of answering 401, so a person sees where to go.
"""

from __future__ import annotations

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


templates.env.globals.update(wish_label=_wish_label, need_label=_need_label)
templates.env.filters.update(
    wish_label=_wish_label, need_label=_need_label, percent=_percent, decimal=_decimal,
    duration=_duration,
)  # fmt: skip


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
