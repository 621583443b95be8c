"""A canned need model and a chat driver, so each interview test states what the model reads.

`CannedModel.reads(text, wishes=..., needs=...)` declares the extraction of one text; a text
nobody declared fails the test instead of reading as "nothing" (button payloads never reach
the model). `Chat` drives one interview through `Interviewer.respond`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import pytest

from assistant.interview.dialogue import Interviewer
from assistant.interview.messages import Extract, Outcome, understand
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Role
from assistant.needs.results import Extraction, Parameter, Scored
from assistant.taxonomy import Taxonomy, load_taxonomy

MODEL_THRESHOLD = 0.5  # the canned model's own threshold for `Extraction.needs`


def canned(
    text: str,
    *,
    wishes: Mapping[str, float] | None = None,
    needs: Mapping[str, float] | None = None,
    evidence: Mapping[str, str] | None = None,
    parameters: tuple[Parameter, ...] = (),
    cues: tuple[str, ...] | None = None,
    clause_wishes: Mapping[str, float] | Sequence[tuple[str, float]] | None = None,
    clauses: tuple[str, ...] = (),
    set_aside: tuple[str, ...] = (),
    ruled_out: tuple[str, ...] = (),
) -> Extraction:
    """An Extraction shaped as the need model gives it.

    `needs` are all need candidates with their confidence; those at or above the model's
    threshold are also the extraction's needs, with the whole text as evidence unless
    `evidence` names a sentence. `cues`: the codes whose cue words occur in the text
    (default: every wish it reads, as when a wish is stated in its own words).
    `clause_wishes`: each clause's likeliest wish, for a text of several clauses, in the
    order the clauses are said (pairs, where two clauses give the same wish); `clauses`
    their texts. `set_aside`: what the text mentions and sets aside for later; `ruled_out`:
    the needs it rules out.
    """
    candidates = _best_first(needs)
    above = tuple(s for s in candidates if s.confidence >= MODEL_THRESHOLD)
    sentences = {s.code: (evidence or {}).get(s.code, text) for s in above}
    return Extraction(
        text=text,
        wishes=tuple(
            Scored(c, v) for c, v in sorted((wishes or {}).items(), key=lambda kv: -kv[1])
        ),
        needs=above,
        candidates=candidates,
        parameters=parameters,
        evidence=MappingProxyType(sentences),
        cues=tuple(wishes or {}) if cues is None else cues,
        clause_wishes=tuple(
            Scored(c, v)
            for c, v in (
                clause_wishes.items() if isinstance(clause_wishes, Mapping) else clause_wishes or ()
            )
        ),
        clauses=clauses,
        set_aside=set_aside,
        ruled_out=ruled_out,
    )


def _best_first(scores: Mapping[str, float] | None) -> tuple[Scored, ...]:
    return tuple(
        Scored(code, confidence)
        for code, confidence in sorted((scores or {}).items(), key=lambda kv: -kv[1])
    )


class CannedModel:
    """A need model that knows only the texts it was told about."""

    def __init__(self) -> None:
        self.extractions: dict[str, Extraction] = {}
        self.asked: list[str] = []

    def reads(self, text: str, **found: object) -> None:
        """Declare what the model reads in `text` (keywords as `canned`; none: nothing)."""
        self.extractions[text] = canned(text, **found)  # type: ignore[arg-type]

    def __call__(self, text: str, /) -> Extraction:
        self.asked.append(text)
        if text not in self.extractions:
            raise AssertionError(f"the canned model was not told what it reads in {text!r}")
        return self.extractions[text]


class Chat:
    """Drives one interview: `say` returns the bot's replies as text."""

    def __init__(
        self,
        interviewer: Interviewer,
        extract: Extract,
        *,
        role: Role | None = Role.CUSTOMER,
        customer: str | None = "Acme",
    ) -> None:
        self.interviewer, self.extract = interviewer, extract
        self.state = DialogueState(role=role, customer=customer)
        self.outcomes: list[Outcome] = []

    def say(self, text: str, intent: str | None = None) -> list[str]:
        outcome = self.interviewer.respond(self.state, understand(text, self.extract, intent))
        self.outcomes.append(outcome)
        return [r.text for r in outcome.replies]

    @property
    def last(self) -> Outcome:
        return self.outcomes[-1]

    def payloads(self) -> list[str]:
        return [b.payload for r in self.last.replies for b in r.buttons]

    def bot_texts(self) -> list[str]:
        return [r.text for o in self.outcomes for r in o.replies]


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture
def model() -> CannedModel:
    return CannedModel()


@pytest.fixture
def canned_interviewer(taxonomy: Taxonomy) -> Interviewer:
    """The interviewer at its default thresholds: 0.5 for wishes and needs, margin 0.3."""
    return Interviewer(taxonomy)


@pytest.fixture
def chat(canned_interviewer: Interviewer, model: CannedModel) -> Chat:
    """An interview of Acme's customer (role and customer known), on the canned model."""
    return Chat(canned_interviewer, model)
