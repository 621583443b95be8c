"""A customer's brief as a chat message for a sales rep, and the customer's segment.

Built on the full brief (`assistant.reports.brief.brief`): the needs confirmed for the
customer, most backed first, each with who confirmed it (the customer themselves, or a
sales rep stating it) and on which interview's date, what to offer first (the standard
solution), what to trade (the taxonomy's alternatives) and the open questions. Rendered as
plain text lines that every chat shows as they are (Slack, Teams, the web chat, REST).

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


def chat_brief(session: Session, taxonomy: Taxonomy, customer_id: int) -> ChatBrief:
    """The chat summary of one customer's brief; `UnknownCustomer` if there is none."""
    full = brief(session, taxonomy, customer_id)
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


def _who(confirmations: tuple[Confirmation, ...]) -> str:
    """ "confirmed by the customer on 2026-12-02; stated by a sales rep (U1) on 2026-11-30"."""
    parts = []
    mine = [c for c in confirmations if c.by_customer]
    if mine:
        times = f" {len(mine)} times, last" if len(mine) > 1 else ""
        parts.append(f"confirmed by the customer{times} on {mine[-1].on.isoformat()}")
    reps = [c for c in confirmations if not c.by_customer]
    if reps:
        names = list(dict.fromkeys(c.interviewer for c in reps if c.interviewer))
        who = f" ({', '.join(_one_line(n, 40) for n in names)})" if names else ""
        rep = "sales reps" if len(names) > 1 else "a sales rep"
        parts.append(f"stated by {rep}{who} on {reps[-1].on.isoformat()}")
    return "; ".join(parts) or "confirmed"


def render_chat_brief(
    summary: ChatBrief, *, top: int = TOP_NEEDS, questions: int = OPEN_QUESTIONS
) -> list[str]:
    """The summary as plain text lines: customer, top needs, offer, trade, open questions."""
    lines = [f"Brief: {_customer_line(summary.customer)}"]
    if summary.interviews == 0:
        lines.append("No interviews with this customer yet.")
        return lines
    last = summary.last_interview_at
    count = "1 interview" if summary.interviews == 1 else f"{summary.interviews} interviews"
    lines.append(f"{count}, the last on {last.date().isoformat()}." if last else f"{count}.")
    needs = summary.needs[:top]
    if not needs:
        lines.append("No need confirmed yet.")
    else:
        lines.append("Top needs:")
        for i, n in enumerate(needs, start=1):
            wishes = ", ".join(w.lower() for w in n.wishes)
            behind = f"behind {n.backing} wishes" if n.backing > 1 else "behind 1 wish"
            lines.append(f"{i}. {n.need.label} ({behind}: {wishes}): {_who(n.confirmations)}.")
        if len(summary.needs) > top:
            lines.append(f"   … and {len(summary.needs) - top} more in the full brief.")
        offers = [n for n in needs if n.solution]
        if offers:
            lines.append("Offer first:")
            lines += [
                f"• {n.solution.label} ({n.solution.lever}), for {n.need.label.lower()}"
                for n in offers
                if n.solution
            ]
        trades = [a for n in needs for a in n.alternatives]
        if trades:
            lines.append("What to trade:")
            lines += [f"• {a}" for a in dict.fromkeys(trades)]
    shown = summary.open_questions[:questions]
    if shown:
        lines.append(f"Open questions ({len(summary.open_questions)}):")
        lines += [f"• {_one_line(q.question, 2 * MAX_QUOTE)}" for q in shown]
        if len(summary.open_questions) > questions:
            more = len(summary.open_questions) - questions
            lines.append(f"• … and {more} more in the full brief.")
    return lines


def customer_segment(
    session: Session, taxonomy: Taxonomy, customer_id: int, *, min_size: int = 2
) -> CustomerSegment:
    """The segment a customer is in under the segment rule, with `min_size` as on the page."""
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
        return CustomerSegment(info, needs, None, (), 0, (), min_size)
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
    )


def render_segment(place: CustomerSegment) -> list[str]:
    """Where the customer stands, as plain text lines."""
    name = _one_line(place.customer.name)
    labels = ", ".join(n.label.lower() for n in place.needs)
    if not place.needs:
        return [f"No need is confirmed for {name} yet, so it is in no segment."]
    if place.segment is None:
        return [
            f"{name}'s needs ({labels}) fit no segment of {place.min_size} or more customers: "
            "an individual customer."
        ]
    size = "1 customer" if place.size == 1 else f"{place.size} customers"
    lines = [f"{name} is in the segment {place.segment} ({size}).", f"Its needs: {labels}."]
    if place.package:
        offers = ", ".join(f"{s.label} ({s.lever})" for s in place.package)
        lines.append(f"Standard package: {offers}.")
    return lines
