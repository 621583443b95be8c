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
    its `explanation` (the customer's need buttons have one)."""

    def __init__(self, inner: SocketIOOutput) -> None:
        super().__init__(inner.sio, inner.bot_message_evt)
        self.sent = 0

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
        await super()._send_message(socket_id, response)


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
