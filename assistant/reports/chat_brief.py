"""A customer's brief as a chat message for a sales rep, and the customer's segment.

Built on the full brief (`assistant.reports.brief.brief`): the needs confirmed for the
customer, most backed first, each with who confirmed it (the customer themselves, or a
sales rep stating it) and on which interview's date, what to offer first (the standard
solution), what to trade (the taxonomy's alternatives) and the open questions. Rendered as
plain text lines that every chat shows as they are (Slack, Teams, the web chat, REST), in
the language asked for (the brief's: `assistant.reports.wording`); what people said stays
as it was said.

Kept apart from the brief page's own summary on purpose (a parallel change builds one);
the two are to be reconciled into one record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.errors import UnknownCustomer
from assistant.interview.vocabulary import Role
from assistant.reports.brief import BriefWish, CustomerInfo, OpenQuestion, brief
from assistant.reports.records import NeedRef, StandardSolution, need_ref, standard_solution
from assistant.reports.segments import group_profiles, profile_counts
from assistant.reports.wording import brief_wording
from assistant.store.models import Customer, CustomerNeed, FindingStatus, Interview, NeedFinding
from assistant.store.models import Wish as WishRow
from assistant.taxonomy import Taxonomy

__all__ = [
    "ChatBrief",
    "Confirmation",
    "CustomerSegment",
    "TopNeed",
    "chat_brief",
    "customer_segment",
    "render_chat_brief",
    "render_segment",
]

TOP_NEEDS = 3
OPEN_QUESTIONS = 3
MAX_QUOTE = 80  # characters of a person's words quoted in one line


@dataclass(frozen=True)
class Confirmation:
    """One confirmed finding: by the customer in their own interview, or stated by a rep."""

    by_customer: bool
    interviewer: str | None  # the rep's id where the channel names them (Slack)
    on: date  # the date of the interview it was confirmed in


@dataclass(frozen=True)
class TopNeed:
    need: NeedRef
    wishes: tuple[str, ...]  # the labels of the wishes it is behind, first stated first
    backing: int  # how many wishes it was confirmed behind
    confirmations: tuple[Confirmation, ...]  # oldest first
    solution: StandardSolution | None
    alternatives: tuple[str, ...]  # the trades, each one sentence (`Alternative.text`)

    @property
    def by_customer(self) -> bool:
        return any(c.by_customer for c in self.confirmations)


@dataclass(frozen=True)
class ChatBrief:
    customer: CustomerInfo
    interviews: int
    last_interview_at: datetime | None
    needs: tuple[TopNeed, ...]  # every confirmed need, most backed first
    open_questions: tuple[OpenQuestion, ...]
    language: str = "en"


@dataclass(frozen=True)
class CustomerSegment:
    """Where a customer stands in the segmentation (`assistant.reports.segments`)."""

    customer: CustomerInfo
    needs: tuple[NeedRef, ...]  # the customer's need profile
    segment: str | None  # the segment's name; None: individual, or no confirmed need yet
    segment_needs: tuple[NeedRef, ...]
    size: int  # customers in the segment
    package: tuple[StandardSolution, ...]
    min_size: int
    language: str = "en"


def _confirmations(session: Session, customer_id: int) -> dict[str, list[Confirmation]]:
    rows = session.execute(
        select(NeedFinding.code, Interview.role, Interview.interviewer, Interview.started_at)
        .join(WishRow, WishRow.id == NeedFinding.wish_id)
        .join(Interview, Interview.id == WishRow.interview_id)
        .where(
            Interview.customer_id == customer_id,
            NeedFinding.status == FindingStatus.CONFIRMED,
        )
        .order_by(Interview.started_at, Interview.id, WishRow.position, NeedFinding.position)
    ).all()
    found: dict[str, list[Confirmation]] = defaultdict(list)
    for code, role, interviewer, started in rows:
        if code:
            found[code].append(Confirmation(role is Role.CUSTOMER, interviewer, started.date()))
    return found


def chat_brief(
    session: Session, taxonomy: Taxonomy, customer_id: int, *, language: str = "en"
) -> ChatBrief:
    """The chat summary of one customer's brief in `language`; `UnknownCustomer` if there is
    none."""
    full = brief(session, taxonomy, customer_id, language=language)
    taxonomy = taxonomy.in_language(full.language)
    confirmed = _confirmations(session, customer_id)
    behind: dict[str, list[BriefWish]] = {}  # first stated first
    for wish in full.wishes:
        if wish.need is not None:
            behind.setdefault(wish.need.code, []).append(wish)
    needs = []
    for code, wishes in behind.items():
        need = wishes[0].need
        assert need is not None
        needs.append(
            TopNeed(
                need=need_ref(taxonomy, code),
                wishes=tuple(dict.fromkeys(w.label for w in wishes)),
                backing=len(wishes),
                confirmations=tuple(confirmed.get(code, ())),
                solution=need.solution,
                alternatives=tuple(a.text for a in need.alternatives),
            )
        )
    order = list(behind)
    ranked = sorted(needs, key=lambda n: (-n.backing, not n.by_customer, order.index(n.need.code)))
    return ChatBrief(
        customer=full.customer,
        interviews=full.interviews,
        last_interview_at=full.last_interview_at,
        needs=tuple(ranked),
        open_questions=full.open_questions,
        language=full.language,
    )


def _one_line(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` on one line, cut at a word before `limit` characters (marked with …)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def _customer_line(c: CustomerInfo) -> str:
    facts = [f for f in (c.industry, c.region, c.size) if f]
    name = f"{_one_line(c.name)} ({_one_line(c.external_id, 40)})"
    return " · ".join([name, *(_one_line(f, 40) for f in facts)])


def _who(confirmations: tuple[Confirmation, ...], language: str) -> str:
    """ "confirmed by the customer on 2026-12-02; stated by a sales rep (U1) on 2026-11-30"."""
    words = brief_wording(language)
    parts = []
    mine = [c for c in confirmations if c.by_customer]
    if mine:
        parts.append(words.chat_by_customer(len(mine), words.chat_day(mine[-1].on)))
    reps = [c for c in confirmations if not c.by_customer]
    if reps:
        names = list(dict.fromkeys(c.interviewer for c in reps if c.interviewer))
        shown = [_one_line(n, 40) for n in names]
        parts.append(words.chat_by_reps(shown, words.chat_day(reps[-1].on)))
    return "; ".join(parts) or words.CHAT_CONFIRMED


def render_chat_brief(
    summary: ChatBrief, *, top: int = TOP_NEEDS, questions: int = OPEN_QUESTIONS
) -> list[str]:
    """The summary as plain text lines: customer, top needs, offer, trade, open questions."""
    words = brief_wording(summary.language)
    lines = [f"{words.CHAT_BRIEF}: {_customer_line(summary.customer)}"]
    if summary.interviews == 0:
        lines.append(words.CHAT_NO_INTERVIEWS)
        return lines
    lines.append(words.chat_interviews(summary.interviews, summary.last_interview_at))
    needs = summary.needs[:top]
    if not needs:
        lines.append(words.CHAT_NO_NEED)
    else:
        lines.append(words.CHAT_TOP_NEEDS)
        for i, n in enumerate(needs, start=1):
            wishes = ", ".join(w.lower() for w in n.wishes)
            behind = words.chat_behind(n.backing)
            who = _who(n.confirmations, summary.language)
            lines.append(f"{i}. {n.need.label} ({behind}: {wishes}): {who}.")
        if len(summary.needs) > top:
            lines.append(f"   {words.chat_more(len(summary.needs) - top)}")
        offers = [n for n in needs if n.solution]
        if offers:
            lines.append(words.CHAT_OFFER_FIRST)
            lines += [
                f"• {words.chat_offer(n.solution.label, n.solution.lever, n.need.label)}"
                for n in offers
                if n.solution
            ]
        trades = [a for n in needs for a in n.alternatives]
        if trades:
            lines.append(words.CHAT_TRADE)
            lines += [f"• {a}" for a in dict.fromkeys(trades)]
    shown = summary.open_questions[:questions]
    if shown:
        lines.append(words.chat_open_questions(len(summary.open_questions)))
        lines += [f"• {_one_line(q.question, 2 * MAX_QUOTE)}" for q in shown]
        if len(summary.open_questions) > questions:
            lines.append(f"• {words.chat_more(len(summary.open_questions) - questions)}")
    return lines


def customer_segment(
    session: Session,
    taxonomy: Taxonomy,
    customer_id: int,
    *,
    min_size: int = 2,
    language: str = "en",
) -> CustomerSegment:
    """The segment a customer is in under the segment rule, with `min_size` as on the page,
    its labels in `language`."""
    words = brief_wording(language)
    taxonomy = taxonomy.in_language(language)
    full = session.get(Customer, customer_id)
    if full is None:
        raise UnknownCustomer(f"No customer with id {customer_id}.")
    info = CustomerInfo(full.id, full.external_id, full.name, full.industry, full.region, full.size)
    codes = session.scalars(
        select(CustomerNeed.need_code).where(
            CustomerNeed.customer_id == customer_id,
            CustomerNeed.need_code.in_(taxonomy.need_codes),
        )
    ).all()
    profile = frozenset(codes)
    needs = tuple(need_ref(taxonomy, c) for c in taxonomy.need_codes if c in profile)
    grouping = group_profiles(profile_counts(session, taxonomy), min_size)
    segment = grouping.assignment.get(profile) if profile else None
    if segment is None:
        return CustomerSegment(info, needs, None, (), 0, (), min_size, words.language)
    ordered = sorted(segment)  # as the segments report names them
    segment_needs = tuple(need_ref(taxonomy, c) for c in ordered)
    return CustomerSegment(
        customer=info,
        needs=needs,
        segment=" + ".join(n.label for n in segment_needs),
        segment_needs=segment_needs,
        size=grouping.size(segment),
        package=tuple(s for c in ordered if (s := standard_solution(taxonomy, c))),
        min_size=min_size,
        language=words.language,
    )


def render_segment(place: CustomerSegment) -> list[str]:
    """Where the customer stands, as plain text lines."""
    words = brief_wording(place.language)
    name = _one_line(place.customer.name)
    labels = ", ".join(n.label.lower() for n in place.needs)
    if not place.needs:
        return [words.segment_none(name)]
    if place.segment is None:
        return [words.segment_individual(name, labels, place.min_size)]
    lines = [
        words.segment_member(name, place.segment, place.size),
        words.segment_needs(labels),
    ]
    if place.package:
        offers = ", ".join(f"{s.label} ({words.lever(s.lever)})" for s in place.package)
        lines.append(words.segment_package(offers))
    return lines
