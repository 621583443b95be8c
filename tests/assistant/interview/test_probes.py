"""The "why" probes: which comes next, and wordings never asked twice."""

from __future__ import annotations

import json
import re

from assistant.config import PROJECT_ROOT as ROOT
from assistant.interview.probes import QUOTE_LIMIT, next_probe, probe_question, quotable
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


def why(text: str, label: str | None = "Shorter lead time") -> str:
    wish = WishState(code="shorter_lead_time" if label else None, text=text)
    return probe_question(
        "why", wish, role=Role.CUSTOMER, customer="Acme", wish_label=label, asked=[]
    )


def test_a_quote_is_the_whole_message_or_the_wish_is_named_instead():
    issue = (
        "Sorry, I was just saying hello. What we really want is shorter lead times from "
        "your Hamburg warehouse"
    )

    assert why(issue) == "You mentioned shorter lead time. Why is that important to you?"
    assert why("we need shorter lead times.") == (
        'You said "we need shorter lead times". Why is that important to you?'
    )
    assert why('we want "express"  delivery!') == (
        "You said \"we want 'express' delivery\". Why is that important to you?"
    )
    assert why('/choose_wish{"wish":"shorter_lead_time"}').startswith("You mentioned")


def test_quotes_stop_at_the_limit_without_cutting():
    fits = ("a" * 9 + " ") * (QUOTE_LIMIT // 10 - 1) + "a" * 9 + "."
    assert len(fits) == QUOTE_LIMIT
    assert quotable(fits) == fits[:-1]
    assert quotable(fits[:-1] + "aa") is None
    assert quotable(" \n ") is None


def test_no_opening_of_the_evaluation_set_is_quoted_in_part():
    lines = (ROOT / "data" / "eval" / "openings_dev.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines]

    quoted = 0
    for text in texts:
        question = why(text)
        if match := re.fullmatch(r'You said "(.*)"\. Why is that important to you\?', question):
            quoted += 1
            said = " ".join(text.split()).replace('"', "'")
            assert said.startswith(match[1]), (text, question)
            assert re.fullmatch(r"[\s.,;:!?…]*", said[len(match[1]) :]), (text, question)
            assert len(match[1]) <= QUOTE_LIMIT
        else:
            assert '"' not in question and "…" not in question, question
    assert 0 < quoted < len(texts)
