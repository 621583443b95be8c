"""The negotiation summary at the top of a brief: what a rep needs before the meeting.

Built from the brief's wishes (pure: no database), so a page, the Markdown file and a chat
message ("brief me on Acme") all say the same, in the language of the taxonomy it is given
(`Taxonomy.in_language`; sentences from `assistant.reports.wording`):

- **needs**, best first: needs the customer confirmed themself before needs only a sales rep
  stated, then the more wishes a need lies behind, the more confirmations, the most recent.
  Each need says who confirmed it and when (never a model confidence: a person said so),
  what to offer first (its standard solution) and what to trade (the taxonomy's
  alternatives: "a booked slot inside your receiving hours instead of an exact delivery
  minute");
- **talking points**: each top need with the wish it lies behind and the customer's own
  words, and the needs the customer ruled out (not to lead with);
- **open questions**: wishes with no need confirmed yet, needs only a rep stated (check them
  with the customer), and needs a rep stated but the customer rejected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.interview.vocabulary import Role
from assistant.reports.records import CustomerInfo, NeedRef, Source, StandardSolution
from assistant.reports.wording import BriefWording, brief_wording
from assistant.taxonomy import Taxonomy

if TYPE_CHECKING:
    from assistant.reports.brief import BriefWish

__all__ = [
    "TOP_NEEDS",
    "BriefSummary",
    "Confirmation",
    "OpenPoint",
    "SummaryNeed",
    "Trade",
    "confirmer",
    "day",
    "summarise",
]

TOP_NEEDS = 3  # the needs a short summary (a chat message) names; the page shows them all
MAX_TALKING_POINTS = 6
MAX_EVIDENCE_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Confirmation:
    """One wish behind which a need was confirmed: who said so, when, in which words."""

    by_customer: bool  # the customer themself; False: a sales rep (or who spoke is unknown)
    role: Role | None
    person: str | None  # the interviewer when known (a rep's chat user id)
    at: datetime  # when the interview took place (its start)
    text: str  # "Confirmed by the customer on 1 Mar 2025", "Stated by sales rep U07 on ..."
    wish: str  # the wish's label
    quote: str  # the wish in the person's words
    evidence: str  # the answer that showed the need
    conversation_id: str


@dataclass(frozen=True)
class Trade:
    """What to give in exchange for what: an alternative from the taxonomy."""

    offer: str
    instead_of: str
    text: str  # "A booked slot inside your receiving hours instead of an exact delivery minute."


@dataclass(frozen=True)
class SummaryNeed:
    code: str
    label: str
    confirmed_by_customer: bool  # at least one confirmation came from the customer themself
    confirmed_by: str  # the most telling confirmation's text (the customer's, else the latest)
    confirmations: tuple[Confirmation, ...]  # the customer's first, then the latest first
    wishes: tuple[str, ...]  # the labels of the wishes it lies behind, as first stated
    offer: StandardSolution | None  # what to offer first; None for a code the taxonomy lacks
    trades: tuple[Trade, ...]


@dataclass(frozen=True)
class OpenPoint:
    """A question to ask in the meeting."""

    kind: str  # "why": no need behind a wish yet; "check": only a rep stated the need;
    #            "conflict": a rep stated it, the customer rejected it
    question: str
    wish: str  # the wish's label
    candidates: tuple[NeedRef, ...] = ()  # for "why": the likeliest needs, best first


@dataclass(frozen=True)
class BriefSummary:
    customer: CustomerInfo
    interviews: int  # counted interviews (see assistant.store.interviews)
    last_interview_at: datetime | None
    headline: str  # "2 needs confirmed by the customer, 1 stated by a sales rep; 3 open questions."
    needs: tuple[SummaryNeed, ...]  # best first; the first TOP_NEEDS are the top needs
    talking_points: tuple[str, ...]
    open_questions: tuple[OpenPoint, ...]

    @property
    def top_needs(self) -> tuple[SummaryNeed, ...]:
        return self.needs[:TOP_NEEDS]

    @property
    def offer_first(self) -> StandardSolution | None:
        """The standard solution of the best need, if any."""
        return next((n.offer for n in self.needs if n.offer), None)


def day(moment: datetime) -> str:
    """A date people read, in English: "1 Mar 2025" (`BriefWording.day` for any language)."""
    return brief_wording().day(moment)


def confirmer(source: Source, words: BriefWording | None = None) -> str:
    """Who settled something in the interview `source`, and when, as a sentence start."""
    w = words or brief_wording()
    return w.confirmer(source.role, source.person, w.day(source.at))


def summarise(
    taxonomy: Taxonomy,
    customer: CustomerInfo,
    interviews: int,
    last_interview_at: datetime | None,
    wishes: Sequence[BriefWish],
) -> BriefSummary:
    """The summary of a brief's wishes (in the order stated), in `taxonomy.language`; see the
    module docstring."""
    words = brief_wording(taxonomy.language)
    needs = _needs(words, wishes)
    questions = _open_questions(words, wishes, needs)
    by_customer = sum(n.confirmed_by_customer for n in needs)
    return BriefSummary(
        customer=customer,
        interviews=interviews,
        last_interview_at=last_interview_at,
        headline=words.headline(by_customer, len(needs) - by_customer, len(questions)),
        needs=needs,
        talking_points=_talking_points(taxonomy, words, wishes, needs),
        open_questions=questions,
    )


def _needs(words: BriefWording, wishes: Sequence[BriefWish]) -> tuple[SummaryNeed, ...]:
    found: dict[str, list[tuple[BriefWish, Confirmation]]] = {}
    for wish in wishes:
        if wish.need is None:
            continue
        source = wish.source
        confirmation = Confirmation(
            by_customer=source.by_customer,
            role=source.role,
            person=source.person,
            at=source.at,
            text=confirmer(source, words),
            wish=wish.label,
            quote=wish.quote,
            evidence=wish.need.evidence,
            conversation_id=source.conversation_id,
        )
        found.setdefault(wish.need.code, []).append((wish, confirmation))
    needs = []
    for code, pairs in found.items():
        confirmations = sorted(
            (c for _, c in pairs), key=lambda c: (not c.by_customer, -c.at.timestamp())
        )
        first = pairs[0][0].need
        assert first is not None
        needs.append(
            SummaryNeed(
                code=code,
                label=first.label,
                confirmed_by_customer=confirmations[0].by_customer,
                confirmed_by=confirmations[0].text,
                confirmations=tuple(confirmations),
                wishes=tuple(dict.fromkeys(w.label for w, _ in pairs)),
                offer=first.solution,
                trades=tuple(Trade(a.offer, a.instead_of, a.text) for a in first.alternatives),
            )
        )
    return tuple(
        sorted(
            needs,
            key=lambda n: (
                not n.confirmed_by_customer,
                -len(n.wishes),
                -len(n.confirmations),
                -max(c.at.timestamp() for c in n.confirmations),
                n.code,
            ),
        )
    )


def _open_questions(
    words: BriefWording, wishes: Sequence[BriefWish], needs: tuple[SummaryNeed, ...]
) -> tuple[OpenPoint, ...]:
    points = [
        OpenPoint("why", w.open_question.question, w.label, w.open_question.candidates)
        for w in wishes
        if w.open_question is not None
    ]
    for need in needs:
        if need.confirmed_by_customer:
            continue
        stated = need.confirmations[0]
        rejections = [
            w
            for w in wishes
            if w.source.by_customer and any(r.code == need.code for r in w.rejected)
        ]
        if rejections:
            rejected = rejections[-1]
            question = words.conflict(
                need.label,
                rejected.label,
                words.day(rejected.source.at),
                words.stated_by(stated.role, stated.person),
                words.day(stated.at),
                need.offer.label.lower() if need.offer else words.a_solution(),
            )
            points.append(OpenPoint("conflict", question, rejected.label))
            continue
        question = words.check(need.label, stated.wish, stated.text)
        points.append(OpenPoint("check", question, stated.wish))
    return tuple(points)


def _talking_points(
    taxonomy: Taxonomy,
    words: BriefWording,
    wishes: Sequence[BriefWish],
    needs: tuple[SummaryNeed, ...],
) -> tuple[str, ...]:
    points = []
    for need in needs[:TOP_NEEDS]:
        said = next((c for c in need.confirmations if c.evidence.strip()), need.confirmations[0])
        point = words.talking_point(
            said.wish,
            _parameters(wishes, said.conversation_id, said.wish),
            need.label,
            _clip(said.evidence) if said.evidence.strip() else None,
            need.confirmed_by_customer,
            need.offer.label if need.offer else None,
        )
        points.append(point)
    confirmed = {n.code for n in needs}
    ruled_out: dict[NeedRef, str] = {}
    for wish in wishes:
        if not wish.source.by_customer:
            continue
        for rejected in wish.rejected:
            if rejected.code not in confirmed:
                ruled_out.setdefault(rejected, wish.label)
    for ref, wish_label in ruled_out.items():
        known = taxonomy.needs.get(ref.code)
        solution = known.solution.label if known else None
        points.append(words.ruled_out(ref.label, wish_label, solution))
    return tuple(points[:MAX_TALKING_POINTS])


def _parameters(wishes: Sequence[BriefWish], conversation_id: str, label: str) -> str:
    """The details the person named with that wish in that interview: " (48 hours)"."""
    for wish in wishes:
        if wish.source.conversation_id == conversation_id and wish.label == label:
            texts = [p.text for p in wish.parameters if p.text]
            return f" ({', '.join(texts)})" if texts else ""
    return ""


def _clip(text: str) -> str:
    """Evidence whole when short; else its first sentences that fit, else cut at a word."""
    words = " ".join(text.split())
    if len(words) <= MAX_EVIDENCE_CHARS:
        return words
    kept = ""
    for sentence in _SENTENCE_END.split(words):
        if len(kept) + len(sentence) + 1 > MAX_EVIDENCE_CHARS:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept + " …"
    return words[:MAX_EVIDENCE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
