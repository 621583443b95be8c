"""A customer brief: every stated wish, the real need behind it and what to offer instead.

For a salesperson before a meeting: the customer's words (quote and parameters), the need
confirmed behind each wish with its evidence, the standard solution and its lever, the
alternatives worth negotiating, the needs the customer rejected, and the open questions
where no need was confirmed. A wish's outcome is its last non-rejected finding (as in
`Wish.outcome` in `assistant.store.models`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assistant.errors import UnknownCustomer
from assistant.needs.results import candidates_from_json
from assistant.reports.records import NeedRef, StandardSolution, need_ref, standard_solution
from assistant.store.models import Customer, FindingStatus, Interview, NeedFinding, Wish
from assistant.taxonomy import Taxonomy

__all__ = [
    "Brief",
    "BriefNeed",
    "BriefParameter",
    "BriefWish",
    "CustomerInfo",
    "OpenQuestion",
    "brief",
    "render_markdown",
]

TEMPLATES = Path(__file__).with_name("templates")
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    external_id: str
    name: str
    industry: str | None
    region: str | None
    size: str | None


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
    confidence: float
    solution: StandardSolution | None  # None only for a code the taxonomy does not know
    alternatives: tuple[str, ...]


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
    need: BriefNeed | None
    rejected: tuple[NeedRef, ...]
    open_question: OpenQuestion | None  # set exactly when no need was confirmed


@dataclass(frozen=True)
class Brief:
    customer: CustomerInfo
    interviews: int
    last_interview_at: datetime | None
    wishes: tuple[BriefWish, ...]  # in the order they were stated

    @property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        return tuple(w.open_question for w in self.wishes if w.open_question)


def brief(session: Session, taxonomy: Taxonomy, customer_id: int) -> Brief:
    """The brief of one customer across all their interviews; `UnknownCustomer` if none."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise UnknownCustomer(f"No customer with id {customer_id}.")
    count, last = session.execute(
        select(func.count(), func.max(Interview.started_at)).where(
            Interview.customer_id == customer_id
        )
    ).one()
    wishes = session.execute(
        select(Wish, Interview.started_at)
        .join(Interview, Interview.id == Wish.interview_id)
        .where(Interview.customer_id == customer_id)
        .order_by(Interview.started_at, Interview.id, Wish.position)
        .options(selectinload(Wish.findings), selectinload(Wish.ladder))
    ).all()
    return Brief(
        customer=CustomerInfo(
            customer.id,
            customer.external_id,
            customer.name,
            customer.industry,
            customer.region,
            customer.size,
        ),
        interviews=count,
        last_interview_at=last,
        wishes=tuple(_wish(taxonomy, wish, started) for wish, started in wishes),
    )


def _wish(taxonomy: Taxonomy, wish: Wish, stated_at: datetime) -> BriefWish:
    label = taxonomy.wish_label(wish.code)
    outcome = wish.outcome
    rejected = _unique(f.code for f in wish.findings if f.status is FindingStatus.REJECTED)
    need = None
    if outcome is not None and outcome.status is FindingStatus.CONFIRMED and outcome.code:
        need = _need(taxonomy, outcome)
    return BriefWish(
        code=wish.code,
        label=label,
        quote=wish.text,
        parameters=tuple(
            BriefParameter(str(p.get("kind", "")), str(p.get("text", "")), p.get("value") or {})
            for p in wish.parameters or []
        ),
        stated_at=stated_at,
        need=need,
        rejected=tuple(need_ref(taxonomy, code) for code in rejected),
        open_question=None if need else _question(taxonomy, wish, label, set(rejected)),
    )


def _need(taxonomy: Taxonomy, finding: NeedFinding) -> BriefNeed:
    code = finding.code or ""
    known = taxonomy.needs.get(code)
    return BriefNeed(
        code=code,
        label=taxonomy.need_label(code, fallback=code),
        evidence=finding.evidence,
        confidence=finding.confidence,
        solution=standard_solution(taxonomy, code),
        alternatives=known.alternatives if known else (),
    )


def _question(taxonomy: Taxonomy, wish: Wish, label: str, rejected: set[str]) -> OpenQuestion:
    """Why the wish? Candidates: open findings' guesses, then ladder answers, then typical."""
    ranked: list[str] = [
        f.code for f in reversed(wish.findings) if f.status is FindingStatus.UNRESOLVED and f.code
    ]
    suggested = candidates_from_json(c for step in wish.ladder for c in step.candidates or [])
    ranked += [c.code for c in sorted(suggested, key=lambda c: -c.confidence)]
    known = taxonomy.wishes.get(wish.code) if wish.code else None
    ranked += list(known.typical_needs) if known else []
    codes = [c for c in _unique(ranked) if c in taxonomy.needs and c not in rejected]
    candidates = tuple(need_ref(taxonomy, c) for c in codes[:MAX_CANDIDATES])
    subject = label.lower() if known else f'"{wish.text.strip()}"'
    question = f"Why does the customer want {subject}?"
    if candidates:
        question += " Candidates: " + ", ".join(c.label.lower() for c in candidates) + "."
    return OpenQuestion(question, candidates)


def _unique(codes: Any) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


class _Markdown(str):
    """Text already fit for the Markdown output (escaped, or written by us)."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _escape(value: object) -> str:
    """A customer's words as inline Markdown text: one line, no markup, no HTML.

    A wish text with newlines could otherwise start a heading, a `|` or a newline in a
    customer's name would break the table, and `<script>` would reach whatever renders it.
    """
    if isinstance(value, _Markdown):
        return value
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _blockquote(text: object) -> _Markdown:
    lines = str(text).strip().splitlines() or [""]
    return _Markdown("\n".join(f"> {_escape(line)}".rstrip() for line in lines))


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
    env.filters["percent"] = lambda value: _Markdown(f"{value:.0%}")
    env.filters["code"] = lambda value: _Markdown(f"`{value}`")
    return env


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown (template: assistant/reports/templates/brief.md.j2)."""
    return _environment().get_template("brief.md.j2").render(brief=brief)
