"""Rasa's Slack connector, posting to a configurable Web API and naming the person who wrote."""

from __future__ import annotations

import json
import os
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

__all__ = ["SLACK_API_URL", "SlackInput", "SlackOutput"]

SLACK_API_URL = "https://slack.com/api/"
MAX_ACTIONS = 25  # elements per actions block (Rasa 3.6 still enforces Slack's old limit, 5)


class SlackOutput(SlackBot):
    """Rasa's `SlackBot`, with the Web API at `SLACK_API_URL` (env) and without `as_user`."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        base_url = os.environ.get("SLACK_API_URL") or SLACK_API_URL
        self.client = AsyncWebClient(token, base_url=base_url, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        # Rasa passes as_user=True, which Slack apps with bot tokens may not send
        # (chat.postMessage answers `invalid_arguments`); a bot token posts as the bot anyway.
        kwargs.pop("as_user", None)
        await super()._post_message(channel, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Rasa's blocks (a section, then the buttons), for up to 25 buttons per actions block.

        Rasa drops every button beyond five; the interview's "which of these" offers more.
        """
        elements = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": button["title"]},
                "value": button["payload"],
            }
            for button in buttons
        ]
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": text}}] + [
            {"type": "actions", "elements": elements[i : i + MAX_ACTIONS]}
            for i in range(0, len(elements), MAX_ACTIONS)
        ]
        recipient = self.slack_channel or recipient_id
        await self._post_message(channel=recipient, text=text, blocks=blocks)


class SlackInput(RasaSlackInput):
    """Rasa's `SlackInput`; metadata also carries `user`, the Slack id of who wrote or clicked."""

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)

    def get_metadata(self, request: Request) -> dict[str, Any]:
        metadata = super().get_metadata(request)
        if metadata:
            metadata["user"] = _sender(request)
        return metadata


def _sender(request: Request) -> str | None:
    """The Slack user id behind an Events API message or an interactive (button) payload."""
    if request.headers.get("content-type") == "application/json":
        return (request.json.get("event") or {}).get("user")
    payload = json.loads(request.form["payload"][0])
    return (payload.get("user") or {}).get("id")
