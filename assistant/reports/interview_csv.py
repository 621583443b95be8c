"""Interviews as CSV for a spreadsheet: one row per wish, with the need it led to.

An interview without wishes (a greeting, a wish never placed) is one row with the wish
columns empty, so the file counts every interview the filter finds. Rows come newest
interview first, then in the order the wishes were said; the file streams, a chunk per row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.spreadsheet import BOM, cell, drain
from assistant.store.interviews import InterviewFilter, abandoned, filter_conditions, mentions
from assistant.store.models import Customer, FindingStatus, Interview, Wish
from assistant.taxonomy import Taxonomy

__all__ = ["COLUMNS", "interviews_csv"]

COLUMNS = (
    "conversation_id", "interview_number", "started_at", "status", "abandoned", "counted",
    "channel", "role", "language", "interviewer", "customer_external_id", "customer",
    "claimed_customer", "wish_number", "wish", "wish_label", "said", "need", "need_label",
    "need_status", "confidence", "evidence", "rejected_needs", "probes",
)  # fmt: skip
WISH_COLUMNS = COLUMNS[COLUMNS.index("wish_number") :]  # empty for an interview without wishes
BATCH = 500


def interviews_csv(session: Session, where: InterviewFilter, taxonomy: Taxonomy) -> Iterator[str]:
    """The interviews `where` finds (as `list_interviews` finds them) as CSV with a
    byte-order mark, header first. `need_status` is confirmed or unresolved for a wish that
    closed, empty while it is open; `rejected_needs` lists the needs the person turned down."""
    query = (
        select(Interview)
        .outerjoin(Customer, Interview.customer_id == Customer.id)
        .where(*filter_conditions(where))
        .order_by(Interview.started_at.desc(), Interview.id.desc())
        .options(
            selectinload(Interview.customer),
            selectinload(Interview.wishes).selectinload(Wish.findings),
            selectinload(Interview.wishes).selectinload(Wish.ladder),
        )
        .execution_options(yield_per=BATCH)
    )
    if where.text and where.text.strip():
        query = query.where(mentions(where.text.strip()))
    found = session.scalars(query)  # run before the header: a failure is no file cut short
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield BOM + drain(buffer)
    for interview in found:
        customer = interview.customer
        shared = [
            interview.conversation_id, interview.number, interview.started_at.isoformat(),
            interview.status.value, _yes(abandoned(interview.status, interview.updated_at)),
            _yes(interview.counted), interview.channel,
            interview.role.value if interview.role else "", interview.language,
            interview.interviewer,
            customer.external_id if customer else "", customer.name if customer else "",
            interview.claimed_customer,
        ]  # fmt: skip
        wishes: list[Wish | None] = [*interview.wishes] or [None]
        for wish in wishes:
            writer.writerow([cell(value) for value in shared + _wish_cells(wish, taxonomy)])
            yield drain(buffer)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _wish_cells(wish: Wish | None, taxonomy: Taxonomy) -> list[object]:
    if wish is None:
        return [""] * len(WISH_COLUMNS)
    outcome = wish.outcome
    rejected = [f.code for f in wish.findings if f.status is FindingStatus.REJECTED and f.code]
    return [
        wish.position + 1, wish.code, taxonomy.wish_label(wish.code), wish.text,
        outcome.code if outcome else "",
        taxonomy.need_label(outcome.code, "") if outcome and outcome.code else "",
        outcome.status.value if outcome else "",
        f"{outcome.confidence:.2f}" if outcome and outcome.code else "",
        outcome.evidence if outcome else "", ";".join(rejected), len(wish.ladder),
    ]  # fmt: skip
