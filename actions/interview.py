"""The action that handles every turn of an interview."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.services import turn_service
from assistant.errors import InvalidMessage
from assistant.turns import Button, IncomingMessage

log = logging.getLogger(__name__)

# Said when a turn failed on our side; its transaction rolled back, so nothing of it is stored.
# Channels whose messages Rasa verified as coming from a known user (signed requests).
AUTHENTICATED_CHANNELS = frozenset({"slack", "botframework"})
# Set by our REST channel on messages that came with the integration secret
# (channels/rest.py AUTHENTICATED, which runs in Rasa's runtime and cannot be imported here).
REST_AUTHENTICATED = "needfinder_authenticated"
# What an unauthenticated sender's metadata may carry: the invitation link's token, whether
# the web chat showed its own welcome first, and the language the page speaks.
OPEN_METADATA = frozenset({"invite", "welcomed", "locale"})
# Set by our socket.io channel only from a verified session of a rep signed in to the
# workspace (channels/socketio.py WEB_REP): {"role": "sales_rep", "name", "key_role", "actor"}.
WEB_REP = "needfinder_web_rep"

TURN_FAILED = (
    "Sorry, something went wrong on our side and your last message was not saved. "
    "Please send it again in a moment."
)


def incoming_message(tracker: Tracker) -> IncomingMessage:
    """The latest user message of `tracker` as the domain package sees it."""
    latest: dict[str, Any] = tracker.latest_message or {}
    metadata = latest.get("metadata") or {}
    metadata = metadata if isinstance(metadata, dict) else {}
    intent = latest.get("intent") or {}
    channel = tracker.get_latest_input_channel() or "unknown"
    authenticated = channel in AUTHENTICATED_CHANNELS or (
        channel == "rest" and metadata.get(REST_AUTHENTICATED) is True
    )
    rep = _web_rep(channel, metadata)
    if not authenticated:  # a customer or role from anyone would write into any record
        metadata = {k: v for k, v in metadata.items() if k in OPEN_METADATA}
    interviewer = None
    if rep is not None:
        # A rep signed in to the workspace, in the web chat: interviewing, as that key.
        authenticated, interviewer = True, rep["actor"]
        metadata = {**metadata, "role": rep["role"]}
    if channel == "slack":
        # Our Slack workspace is the sales team's: the writer is a rep, interviewing.
        interviewer = metadata.get("user") or None
        metadata = {"role": "sales_rep", **metadata}
    received = [e.get("timestamp") for e in tracker.events if e.get("event") == "user"]
    return IncomingMessage(
        conversation_id=tracker.sender_id,
        text=latest.get("text") or "",
        channel=channel,
        message_id=latest.get("message_id"),
        metadata=metadata,
        interviewer=interviewer,
        intent=intent.get("name"),
        intent_confidence=float(intent.get("confidence") or 0.0),
        entities={
            str(e["entity"]): str(e["value"])
            for e in latest.get("entities") or []
            if "entity" in e and "value" in e
        },
        authenticated=authenticated,
        received_at=float(received[-1]) if received and received[-1] is not None else None,
    )


def _web_rep(channel: str, metadata: dict[str, Any]) -> dict[str, str] | None:
    """The signed-in rep the web chat's session names, or None. Not with an invitation's
    token: that conversation is the invited customer's, whoever opened the link."""
    rep = metadata.get(WEB_REP)
    if channel != "socketio" or not isinstance(rep, dict) or metadata.get("invite"):
        return None
    if rep.get("role") != "sales_rep" or not isinstance(rep.get("actor"), str):
        return None
    return rep


def _button(button: Button) -> dict[str, str]:
    """A button as Rasa passes it on: it opens its `url` (a page) or sends its payload back
    (channels/*); its explanation only when it has one (the web chat shows it beneath the
    title, channels/socketio.py)."""
    shown = (
        {"title": button.title, "url": button.url}
        if button.url
        else {"title": button.title, "payload": button.payload}
    )
    if button.explanation:
        shown["explanation"] = button.explanation
    return shown


class ActionInterviewTurn(Action):
    """Record the person's message and answer it through the interview service."""

    def name(self) -> str:
        return "action_interview_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            replies = await asyncio.to_thread(
                turn_service().handle_message, incoming_message(tracker)
            )
        except InvalidMessage as exc:
            dispatcher.utter_message(text=str(exc))
            return []
        except Exception:
            # The person must see that the turn failed, never an empty reply.
            log.exception("turn of %s failed", tracker.sender_id)
            # `error` lets the REST channel answer 503 (channels/rest.py); others show the text.
            dispatcher.utter_message(text=TURN_FAILED, error="turn_failed")
            return []
        for reply in replies:
            buttons = [_button(b) for b in reply.buttons]
            # The language the interview speaks from now on: the web chat's labels follow it
            # (channels/socketio.py); other channels ignore it.
            spoken = {"language": reply.language} if reply.language else {}
            dispatcher.utter_message(text=reply.text, buttons=buttons or None, **spoken)
        return []
