"""A custom action that does nothing: the baseline turn of the latency benchmark."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import ActionInterviewTurn, incoming_message

# The benchmark's do-nothing turns: "/ping" is a payload, which Rasa takes without its NLU;
# "ping" typed alone goes through the NLU as every typed message does, and counts as one only
# from an integration with the REST secret (the benchmark): a person typing "Ping" (their
# company's name, say) is answering the interview.
PING = "/ping"
TYPED_PING = "ping"


class ActionPing(Action):
    """Answer "pong" and touch nothing, so a turn's fixed cost can be measured."""

    def name(self) -> str:
        return "action_ping"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        said = ((tracker.latest_message or {}).get("text") or "").strip()
        typed = said.lower() == TYPED_PING and incoming_message(tracker).authenticated
        if said != PING and not typed:
            # Rasa's NLU read a person's words as ping ("yes, all the phoning and chasing"):
            # they are an answer, and the interview takes them, as text with no intent.
            tracker.latest_message = {**(tracker.latest_message or {}), "intent": {}}
            return await ActionInterviewTurn().run(dispatcher, tracker, domain)
        dispatcher.utter_message(text="pong")
        return []
