"""Rule-based extraction of figures in a wish: durations, quantities, frequencies, times, money.

The English rules are here; the Danish ones in `assistant.needs.parameters_da`. Both give the
same normalised values ("3 dage" and "3 days" are both `{"days": 3}`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from assistant.errors import UnsupportedLanguage
from assistant.needs.results import Parameter

__all__ = ["ParameterFinder", "Rules", "rules_for"]

Normaliser = Callable[[Span], dict[str, Any] | None]


@dataclass(frozen=True)
class Rules:
    """One language's parameter grammar: Matcher patterns and a normaliser per kind."""

    patterns: Mapping[str, list[list[dict[str, Any]]]]
    normalisers: Mapping[str, Normaliser]
    triggers: frozenset[str]  # a doc with none of these words (and no digit) has no parameter
    unit_words: frozenset[str]  # after "between 6 and 10" they make it a quantity, not a time
    payment_context: Callable[[Span], bool]  # a duration in this span's context is a term


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
    "hundred": 100, "once": 1, "twice": 2, "thrice": 3, "half": 0.5, "quarter": 0.25,
    "1/2": 0.5, "1/4": 0.25,
}  # fmt: skip
_WORD_NUMBERS = "|".join(word for word in NUMBER_WORDS if word not in {"a", "an"})
NUM = {"LOWER": {"REGEX": rf"^(\d+([.,]\d+)*|{_WORD_NUMBERS})$"}}
NUM_OR_A = {"LOWER": {"REGEX": rf"^(\d+([.,]\d+)*|a|an|{_WORD_NUMBERS})$"}}
DASH = {"TEXT": {"IN": ["-", "–", "—"]}}

DURATION_UNITS = {
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "h": "hours",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "wk": "weeks",
    "wks": "weeks", "month": "months", "months": "months",
}  # fmt: skip
QUANTITY_UNITS = {
    "pallet": "pallet", "pallets": "pallet", "box": "box", "boxes": "box", "carton": "carton",
    "cartons": "carton", "unit": "unit", "units": "unit", "piece": "piece", "pieces": "piece",
    "pcs": "piece", "crate": "crate", "crates": "crate", "case": "case", "cases": "case",
    "bag": "bag", "bags": "bag", "drum": "drum", "drums": "drum", "roll": "roll",
    "rolls": "roll", "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne",
    "kg": "kg", "kilos": "kg", "litre": "litre", "litres": "litre", "liter": "litre",
    "liters": "litre", "layer": "layer", "layers": "layer", "container": "container",
    "containers": "container", "truckload": "truckload", "truckloads": "truckload",
    "pack": "pack", "packs": "pack", "parcel": "parcel", "parcels": "parcel",
    "items": "item", "item": "item", "sacks": "sack", "bottles": "bottle", "rolls-cages": "cage",
}  # fmt: skip
PALLET_PLACES = ["places", "spaces", "positions", "slots", "place", "space"]
PERIODS = {
    "day": "day", "week": "week", "month": "month", "year": "year", "fortnight": "fortnight",
    "shift": "shift", "morning": "day", "days": "day", "weeks": "week", "months": "month",
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ADVERBS = {
    "daily": ("day", 1), "nightly": ("day", 1), "hourly": ("hour", 1), "weekly": ("week", 1),
    "monthly": ("month", 1), "fortnightly": ("week", 2), "biweekly": ("week", 2),
    "bi-weekly": ("week", 2), "quarterly": ("month", 3), "yearly": ("year", 1),
    "annually": ("year", 1),
}  # fmt: skip
CURRENCIES = {
    "eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD",
    "dollars": "USD", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "chf": "CHF",
}  # fmt: skip
PAYMENT_WORDS = {"pay", "paid", "paying", "payment", "payments", "invoice", "invoices", "credit",
                 "terms", "net", "settle", "due"}  # fmt: skip

_CLOCK = r"([01]?\d|2[0-3])([:.h][0-5]\d)?"
CLOCK = {"LOWER": {"REGEX": rf"^({_CLOCK}(am|pm|h)?|noon|midday|midnight)$"}}
CLOCK_EXACT = {"LOWER": {"REGEX": rf"^({_CLOCK}(am|pm)|{_CLOCK}[:.][0-5]\d|noon|midday|midnight)$"}}
AMPM = {"LOWER": {"IN": ["am", "pm", "a.m.", "p.m.", "o'clock", "h", "hrs"]}}
AMPM_OPT = {**AMPM, "OP": "?"}
UNIT_WORDS = set(DURATION_UNITS) | set(QUANTITY_UNITS) | set(PERIODS) | {"times", "x", "percent"}


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    dur_unit = {"LOWER": {"IN": list(DURATION_UNITS)}}
    qty_unit = {"LOWER": {"IN": list(QUANTITY_UNITS)}}
    period = {"LOWER": {"IN": list(PERIODS)}}
    per = {"LOWER": {"IN": ["a", "per", "each", "every", "an"]}}
    weekday = {"LOWER": {"REGEX": rf"^({'|'.join(WEEKDAYS)})s?$"}}
    working = {"LOWER": {"IN": ["working", "business", "calendar", "work"]}, "OP": "?"}
    currency = {"LOWER": {"IN": list(CURRENCIES)}}
    amount = {"LOWER": {"REGEX": r"^\d+([.,]\d+)*(k|m|bn)?$"}}
    magnitude = {"LOWER": {"IN": ["k", "m", "thousand", "million"]}, "OP": "?"}
    return {
        "duration": [
            [NUM_OR_A, working, dur_unit],
            [NUM, DASH, working, dur_unit],
            [{"LOWER": {"REGEX": r"^\d+(h|hrs?|d|wks?)$"}}],
            [{"LOWER": {"IN": ["same", "next"]}}, {**DASH, "OP": "?"}, working, {"LOWER": "day"}],
            [{"LOWER": "overnight"}],
        ],
        "quantity": [
            [NUM, {"LOWER": {"IN": ["full", "mixed", "euro", "extra"]}, "OP": "?"}, qty_unit],
            [NUM, {"LOWER": {"IN": ["pallet", "pallets"]}}, {"LOWER": {"IN": PALLET_PLACES}}],
            [
                {"LOWER": "a", "OP": "?"},
                {"LOWER": {"IN": ["half", "quarter", "part", "partial", "1/2", "1/4"]}},
                {"LOWER": {"IN": ["a", "of"]}, "OP": "?"},
                {"LOWER": "a", "OP": "?"},
                {"LOWER": {"IN": ["pallet", "pallets"]}},
            ],
        ],
        "frequency": [
            [{"LOWER": {"IN": ["once", "twice", "thrice"]}}, per, period],
            [NUM, {"LOWER": {"IN": ["times", "x"]}}, per, period],
            [{"LOWER": {"REGEX": r"^\d+x$"}}, per, period],
            [{"LOWER": {"IN": list(ADVERBS)}}],
            [
                {"LOWER": {"IN": ["every", "each"]}},
                {"LOWER": {"IN": ["other", "second"]}, "OP": "?"},
                {"LOWER": {"IN": [*PERIODS, *WEEKDAYS]}},
            ],
            [
                {"LOWER": {"IN": ["every", "each"]}},
                weekday,
                {"LOWER": {"IN": ["and", ","]}},
                weekday,
            ],
            [{"LOWER": "every"}, NUM, period],
            [{"LOWER": "on"}, {"LOWER": {"REGEX": rf"^({'|'.join(WEEKDAYS)})s$"}}],
        ],
        "time_window": [
            [
                {"LOWER": "between"},
                CLOCK,
                AMPM_OPT,
                {"LOWER": {"IN": ["and", "-", "–"]}},
                CLOCK,
                AMPM_OPT,
            ],
            [
                {"LOWER": "from"},
                CLOCK,
                AMPM_OPT,
                {"LOWER": {"IN": ["to", "till", "until", "-", "–"]}},
                CLOCK,
                AMPM_OPT,
            ],
            [CLOCK_EXACT, {"LOWER": {"IN": ["-", "–", "to"]}}, CLOCK_EXACT],
            [CLOCK, {"LOWER": {"IN": ["-", "–", "to"]}}, CLOCK, AMPM],
            [CLOCK, DASH, {"LOWER": {"REGEX": rf"^{_CLOCK}(am|pm)$"}}],
            [{"LOWER": {"REGEX": rf"^{_CLOCK}[-–]{_CLOCK}(am|pm)?$"}}],
            [{"LOWER": {"IN": ["before", "after", "until", "till", "by"]}}, CLOCK, AMPM_OPT],
            [
                {"LOWER": "no"},
                {"LOWER": {"IN": ["later", "earlier"]}},
                {"LOWER": "than"},
                CLOCK,
                AMPM_OPT,
            ],
            [
                {"LOWER": "at"},
                CLOCK,
                {"LOWER": {"IN": ["sharp", "o'clock", "am", "pm"]}},
                {"LOWER": "sharp", "OP": "?"},
            ],
            [{"LOWER": "at"}, CLOCK_EXACT, {"LOWER": "sharp", "OP": "?"}],
        ],
        "payment_term": [
            [{"LOWER": "net"}, NUM, {"LOWER": "days", "OP": "?"}],
        ],
        "money": [
            [currency, amount, magnitude],
            [amount, magnitude, {"LOWER": {"IN": [c for c in CURRENCIES if c.isalpha()]}}],
        ],
    }


class ParameterFinder:
    """Finds parameters in a Doc with a spaCy Matcher; build once per vocab, then call per doc."""

    def __init__(self, vocab: Vocab, lang: str = "en") -> None:
        self.rules = rules_for(lang)
        self.matcher = Matcher(vocab)
        for kind, patterns in self.rules.patterns.items():
            self.matcher.add(kind, patterns)

    def __call__(self, doc: Doc) -> tuple[Parameter, ...]:
        rules = self.rules
        if not any(_could_start_parameter(token.lower_, rules.triggers) for token in doc):
            return ()  # most sentences hold no figure; skipping the Matcher halves the cost
        spans = []
        for match_id, start, end in self.matcher(doc):
            kind = doc.vocab.strings[match_id]
            if kind == "time_window" and end < len(doc) and doc[end].lower_ in rules.unit_words:
                continue  # "between 6 and 10 pallets" is not a time
            spans.append(Span(doc, start, end, label=kind))
        found = []
        for span in sorted(filter_spans(spans), key=lambda span: span.start):
            kind = span.label_
            if kind == "duration" and rules.payment_context(span):
                kind = "payment_term"
            value = rules.normalisers[kind](span)
            if value is not None:
                found.append(Parameter(kind, span.text, span.start_char, span.end_char, value))
        return tuple(found)


# Every pattern contains at least one of these words or a token with a digit or a currency sign.
TRIGGER_WORDS = (
    (set(NUMBER_WORDS) - {"a", "an"})
    | set(DURATION_UNITS)
    | set(PERIODS)
    | set(ADVERBS)
    | set(CURRENCIES)
    | {day + "s" for day in WEEKDAYS}
    | {*WEEKDAYS, "same", "next", "overnight", "part", "partial", "noon", "midday", "midnight"}
)


def _could_start_parameter(word: str, triggers: frozenset[str]) -> bool:
    return word in triggers or any(char.isdigit() for char in word)


def _number(text: str) -> float | None:
    text = text.lower().replace(",", "")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    try:
        return float(text)
    except ValueError:
        return None


def _clean(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _first_number(span: Span, number: Callable[[str], float | None] | None = None) -> float | None:
    """The span's first number, each token read by `number` (this language's digits and
    number words; English by default)."""
    read = number or _number
    for token in span:
        match = re.match(r"^(\d+(?:[.,]\d+)*)", token.lower_)
        value = read(match.group(1)) if match else read(token.lower_)
        if value is not None:
            return value
    return None


def _duration(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[0] in {"same", "next"}:
        return {"days": 0 if words[0] == "same" else 1}
    if words == ["overnight"]:
        return {"days": 1}
    amount = _first_number(span)
    compact = re.match(r"^\d+(h|hrs?|d|wks?)$", words[-1])
    unit = {"h": "hours", "d": "days", "w": "weeks"}[compact.group(1)[0]] if compact else None
    unit = unit or DURATION_UNITS.get(words[-1])
    if amount is None or unit is None:
        return None
    if unit == "days" and any(word in {"working", "business", "work"} for word in words):
        unit = "working_days"
    if unit == "minutes":
        return {"hours": round(amount / 60, 4)}
    return {unit: _clean(amount)}


def _quantity(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[-1] in PALLET_PLACES:
        return {"amount": _clean(_first_number(span) or 1), "unit": "pallet_place"}
    if any(word in {"part", "partial"} for word in words):
        return {"unit": "pallet", "partial": True}
    fraction = next(
        (NUMBER_WORDS[w] for w in words if w in {"half", "quarter", "1/2", "1/4"}), None
    )
    amount = fraction if fraction is not None else _first_number(span)
    return {"amount": _clean(amount), "unit": QUANTITY_UNITS[words[-1]]} if amount else None


def _frequency(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[0] in ADVERBS:
        per, every = ADVERBS[words[0]]
        return {"times": 1, "per": per} | ({"every": every} if every > 1 else {})
    days = [w.rstrip("s") for w in words if w.rstrip("s") in WEEKDAYS]
    if days:
        return {"times": len(days), "per": "week", "days": days}
    if words[0] in {"every", "each"}:
        every = 2 if words[1] in {"other", "second"} else int(_first_number(span) or 1)
        per = PERIODS[words[-1]]
        return {"times": 1, "per": per} | ({"every": every} if every > 1 else {})
    times = _first_number(span)
    return {"times": _clean(times), "per": PERIODS[words[-1]]} if times else None


def _parse_clock(text: str, suffix: str = "") -> str | None:
    text = text.lower()
    if text in {"noon", "midday"}:
        return "12:00"
    if text == "midnight":
        return "00:00"
    match = re.match(rf"^{_CLOCK}(am|pm|h)?$", text)
    if not match:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2)[1:]) if match.group(2) else 0
    meridiem = match.group(3) or suffix.replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _time_window(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    meridiem = next((w for w in reversed(words) if w in {"am", "pm", "a.m.", "p.m."}), "")
    pieces = [p for w in words for p in re.split(r"[-–](?=\d)", w) if re.match(CLOCK_RE, p)]
    times = [_parse_clock(piece, meridiem) for piece in pieces]
    if not times or None in times:
        return None
    if len(times) >= 2:
        return {"start": times[0], "end": times[-1]}
    if words[0] in {"before", "until", "till", "by", "no"} and words[1] != "earlier":
        return {"end": times[0]}
    if words[0] in {"after", "from"} or words[1:2] == ["earlier"]:
        return {"start": times[0]}
    return {"at": times[0]}


CLOCK_RE = rf"^({_CLOCK}(am|pm|h)?|noon|midday|midnight)$"


def _payment_term(span: Span) -> dict[str, Any] | None:
    number = _first_number(span)
    words = {token.lower_ for token in span}
    factor = 7 if words & {"week", "weeks"} else 30 if words & {"month", "months"} else 1
    return {"days": _clean(number * factor)} if number else None


def _money(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    currency = next((CURRENCIES[w] for w in words if w in CURRENCIES), None)
    match = next((re.match(r"^(\d+(?:[.,]\d+)*)(k|m|bn)?$", w) for w in words
                  if re.match(r"^\d", w)), None)  # fmt: skip
    if currency is None or match is None:
        return None
    amount = _number(match.group(1)) or 0
    scale = match.group(2) or next((w for w in words if w in {"k", "m", "thousand", "million"}), "")
    amount *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}.get(scale, 1)
    return {"amount": _clean(amount), "currency": currency}


def _near_payment_words(span: Span) -> bool:
    """A duration next to payment words is a payment term ("pay in 60 days")."""
    doc = span.doc
    window = doc[max(span.start - 5, 0) : min(span.end + 3, len(doc))]
    return any(token.lower_ in PAYMENT_WORDS for token in window) and not any(
        token.lower_ in {"hour", "hours", "h", "hrs"} for token in span
    )


ENGLISH = Rules(
    patterns=_patterns(),
    normalisers={
        "duration": _duration,
        "quantity": _quantity,
        "frequency": _frequency,
        "time_window": _time_window,
        "payment_term": _payment_term,
        "money": _money,
    },
    triggers=frozenset(TRIGGER_WORDS),
    unit_words=frozenset(UNIT_WORDS),
    payment_context=_near_payment_words,
)


def rules_for(lang: str) -> Rules:
    """The parameter rules of a language ("en", "da"); UnsupportedLanguage for any other."""
    if lang == "en":
        return ENGLISH
    if lang == "da":
        from assistant.needs.parameters_da import DANISH  # imports this module's helpers

        return DANISH
    raise UnsupportedLanguage(f"no parameter rules for language {lang!r}")
