"""The customer-facing chat page: talks to Rasa's socket.io channel from the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.chat_session import issue_session
from api.deps import SettingsDep
from api.web import templates

router = APIRouter(include_in_schema=False)

InviteToken = Annotated[str | None, Query(min_length=1, max_length=200)]
NOT_CONFIGURED = (
    "The chat is not configured on this server: CHAT_SESSION_SECRET is not set "
    "(`needfinder run` sets one)."
)


@router.get("/chat", response_class=HTMLResponse)
def chat(request: Request, settings: SettingsDep, invite: InviteToken = None) -> HTMLResponse:
    """The chat, with a new server-signed session id (used unless the browser kept one);
    with ?invite=TOKEN every message carries the invitation as metadata."""
    if settings.chat_session_secret is None:
        context = {"title": "Chat unavailable", "message": NOT_CONFIGURED}
        return templates.TemplateResponse(request, "error.html", context, status_code=503)
    _, session = issue_session(settings.chat_session_secret.get_secret_value())
    context = {"rasa_url": settings.rasa_browser_url, "invite": invite or "", "session": session}
    response = templates.TemplateResponse(request, "chat.html", context)
    # The page carries a session of its own: no cache may hand it to someone else.
    response.headers["Cache-Control"] = "no-store"
    return response
