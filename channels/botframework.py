"""Rasa's Bot Framework connector (Microsoft Teams), with Microsoft's addresses configurable.

Rasa 3.6 hard-codes them as module constants, read when used: the OpenID metadata document
listing the keys that sign incoming activities (fetched at start, then daily) and the login
host that issues the bot's token for replies. `BOTFRAMEWORK_OPENID_URL` and
`BOTFRAMEWORK_LOGIN_URL` replace them when set (tests; national clouds); unset, Rasa's
addresses stay. `MICROSOFT_APP_TENANT_ID` makes the token come from that tenant, as a
single-tenant Azure Bot needs (Rasa asks the multi-tenant `botframework.com` one).
Incoming tokens are validated by Rasa: signature by a listed key, audience (our app id),
expiry.

Buttons, fixed here: Rasa sends them as `{"title", "payload"}`, which is no Bot Framework
card action, so Teams could not send a click back; they become `messageBack` actions (and
buttons with a `url` become `openUrl` actions). Rasa puts the question in a hero card's
`subtitle`, which Teams cuts after two lines, and all buttons on one card, which Teams shows
six of ("Cards reference": hero card `buttons`, maximum 6), so a list of eleven wishes lost
five; here the question is the card's `text`, the buttons come six to a card, and the
explanations the web chat shows beneath a button (a customer's need buttons) are listed
under the question.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
from html import escape
from typing import Any

import aiohttp
import rasa.core.channels.botframework as rasa_botframework
from rasa.core.channels.botframework import BotFramework
from rasa.core.channels.botframework import BotFrameworkInput as RasaBotFrameworkInput
from sanic.request import Request

__all__ = ["BotFrameworkInput", "BotFrameworkOutput", "configure_rasa"]


log = logging.getLogger(__name__)

HERO = "application/vnd.microsoft.card.hero"
SEND_TIMEOUT_S = 15.0  # a reply, or the token, from Microsoft's servers
TIMEOUT = aiohttp.ClientTimeout(total=SEND_TIMEOUT_S)
CARD_BUTTONS = 6  # the most buttons Teams shows on a hero card


def _action(button: dict[str, Any]) -> dict[str, str]:
    """A link opens its page; otherwise the payload goes to the bot and the chat shows the
    title as what the person said."""
    if button.get("url"):
        return {"type": "openUrl", "title": button["title"], "value": button["url"]}
    return {
        "type": "messageBack",
        "title": button["title"],
        "text": button["payload"],
        "displayText": button["title"],
    }


def hero_cards(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A question with buttons as Teams hero cards: the question (and beneath it each
    button's explanation, where buttons have one) on the first, the buttons six to a card.
    A hero card's text is HTML to Teams (Markdown is not rendered), so it is escaped."""
    shown = escape(text, quote=False).replace("\n", "<br>")  # HTML keeps no bare line break
    if explained := [b for b in buttons if b.get("explanation")]:
        items = "".join(
            f"<li><strong>{escape(b['title'], quote=False)}</strong>: "
            f"{escape(b['explanation'], quote=False)}</li>"
            for b in explained
        )
        shown = f"<p>{shown}</p><ul>{items}</ul>"
    actions = [_action(b) for b in buttons]
    chunks = [actions[i : i + CARD_BUTTONS] for i in range(0, len(actions), CARD_BUTTONS)]
    return [
        {
            "contentType": HERO,
            "content": {"text": shown, "buttons": chunk} if i == 0 else {"buttons": chunk},
        }
        for i, chunk in enumerate(chunks or [[]])
    ]


class BotFrameworkOutput(BotFramework):
    """Rasa's `BotFramework` output, with buttons Teams can click and shows, sending without
    blocking: Rasa posts to the Bot Connector (and for its token) with `requests`, in the
    event loop and with no timeout, so one slow answer from Microsoft held up every chat of
    that Rasa server. Here both go through aiohttp, each bounded by `SEND_TIMEOUT_S`."""

    async def _get_headers(self) -> dict[str, Any] | None:
        if BotFramework.token_expiration_date >= datetime.datetime.now():
            return BotFramework.headers
        uri = f"{rasa_botframework.MICROSOFT_OAUTH2_URL}/{rasa_botframework.MICROSOFT_OAUTH2_PATH}"
        payload = {
            "client_id": self.app_id, "client_secret": self.app_password,
            "grant_type": "client_credentials", "scope": "https://api.botframework.com/.default",
        }  # fmt: skip
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
                async with http.post(uri, data=payload) as answer:
                    answer.raise_for_status()
                    token = await answer.json(content_type=None)
            # A minute early: a token is never sent in its last seconds.
            delta = datetime.timedelta(seconds=max(0, int(token["expires_in"]) - 60))
            access = f"Bearer {token['access_token']}"
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError) as exc:
            log.error("Could not get a Bot Framework token: %r", exc)
            return None
        BotFramework.token_expiration_date = datetime.datetime.now() + delta
        BotFramework.headers = {"content-type": "application/json", "Authorization": access}
        return BotFramework.headers

    async def send(self, message_data: dict[str, Any]) -> None:
        uri = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
        headers = await self._get_headers()
        if headers is None:  # no token (logged): the Bot Connector would refuse the reply
            return
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
                async with http.post(uri, headers=headers, data=json.dumps(message_data)) as sent:
                    if sent.status >= 400:
                        log.error("The Bot Connector refused a reply (%s): %s",
                                  sent.status, await sent.text())  # fmt: skip
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.error("A reply could not be sent to the Bot Connector: %r", exc)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        cards = {"attachmentLayout": "list", "attachments": hero_cards(text, buttons)}
        await self.send(self.prepare_message(recipient_id, cards))


def configure_rasa() -> None:
    """Point Rasa's connector at the configured addresses and at our output channel."""
    if url := os.environ.get("BOTFRAMEWORK_OPENID_URL"):
        rasa_botframework.MICROSOFT_OPEN_ID_URI = url
    if url := os.environ.get("BOTFRAMEWORK_LOGIN_URL"):
        rasa_botframework.MICROSOFT_OAUTH2_URL = url.rstrip("/")
    if tenant := os.environ.get("MICROSOFT_APP_TENANT_ID"):
        rasa_botframework.MICROSOFT_OAUTH2_PATH = f"{tenant}/oauth2/v2.0/token"
    # Rasa's webhook builds its output channel by this module-level name.
    rasa_botframework.BotFramework = BotFrameworkOutput


class BotFrameworkInput(RasaBotFrameworkInput):
    """Rasa's `BotFrameworkInput` after `configure_rasa` (it fetches the keys at once)."""

    def __init__(self, app_id: str, app_password: str) -> None:
        configure_rasa()
        super().__init__(app_id, app_password)

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """The activity's `locale` (e.g. "da-DK", Teams' language for the user), from which
        an interview takes its language at the start."""
        body = request.json if isinstance(request.json, dict) else {}
        locale = body.get("locale")
        return {"locale": locale} if isinstance(locale, str) and locale else None
