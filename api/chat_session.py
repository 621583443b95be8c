"""Session ids of the web chat, issued and signed by the server.

A browser never picks its conversation: each chat page gets a new conversation id, signed
with CHAT_SESSION_SECRET as a JWT (HS256, audience `needfinder:chat`, the conversation id as
subject). Rasa's socket.io channel (channels/socketio.py) joins a socket to a conversation
only for such a token, so knowing or guessing another person's conversation id gives
nothing. The browser keeps its token (localStorage) to resume the conversation after a
reload; there is no expiry, as an interview may be paused and resumed days later.

Web chat conversation ids begin with `web-`; the REST channel refuses such ids from senders
without the integration secret, so the id alone does not open the conversation there either.
"""

from __future__ import annotations

import uuid

import jwt

__all__ = ["SESSION_AUDIENCE", "WEB_PREFIX", "issue_session", "session_conversation"]

SESSION_AUDIENCE = "needfinder:chat"  # the same in channels/socketio.py
WEB_PREFIX = "web-"  # the same in channels/rest.py


def issue_session(secret: str) -> tuple[str, str]:
    """A new conversation id and the signed session id that names it."""
    conversation_id = WEB_PREFIX + uuid.uuid4().hex
    token = jwt.encode({"sub": conversation_id, "aud": SESSION_AUDIENCE}, secret, "HS256")
    return conversation_id, token


def session_conversation(token: str, secret: str) -> str | None:
    """The conversation a session id names, or None if `secret` did not sign it."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=SESSION_AUDIENCE)
    except jwt.PyJWTError:
        return None
    return claims.get("sub")
