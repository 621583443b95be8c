"""Rasa's Slack connector, posting to a configurable Web API and naming the person who wrote.

Besides Rasa's webhook (events and button clicks), `/webhooks/slack/command` takes Slack
slash commands (`/brief Acme`): signed like every Slack request, answered privately (an
ephemeral message through the command's `response_url`), as are clicks on the buttons of
such a private answer. Every message carries the writer's Slack locale in its metadata
(`locale`, as Teams' do), asked of Slack's `users.info` (`channels/slack_locale.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from functools import partial
from http import HTTPStatus
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from channels.slack_locale import TIMEOUT_S, SlackLocales

__all__ = ["BRIEF_INTENT", "SLACK_API_URL", "SlackInput", "SlackOutput", "SlackResponseOutput"]

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
MAX_SECTION = 3000  # characters of a section's text
MAX_ACTIONS = 25  # elements per actions block (Rasa 3.6 still enforces Slack's old limit, 5)
# What a slash command asks for: a customer's brief (assistant/rep_chat.py reads the payload).
BRIEF_INTENT = "ask_brief"
# How users.info can fail: Slack's error answers (missing_scope, user_not_found, a 5xx),
# the connection, the timeout, a body that is no JSON.
LOCALE_FAILURES = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, ValueError)


def api_url() -> str:
    """Slack's Web API: `SLACK_API_URL` when set (tests), else Slack's own."""
    return os.environ.get("SLACK_API_URL") or SLACK_API_URL


def escape(text: str) -> str:
    """Text for Slack's mrkdwn: `&`, `<` and `>` escaped, so that words a customer typed
    (quoted in a brief) can neither notify a channel (`<!here>`) nor hide a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _element(button: dict[str, Any]) -> dict[str, Any]:
    """A Slack button: it opens `url` (Slack sends no value back), or sends its payload."""
    element = {"type": "button", "text": {"type": "plain_text", "text": button["title"]}}
    if button.get("url"):
        return {**element, "url": button["url"]}
    return {**element, "value": button["payload"]}


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
        self.client = AsyncWebClient(token, base_url=api_url(), proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        # Rasa passes as_user=True, which Slack apps with bot tokens may not send
        # (chat.postMessage answers `invalid_arguments`); a bot token posts as the bot anyway.
        kwargs.pop("as_user", None)
        if "text" in kwargs:
            kwargs["text"] = escape(kwargs["text"])
        await super()._post_message(channel, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Rasa's blocks (a section, then the buttons), for up to 25 buttons per actions block,
        with the buttons' explanations (a customer's need buttons have one) listed between.

        Rasa drops every button beyond five; the interview's "which of these" offers more.
        """
        elements = [_element(button) for button in buttons]
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "plain_text", "text": text}}
        ]
        if explained := [b for b in buttons if b.get("explanation")]:
            lines = "\n".join(
                f"*{escape(b['title'])}*: {escape(b['explanation'])}" for b in explained
            )
            blocks.append(
                {"type": "section", "text": {"type": "mrkdwn", "text": lines[:MAX_SECTION]}}
            )
        blocks += [
            {"type": "actions", "elements": elements[i : i + MAX_ACTIONS]}
            for i in range(0, len(elements), MAX_ACTIONS)
        ]
        recipient = self.slack_channel or recipient_id
        await self._post_message(channel=recipient, text=text, blocks=blocks)


class SlackResponseOutput(SlackOutput):
    """Answers privately to one person through a slash command's or a click's `response_url`
    (an ephemeral message: only they see it, in any channel, the bot a member or not)."""

    def __init__(self, token: str, response_url: str, proxy: str | None = None) -> None:
        super().__init__(token, None, None, proxy)
        self.webhook = AsyncWebhookClient(response_url, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        text = escape(kwargs.get("text") or "")
        sent = await self.webhook.send(
            text=text, blocks=kwargs.get("blocks"), response_type="ephemeral",
            replace_original=False,
        )  # fmt: skip
        if sent.status_code != HTTPStatus.OK:
            log.error("Slack refused a response (%s): %s", sent.status_code, sent.body)


class SlackInput(RasaSlackInput):
    """Rasa's `SlackInput`; metadata also carries `user`, the Slack id of who wrote or clicked,
    and their `locale`; slash commands are taken at `/webhooks/slack/command`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client = AsyncWebClient(
            self.slack_token, base_url=api_url(), proxy=self.proxy, timeout=TIMEOUT_S
        )
        self.locales = SlackLocales(partial(users_locale, client), LOCALE_FAILURES)

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)

    def get_metadata(self, request: Request) -> dict[str, Any]:
        metadata = super().get_metadata(request)
        if metadata:
            metadata["user"] = _sender(request)
            if url := _ephemeral_response_url(request):
                metadata["response_url"] = url
        return metadata

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict[str, Any] | None,
    ) -> Any:
        """Rasa's, but a message with a `response_url` is answered through it (privately),
        and the writer's locale is added to the metadata before the message is handled."""
        on_new_message = self._with_locale(on_new_message)
        url = (metadata or {}).get("response_url")
        if not url:
            return await super().process_message(request, on_new_message, text, sender_id, metadata)
        output = SlackResponseOutput(self.slack_token, url, self.proxy)
        message = UserMessage(text, output, sender_id, input_channel=self.name(), metadata=metadata)
        # In the background, as Rasa does: Slack wants its 200 within 3 seconds.
        task: asyncio.Future[Any] = asyncio.ensure_future(on_new_message(message))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return response.text("")

    def _with_locale(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Callable[[UserMessage], Awaitable[Any]]:
        """`on_new_message`, after adding the Slack user's locale to the message's metadata.

        Asked in the background task that handles the message, so Slack's request is
        acknowledged at once whatever `users.info` takes.
        """

        async def handle(message: UserMessage) -> Any:
            metadata = message.metadata if isinstance(message.metadata, dict) else {}
            if locale := await self.locales.locale(metadata.get("user")):
                message.metadata = {**metadata, "locale": locale}
            return await on_new_message(message)

        return handle

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack = super().blueprint(on_new_message)

        @slack.route("/command", methods=["POST"])
        async def command(request: Request) -> HTTPResponse:
            """A slash command (`/brief Acme`): the rest of its text names the customer."""
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "Message is not properly signed with a valid X-Slack-Signature header",
                    status=HTTPStatus.BAD_REQUEST,
                )
            form = request.form
            user, channel = form.get("user_id"), form.get("channel_id")
            response_url = form.get("response_url")
            if not (user and channel and response_url):
                return response.text(
                    "A slash command needs user_id, channel_id and response_url.",
                    status=HTTPStatus.BAD_REQUEST,
                )
            query = " ".join((form.get("text") or "").split())
            text = f"/{BRIEF_INTENT}" + (json.dumps({"customer": query}) if query else "")
            metadata = {
                "out_channel": channel,
                "thread_id": None,
                "users": [user],
                "user": user,
                "response_url": response_url,
            }
            sender = self._get_conversation_id(user, channel, None)
            return await self.process_message(request, on_new_message, text, sender, metadata)

        return slack


async def users_locale(client: AsyncWebClient, user: str) -> str | None:
    """`user`'s locale as Slack's users.info gives it (e.g. "da-DK"), None if it gives none."""
    answer = await client.users_info(user=user, include_locale=True)
    profile = answer.get("user")
    locale = profile.get("locale") if isinstance(profile, dict) else None
    return locale if isinstance(locale, str) and locale else None


def _ephemeral_response_url(request: Request) -> str | None:
    """The `response_url` of a click on a button of an ephemeral (private) message."""
    if request.headers.get("content-type") != "application/x-www-form-urlencoded":
        return None
    payload = json.loads(request.form["payload"][0])
    if not (payload.get("container") or {}).get("is_ephemeral"):
        return None
    url = payload.get("response_url")
    return url if isinstance(url, str) and url else None


def _sender(request: Request) -> str | None:
    """The Slack user id behind an Events API message or an interactive (button) payload."""
    if request.headers.get("content-type") == "application/json":
        return (request.json.get("event") or {}).get("user")
    payload = json.loads(request.form["payload"][0])
    return (payload.get("user") or {}).get("id")
