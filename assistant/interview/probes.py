"""The "why" probes: neutral follow-up questions and the choice of the next one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.interview.state import WishState
from assistant.interview.vocabulary import Role

__all__ = ["MAX_PROBES", "PROBE_ORDER", "QUOTE_LIMIT", "next_probe", "probe_question", "quotable"]

MAX_PROBES = 5
QUOTE_LIMIT = 60  # characters: longer words are never cut to fit, the wish is named instead
FALLBACK = "Could you tell me a bit more about why this matters?"

# Each probe moves from the wish towards its cause from another side. Two wordings per
# role: the second is used when the first was already asked in this interview.
# {wish}: the wish's label in lower case; {quote}: the person's own words; {who}: the customer.
PROBES: dict[str, dict[Role, tuple[str, ...]]] = {
    "why": {
        Role.CUSTOMER: (
            'You said "{quote}". Why is that important to you?',
            "You mentioned {wish}. Why is that important to you?",
            "What is the main reason you would like {wish}?",
            "Why is that important to you?",
        ),
        Role.SALES_REP: (
            'They asked for "{quote}". Why does {who} want that?',
            "{who} asked for {wish}. Why do they want that?",
            "What is the main reason {who} asks for {wish}?",
            "Why does {who} want that?",
        ),
    },
    "today": {
        Role.CUSTOMER: (
            "What happens on your side today, without {wish}?",
            "How do you manage today, as things are?",
        ),
        Role.SALES_REP: (
            "What happens at {who} today, without {wish}?",
            "How does {who} manage today, as things are?",
        ),
    },
    "incident": {
        Role.CUSTOMER: (
            "When did this last cause you trouble, and what did it cost?",
            "Can you describe the last time this was a problem for you?",
        ),
        Role.SALES_REP: (
            "When did this last cause {who} trouble, and what did it cost them?",
            "Can you describe the last time this was a problem for {who}?",
        ),
    },
    "enables": {
        Role.CUSTOMER: (
            "If you had {wish}, what would it make possible for you?",
            "What would change for you if this were solved?",
        ),
        Role.SALES_REP: (
            "If {who} had {wish}, what would it make possible for them?",
            "What would change for {who} if this were solved?",
        ),
    },
    "who": {
        Role.CUSTOMER: (
            "Who on your side is most affected by this, and how?",
            "Which people or departments feel this most, and in what way?",
        ),
        Role.SALES_REP: (
            "Who at {who} is most affected by this, and how?",
            "Which people or departments at {who} feel this most?",
        ),
    },
}
# The same in Danish, informal "du"; {who} is the customer's name or "kunden".
PROBES_DA: dict[str, dict[Role, tuple[str, ...]]] = {
    "why": {
        Role.CUSTOMER: (
            'Du skrev "{quote}". Hvorfor er det vigtigt for dig?',
            "Du nævnte {wish}. Hvorfor er det vigtigt for dig?",
            "Hvad er den vigtigste grund til, at du gerne vil have {wish}?",
            "Hvorfor er det vigtigt for dig?",
        ),
        Role.SALES_REP: (
            'De bad om "{quote}". Hvorfor ønsker {who} det?',
            "{who} bad om {wish}. Hvorfor vil de have det?",
            "Hvad er den vigtigste grund til, at {who} beder om {wish}?",
            "Hvorfor ønsker {who} det?",
        ),
    },
    "today": {
        Role.CUSTOMER: (
            "Hvad sker der hos dig i dag uden {wish}?",
            "Hvordan klarer du det i dag, som det er nu?",
        ),
        Role.SALES_REP: (
            "Hvad sker der hos {who} i dag uden {wish}?",
            "Hvordan klarer {who} det i dag, som det er nu?",
        ),
    },
    "incident": {
        Role.CUSTOMER: (
            "Hvornår gav det dig sidst problemer, og hvad kostede det?",
            "Kan du fortælle om sidste gang, det var et problem for dig?",
        ),
        Role.SALES_REP: (
            "Hvornår gav det sidst {who} problemer, og hvad kostede det dem?",
            "Kan du fortælle om sidste gang, det var et problem for {who}?",
        ),
    },
    "enables": {
        Role.CUSTOMER: (
            "Hvis du fik {wish}, hvad ville det så gøre muligt for dig?",
            "Hvad ville ændre sig for dig, hvis det her blev løst?",
        ),
        Role.SALES_REP: (
            "Hvis {who} fik {wish}, hvad ville det så gøre muligt for dem?",
            "Hvad ville ændre sig for {who}, hvis det her blev løst?",
        ),
    },
    "who": {
        Role.CUSTOMER: (
            "Hvem hos jer mærker det mest, og hvordan?",
            "Hvilke personer eller afdelinger mærker det mest, og på hvilken måde?",
        ),
        Role.SALES_REP: (
            "Hvem hos {who} mærker det mest, og hvordan?",
            "Hvilke personer eller afdelinger hos {who} mærker det mest?",
        ),
    },
}
# Per language: the probes, the fallback question, the customer when unnamed, and the lead-ins
# used when every wording was already asked.
_LANGUAGES = {
    "en": (PROBES, FALLBACK, "the customer", "About {wish}: ", "Once more: "),
    "da": (
        PROBES_DA,
        "Kan du fortælle lidt mere om, hvorfor det betyder noget?",
        "kunden",
        "Om {wish}: ",
        "En gang til: ",
    ),
}
PROBE_ORDER: tuple[str, ...] = ("why", "today", "incident", "enables", "who")


def next_probe(wish: WishState, best_confidence: float) -> str | None:
    """The probe kind that best fills what the answers so far lack; None when all are used.

    No direction yet (weak candidates): ask for a concrete incident, which names causes.
    Some direction: ask what happens today and what a solution would enable, which
    separates the candidate needs. Who is affected comes last.
    """
    used = {step.probe for step in wish.ladder}
    if "why" not in used:
        return "why"
    preference = (
        ("incident", "today", "enables", "who")
        if best_confidence < 0.2
        else ("today", "enables", "incident", "who")
    )
    return next((kind for kind in preference if kind not in used), None)


def probe_question(
    kind: str,
    wish: WishState,
    *,
    role: Role | None,
    customer: str | None,
    wish_label: str | None,
    asked: Sequence[str],
    language: str = "en",
    named: bool = False,
) -> str:
    """The wording of probe `kind`, never one already asked in this interview.

    A wording that quotes the person is used only when their words are short enough to quote
    whole; one that names the wish only when there is a wish (not a need stated directly).
    `named`: the words just before it named the wish ("Got it: smaller orders."), so the
    question neither quotes nor names it again.
    """
    probes, fallback, unnamed, about_wish, once_more = _LANGUAGES.get(language, _LANGUAGES["en"])
    quote = quotable(wish.text)
    wordings = [
        wording
        for wording in probes[kind][role or Role.CUSTOMER]
        if ("{quote}" not in wording or (quote and not named))
        and ("{wish}" not in wording or (wish_label and not named))
    ]
    values = {
        "wish": (wish_label or "").lower(),
        "quote": quote or "",
        "who": customer or unnamed,
    }
    for wording in wordings:
        question = wording.format(**values)
        if question not in asked:
            return question
    # Every wording used (e.g. two wishes with the same label): name the wish explicitly.
    about = about_wish.format(wish=values["wish"]) if wish_label else once_more
    return about + (wordings[-1] if wordings else fallback).format(**values)


_END = re.compile(r"[\s.,;:!?…]+$")
_DOUBLE_QUOTES = str.maketrans({'"': "'", "“": "'", "”": "'", "„": "'"})


def quotable(text: str, limit: int = QUOTE_LIMIT) -> str | None:
    """The person's words as a quote, or None when they are too long to quote whole.

    A quote is always the whole message (never cut mid-sentence or mid-word), on one
    line, without its closing punctuation (the question puts its own after the quote) and
    with double quotes made single, so it reads as one quotation.
    """
    quote = _END.sub("", " ".join(text.split())).translate(_DOUBLE_QUOTES)
    if not quote or len(quote) > limit or quote.startswith("/"):  # "/": a button's payload
        return None
    return quote
