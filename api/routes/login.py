"""Login for the web pages: a person pastes an API key, kept in an HttpOnly cookie."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import KEY_COOKIE, ReadersDep, SettingsDep, check_key, key_guard
from api.web import check_same_origin, safe_next, templates

router = APIRouter(prefix="/ui", include_in_schema=False)

WRONG_KEY = "This key is unknown or revoked. Paste the whole key, starting with nf_."


async def _open(sessions: ReadersDep, settings: SettingsDep) -> bool:
    """Whether the pages are open (no key issued, none configured)."""
    try:
        await run_in_threadpool(check_key, sessions, settings, None)
    except HTTPException:
        return False
    return True


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request, sessions: ReadersDep, settings: SettingsDep, next: str | None = None
) -> HTMLResponse:
    """The form where a person pastes their API key."""
    context = {"next": safe_next(next), "open": await _open(sessions, settings), "error": None}
    return templates.TemplateResponse(request, "login.html", context)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, sessions: ReadersDep, settings: SettingsDep) -> Response:
    """Check the pasted key; a valid one is kept in an HttpOnly, SameSite=Strict cookie.
    A form another site sent is refused (no planting of someone else's key)."""
    check_same_origin(request)
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    key = form.get("key", [""])[0].strip()
    target = safe_next(form.get("next", [None])[0])
    try:
        await run_in_threadpool(check_key, sessions, settings, key or None, *key_guard(request))
    except HTTPException as exc:
        error = exc.detail if exc.status_code == 429 else WRONG_KEY
        context = {"next": target, "open": False, "error": error}
        return templates.TemplateResponse(
            request, "login.html", context, status_code=exc.status_code
        )
    response = RedirectResponse(target, status_code=303)
    if key:
        response.set_cookie(
            KEY_COOKIE, key, httponly=True, samesite="strict", path="/",
            secure=request.url.scheme == "https",
        )  # fmt: skip
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """Forget the key kept in the cookie (when one of our pages asks)."""
    check_same_origin(request)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(KEY_COOKIE, path="/", httponly=True, samesite="strict")
    return response
