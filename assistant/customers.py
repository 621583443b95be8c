"""Customers: create, read, update, list, CSV import/export, claims, and erasure on request."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import Session

from assistant import audit
from assistant.erasure import forget_rasa_copy, hold_conversations
from assistant.errors import (
    Conflict,
    InvalidCsv,
    UnknownCustomer,
    UnknownInterview,
    UnsupportedLanguage,
)
from assistant.interview.language import LANGUAGES, from_locale
from assistant.spreadsheet import BOM, cell, drain
from assistant.store.db import forget_deleted_on_commit
from assistant.store.models import Customer, Interview, Invitation, NeedFinding, Wish
from assistant.store.wishes import refresh_customer_needs

__all__ = [
    "CSV_FIELDS",
    "CustomerFilter",
    "create_customer",
    "customer_language",
    "decode_csv",
    "discard_claim",
    "erase_customer",
    "export_csv",
    "get_customer",
    "import_csv",
    "link_conversation",
    "list_customers",
    "update_customer",
]

CSV_FIELDS = ("external_id", "name", "industry", "region", "size", "language")
SEPARATORS = ",;\t"  # comma; semicolon where the comma is the decimal mark; tab
LIMITS = {"external_id": 200, "name": 200, "industry": 100, "region": 100, "size": 50}
MAX_CSV_ROWS = 50_000


@dataclass(frozen=True)
class CustomerFilter:
    industry: str | None = None
    region: str | None = None
    size: str | None = None
    q: str | None = None  # part of the name or external id, any case


def customer_language(value: str | None) -> str | None:
    """A customer's language as stored: "en" or "da", also written as a locale or in capitals
    ("DA", "da-DK"); None when empty (not known). `UnsupportedLanguage` for any other, with
    a message a person can act on."""
    if value is None or not value.strip():
        return None
    language = from_locale(value)
    if language is None:
        raise UnsupportedLanguage(
            f"language {value.strip()!r} is not one the interviews speak: "
            f"use {' or '.join(LANGUAGES)}, or leave it empty when not known"
        )
    return language


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise UnknownCustomer(f"No customer with id {customer_id}.")
    return customer


def create_customer(session: Session, **fields: Any) -> Customer:
    """A new customer; `Conflict` if the external id is taken, `UnsupportedLanguage` for a
    language the interviews do not speak."""
    _check_free(session, fields["external_id"])
    if "language" in fields:
        fields["language"] = customer_language(fields["language"])
    customer = Customer(**fields)
    session.add(customer)
    session.flush()
    return customer


def update_customer(session: Session, customer_id: int, **changes: Any) -> Customer:
    customer = get_customer(session, customer_id)
    new_id = changes.get("external_id")
    if new_id is not None and new_id != customer.external_id:
        _check_free(session, new_id)
    if "language" in changes:  # None: no longer known
        changes["language"] = customer_language(changes["language"])
    for name, value in changes.items():
        setattr(customer, name, value)
    session.flush()
    return customer


def list_customers(
    session: Session, where: CustomerFilter, *, limit: int, offset: int
) -> tuple[list[Customer], int]:
    """One page of customers ordered by id, and the total matching the filter."""
    query = select(Customer)
    for column in ("industry", "region", "size"):
        if (value := getattr(where, column)) is not None:
            query = query.where(getattr(Customer, column) == value)
    if where.q:
        word = where.q.lower()  # "%" and "_" are letters here, not wildcards
        query = query.where(
            func.lower(Customer.name).contains(word, autoescape=True)
            | func.lower(Customer.external_id).contains(word, autoescape=True)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Customer.id).limit(limit).offset(offset)).all()
    return list(rows), total


def erase_customer(
    session: Session, customer_id: int, *, tracker: Connection | None, actor: str
) -> int:
    """Delete the customer, everything recorded about them and Rasa's copy of their chats.

    `tracker` is a connection to Rasa's tracker store inside a transaction the caller commits
    just before `session`'s; None when the tracker store is the application's own database,
    so that both erasures commit or fail as one. `actor` is who asked, for the audit log.
    Returns the number of conversations erased.
    """
    customer = get_customer(session, customer_id)
    conversations = list(
        session.scalars(
            select(Interview.conversation_id).where(Interview.customer_id == customer.id).distinct()
        )
    )
    hold_conversations(session, conversations, tracker)
    # Rows below interview cascade in the database (ON DELETE CASCADE).
    session.execute(delete(Interview).where(Interview.customer_id == customer.id))
    session.execute(delete(Invitation).where(Invitation.customer_id == customer.id))
    session.delete(customer)
    session.flush()
    events = forget_rasa_copy(session, conversations, tracker)
    audit.record(
        session, actor, "customer.erased", f"customer {customer_id}",
        conversations=len(conversations), rasa_events=events,
    )  # fmt: skip
    forget_deleted_on_commit(session)
    return len(conversations)


def link_conversation(
    session: Session, conversation_id: str, customer_id: int, *, actor: str
) -> int:
    """Attach a conversation's interviews to a customer: an admin's decision on a claim.

    The interviews' wishes and findings carry the customer too, and the customer's need
    profile is recomputed. `UnknownInterview`, `UnknownCustomer`, or `Conflict` when the
    conversation already belongs to another customer. Returns the interviews linked.
    """
    customer = get_customer(session, customer_id)
    interviews = list(
        session.scalars(select(Interview).where(Interview.conversation_id == conversation_id))
    )
    if not interviews:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    if any(i.customer_id not in (None, customer.id) for i in interviews):
        raise Conflict(f"Conversation {conversation_id!r} already belongs to another customer.")
    claimed = [i.claimed_customer for i in interviews]
    for interview in interviews:
        interview.customer, interview.claimed_customer = customer, None
    session.flush()
    wishes = select(Wish.id).where(Wish.interview_id.in_([i.id for i in interviews]))
    session.execute(update(Wish).where(Wish.id.in_(wishes)).values(customer_id=customer.id))
    session.execute(
        update(NeedFinding).where(NeedFinding.wish_id.in_(wishes)).values(customer_id=customer.id)
    )
    refresh_customer_needs(session, customer.id)
    claims = sorted({c for c in claimed if c})
    audit.record(
        session, actor, "conversation.linked", f"conversation {conversation_id}",
        customer_id=customer.id, claimed=claims,
    )  # fmt: skip
    return len(interviews)


def discard_claim(session: Session, conversation_id: str, *, actor: str) -> None:
    """Drop the company name typed in a conversation: it stays unattached to any customer."""
    claimed = session.scalars(
        select(Interview.claimed_customer).where(Interview.conversation_id == conversation_id)
    ).all()
    if not claimed:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    session.execute(
        update(Interview)
        .where(Interview.conversation_id == conversation_id)
        .values(claimed_customer=None)
    )
    audit.record(
        session, actor, "claim.discarded", f"conversation {conversation_id}",
        claimed=sorted({c for c in claimed if c}),
    )  # fmt: skip


def export_csv(session: Session) -> Iterator[str]:
    """All customers as CSV with a byte-order mark, header first, one chunk per row
    (streams; memory stays flat)."""
    found = session.scalars(select(Customer).order_by(Customer.id)).yield_per(1000)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    # The byte-order mark tells spreadsheets (Excel above all) that the file is UTF-8.
    yield BOM + drain(buffer)
    for customer in found:
        writer.writerow([cell(getattr(customer, f)) for f in CSV_FIELDS])
        yield drain(buffer)


def decode_csv(data: bytes) -> str:
    """A CSV file's bytes as text: UTF-8, with or without a byte-order mark.

    Anything else raises `InvalidCsv` naming the line of the first undecodable byte (a
    spreadsheet's legacy "CSV" encoding, e.g. Windows-1252, would garble names silently).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidCsv(
            [(line, 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again')]
        ) from exc


def import_csv(session: Session, text: str) -> tuple[int, int]:
    """Create or update customers by external id; all rows or none. Returns (created, updated).

    The text may start with a byte-order mark, separate values with commas, semicolons or
    tabs (read from the header line), and begin with a spreadsheet's `sep=;` line. Every
    row is checked before anything is written; any error raises `InvalidCsv` listing each
    bad line, and nothing is imported.
    """
    rows, errors = _parse(text)
    if errors:
        raise InvalidCsv(errors)
    existing = {
        c.external_id: c
        for c in session.scalars(
            select(Customer).where(Customer.external_id.in_([r["external_id"] for r in rows]))
        )
    } if rows else {}  # fmt: skip
    created = 0
    for row in rows:
        customer = existing.get(row["external_id"])
        if customer is None:
            session.add(Customer(**row))
            created += 1
        else:
            for name, value in row.items():
                setattr(customer, name, value)
    session.flush()
    return created, len(rows) - created


def _dialect(text: str) -> tuple[str, int]:
    """The separator, and how many lines precede the header (1 after a `sep=` line)."""
    first = text.split("\n", 1)[0].rstrip("\r")
    if first.lower().startswith("sep=") and len(first) == 5 and first[4] in SEPARATORS:
        return first[4], 1  # Excel's own hint, written by Excel on request
    # The header names hold none of the separators: the one it uses most is the file's.
    counts = {separator: first.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return (best if counts[best] else ","), 0


def _parse(text: str) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    text = text.removeprefix(BOM)
    separator, skipped = _dialect(text)
    lines = io.StringIO(text)
    for _ in range(skipped):
        lines.readline()
    reader = csv.DictReader(lines, delimiter=separator)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [f for f in ("external_id", "name") if f not in header]
    if missing:
        return [], [(1 + skipped, f"missing column(s): {', '.join(missing)}")]
    unknown = [f for f in header if f not in CSV_FIELDS]
    if unknown:
        return [], [
            (
                1 + skipped,
                f"unknown column(s): {', '.join(unknown)}; allowed: {', '.join(CSV_FIELDS)}",
            )
        ]
    rows: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num + skipped
        if len(rows) + len(errors) >= MAX_CSV_ROWS:
            errors.append((line, f"more than {MAX_CSV_ROWS:,} rows; split the file"))
            break
        if None in record:
            errors.append((line, "more values than columns"))
            continue
        row: dict[str, Any] = {
            f: (record.get(f) or "").strip() or None for f in CSV_FIELDS if f in header
        }
        problem = _row_problem(row, seen)
        if problem is None and "language" in row:
            try:
                row["language"] = customer_language(row["language"])
            except UnsupportedLanguage as exc:
                problem = str(exc)
        if problem:
            errors.append((line, problem))
            continue
        seen[row["external_id"]] = line
        rows.append(row)
    return rows, errors


def _row_problem(row: dict[str, Any], seen: dict[str, int]) -> str | None:
    for required in ("external_id", "name"):
        if not row.get(required):
            return f"{required} is empty"
    for name, limit in LIMITS.items():
        if row.get(name) and len(row[name]) > limit:
            return f"{name} is longer than {limit} characters"
    if row["external_id"] in seen:
        return f"external_id {row['external_id']!r} repeats line {seen[row['external_id']]}"
    return None


def _check_free(session: Session, external_id: str) -> None:
    if session.scalar(select(Customer.id).where(Customer.external_id == external_id)):
        raise Conflict(f"A customer with external_id {external_id!r} already exists.")
