"""The interview's state as plain data, stored as JSON between turns.

The JSON shape is the one `dataclasses.asdict` gives, except need candidates, which are
stored as `{"code", "confidence"}` dicts with `"evidence"` only when there is one, and a
ladder step's `"ruled_out"`, stored only when it holds a need.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from assistant.interview.vocabulary import FindingStatus, Phase, Role, role_or_customer
from assistant.needs.results import (
    Candidate,
    candidates_from_json,
    candidates_to_json,
    still_ruled_out,
)

__all__ = ["DialogueState", "Finding", "LadderStep", "WishState"]


def _fields(state: Any) -> dict[str, Any]:
    """A dataclass's fields by name, lists copied: the JSON shape `dataclasses.asdict` gives
    for fields of plain values, without its deep copy of every nested value (each `to_json`
    writes its nested dataclasses itself; the whole state is written every turn)."""
    return {
        f.name: list(value) if isinstance(value := getattr(state, f.name), list) else value
        for f in fields(state)
    }


@dataclass
class LadderStep:
    """One "why" probe: the question, the answer and the needs the answer suggested."""

    probe: str
    question: str
    answer: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    ruled_out: list[str] = field(default_factory=list)  # needs the answer rules out

    def to_json(self) -> dict[str, Any]:
        data = {**_fields(self), "candidates": candidates_to_json(self.candidates)}
        if not self.ruled_out:  # as stored before answers ruled needs out
            del data["ruled_out"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LadderStep:
        return cls(
            **{**_known(cls, data), "candidates": candidates_from_json(data.get("candidates"))}
        )


@dataclass
class Finding:
    """A need proposed for a wish and what the person said of it."""

    code: str | None
    confidence: float
    status: FindingStatus
    evidence: str = ""

    def __post_init__(self) -> None:
        self.status = FindingStatus(self.status)  # stored JSON holds the plain value

    @classmethod
    def unresolved(cls, confidence: float = 0.0, evidence: str = "") -> Finding:
        """No need settled for the wish (with the best guess's confidence and evidence, if any)."""
        return cls(None, confidence, FindingStatus.UNRESOLVED, evidence)

    def to_json(self) -> dict[str, Any]:
        return {**_fields(self), "status": self.status.value}


@dataclass
class WishState:
    code: str | None
    text: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    ladder: list[LadderStep] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    opening: list[Candidate] = field(default_factory=list)  # needs in the wish statement
    dont_know: int = 0
    done: bool = False

    @property
    def probes(self) -> int:
        return len(self.ladder)

    @property
    def rejected(self) -> set[str]:
        return {f.code for f in self.findings if f.status == FindingStatus.REJECTED and f.code}

    @property
    def ruled_out(self) -> set[str]:
        """Needs an answer ruled out ("loads of room, so it's not that") and no later answer
        stated again (`still_ruled_out`)."""
        return still_ruled_out((step.candidates, step.ruled_out) for step in self.ladder)

    @property
    def outcome(self) -> Finding | None:
        """The confirmed or unresolved finding that closed this wish, if any."""
        final = [f for f in self.findings if f.status != FindingStatus.REJECTED]
        return final[-1] if final else None

    def ranked(self) -> list[tuple[str, float]]:
        """Needs neither rejected nor ruled out, with their best confidence in statement and
        answers, best first."""
        best: dict[str, float] = {}
        excluded = self.rejected | self.ruled_out
        for cands in [self.opening, *(s.candidates for s in self.ladder)]:
            for c in cands:
                if c.code not in excluded:
                    best[c.code] = max(best.get(c.code, 0.0), c.confidence)
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def answered(self, code: str) -> float:
        """The best confidence of need `code` in the answers to the whys (not the statement)."""
        return max(
            (c.confidence for s in self.ladder for c in s.candidates if c.code == code),
            default=0.0,
        )

    def finding(self, code: str, status: FindingStatus) -> Finding:
        """What the person said of need `code`, with its best confidence and evidence."""
        return Finding(code, dict(self.ranked()).get(code, 0.0), status, self.evidence(code))

    def evidence(self, code: str) -> str:
        """The words that suggested `code` most strongly: the model's sentence, or the answer."""
        best, text = -1.0, ""
        sources = [(self.opening, self.text)] + [
            (s.candidates, s.answer or "") for s in self.ladder
        ]
        for cands, source in sources:
            for c in cands:
                if c.code == code and c.confidence > best:
                    best, text = c.confidence, c.evidence or source
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            **_fields(self),
            "parameters": [dict(p) for p in self.parameters],
            "ladder": [step.to_json() for step in self.ladder],
            "findings": [f.to_json() for f in self.findings],
            "opening": candidates_to_json(self.opening),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WishState:
        return cls(
            **{
                **_known(cls, data),
                "ladder": [LadderStep.from_json(s) for s in data.get("ladder", [])],
                "findings": [Finding(**_known(Finding, f)) for f in data.get("findings", [])],
                "opening": candidates_from_json(data.get("opening")),
            }
        )


@dataclass
class DialogueState:
    phase: Phase = Phase.START
    role: Role | None = None
    customer: str | None = None
    wishes: list[WishState] = field(default_factory=list)
    current: int | None = None
    proposed: str | None = None
    offered: list[str] = field(default_factory=list)
    unrecognised: int = 0
    unclear_role: int = 0
    held: list[str] = field(default_factory=list)  # wishes of a first message, before setup
    unclear_text: str | None = None  # a wish not recognised, kept for the wish-list buttons
    # Requests said beside a recognised wish whose own wish was not recognised ("we'd like a
    # message telling us when the tote is on its way"): asked about before "anything else?".
    unclear_requests: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    # The channel showed a welcome of its own before the first message (the web chat's),
    # which asked the first question: a greeting in reply is not welcomed again.
    welcomed: bool = False
    last_question: str | None = None
    # "en" or "da" (assistant.interview.language), and how it was chosen: "customer",
    # "locale", "detected", "switched", or "default" (a guess the next message may correct).
    language: str = "en"
    language_source: str = "default"

    def __post_init__(self) -> None:
        # Stored JSON holds plain values; a role the interview does not know counts as the
        # customer's, as its wording always treated it.
        self.phase = Phase(self.phase)
        self.role = role_or_customer(self.role)

    @property
    def wish(self) -> WishState | None:
        return self.wishes[self.current] if self.current is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            **_fields(self),
            "phase": self.phase.value,
            "role": self.role.value if self.role else None,
            "wishes": [w.to_json() for w in self.wishes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        """The state stored as `data`; keys it does not know (written by a newer version,
        during a rolling deploy) are left out, keys it lacks take their defaults."""
        if not data:
            return cls()
        wishes = [WishState.from_json(w) for w in data.get("wishes", [])]
        return cls(**{**_known(cls, data), "wishes": wishes})


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    """`data` without the keys `kind` has no field for (written by a newer version, during a
    rolling deploy, at any depth of the state)."""
    names = _field_names(kind)
    return {k: v for k, v in data.items() if k in names}


@cache
def _field_names(kind: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(kind))
