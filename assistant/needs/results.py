"""What the need model finds in a text, as plain frozen data (no spaCy needed to read it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "Candidate",
    "Extraction",
    "Parameter",
    "Scored",
    "candidates_from_json",
    "candidates_to_json",
    "still_ruled_out",
]

# A need an answer ruled out counts again once a later answer reads it at least this likely.
SAID_AGAIN = 0.7


@dataclass(frozen=True)
class Scored:
    """A code with the model's confidence in it (0..1, rounded to 4 decimals)."""

    code: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": self.confidence}


@dataclass(frozen=True)
class Parameter:
    """A figure found in a text, with character offsets and a normalised value where cheap."""

    kind: str  # duration | quantity | frequency | time_window | payment_term | money
    text: str
    start: int
    end: int
    value: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "value": dict(self.value)}  # fmt: skip


@dataclass(frozen=True)
class Extraction:
    """What one text says: wishes and needs above threshold, all need candidates, parameters."""

    text: str
    wishes: tuple[Scored, ...] = ()
    needs: tuple[Scored, ...] = ()
    candidates: tuple[Scored, ...] = ()  # every need, best first, thresholds ignored
    parameters: tuple[Parameter, ...] = ()
    evidence: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    cues: tuple[str, ...] = ()  # codes whose cue words (taxonomy) occur in the text
    # With two or more clauses ("half pallets and a call the day before"): each clause's
    # likeliest wish, in the order the clauses are said, thresholds ignored. A second wish
    # said in a clause of its own is often too faint in the whole text's scores.
    clause_wishes: tuple[Scored, ...] = ()
    clauses: tuple[str, ...] = ()  # the clauses themselves, in the same order
    # What the text mentions and sets aside for later ("…, but that's another story"), as
    # said: no evidence of its needs (`denials.set_aside`).
    set_aside: tuple[str, ...] = ()
    # Needs the text rules out ("we've got loads of room, so it's not that"): read in the
    # words that rule them out (`denials.ruled_out`), never evidence for them.
    ruled_out: tuple[str, ...] = ()
    # The needs those words name that no sentence of the rest states but one asking for a
    # wish: in a wish statement the wish's own words echo its usual need ("Could we have
    # the invoices at 60 days? It isn't the money, honestly." reads money in the rest), which
    # states nothing (`reading.opening_candidates`).
    denied: tuple[str, ...] = ()

    def to_dict(self, *, evidence: bool = True) -> dict[str, Any]:
        """The JSON shape; `evidence=False` leaves the evidence sentence out of each need."""
        needs = []
        for need in self.needs:
            item = need.to_dict()
            if evidence:
                item["evidence"] = self.evidence.get(need.code, "")
            needs.append(item)
        return {
            "text": self.text,
            "wishes": [wish.to_dict() for wish in self.wishes],
            "needs": needs,
            "parameters": [parameter.to_dict() for parameter in self.parameters],
        }


@dataclass(frozen=True)
class Candidate:
    """A need a message suggested, with the model's confidence and the sentence that said it."""

    code: str
    confidence: float
    evidence: str = ""  # "" when the model gave no sentence (the whole message is the evidence)


def candidates_to_json(candidates: Iterable[Candidate]) -> list[dict[str, Any]]:
    """The stored shape: `{"code", "confidence"}` plus `"evidence"` when there is one."""
    return [
        {
            "code": c.code,
            "confidence": c.confidence,
            **({"evidence": c.evidence} if c.evidence else {}),
        }
        for c in candidates
    ]


def candidates_from_json(data: Iterable[Mapping[str, Any]] | None) -> list[Candidate]:
    """Candidates from their stored shape; entries without a code are skipped."""
    return [
        Candidate(str(c["code"]), float(c.get("confidence") or 0.0), str(c.get("evidence") or ""))
        for c in data or []
        if c.get("code")
    ]


def still_ruled_out(answers: Iterable[tuple[Iterable[Candidate], Iterable[str]]]) -> set[str]:
    """The needs the answers (each: its candidates, the needs it ruled out; in the order
    said) ruled out and no later answer stated again (read at least `SAID_AGAIN`)."""
    out: set[str] = set()
    for candidates, ruled in answers:
        said = {c.code for c in candidates if c.confidence >= SAID_AGAIN}
        out = (out - said) | set(ruled)
    return out
