"""A customer brief: every stated wish, the real need behind it and what to offer instead.

For a salesperson before a meeting: a negotiation summary on top (`assistant.reports.summary`),
then the customer's words (quote and parameters), the need confirmed behind each wish with
its evidence and who confirmed it when, the standard solution and its lever, the trades worth
negotiating, the needs rejected, and the open questions where no need was confirmed. A
wish's outcome is its last non-rejected finding (as in `Wish.outcome`).

Only counted interviews feed it unless `include_empty` (see `assistant.store.interviews`):
a greeting or a wish stated and left never becomes a card or an interview in the totals.

A brief is written in one language, English or Danish (`language`): the taxonomy's texts in
that language (`Taxonomy.in_language`) and the brief's own words (`assistant.reports.wording`).
What people said (quotes, evidence, parameters, names) stays as it was said, whatever the
brief's language: codes are shared, so Danish and English interviews mix in one brief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import case, func, not_, select, true
from sqlalchemy.orm import Session, selectinload

from assistant.errors import UnknownCustomer
from assistant.needs.results import candidates_from_json, still_ruled_out
from assistant.reports.records import (
    CustomerInfo,
    NeedRef,
    Source,
    StandardSolution,
    need_ref,
    standard_solution,
)
from assistant.reports.summary import BriefSummary, confirmer, summarise
from assistant.reports.wording import BriefWording, brief_wording
from assistant.store.models import Customer, FindingStatus, Interview, NeedFinding, Wish
from assistant.taxonomy import Alternative, Taxonomy

__all__ = [
    "Brief",
    "BriefNeed",
    "BriefParameter",
    "BriefWish",
    "CustomerInfo",
    "OpenQuestion",
    "brief",
    "brief_summary",
    "render_markdown",
]

TEMPLATES = Path(__file__).with_name("templates")
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class BriefParameter:
    kind: str
    text: str
    value: dict[str, Any]


@dataclass(frozen=True)
class BriefNeed:
    """The need confirmed behind a wish, and what answers it."""

    code: str
    label: str
    evidence: str
    confidence: float  # the model's, when it proposed the need; a person then confirmed it
    confirmed_by: str  # "Confirmed by the customer on 1 Mar 2025", "Stated by sales rep ..."
    solution: StandardSolution | None  # None only for a code the taxonomy does not know
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class OpenQuestion:
    question: str
    candidates: tuple[NeedRef, ...]  # the likeliest needs, best first


@dataclass(frozen=True)
class BriefWish:
    code: str | None
    label: str
    quote: str
    parameters: tuple[BriefParameter, ...]
    stated_at: datetime  # when its interview started
    source: Source  # the interview it was stated in: who spoke and when
    need: BriefNeed | None
    rejected: tuple[NeedRef, ...]
    open_question: OpenQuestion | None  # set exactly when no need was confirmed


@dataclass(frozen=True)
class Brief:
    customer: CustomerInfo
    interviews: int  # the interviews it is made of
    last_interview_at: datetime | None
    wishes: tuple[BriefWish, ...]  # in the order they were stated
    summary: BriefSummary
    left_out: int  # the customer's uncounted interviews it leaves out (0 with include_empty)
    language: str = "en"  # of its labels and sentences ("en", "da"); quotes stay as said

    @property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        return tuple(w.open_question for w in self.wishes if w.open_question)


def brief(
    session: Session,
    taxonomy: Taxonomy,
    customer_id: int,
    *,
    include_empty: bool = False,
    language: str = "en",
) -> Brief:
    """The brief of one customer across their counted interviews (all with `include_empty`),
    written in `language`; `UnknownCustomer` if there is no such customer,
    `UnsupportedLanguage` for a language briefs are not written in."""
    words = brief_wording(language)
    taxonomy = taxonomy.in_language(language)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise UnknownCustomer(f"No customer with id {customer_id}.")
    taken = true() if include_empty else Interview.counted
    count, last, left_out = session.execute(
        select(
            func.count(case((taken, 1))),
            func.max(case((taken, Interview.started_at))),
            func.count(case((not_(taken), 1))),
        ).where(Interview.customer_id == customer_id)
    ).one()
    query = (
        select(Wish, Interview)
        .join(Interview, Interview.id == Wish.interview_id)
        .where(Interview.customer_id == customer_id)
        .order_by(Interview.started_at, Interview.id, Wish.position)
        .options(selectinload(Wish.findings), selectinload(Wish.ladder))
    )
    if not include_empty:
        query = query.where(Interview.counted)
    wishes = tuple(
        _wish(taxonomy, words, wish, interview) for wish, interview in session.execute(query)
    )
    info = CustomerInfo(
        customer.id,
        customer.external_id,
        customer.name,
        customer.industry,
        customer.region,
        customer.size,
    )
    return Brief(
        customer=info,
        interviews=count,
        last_interview_at=last,
        wishes=wishes,
        summary=summarise(taxonomy, info, count, last, wishes),
        left_out=left_out,
        language=words.language,
    )


def brief_summary(
    session: Session,
    taxonomy: Taxonomy,
    customer_id: int,
    *,
    include_empty: bool = False,
    language: str = "en",
) -> BriefSummary:
    """Only the negotiation summary of the customer's brief (e.g. for a chat message)."""
    return brief(
        session, taxonomy, customer_id, include_empty=include_empty, language=language
    ).summary


def _wish(taxonomy: Taxonomy, words: BriefWording, wish: Wish, interview: Interview) -> BriefWish:
    label = taxonomy.wish_label(wish.code, fallback=words.UNCLASSIFIED_WISH)
    outcome = wish.outcome
    rejected = _unique(f.code for f in wish.findings if f.status is FindingStatus.REJECTED)
    source = Source(
        conversation_id=interview.conversation_id,
        role=interview.role,
        person=interview.interviewer,
        channel=interview.channel,
        at=interview.started_at,
    )
    need = None
    if outcome is not None and outcome.status is FindingStatus.CONFIRMED and outcome.code:
        need = _need(taxonomy, words, outcome, source)
    return BriefWish(
        code=wish.code,
        label=label,
        quote=wish.text,
        parameters=tuple(
            BriefParameter(str(p.get("kind", "")), str(p.get("text", "")), p.get("value") or {})
            for p in wish.parameters or []
        ),
        stated_at=interview.started_at,
        source=source,
        need=need,
        rejected=tuple(need_ref(taxonomy, code) for code in rejected),
        open_question=None if need else _question(taxonomy, words, wish, set(rejected)),
    )


def _need(
    taxonomy: Taxonomy, words: BriefWording, finding: NeedFinding, source: Source
) -> BriefNeed:
    code = finding.code or ""
    known = taxonomy.needs.get(code)
    return BriefNeed(
        code=code,
        label=taxonomy.need_label(code, fallback=code),
        evidence=finding.evidence,
        confidence=finding.confidence,
        confirmed_by=confirmer(source, words),
        solution=standard_solution(taxonomy, code),
        alternatives=known.alternatives if known else (),
    )


def _question(
    taxonomy: Taxonomy, words: BriefWording, wish: Wish, rejected: set[str]
) -> OpenQuestion:
    """Why the wish? Candidates: open findings' guesses, then ladder answers, then typical;
    none rejected, none an answer ruled out ("loads of room, so it's not that")."""
    ranked: list[str] = [
        f.code for f in reversed(wish.findings) if f.status is FindingStatus.UNRESOLVED and f.code
    ]
    answers = [
        (candidates_from_json(step.candidates or []), step.ruled_out or []) for step in wish.ladder
    ]
    suggested = [c for candidates, _ in answers for c in candidates]
    ranked += [c.code for c in sorted(suggested, key=lambda c: -c.confidence)]
    known = taxonomy.wishes.get(wish.code) if wish.code else None
    ranked += list(known.typical_needs) if known else []
    excluded = rejected | still_ruled_out(answers)
    codes = [c for c in _unique(ranked) if c in taxonomy.needs and c not in excluded]
    candidates = tuple(need_ref(taxonomy, c) for c in codes[:MAX_CANDIDATES])
    label = known.label if known else None
    question = words.why(label, wish.text, [c.label for c in candidates])
    return OpenQuestion(question, candidates)


def _unique(codes: Any) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


class _Markdown(str):
    """Text already fit for the Markdown output (escaped, or written by us)."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_WHITESPACE = re.compile(r"\s+")


def _escape(value: object) -> str:
    """A customer's words as inline Markdown text: one line, no markup, no HTML.

    A wish text with newlines could otherwise start a heading, a `|` or a newline in a
    customer's name would break the table, and `<script>` would reach whatever renders it.
    """
    if isinstance(value, _Markdown):
        return value
    text = _WHITESPACE.sub(" ", str(value))  # one line; a separator's own spaces kept
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _blockquote(text: object) -> _Markdown:
    lines = str(text).strip().splitlines() or [""]
    return _Markdown("\n".join(f"> {_escape(line)}".rstrip() for line in lines))


def _clause(text: str) -> str:
    """A sentence as a clause after a colon: "A shared forecast." -> "a shared forecast"."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown, not HTML: every value goes through _escape instead
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["blockquote"] = _blockquote
    env.filters["code"] = lambda value: _Markdown(f"`{value}`")
    env.filters["clause"] = _clause
    return env


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown in its language (template: assistant/reports/templates/brief.md.j2)."""
    template = _environment().get_template("brief.md.j2")
    return template.render(brief=brief, w=brief_wording(brief.language))
