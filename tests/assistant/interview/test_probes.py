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

    asked: list[str] = []
    for _ in range(5):
        asked.append(probe_question("why", wish, role=Role.SALES_REP, asked=asked, **ask))

    assert asked == [
        'They asked for "we want smaller orders". Why does Nordic want that?',
        "Nordic asked for smaller orders. Why do they want that?",
        "What is the main reason Nordic asks for smaller orders?",
        "Why does Nordic want that?",
        "About smaller orders: Why does Nordic want that?",
    ]
    assert probe_question("why", wish, role=None, asked=[], **ask).startswith("You said")


def test_long_words_are_not_quoted_and_a_need_stated_directly_is_not_named():
    long = "Sorry, I was just saying hello. What we really want is shorter lead times from you"
    wish = WishState(code=None, text=long)

    questions = [
        probe_question(kind, wish, role=Role.CUSTOMER, customer="Acme", wish_label=None, asked=[])
        for kind in ("why", "today", "incident", "enables", "who")
    ]

    assert questions[0] == "Why is that important to you?"
    assert not any('"' in q or "{" in q or "stated directly" in q for q in questions)
