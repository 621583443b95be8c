"""The Danish parameter rules: "3 dage", "inden kl. 7", "mellem 6 og 11", "to gange om ugen",
"halve paller", "netto 60 dage", "lb. md. + 30 dage", "200.000 kr.".

Values are normalised exactly as the English ones (`assistant.needs.parameters`), so a figure
means the same whichever language it was said in. One value English has no words for yet: a
payment term from the end of the month ("løbende måned + 30") is `{"days": 30, "from":
"month_end"}`. Numbers are read the Danish way: "200.000" is two hundred thousand, "2,5" is 2.5.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from assistant.needs.parameters import _CLOCK, Rules, _clean, _parse_clock
from assistant.needs.parameters import _first_number as first_number

__all__ = ["DANISH"]

NUMBER_WORDS = {
    "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tyve": 20,
    "tredive": 30, "fyrre": 40, "halvtreds": 50, "tres": 60, "halvfems": 90, "hundrede": 100,
    "halvanden": 1.5, "halv": 0.5, "kvart": 0.25,
}  # fmt: skip
_ARTICLES = {"en", "et", "én", "ét"}  # "one" and "a": a number only before a unit
_WORDS = "|".join(w for w in NUMBER_WORDS if w not in _ARTICLES | {"halv", "kvart"})
_DIGITS = r"\d+([.,]\d+)*"
NUM = {"LOWER": {"REGEX": rf"^({_DIGITS}|{_WORDS})$"}}
NUM_OR_EN = {"LOWER": {"REGEX": rf"^({_DIGITS}|{_WORDS}|en|et|én|ét)$"}}
ORDINAL = {"LOWER": {"REGEX": r"^\d+\.?$"}}  # "hver 14. dag"

DURATION_UNITS = {
    "minut": "minutes", "minutter": "minutes", "min": "minutes", "min.": "minutes",
    "time": "hours", "timer": "hours", "timers": "hours", "t": "hours", "døgn": "days",
    "dag": "days", "dage": "days", "dags": "days", "dages": "days", "hverdag": "working_days",
    "hverdage": "working_days", "hverdages": "working_days", "arbejdsdag": "working_days",
    "arbejdsdage": "working_days", "arbejdsdages": "working_days", "uge": "weeks",
    "uger": "weeks", "ugers": "weeks", "måned": "months", "måneder": "months",
    "måneders": "months", "mdr": "months", "mdr.": "months",
}  # fmt: skip
QUANTITY_UNITS = {
    "palle": "pallet", "paller": "pallet", "helpalle": "pallet", "helpaller": "pallet",
    "kasse": "box", "kasser": "box", "papkasse": "box", "papkasser": "box", "karton": "carton",
    "kartoner": "carton", "stk": "piece", "stk.": "piece", "styk": "piece", "stykker": "piece",
    "enhed": "unit", "enheder": "unit", "kolli": "parcel", "pakke": "pack", "pakker": "pack",
    "sæk": "sack", "sække": "sack", "tønde": "drum", "tønder": "drum", "rulle": "roll",
    "ruller": "roll", "ton": "tonne", "tons": "tonne", "kg": "kg", "kilo": "kg", "liter": "litre",
    "lag": "layer", "container": "container", "containere": "container", "flaske": "bottle",
    "flasker": "bottle", "rullebur": "cage", "rullebure": "cage", "læs": "truckload",
    "lastbiler": "truckload", "pallepladser": "pallet_place", "palleplads": "pallet_place",
}  # fmt: skip
# One word for a part pallet: its share of a pallet (None: a part of unknown size).
PART_PALLETS = {
    "halvpalle": 0.5, "halvpaller": 0.5, "kvartpalle": 0.25, "kvartpaller": 0.25,
    "delpalle": None, "delpaller": None,
}  # fmt: skip
PERIODS = {
    "dag": "day", "dagen": "day", "døgn": "day", "døgnet": "day", "uge": "week", "ugen": "week",
    "måned": "month", "måneden": "month", "år": "year", "året": "year", "vagt": "shift",
    "skift": "shift", "dage": "day", "uger": "week", "måneder": "month",
}  # fmt: skip
WEEKDAYS = {
    "mandag": "monday", "tirsdag": "tuesday", "onsdag": "wednesday", "torsdag": "thursday",
    "fredag": "friday", "lørdag": "saturday", "søndag": "sunday",
}  # fmt: skip
_WEEKDAY = rf"^({'|'.join(WEEKDAYS)})(e|en|ene)?$"  # mandag, mandage, mandagen, mandagene
_WEEKDAY_DEFINITE = rf"^({'|'.join(WEEKDAYS)})(en|ene)$"  # "om mandagen": every Monday
ADVERBS = {
    "dagligt": ("day", 1), "daglig": ("day", 1), "daglige": ("day", 1),
    "ugentligt": ("week", 1), "ugentlig": ("week", 1), "ugentlige": ("week", 1),
    "månedligt": ("month", 1), "månedlig": ("month", 1), "månedlige": ("month", 1),
    "kvartalsvis": ("month", 3), "årligt": ("year", 1), "årlig": ("year", 1),
}  # fmt: skip
EVERY_NTH = {"anden": 2, "tredje": 3, "fjerde": 4}
CURRENCIES = {
    "kr": "DKK", "kr.": "DKK", "kroner": "DKK", "dkk": "DKK", ",-": "DKK", "eur": "EUR",
    "euro": "EUR", "€": "EUR", "$": "USD", "usd": "USD", "dollars": "USD",
}  # fmt: skip
MAGNITUDES = {"k": 1e3, "t": 1e3, "tusind": 1e3, "mio": 1e6, "mio.": 1e6, "million": 1e6,
              "millioner": 1e6, "mia": 1e9, "mia.": 1e9}  # fmt: skip
PAYMENT_PREFIXES = ("betal", "faktur", "kredit", "forfald", "netto", "regning")
KL = {"LOWER": {"IN": ["kl.", "kl", "klokken"]}}
CLOCK = {"LOWER": {"REGEX": rf"^{_CLOCK}$"}}
CLOCK_RANGE = {"LOWER": {"REGEX": rf"^{_CLOCK}[-–]{_CLOCK}$"}}
MONTH_END = re.compile(r"^(lb\.?\s?md\.?|lbm\.?|lø\.?\s?md\.?)\+?(\d+)$")  # "lb.md.+30"
UNIT_WORDS = set(DURATION_UNITS) | set(QUANTITY_UNITS) | set(PART_PALLETS) | {"gange", "gang"}


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    kl = {**KL, "OP": "?"}
    per = {"LOWER": {"IN": ["om", "pr.", "pr", "per", "hver", "i", "a", "à", "/"]}}
    period = {"LOWER": {"IN": list(PERIODS)}}
    weekday = {"LOWER": {"REGEX": _WEEKDAY}}
    currency = {"LOWER": {"IN": list(CURRENCIES)}}
    amount = {"LOWER": {"REGEX": r"^\d+([.,]\d+)*(k|t)?$"}}
    magnitude = {"LOWER": {"IN": [m for m in MAGNITUDES if m not in {"k", "t"}]}, "OP": "?"}
    return {
        "duration": [
            [NUM_OR_EN, {"LOWER": {"IN": list(DURATION_UNITS)}}],
            [{"LOWER": {"IN": ["en", "et"]}, "OP": "?"}, {"LOWER": "halv"}, {"LOWER": "time"}],
            [{"LOWER": {"REGEX": r"^\d+(t|h|d)$"}}],
            [{"LOWER": {"IN": ["samme", "næste"]}}, {"LOWER": {"IN": ["dag", "hverdag"]}}],
            [{"LOWER": "dagen"}, {"LOWER": "efter"}],
        ],
        "quantity": [
            [NUM, {"LOWER": {"IN": ["hele", "fulde", "blandede", "ekstra"]}, "OP": "?"},
             {"LOWER": {"IN": list(QUANTITY_UNITS)}}],
            [NUM_OR_EN, {"LOWER": {"IN": ["halv", "halve", "kvart", "kvarte"]}},
             {"LOWER": {"IN": ["palle", "paller"]}}],
            [{"LOWER": {"IN": ["halve", "halv", "kvarte", "kvart"]}},
             {"LOWER": {"IN": ["palle", "paller"]}}],
            [{**NUM_OR_EN, "OP": "?"}, {"LOWER": {"IN": list(PART_PALLETS)}}],
        ],
        "frequency": [
            [NUM_OR_EN, {"LOWER": {"IN": ["gang", "gange", "x"]}}, per, period],
            [NUM_OR_EN, {"LOWER": {"IN": ["gang", "gange"]}}, {"LOWER": {"IN": list(ADVERBS)}}],
            [{"LOWER": {"REGEX": r"^\d+x$"}}, per, period],
            [{"LOWER": {"IN": list(ADVERBS)}}],
            [{"LOWER": "hver"}, {"LOWER": {"IN": list(EVERY_NTH)}, "OP": "?"}, period],
            [{"LOWER": "hver"}, ORDINAL, period],
            [{"LOWER": "hver"}, weekday, {"LOWER": {"IN": ["og", ","]}, "OP": "?"}, weekday],
            [{"LOWER": "hver"}, weekday],
            [{"LOWER": "om"}, {"LOWER": {"REGEX": _WEEKDAY_DEFINITE}}],
        ],
        "time_window": [
            [{"LOWER": {"IN": ["mellem", "ml.", "imellem"]}}, kl, CLOCK, {"LOWER": "og"}, kl,
             CLOCK],
            [{"LOWER": "fra"}, kl, CLOCK, {"LOWER": {"IN": ["til", "-", "–"]}}, kl, CLOCK],
            [{"LOWER": {"IN": ["fra", "mellem", "kl.", "kl", "klokken"]}}, CLOCK_RANGE],
            [{"LOWER": {"IN": ["inden", "før", "senest", "indtil"]}}, kl, CLOCK],
            [{"LOWER": "til"}, KL, CLOCK],
            [{"LOWER": "ikke"}, {"LOWER": {"IN": ["senere", "tidligere"]}}, {"LOWER": "end"}, kl,
             CLOCK],
            [{"LOWER": {"IN": ["efter", "fra"]}}, kl, CLOCK],
            [KL, CLOCK],
        ],
        "payment_term": [
            [{"LOWER": {"IN": ["netto", "net", "netto."]}}, NUM,
             {"LOWER": {"IN": ["dage", "dg", "dg."]}, "OP": "?"}],
            [NUM, {"LOWER": {"IN": ["dages", "dags"]}},
             {"LOWER": {"REGEX": rf"^({'|'.join(PAYMENT_PREFIXES)})"}}],
            [{"LOWER": {"IN": ["løbende", "lb", "lb.", "lø", "lø."]}}, {"TEXT": ".", "OP": "?"},
             {"LOWER": {"IN": ["måned", "md", "md.", "mdr", "mdr."]}},
             {"LOWER": {"IN": ["+", "plus"]}, "OP": "?"}, NUM,
             {"LOWER": {"IN": ["dage", "dg", "dg."]}, "OP": "?"}],
            [{"LOWER": {"IN": ["lbm", "lbm."]}}, {"LOWER": {"IN": ["+", "plus"]}, "OP": "?"}, NUM,
             {"LOWER": {"IN": ["dage", "dg", "dg."]}, "OP": "?"}],
            [{"LOWER": {"REGEX": MONTH_END.pattern}}],
        ],
        "money": [
            [currency, amount, magnitude],
            [amount, magnitude, currency],
        ],
    }  # fmt: skip


def _number(text: str) -> float | None:
    """A Danish number: "200.000" and "1.500" are thousands, "2,5" is two and a half."""
    text = text.lower()
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _first_number(span: Span) -> float | None:
    return first_number(span, _number)


def _duration(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[0] in {"samme", "næste"} or words == ["dagen", "efter"]:
        return {"days": 0 if words[0] == "samme" else 1}
    if "halv" in words:
        return {"hours": 0.5}
    compact = re.match(r"^(\d+)(t|h|d)$", words[-1])
    amount = _first_number(span)
    unit = {"t": "hours", "h": "hours", "d": "days"}[compact.group(2)] if compact else None
    unit = unit or DURATION_UNITS.get(words[-1])
    if amount is None or unit is None:
        return None
    if unit == "minutes":
        return {"hours": round(amount / 60, 4)}
    if words[-1].startswith("døgn"):
        return {"days": _clean(amount)}
    return {unit: _clean(amount)}


def _quantity(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[-1] in PART_PALLETS:
        share = PART_PALLETS[words[-1]]
        return {"unit": "pallet", "partial": True} if share is None else {
            "amount": share, "unit": "pallet"}  # fmt: skip
    fraction = next((NUMBER_WORDS[w.rstrip("e")] for w in words if w.rstrip("e") in
                     {"halv", "kvart"}), None)  # fmt: skip
    unit = QUANTITY_UNITS.get(words[-1])
    amount = fraction if fraction is not None else _first_number(span)
    if unit is None or not amount:
        return None
    if unit == "pallet_place":
        return {"amount": _clean(amount), "unit": "pallet_place"}
    return {"amount": _clean(amount), "unit": unit}


def _frequency(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    if words[-1] in ADVERBS:  # "dagligt", "to gange ugentligt"
        per, every = ADVERBS[words[-1]]
        times = _first_number(span) if len(words) > 1 else 1
        return {"times": _clean(times or 1), "per": per} | ({"every": every} if every > 1 else {})
    days = [WEEKDAYS[match.group(1)] for w in words if (match := re.match(_WEEKDAY, w))]
    if days:
        return {"times": len(days), "per": "week", "days": days}
    if words[0] == "hver":
        every = EVERY_NTH.get(words[1]) or int(_first_number(span) or 1)
        return {"times": 1, "per": PERIODS[words[-1]]} | ({"every": every} if every > 1 else {})
    times = _first_number(span)
    return {"times": _clean(times), "per": PERIODS[words[-1]]} if times else None


def _time_window(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    pieces = [p for w in words for p in re.split(r"[-–](?=\d)", w) if re.fullmatch(_CLOCK, p)]
    times = [_parse_clock(piece) for piece in pieces]
    if not times or None in times:
        return None
    if len(times) >= 2:
        return {"start": times[0], "end": times[-1]}
    if words[0] in {"inden", "før", "senest", "indtil", "til"} or words[1:2] == ["senere"]:
        return {"end": times[0]}
    if words[0] in {"efter", "fra"} or words[1:2] == ["tidligere"]:
        return {"start": times[0]}
    return {"at": times[0]}


def _payment_term(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    packed = MONTH_END.match(words[0]) if len(words) == 1 else None
    if packed:
        return {"days": int(packed.group(2)), "from": "month_end"}
    number = _first_number(span)
    if not number:
        return None
    factor = 7 if words[-1].startswith("uge") else 30 if words[-1].startswith("måned") else 1
    if words[0] in {"løbende", "lb", "lb.", "lø", "lø.", "lbm", "lbm."}:
        return {"days": _clean(number), "from": "month_end"}
    return {"days": _clean(number * factor)}


def _money(span: Span) -> dict[str, Any] | None:
    words = [token.lower_ for token in span]
    currency = next((CURRENCIES[w] for w in words if w in CURRENCIES), None)
    match = next((re.match(r"^(\d+(?:[.,]\d+)*)(k|t)?$", w) for w in words
                  if re.match(r"^\d", w)), None)  # fmt: skip
    if currency is None or match is None:
        return None
    amount = _number(match.group(1)) or 0
    scale = match.group(2) or next((w for w in words if w in MAGNITUDES), "")
    return {"amount": _clean(amount * MAGNITUDES.get(scale, 1)), "currency": currency}


def _near_payment_words(span: Span) -> bool:
    """A duration next to payment words is a payment term ("betale om 60 dage")."""
    doc = span.doc
    window = doc[max(span.start - 5, 0) : min(span.end + 3, len(doc))]
    return any(token.lower_.startswith(PAYMENT_PREFIXES) for token in window) and not any(
        DURATION_UNITS.get(token.lower_) in {"hours", "minutes"} for token in span
    )


# Every pattern holds one of these words or a token with a digit ("en" and "et" are too common
# to check for: a pattern that starts with them also holds a unit or a period).
TRIGGER_WORDS = (
    (set(NUMBER_WORDS) - _ARTICLES) | set(DURATION_UNITS) | set(QUANTITY_UNITS)
    | set(PART_PALLETS) | set(PERIODS) | set(ADVERBS) | set(CURRENCIES)
    | {day + ending for day in WEEKDAYS for ending in ("", "e", "en", "ene")}
    | {"samme", "næste", "dagen", "kl.", "kl", "klokken", "halve", "kvarte"}
)  # fmt: skip

DANISH = Rules(
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
