"""The negotiation summary at the top of a brief: what a rep needs before the meeting.

Built from the brief's wishes (pure: no database), so a page, the Markdown file and a chat
message ("brief me on Acme") all say the same:

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
    """A date people read: "1 Mar 2025"."""
    return f"{moment.day} {moment:%b %Y}"


def confirmer(source: Source, *, verb: str = "Confirmed") -> str:
    """Who settled something in the interview `source`, and when, as a sentence start."""
    when = day(source.at)
    if source.role == Role.CUSTOMER:
        who = f" ({source.person})" if source.person else ""
        return f"{verb} by the customer{who} on {when}"
    if source.role == Role.SALES_REP:
        rep = f"sales rep {source.person}" if source.person else "a sales rep"
        return f"Stated by {rep} on {when}"
    return f"{verb} on {when} (who was speaking was not recorded)"


def summarise(
    taxonomy: Taxonomy,
    customer: CustomerInfo,
    interviews: int,
    last_interview_at: datetime | None,
    wishes: Sequence[BriefWish],
) -> BriefSummary:
    """The summary of a brief's wishes (in the order stated); see the module docstring."""
    needs = _needs(taxonomy, wishes)
    questions = _open_questions(wishes, needs)
    return BriefSummary(
        customer=customer,
        interviews=interviews,
        last_interview_at=last_interview_at,
        headline=_headline(needs, questions),
        needs=needs,
        talking_points=_talking_points(taxonomy, wishes, needs),
        open_questions=questions,
    )


def _needs(taxonomy: Taxonomy, wishes: Sequence[BriefWish]) -> tuple[SummaryNeed, ...]:
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
            text=confirmer(source),
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
    wishes: Sequence[BriefWish], needs: tuple[SummaryNeed, ...]
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
            question = (
                f"The customer rejected {need.label.lower()} as the reason for "
                f"{rejected.label.lower()} on {day(rejected.source.at)}, but {_who(stated)} "
                f"stated it on {day(stated.at)}: ask which it is before offering "
                f"{_offer_name(need)}."
            )
            points.append(OpenPoint("conflict", question, rejected.label))
            continue
        wish = stated.wish
        question = (
            f"Check with the customer: is {need.label.lower()} the reason behind "
            f"{_their(wish)}? {stated.text}, not yet confirmed by the customer."
        )
        points.append(OpenPoint("check", question, wish))
    return tuple(points)


def _talking_points(
    taxonomy: Taxonomy, wishes: Sequence[BriefWish], needs: tuple[SummaryNeed, ...]
) -> tuple[str, ...]:
    points = []
    for need in needs[:TOP_NEEDS]:
        said = next((c for c in need.confirmations if c.evidence.strip()), need.confirmations[0])
        details = _parameters(wishes, said.conversation_id, said.wish)
        asked = f"They ask for {said.wish.lower()}{details}"
        because = f"the reason is {need.label.lower()}"
        if said.evidence.strip():
            whose = "in their words" if said.by_customer else "as the rep put it"
            because += f" ({whose}: “{_clip(said.evidence)}”)"
        if not need.confirmed_by_customer:
            then = " Not yet confirmed by the customer."
        elif need.offer:
            then = f" Lead with {need.offer.label.lower()}."
        else:
            then = ""
        points.append(f"{asked}; {because}.{then}")
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
        solution = known.solution.label.lower() if known else "its solution"
        points.append(
            f"Not {ref.label.lower()}: the customer said it is not why they want "
            f"{wish_label.lower()}, so do not lead with {solution}."
        )
    return tuple(points[:MAX_TALKING_POINTS])


def _headline(needs: tuple[SummaryNeed, ...], questions: tuple[OpenPoint, ...]) -> str:
    if not needs and not questions:
        return "Nothing recorded for this customer yet."
    by_customer = sum(n.confirmed_by_customer for n in needs)
    by_rep = len(needs) - by_customer
    parts = []
    if by_customer:
        parts.append(f"{_count(by_customer, 'need')} confirmed by the customer")
    if by_rep:
        parts.append(f"{_count(by_rep, 'need')} stated by a sales rep only")
    if not needs:
        parts.append("no need confirmed yet")
    ask = _count(len(questions), "open question") if questions else "no open question"
    text = ", ".join(parts) + f"; {ask}."
    return text[:1].upper() + text[1:]


def _parameters(wishes: Sequence[BriefWish], conversation_id: str, label: str) -> str:
    """The details the person named with that wish in that interview: " (48 hours)"."""
    for wish in wishes:
        if wish.source.conversation_id == conversation_id and wish.label == label:
            texts = [p.text for p in wish.parameters if p.text]
            return f" ({', '.join(texts)})" if texts else ""
    return ""


def _who(confirmation: Confirmation) -> str:
    """Who stated a need when it was not the customer: "sales rep U07", "a sales rep"."""
    if confirmation.role == Role.SALES_REP:
        return f"sales rep {confirmation.person}" if confirmation.person else "a sales rep"
    return "an interview whose speaker was not recorded"


def _offer_name(need: SummaryNeed) -> str:
    return need.offer.label.lower() if need.offer else "a solution"


def _their(wish_label: str) -> str:
    return f"their wish for {wish_label.lower()}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


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
