"""A custom action that does nothing: the baseline turn of the latency benchmark."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


class ActionPing(Action):
    """Answer "pong" and touch nothing, so a turn's fixed cost can be measured."""

    def name(self) -> str:
        return "action_ping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text="pong")
        return []
