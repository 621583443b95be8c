"""Rasa's Bot Framework connector (Microsoft Teams), with Microsoft's addresses configurable.

Rasa 3.6 hard-codes them as module constants, read when used: the OpenID metadata document
listing the keys that sign incoming activities (fetched at start, then daily) and the login
host that issues the bot's token for replies. `BOTFRAMEWORK_OPENID_URL` and
`BOTFRAMEWORK_LOGIN_URL` replace them when set (tests; national clouds); unset, Rasa's
addresses stay. `MICROSOFT_APP_TENANT_ID` makes the token come from that tenant, as a
single-tenant Azure Bot needs (Rasa asks the multi-tenant `botframework.com` one).
Incoming tokens are validated by Rasa: signature by a listed key, audience (our app id),
expiry.

One fix: Rasa sends buttons as `{"title", "payload"}`, which is no Bot Framework card
action, so Teams could not send a click back; they become `messageBack` actions here (and
buttons with a `url` become `openUrl` actions).
"""

from __future__ import annotations

import os
from typing import Any

import rasa.core.channels.botframework as rasa_botframework
from rasa.core.channels.botframework import BotFramework
from rasa.core.channels.botframework import BotFrameworkInput as RasaBotFrameworkInput
from sanic.request import Request

__all__ = ["BotFrameworkInput", "BotFrameworkOutput", "configure_rasa"]


class BotFrameworkOutput(BotFramework):
    """Rasa's `BotFramework` output, with buttons Teams can click."""

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        actions = [
            # A link opens its page; otherwise the payload goes to the bot and the chat shows
            # the title as what the person said.
            {"type": "openUrl", "title": b["title"], "value": b["url"]}
            if b.get("url")
            else {
                "type": "messageBack",
                "title": b["title"],
                "text": b["payload"],
                "displayText": b["title"],
            }
            for b in buttons
        ]
        hero = {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"subtitle": text, "buttons": actions},
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [hero]}))


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
