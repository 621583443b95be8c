"""The customer-facing chat page: talks to Rasa's socket.io channel from the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep
from api.web import templates

router = APIRouter(include_in_schema=False)

InviteToken = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get("/chat", response_class=HTMLResponse)
def chat(request: Request, settings: SettingsDep, invite: InviteToken = None) -> HTMLResponse:
    """The chat; with ?invite=TOKEN every message carries the invitation as metadata."""
    return templates.TemplateResponse(
        request, "chat.html", {"rasa_url": settings.rasa_browser_url, "invite": invite}
    )
