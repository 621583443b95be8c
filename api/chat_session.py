"""Session ids of the web chat, issued and signed by the server.

A browser never picks its conversation: each chat page gets a new conversation id, signed
with CHAT_SESSION_SECRET as a JWT (HS256, audience `needfinder:chat`, the conversation id as
subject). Rasa's socket.io channel (channels/socketio.py) joins a socket to a conversation
only for such a token, so knowing or guessing another person's conversation id gives
nothing. The browser keeps its token (localStorage) to resume the conversation after a
reload; there is no expiry, as an interview may be paused and resumed days later.

Web chat conversation ids begin with `web-`; the REST channel refuses such ids from senders
without the integration secret, so the id alone does not open the conversation there either.

A page opened by a workspace viewer signed in with a sales or admin key (`assistant.access.
chat_rep`) gets a rep's session: the token also says `role: "sales_rep"`, the key's name
(`name`, shown on the page), its role (`key_role`) and the audit log's name for it (`actor`,
recorded as the interviewer). The socket.io channel passes these on as trusted metadata, so
the rep may ask for customers' briefs. Such a session expires after `REP_SESSION_S` (12 h):
the page then starts a new chat, as the viewer it is opened by then (a revoked key's rep
session lasts no longer than that).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from assistant.access import Caller

__all__ = [
    "REP_ROLE",
    "REP_SESSION_S",
    "SESSION_AUDIENCE",
    "WEB_PREFIX",
    "issue_session",
    "session_claims",
    "session_conversation",
]

SESSION_AUDIENCE = "needfinder:chat"  # the same in channels/socketio.py
WEB_PREFIX = "web-"  # the same in channels/rest.py
REP_ROLE = "sales_rep"  # the same in channels/socketio.py
REP_SESSION_S = 12 * 3600


def issue_session(secret: str, rep: Caller | None = None) -> tuple[str, str]:
    """A new conversation id and the signed session id that names it; for `rep` (a viewer
    `assistant.access.chat_rep` admits) a rep's session, valid for `REP_SESSION_S`."""
    conversation_id = WEB_PREFIX + uuid.uuid4().hex
    claims: dict[str, Any] = {"sub": conversation_id, "aud": SESSION_AUDIENCE}
    if rep is not None:
        claims |= {
            "role": REP_ROLE, "name": rep.name, "key_role": rep.role.value, "actor": rep.actor,
            "exp": int(time.time()) + REP_SESSION_S,
        }  # fmt: skip
    return conversation_id, jwt.encode(claims, secret, "HS256")


def session_claims(token: str, secret: str) -> dict[str, Any] | None:
    """The claims of a session id `secret` signed (and not expired), else None."""
    try:
        return jwt.decode(token, secret, algorithms=["HS256"], audience=SESSION_AUDIENCE)
    except jwt.PyJWTError:
        return None


def session_conversation(token: str, secret: str) -> str | None:
    """The conversation a session id names, or None if `secret` did not sign it."""
    claims = session_claims(token, secret)
    return claims.get("sub") if claims else None
