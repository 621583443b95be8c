"""The "why" probes: which comes next, and wordings never asked twice."""

from __future__ import annotations

from assistant.interview.probes import next_probe, probe_question
from assistant.interview.state import LadderStep, WishState
from assistant.interview.vocabulary import Role


def wish_with(*probes: str) -> WishState:
    return WishState(
        "smaller_orders", "we want smaller orders", ladder=[LadderStep(p, "?") for p in probes]
    )


def test_why_comes_first_then_incident_without_direction_or_today_with_some():
    assert next_probe(wish_with(), 0.9) == "why"
    assert next_probe(wish_with("why"), 0.1) == "incident"
    assert next_probe(wish_with("why"), 0.5) == "today"
    assert next_probe(wish_with("why", "today", "incident", "enables", "who"), 0.5) is None


def test_probe_wording_follows_the_role_and_is_never_repeated():
    ask = dict(wish_label="Smaller orders", customer="Nordic")
    wish = wish_with()

    first = probe_question("why", wish, role=Role.SALES_REP, asked=[], **ask)
    second = probe_question("why", wish, role=Role.SALES_REP, asked=[first], **ask)
    third = probe_question("why", wish, role=Role.SALES_REP, asked=[first, second], **ask)

    assert first == 'They asked for "we want smaller orders". Why does Nordic want that?'
    assert second == "What is the main reason Nordic asks for smaller orders?"
    assert third == f"About smaller orders: {second}"
    assert probe_question("why", wish, role=None, asked=[], **ask).startswith("You said")
