"""Rasa's REST channel, answering a failed turn with an error instead of an empty 200.

Rasa 3.6 answers `POST /webhooks/rest/webhook` with 200 and whatever the bot said, also when
the turn failed: the action server unreachable, the lock store (Redis) down, an exception
anywhere. The person then gets an empty reply and cannot tell that nothing was recorded.
Here a failed turn is answered with HTTP 503 and a message saying so, in the usual body
shape (a list of messages, each with `"error"`: `unavailable`, `timeout`, or `turn_failed`
when the interview action itself reports that the turn was not saved):

    [{"recipient_id": "t1", "text": "Sorry, ...", "error": "unavailable"}]

A message may carry its id in the `X-Request-ID` header (HAProxy adds one in scaled mode):
sent again with the same id, for instance replayed to another Rasa server after the first
died mid-turn, it gets the replies recorded the first time and is not recorded twice.

Every message to Needfinder gets a reply from `action_interview_turn`, so a turn that ends
without one failed. A turn running longer than `turn_timeout` seconds (credentials.yml,
default 30) is answered with 503 as well rather than hanging. Whether that turn was
recorded depends on how far it got: once or not at all, never twice.

A sender without the integration secret cannot name a web chat's conversation (ids beginning
with `web-`, issued and signed by the server for the chat page): 403. It is rate-limited per
sender id and client address (channels/limits.py): over the limit a message is answered 429
with Retry-After and the usual body, `"error": "rate_limited"`, and not recorded.

`GET /webhooks/rest/ready` is the readiness check of the Rasa server (HAProxy's health
check, the start order): 200 when the model is loaded and the tracker store and lock store
answer, else 503 naming what is missing.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from channels.limits import RATE_LIMITED, Limits, client_address, shared_limits

__all__ = ["RestInput", "UNAVAILABLE", "TIMED_OUT", "answer"]

log = logging.getLogger(__name__)

TURN_TIMEOUT_S = 30.0
# Web chat conversations (api/chat_session.py): only their signed session opens them.
WEB_PREFIX = "web-"
NOT_YOURS = "This conversation belongs to the web chat; open it from the chat page."
# Set on a message's metadata when it came with the integration secret (`REST_SECRET`) as a
# bearer token: only then do its `customer` and `role` count (actions/interview.py reads it).
# Whatever a sender puts under this key itself is removed first.
AUTHENTICATED = "needfinder_authenticated"
# A message id chosen by the sender (HAProxy sets one): a message sent again with the same id
# is answered with the replies recorded the first time instead of being recorded twice.
MESSAGE_ID_HEADER = "X-Request-ID"
UNAVAILABLE = (
    "Sorry, the assistant cannot answer right now and your message may not have been saved. "
    "Please send it again in a moment."
)
TIMED_OUT = (
    "Sorry, the assistant took too long to answer and your message may not have been saved. "
    "Please send it again in a moment."
)


async def answer(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    timeout_s: float,
) -> str | None:
    """Run one turn; None when it completed, else why it failed ("timeout", "unavailable")."""
    try:
        await asyncio.wait_for(on_new_message(message), timeout_s)
    except asyncio.TimeoutError:
        log.error("turn of %s timed out after %.0f s", message.sender_id, timeout_s)
        return "timeout"
    except Exception:
        log.exception("turn of %s failed", message.sender_id)
        return "unavailable"
    return None


class _Collector(CollectingOutputChannel):
    """Rasa's collector, keeping the `error` mark the interview action puts on a message."""

    def __init__(self) -> None:
        super().__init__()
        self.error: str | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        before = len(self.messages)
        await super().send_response(recipient_id, message)
        if error := message.get("error"):
            self.error = str(error)
            for sent in self.messages[before:]:
                sent["error"] = self.error


def _tracker_engine(agent: Any) -> Any:
    """The SQLAlchemy engine under Rasa's tracker store wrappers, if it is an SQL store."""
    store = agent.tracker_store
    while store is not None and not hasattr(store, "engine"):
        store = getattr(store, "_tracker_store", None)
    return getattr(store, "engine", None)


def _readiness_problems(agent: Any) -> list[str]:
    if agent is None or not agent.is_ready():
        return ["model not loaded"]
    problems = []
    if (engine := _tracker_engine(agent)) is not None:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            problems.append(f"tracker store: {type(exc).__name__}")
    if ping := getattr(agent.lock_store, "ping", None):
        try:
            ping()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"lock store: {type(exc).__name__}")
    return problems


def _vetted(metadata: Any, request: Request) -> dict[str, Any]:
    """The message's metadata, marked as authenticated only when the secret came with it."""
    vetted = dict(metadata) if isinstance(metadata, dict) else {}
    vetted.pop(AUTHENTICATED, None)
    secret = os.environ.get("REST_SECRET", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if secret and hmac.compare_digest(given.encode(), secret.encode()):
        vetted[AUTHENTICATED] = True
    return vetted


class RestInput(RasaRestInput):
    """`POST /webhooks/rest/webhook` like Rasa's, with failed turns answered 503."""

    def __init__(self, turn_timeout: float = TURN_TIMEOUT_S, limits: Limits | None = None) -> None:
        self.turn_timeout = turn_timeout
        self.limits = limits or shared_limits()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        return cls(float((credentials or {}).get("turn_timeout") or TURN_TIMEOUT_S))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            problems = await asyncio.to_thread(_readiness_problems, agent)
            return response.json(
                {"status": "down" if problems else "up", "problems": problems},
                status=503 if problems else 200,
            )

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            input_channel = self._extract_input_channel(request)
            metadata = _vetted(self.get_metadata(request), request)
            if not metadata.get(AUTHENTICATED) and str(sender_id).startswith(WEB_PREFIX):
                body = [{"recipient_id": sender_id, "text": NOT_YOURS, "error": "forbidden"}]
                return response.json(body, status=403)
            if not metadata.get(AUTHENTICATED) and (
                wait := await self.limits.admit(sender_id, client_address(request))
            ):
                log.info("sender %s: message refused, rate limit (wait %d s)", sender_id, wait)
                body = [
                    {
                        "recipient_id": sender_id,
                        "text": RATE_LIMITED.format(wait=wait),
                        "error": "rate_limited",
                    }
                ]
                return response.json(body, status=429, headers={"Retry-After": str(wait)})
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(  # Rasa's streaming, unchanged
                    self.stream_response(on_new_message, text, sender_id, input_channel, metadata),
                    content_type="text/event-stream",
                )
            collector = _Collector()
            message = UserMessage(
                text,
                collector,
                sender_id,
                input_channel=input_channel,
                message_id=request.headers.get(MESSAGE_ID_HEADER) or None,
                metadata=metadata,
            )
            failure = await answer(on_new_message, message, self.turn_timeout)
            if collector.error:
                return response.json(collector.messages, status=503)
            if collector.messages:  # answered, even if something failed afterwards
                return response.json(collector.messages)
            error = failure or "unavailable"  # no reply at all: the action did not run
            text_out = TIMED_OUT if error == "timeout" else UNAVAILABLE
            body = [{"recipient_id": message.sender_id, "text": text_out, "error": error}]
            return response.json(body, status=503)

        return webhook
