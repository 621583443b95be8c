"""The web pages' plumbing: Jinja2 templates, static files and the login check for /ui pages.

Pages reuse the API's key check (`api.deps.check_key`): a browser presents its key in the
cookie set by /ui/login (a script may send the X-API-Key header instead). Without a valid
one a page redirects to the login form instead of answering 401, so a person sees where to go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import KEY_COOKIE, KEY_HEADER, ReadersDep, SettingsDep, check_key, key_guard
from assistant.access import Caller
from assistant.store.models import ApiRole
from assistant.taxonomy import load_taxonomy

__all__ = [
    "AdminOnly",
    "AdminViewerDep",
    "LoginRequired",
    "SameOriginDep",
    "ViewerDep",
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


templates.env.globals.update(wish_label=_wish_label, need_label=_need_label)
templates.env.filters.update(wish_label=_wish_label, need_label=_need_label)


class LoginRequired(Exception):
    """A page was asked for without a valid key: the browser goes to the login form."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


class AdminOnly(Exception):
    """A page for admins was asked for with a sales key."""


class CrossSite(Exception):
    """A page's form was sent from another site."""


def safe_next(path: str | None) -> str:
    """Where to go after logging in: only our own pages (no open redirect)."""
    if path and path.startswith("/ui/") and not path.startswith("/ui/login"):
        return path
    return "/ui/interviews"


def _viewer(request: Request, sessions: ReadersDep, settings: SettingsDep) -> Caller:
    try:
        key = request.headers.get(KEY_HEADER) or request.cookies.get(KEY_COOKIE)
        return check_key(sessions, settings, key, *key_guard(request))
    except HTTPException as exc:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target) from exc


ViewerDep = Annotated[Caller, Depends(_viewer)]  # any valid key: admin or sales


def _admin_viewer(viewer: ViewerDep) -> Caller:
    if viewer.role is not ApiRole.ADMIN:
        raise AdminOnly()
    return viewer


AdminViewerDep = Annotated[Caller, Depends(_admin_viewer)]


def _same_origin(request: Request) -> None:
    """A page's form must come from our own pages (the key cookie is SameSite=Strict too).

    Browsers say where a request comes from in Sec-Fetch-Site; without it, the Origin must
    be ours ("null" is what a page with `Referrer-Policy: no-referrer` sends for itself).
    """
    if site := request.headers.get("sec-fetch-site"):
        if site not in ("same-origin", "none"):
            raise CrossSite()
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise CrossSite()


SameOriginDep = Depends(_same_origin)


def install(app: FastAPI) -> None:
    """Serve /static and send browsers without a key to the login form."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path, safe='')}", 303)

    @app.exception_handler(AdminOnly)
    async def _admin_only(request: Request, _exc: AdminOnly) -> Response:
        message = "This page is for administrators: log in with an admin key."
        context = {"title": "Admins only", "message": message}
        return templates.TemplateResponse(request, "error.html", context, 403)

    @app.exception_handler(CrossSite)
    async def _cross_site(request: Request, _exc: CrossSite) -> Response:
        message = "This form was sent from another site; nothing was changed."
        context = {"title": "Refused", "message": message}
        return templates.TemplateResponse(request, "error.html", context, 403)
