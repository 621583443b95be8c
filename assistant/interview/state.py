"""The interview's state as plain data, stored as JSON between turns.

The JSON shape is the one `dataclasses.asdict` gives, except need candidates, which are
stored as `{"code", "confidence"}` dicts with `"evidence"` only when there is one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.needs.results import Candidate, candidates_from_json, candidates_to_json

__all__ = ["DialogueState", "Finding", "LadderStep", "Phase", "WishState"]


class Phase:
    """What the interview waits for next."""

    START = "start"
    ASK_ROLE = "ask_role"
    ASK_CUSTOMER = "ask_customer"
    ASK_WISH = "ask_wish"
    CLARIFY_WISH = "clarify_wish"
    LADDER = "ladder"
    CONFIRM = "confirm"
    OFFER = "offer"
    ANYTHING_ELSE = "anything_else"
    DONE = "done"


@dataclass
class LadderStep:
    """One "why" probe: the question, the answer and the needs the answer suggested."""

    probe: str
    question: str
    answer: str | None = None
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "candidates": candidates_to_json(self.candidates)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LadderStep:
        return cls(**{**data, "candidates": candidates_from_json(data.get("candidates"))})


@dataclass
class Finding:
    """A need proposed for a wish and what the person said of it."""

    code: str | None
    confidence: float
    status: str  # confirmed | rejected | unresolved
    evidence: str = ""


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
        return {f.code for f in self.findings if f.status == "rejected" and f.code}

    @property
    def outcome(self) -> Finding | None:
        """The confirmed or unresolved finding that closed this wish, if any."""
        final = [f for f in self.findings if f.status in ("confirmed", "unresolved")]
        return final[-1] if final else None

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "ladder": [step.to_json() for step in self.ladder],
            "opening": candidates_to_json(self.opening),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WishState:
        return cls(
            **{
                **data,
                "ladder": [LadderStep.from_json(s) for s in data.get("ladder", [])],
                "findings": [Finding(**f) for f in data.get("findings", [])],
                "opening": candidates_from_json(data.get("opening")),
            }
        )


@dataclass
class DialogueState:
    phase: str = Phase.START
    role: str | None = None
    customer: str | None = None
    wishes: list[WishState] = field(default_factory=list)
    current: int | None = None
    proposed: str | None = None
    offered: list[str] = field(default_factory=list)
    unrecognised: int = 0
    unclear_role: int = 0
    held: list[str] = field(default_factory=list)  # wishes of a first message, before setup
    unclear_text: str | None = None  # a wish not recognised, kept for the wish-list buttons
    asked: list[str] = field(default_factory=list)
    last_question: str | None = None

    @property
    def wish(self) -> WishState | None:
        return self.wishes[self.current] if self.current is not None else None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "wishes": [w.to_json() for w in self.wishes]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        if not data:
            return cls()
        return cls(**{**data, "wishes": [WishState.from_json(w) for w in data.get("wishes", [])]})
