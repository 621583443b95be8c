"""The customer-facing chat page: talks to Rasa's socket.io channel from the browser.

The page opens with the interview's first question, in the interviewer's own words: the
role question for anyone, or, for an invitation link, the customer's greeting in their
company's name and in the customer's language (the page's own labels follow it,
api/chat_labels.py). A viewer signed in to the workspace with a sales or admin key gets a rep's
session (api/chat_session.py) and is greeted as one, the page saying who is signed in.

An invitation's token travels in the link's fragment, which browsers never send, so
the page posts it here (in a body, out of access logs) to learn whom it greets, or why the
link does not open the customer's interview.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from api.chat_labels import LABELS
from api.chat_session import issue_session, session_conversation
from api.deps import ReadersDep, SettingsDep
from api.web import SignedInDep, templates
from assistant import invitations
from assistant.access import Caller, chat_rep
from assistant.errors import InvitationExpired, InvitationRevoked, InvitationUsed, UnknownInvitation
from assistant.interview import buttons, wording
from assistant.interview.language import from_locale
from assistant.interview.messages import Reply

router = APIRouter(include_in_schema=False)

InviteToken = Annotated[str | None, Query(min_length=1, max_length=200)]
NOT_CONFIGURED = (
    "The chat is not configured on this server: CHAT_SESSION_SECRET is not set "
    "(`needfinder run` sets one)."
)


class InvitationCheck(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    session_id: str | None = Field(default=None, min_length=1, max_length=1000)
    # The browser's language (`navigator.language`): the notice's language when the link
    # names no customer whose language is known.
    locale: str | None = Field(default=None, max_length=35)


def _shown(reply: Reply) -> dict[str, object]:
    return {"text": reply.text, "buttons": [asdict(b) for b in reply.buttons]}


def _identity(rep: Caller | None) -> str:
    if rep is None:
        return "open"
    return "rep-" + hashlib.sha256(rep.actor.encode()).hexdigest()[:16]


def _status(exc: UnknownInvitation) -> int:
    if isinstance(exc, InvitationUsed):
        return status.HTTP_409_CONFLICT
    if isinstance(exc, InvitationExpired | InvitationRevoked):
        return status.HTTP_410_GONE
    return status.HTTP_404_NOT_FOUND


@router.get("/chat", response_class=HTMLResponse)
def chat(
    request: Request, settings: SettingsDep, viewer: SignedInDep, invite: InviteToken = None
) -> HTMLResponse:
    """The chat, with a new server-signed session id (used unless the browser kept one for
    the same viewer); with an invitation every message carries its token as metadata."""
    if settings.chat_session_secret is None:
        unavailable = {"title": "Chat unavailable", "message": NOT_CONFIGURED}
        return templates.TemplateResponse(request, "error.html", unavailable, status_code=503)
    rep = chat_rep(viewer)
    _, session = issue_session(settings.chat_session_secret.get_secret_value(), rep)
    opening = (
        Reply(wording.rep_welcome(rep.name))
        if rep
        else Reply(wording.welcome(invited=False), buttons.roles())
    )
    greetings: dict[str, object] = {
        "open": _shown(opening),
        # For an invitation the page could not check: the customer's greeting, unnamed.
        "invited": _shown(Reply(wording.welcome(invited=True))),
    }
    if not rep:  # once the page speaks Danish (a refused Danish invitation): its greetings
        greetings["languages"] = {
            code: {
                "open": _shown(Reply(said.welcome(invited=False), buttons.roles(code))),
                "invited": _shown(Reply(said.welcome(invited=True))),
            }
            for code in LABELS
            if (said := wording.in_language(code)) is not wording
        }
    context: dict[str, object] = {
        "rasa_url": settings.rasa_browser_url, "invite": invite or "", "session": session,
        "greetings": greetings, "rep": rep, "labels": LABELS,
        # Which browser storage the page keeps its session in: one per signed-in key, so a
        # rep's session is never resumed by whoever opens the chat after them.
        "identity": _identity(rep),
    }  # fmt: skip
    response = templates.TemplateResponse(request, "chat.html", context)
    # The page carries a session of its own: no cache may hand it to someone else.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/chat/invitation")
def invitation(body: InvitationCheck, readers: ReadersDep, settings: SettingsDep) -> JSONResponse:
    """The invited customer's greeting in their language (`language`: theirs, or null when not
    known, then English), or why the link does not open their interview: 404 unknown, 410
    expired or withdrawn, 409 used by another conversation. Binds nothing: the first message
    does. `session_id` is the page's signed session id; one we did not
    sign names no conversation (a link already used then counts as used by another)."""
    secret = settings.chat_session_secret
    conversation = (
        session_conversation(body.session_id, secret.get_secret_value())
        if body.session_id and secret is not None
        else None
    )
    with readers() as session:
        try:
            customer = invitations.check(session, body.token, conversation)
        except UnknownInvitation as exc:
            language = exc.language or from_locale(body.locale)
            notice = wording.in_language(language).invitation_notice(exc.kind, exc.expired_on)
            refusal = {"detail": notice, "reason": exc.kind, "language": language}
            return JSONResponse(refusal, status_code=_status(exc))
        name, language = customer.name, customer.language
    words = wording.in_language(language)
    greeting = _shown(Reply(words.welcome(invited=True, customer=name)))
    return JSONResponse({"customer": name, "language": language, "greeting": greeting})
