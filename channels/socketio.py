"""Rasa's socket.io channel (the chat page), telling the person when a turn failed.

Rasa 3.6 says nothing over socket.io when a turn fails (action server unreachable, lock
store down, an exception): the chat would wait forever. Here a turn that ends without a
single bot message, or runs longer than `turn_timeout` seconds (credentials.yml, default
30), is answered with a `bot_uttered` message saying so, marked `"error"` like the REST
channel's (channels/rest.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from channels.rest import TIMED_OUT, TURN_TIMEOUT_S, UNAVAILABLE, answer

__all__ = ["SocketIOInput"]


class _CountingOutput(SocketIOOutput):
    """Rasa's socket.io output, counting what it sent and keeping buttons' explanations."""

    def __init__(self, inner: SocketIOOutput) -> None:
        super().__init__(inner.sio, inner.bot_message_evt)
        self.sent = 0

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Rasa's (each paragraph a message, the buttons on the last one as quick replies),
        but a button's `explanation` (the customer's need buttons have one) is kept."""
        parts = text.strip().split("\n\n") or [text]
        for part in parts[:-1]:
            await self._send_message(recipient_id, {"text": part, "quick_replies": []})
        replies = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]}
            | ({"explanation": b["explanation"]} if b.get("explanation") else {})
            for b in buttons
        ]
        await self._send_message(recipient_id, {"text": parts[-1], "quick_replies": replies})


class SocketIOInput(RasaSocketIOInput):
    """Rasa's `SocketIOInput`; a failed turn gets an error message instead of silence."""

    turn_timeout = TURN_TIMEOUT_S

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketIOInput:
        credentials = dict(credentials or {})
        timeout = float(credentials.pop("turn_timeout", None) or TURN_TIMEOUT_S)
        channel = super().from_credentials(credentials)
        channel.turn_timeout = timeout
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered(message: UserMessage) -> None:
            output = message.output_channel = _CountingOutput(message.output_channel)
            failure = await answer(on_new_message, message, self.turn_timeout)
            if output.sent == 0:
                error = failure or "unavailable"
                text = TIMED_OUT if error == "timeout" else UNAVAILABLE
                await output._send_message(message.sender_id, {"text": text, "error": error})

        return super().blueprint(answered)
