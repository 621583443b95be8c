"""Reading a message beyond the model: need candidates, reasons, roles, corrections."""

from __future__ import annotations

import re

from assistant.interview.messages import Understanding
from assistant.interview.vocabulary import Role
from assistant.needs.results import Candidate, Extraction

__all__ = [
    "CANDIDATE_FLOOR",
    "candidates",
    "opening_candidates",
    "role_in",
    "sounds_like_correction",
]

CANDIDATE_FLOOR = 0.05  # below this a need is not worth offering


def candidates(extraction: Extraction) -> list[Candidate]:
    """The needs worth offering, with their evidence sentence where the model gave one."""
    return [
        Candidate(s.code, s.confidence, extraction.evidence.get(s.code, ""))
        for s in extraction.candidates
        if s.confidence >= CANDIDATE_FLOOR
    ]


_REASON = re.compile(
    r"\b(because|since|as we|as our|as the|so that|otherwise|due to|given that|cause|"
    r"the reason|that's why|which is why)\b|[.;:!?]\s+\S|\s[-–—]\s",
    re.IGNORECASE,
)


def opening_candidates(u: Understanding) -> list[Candidate]:
    """Needs in a wish statement count only when it also gives a reason.

    "Could you keep consignment stock?" says nothing of why; a model that still finds a
    need in it is echoing the wish, and the ladder must ask. "...because the store room is
    tiny" goes beyond the wish and may settle the need at once.
    """
    return candidates(u.extraction) if _REASON.search(u.text) else []


def role_in(text: str) -> Role | None:
    lowered = text.lower()
    if re.search(r"\b(sales|rep|account manager|seller|salesperson)\b", lowered):
        return Role.SALES_REP
    if re.search(r"\b(customer|client|buyer|purchas\w*|planner)\b", lowered):
        return Role.CUSTOMER
    return None


def sounds_like_correction(text: str) -> bool:
    return bool(re.match(r"^\s*(no|nope|sorry|actually|i meant|wait)\b", text, re.IGNORECASE))
