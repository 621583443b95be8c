"""Reasons a text rules out: "it's not a money thing", "space isn't the issue".

The need model reads words, not what is said of them: "the cash is fine" scores the money
need at 0.99, as "the cash is tight" does. A reason the person rules out is no reason
(the corpus and every evaluation set label it so), so the needs of a text are read on the
text without such fragments. Only a denial of a reason word counts: "it's not a big shop"
says the shop is small and is kept.
"""

from __future__ import annotations

import re

__all__ = ["without_denials"]

# What a reason is about, as people name it when they rule it out.
_REASON = (
    r"(?:money|cash|cash ?flow|price|prices|pricing|cost|costs|budget|funds|funding|finance"
    r"|finances|credit|payment|payments|bank|the bank|space|room|storage|shelf space"
    r"|floor space|capacity|staff|staffing|time|timing|hours|truck|trucks|lorry|lorries|van"
    r"|vans|driver|drivers|delivery|deliveries|forklift|lift|weight|handling|paperwork|admin"
    r"|invoices|invoicing|forecast|forecasts|forecasting|demand|sales|volume|volumes|supply"
    r"|supplies|stock|quality)"
)
_OPENER = r"(?:(?:no|nah|yeah|yes|and|but|so|well|honestly|look|oh|i mean)\W+)*"
_SUBJECT = rf"(?:[\w'-]+\s+){{0,3}}?{_REASON}(?:\s+[\w'-]+){{0,2}}?"
_NO_ISSUE = (
    r"(?:(?:is|are|was|were|'s|has been|have been)\s+(?:(?:all|totally|perfectly|absolutely"
    r"|really|pretty)\s+)?(?:fine|ok|okay|good|great|sorted|no (?:issue|problem|worry|bother))"
    r"|(?:is|are|was|were|'s)\s*(?:not|n'?t|never)\s+(?:really\s+)?(?:an?|the|our|their|my)\s+"
    r"(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|(?:isn'?t|aren'?t|wasn'?t|weren'?t|is not|are not|was not|were not)\s+(?:really\s+)?"
    r"(?:an?|the|our|their|my)\s+(?:issue|problem|worry|concern|point|bottleneck|thing)"
    r"|(?:doesn'?t|does not|don'?t|do not)\s+(?:really\s+)?matter)"
)
_DENIALS = {
    "en": re.compile(
        rf"{_OPENER}(?:"
        # "it's not the money", "it's not a money thing", "not about the cash"
        rf"(?:(?:it'?s|it is|its|that'?s|that is|this is)\s+)?(?:not|never)\s+(?:really\s+"
        rf"|just\s+|even\s+)?(?:about\s+|because of\s+|down to\s+|to do with\s+)?(?:the|a|an"
        rf"|our|their|any)\s+(?:[\w'-]+\s+)?{_REASON}(?:\s+(?:thing|issue|problem|side|question"
        rf"|worry))?"
        # "space isn't the issue", "the cash is fine", "our deliveries have been fine"
        rf"|(?:the\s+|our\s+|their\s+|my\s+)?{_SUBJECT}\s+{_NO_ISSUE}"
        # "nothing to do with storage"
        rf"|(?:it'?s\s+|it has\s+)?nothing to do with\s+(?:the\s+|our\s+|their\s+)?"
        rf"(?:[\w'-]+\s+)?{_REASON}"
        # "we've got loads of room"
        rf"|(?:we|they|i)(?:'ve|\s+have)?(?:\s+got)?\s+(?:plenty|loads|lots|heaps|enough)\s+of\s+"
        rf"(?:room|space|cash|money|staff|storage)(?:\s+[\w'-]+){{0,3}}"
        rf")(?:\s+(?:really|honestly|though|either|anyway|at all|to be honest|before you ask))*",
        re.IGNORECASE,
    ),
}
# Fragments: sentences, clauses after a comma or semicolon, and around "but", "though", "so".
_FRAGMENTS = re.compile(r"[.!?;,:]+\s*|\s+(?:but|though|although|so|and)\s+|\s+[-–—]\s+", re.I)


def without_denials(text: str, lang: str = "en") -> str | None:
    """`text` without the fragments that rule a reason out, or None when it has none (then
    the text is read as it is). Empty when the whole text rules reasons out."""
    denial = _DENIALS.get(lang)
    if denial is None:
        return None
    kept, dropped = [], False
    start = 0
    for match in [*_FRAGMENTS.finditer(text), None]:
        end = match.start() if match else len(text)
        fragment = text[start:end].strip()
        if fragment and denial.fullmatch(fragment):
            dropped = True
        elif fragment:
            kept.append(fragment)
        if match:
            start = match.end()
    return ". ".join(kept) if dropped else None
