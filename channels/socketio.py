"""Rasa's socket.io channel (the chat page), with server-signed sessions and rate limits.

Differences from Rasa 3.6's `SocketIOInput`:

- **Signed sessions.** A browser cannot pick its conversation: the API issues each chat page
  a session id signed with CHAT_SESSION_SECRET (a JWT, HS256, audience `needfinder:chat`,
  the conversation id as subject; api/chat_session.py). `session_request` joins the
  conversation's room only with a validly signed id, else the socket gets
  `session_rejected` and joins nothing; a message is taken only on a socket whose session
  was confirmed, for that session. Rasa's own channel let anyone name another person's
  session id, join their room and read their replies, or write into their conversation.
- **Signed-in reps.** A session the API issued to a workspace viewer signed in with a
  sales or admin key also carries `role: "sales_rep"`, the key's `name`, `key_role` and
  `actor` (and an expiry). Only from such a verified token does a message get them, as the
  metadata `needfinder_web_rep` (`WEB_REP`); the browser's own metadata never carries it (it
  is dropped), nor after the token expired.
- **Origins.** Only pages from CHAT_ORIGINS (comma-separated; `needfinder proc rasa` sets it
  from CORS_ORIGINS or PUBLIC_URL) may open a connection; Rasa's accepted any Origin.
- **Rate limits** per conversation and client address (channels/limits.py).
- **Failed turns.** Rasa says nothing over socket.io when a turn fails (action server
  unreachable, lock store down, an exception): the chat would wait forever. A turn that ends
  without a bot message, or runs longer than `turn_timeout` seconds (credentials.yml,
  default 30), is answered with a `bot_uttered` message saying so, marked `"error"` like the
  REST channel's (channels/rest.py).
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer  # type: ignore[import-untyped]

from channels.limits import RATE_LIMITED, Limits, client_address, shared_limits
from channels.rest import TIMED_OUT, TURN_TIMEOUT_S, UNAVAILABLE, answer

__all__ = ["SESSION_AUDIENCE", "WEB_REP", "SocketIOInput", "conversation_of", "session_of"]

log = logging.getLogger(__name__)

# The same as api/chat_session.py's (that package runs in the other runtime).
SESSION_AUDIENCE = "needfinder:chat"
REP_ROLE = "sales_rep"
# The metadata a signed-in rep's messages carry (the same in actions/interview.py).
WEB_REP = "needfinder_web_rep"
REP_CLAIMS = ("role", "name", "key_role", "actor")
INVALID_SESSION = (
    "This chat session is not valid (it may be from before a restart). "
    "Please reload the page to start a new chat."
)


def session_of(token: Any, secret: str) -> tuple[str, dict[str, Any] | None] | None:
    """The conversation a session id signed with `secret` names and, for a signed-in rep's
    session, the rep's claims (with `exp`); None if it is no valid session id."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=SESSION_AUDIENCE)
    except jwt.PyJWTError:  # also an expired one
        return None
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        return None
    rep = {k: claims.get(k) for k in REP_CLAIMS}
    if rep["role"] != REP_ROLE or not all(isinstance(v, str) and v for v in rep.values()):
        return subject, None
    if not isinstance(claims.get("exp"), int):  # a rep's session always expires
        return subject, None
    return subject, {**rep, "exp": claims["exp"]}


def conversation_of(token: Any, secret: str) -> str | None:
    """The conversation id a session id signed with `secret` names, or None if it is not one."""
    session = session_of(token, secret)
    return session[0] if session else None


def _quick_reply(button: dict[str, Any]) -> dict[str, Any]:
    """A button as the web chat gets it: a link (`url`) or a payload to send back, with its
    explanation when it has one."""
    reply: dict[str, Any] = {"content_type": "text", "title": button["title"]}
    if button.get("url"):
        reply["url"] = button["url"]
    else:
        reply["payload"] = button["payload"]
    if button.get("explanation"):
        reply["explanation"] = button["explanation"]
    return reply


class _CountingOutput(SocketIOOutput):
    """Rasa's socket.io output, counting what it sent; a button keeps its `url` (a link) and
    its `explanation` (the customer's need buttons have one), and every message the
    `language` the interview action put on it (the page's labels follow it)."""

    def __init__(self, inner: SocketIOOutput) -> None:
        super().__init__(inner.sio, inner.bot_message_evt)
        self.sent = 0
        self.language: str | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        language = message.get("language")
        self.language = language if isinstance(language, str) else None
        await super().send_response(recipient_id, message)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """As Rasa's (the text split at blank lines, the buttons under the last part), but a
        link button (`url`, no payload) reaches the page as a link instead of failing, and a
        button's `explanation` (the customer's need buttons have one) is kept."""
        parts = text.strip().split("\n\n") or [text]
        messages: list[dict[str, Any]] = [{"text": part, "quick_replies": []} for part in parts]
        messages[-1]["quick_replies"] = [_quick_reply(b) for b in buttons]
        for message in messages:
            await self._send_message(recipient_id, message)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        if self.language and isinstance(response, dict):
            response = {**response, "language": self.language}
        await super()._send_message(socket_id, response)


def _metadata(data: dict[str, Any], key: str) -> dict[str, Any]:
    metadata = data.get(key) or {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = {}
    return metadata if isinstance(metadata, dict) else {}


class SocketIOInput(RasaSocketIOInput):
    """Rasa's `SocketIOInput` with signed sessions, allowed origins and rate limits."""

    turn_timeout = TURN_TIMEOUT_S
    secret = ""
    origins: list[str] = []
    limits: Limits

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketIOInput:
        credentials = dict(credentials or {})
        timeout = float(credentials.pop("turn_timeout", None) or TURN_TIMEOUT_S)
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SocketIOInput)
        channel.turn_timeout = timeout
        channel.secret = os.environ.get("CHAT_SESSION_SECRET", "")
        if not channel.secret:
            raise ValueError(
                "CHAT_SESSION_SECRET is not set: the web chat could not tell its sessions "
                "from forged ones (`needfinder run` sets it)"
            )
        origins = os.environ.get("CHAT_ORIGINS", "")
        channel.origins = [o.strip() for o in origins.split(",") if o.strip()]
        channel.limits = shared_limits()
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # No allowed origin listed: no browser page may connect (scripts send no Origin).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origins or [""])
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            address = client_address(environ.get("sanic.request"))
            await sio.save_session(sid, {"address": address}, namespace=namespace)
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            token = data.get("session_id") if isinstance(data, dict) else None
            verified = session_of(token, self.secret)
            session = await sio.get_session(sid, namespace=namespace)
            if verified is None:
                log.info("socket %s: session refused (not signed by us)", sid)
                await sio.emit(
                    "session_rejected",
                    {"error": "invalid_session", "text": INVALID_SESSION},
                    room=sid,
                    namespace=namespace,
                )
                return
            conversation, rep = verified
            if (joined := session.get("conversation")) and joined != conversation:
                sio.leave_room(sid, joined, namespace=namespace)
            session.update(conversation=conversation, token=token, rep=rep)
            await sio.save_session(sid, session, namespace=namespace)
            entered = sio.enter_room(sid, conversation, namespace=namespace)
            if inspect.isawaitable(entered):  # a coroutine from python-socketio 5.10 on
                await entered
            confirmed = {"session_id": token, "conversation_id": conversation}
            await sio.emit("session_confirm", confirmed, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session = await sio.get_session(sid, namespace=namespace)
            conversation = session.get("conversation")
            output = _CountingOutput(SocketIOOutput(sio, self.bot_message_evt))
            if not conversation or data.get("session_id") != session.get("token"):
                refusal = {"text": INVALID_SESSION, "error": "invalid_session"}
                await sio.emit(self.bot_message_evt, refusal, room=sid, namespace=namespace)
                return
            if wait := await self.limits.admit(conversation, session.get("address", "unknown")):
                log.info(
                    "conversation %s: message refused, rate limit (wait %d s)", conversation, wait
                )
                limited: dict[str, object] = {
                    "text": RATE_LIMITED.format(wait=wait),
                    "error": "rate_limited",
                    "wait": wait,
                }
                await sio.emit(self.bot_message_evt, limited, room=sid, namespace=namespace)
                return
            metadata = _metadata(data, self.metadata_key or "metadata")
            metadata.pop(WEB_REP, None)  # only a verified session says who is signed in
            if (rep := session.get("rep")) and rep["exp"] > time.time():
                metadata[WEB_REP] = {k: rep[k] for k in REP_CLAIMS}
            message = UserMessage(
                str(data.get("message") or ""),
                output,
                conversation,
                input_channel=self.name(),
                metadata=metadata,
            )
            failure = await answer(on_new_message, message, self.turn_timeout)
            if output.sent == 0:
                error = failure or "unavailable"
                text = TIMED_OUT if error == "timeout" else UNAVAILABLE
                await output._send_message(conversation, {"text": text, "error": error})

        return webhook
