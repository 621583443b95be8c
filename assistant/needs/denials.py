"""Reasons a text rules out: "it's not a money thing", "space isn't the issue".

The need model reads words, not what is said of them: "the cash is fine" scores the money
need at 0.99, as "the cash is tight" does. A reason the person rules out is no reason
(the corpus and every evaluation set label it so), so the needs of a text are read on the
text without such fragments. Only a denial of a reason word counts: "it's not a big shop"
says the shop is small and is kept.
"""

from __future__ import annotations

import re

__all__ = ["without_denials", "without_denied_wishes"]

# What a reason is about, as people name it when they rule it out.
_REASON = (
    r"(?:money|cash|cash ?flow|price|prices|pricing|cost|costs|budget|funds|funding|finance"
    r"|finances|credit|payment|payments|bank|space|room|storage|shelf space|floor space"
    r"|capacity|staff|staffing|timing|hours|truck|trucks|lorry|lorries|van|vans|driver"
    r"|drivers|delivery|deliveries|forklift|lift|weight|handling|paperwork|admin|invoices"
    r"|invoicing|forecast|forecasts|forecasting|demand|sales|volume|volumes|supply|supplies"
    r"|stock|quality)"
)
_OPENERS = r"(?:no|nah|yeah|yes|and|but|so|well|honestly|look|oh|i mean|to be honest)"
_OPENER = rf"(?:{_OPENERS}\W+)*"
# "the cash", "our delivery costs", "space and money", "price per hanger": a reason named
# with at most a determiner and one word before it. Nothing else may come first ("I wish
# the money was fine", "if the cash is fine", "not sure the budget is ok" rule nothing out).
_ONE = rf"(?:(?:the|our|their|my|your|all the)\s+)?(?:[\w-]+\s+)?{_REASON}"
_SUBJECT = rf"{_ONE}(?:\s*(?:,|and|or|&)\s*{_ONE})*(?:\s+per\s+[\w-]+)?"
_NO_ISSUE = (
    r"(?:(?:\s+(?:is|are|was|were|has been|have been)|'s|'re)\s+(?:(?:all|totally|perfectly"
    r"|absolutely|really|pretty)\s+)?(?:fine|ok|okay|sorted|no (?:issue|problem|worry|bother))"
    r"|(?:\s+(?:is|are|was|were)|'s|'re)\s*(?:not|n'?t|never)\s+(?:really\s+)?(?:an?|the|our"
    r"|their|my)\s+(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|\s+(?:isn'?t|aren'?t|wasn'?t|weren'?t)\s+(?:really\s+)?(?:an?|the|our|their|my)\s+"
    r"(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|\s+(?:doesn'?t|does not|don'?t|do not)\s+(?:really\s+)?matter)"
)
_THING = r"(?:thing|issue|problem|side|question|worry)"
_DENIALS = {
    "en": re.compile(
        rf"{_OPENER}(?:"
        # "it's not the money", "it's not a money thing", "not about the cash"
        rf"(?:(?:it'?s|it is|its|that'?s|that is|this is)\s+)?(?:not|never)\s+(?:really\s+"
        rf"|even\s+)?(?:about\s+|because of\s+|down to\s+|to do with\s+)?(?:(?:the|our|their"
        rf"|any)\s+(?:[\w-]+\s+)?{_REASON}(?:\s+{_THING})?|an?\s+{_REASON}\s+{_THING})"
        # "space isn't the issue", "the cash is fine", "our deliveries have been fine"
        rf"|{_SUBJECT}{_NO_ISSUE}"
        # "the problem isn't the money"
        rf"|the (?:problem|issue)(?:\s+is\s+not|\s+isn'?t|'s not)\s+{_ONE}"
        # "nothing to do with storage"
        rf"|(?:it'?s\s+|it has\s+)?nothing to do with\s+{_ONE}"
        # "we've got loads of room", "we have enough space"
        rf"|(?:we|they|i)(?:'ve|\s+have)?(?:\s+got)?\s+(?:(?:plenty|loads|lots|heaps)\s+of|enough)"
        rf"\s+(?:room|space|cash|money|staff|storage)(?:\s+[\w'-]+){{0,3}}"
        rf")(?:\s+(?:really|honestly|though|either|anyway|at all|to be honest|before you ask))*",
        re.IGNORECASE,
    ),
}
# Solutions set aside: "not asking for faster delivery", "forget express", "I don't mean
# quicker". Only these forms: "we don't need a whole pallet" asks for smaller orders.
_WISH_DENIALS = {
    "en": re.compile(
        rf"{_OPENER}(?:"
        r"(?:(?:we'?re|i'?m|they'?re|we are|i am|they are)\s+)?not\s+(?:really\s+)?(?:asking for"
        r"|after|looking for|talking about|about|bothered about|fussed about)\s+(?:[\w'-]+\s*){1,6}"
        r"|(?:forget|never mind)\s+(?:about\s+)?(?:[\w'-]+\s*){1,4}"
        r"|(?:i|we|they)\s+(?:don'?t|do not|didn'?t|did not)\s+mean\s+(?:[\w'-]+\s*){1,6}"
        r"|that'?s not what (?:i|we|they) (?:mean|meant|want|wanted|asked for)"
        r")",
        re.IGNORECASE,
    ),
}
_ONLY_OPENERS = re.compile(rf"(?:{_OPENERS}\W*)+", re.IGNORECASE)
# Fragments: sentences, and clauses after a comma, semicolon or dash, or before "but".
# (Not at "and" or "so": "space and money are fine" is one denial.)
_FRAGMENTS = re.compile(r"[.!?;,:]+ ?| (?:but|though|although) | [-–—] ", re.IGNORECASE)


def without_denials(text: str, lang: str = "en") -> str | None:
    """`text` without the fragments that rule a reason out, or None when it has none (then
    the text is read as it is). Empty when the whole text rules reasons out."""
    return _without(text, _DENIALS.get(lang))


def without_denied_wishes(text: str, lang: str = "en") -> str | None:
    """`text` without the fragments that set a solution aside ("not asking for faster
    delivery, we just want to be told when it's coming"), or None when it has none."""
    return _without(text, _WISH_DENIALS.get(lang))


def _without(text: str, denial: re.Pattern[str] | None) -> str | None:
    if denial is None:
        return None
    text = " ".join(text.split())  # one space between words: the patterns stay linear
    kept, dropped = [], False
    for fragment in _FRAGMENTS.split(text):
        fragment = fragment.strip()
        if not fragment or _ONLY_OPENERS.fullmatch(fragment):
            continue  # "No, the cash is fine": the "No" alone says nothing of a reason
        if denial.fullmatch(fragment):
            dropped = True
        else:
            kept.append(fragment)
    return ". ".join(kept) if dropped else None
