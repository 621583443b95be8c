"""Interviews: list, detail with wishes, ladders and needs, and the transcript."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import PlainTextResponse, StreamingResponse

from api.deps import (
    AUTH_RESPONSES,
    AdminDep,
    DbDep,
    InterviewFilterDep,
    Limit,
    Offset,
    ReaderDep,
    ReadersDep,
    TrackerDep,
    tracker_transaction,
)
from api.downloads import csv_download
from api.schemas import (
    ConversationErasurePublic,
    CustomerLink,
    InterviewPublic,
    InterviewQualityPublic,
    InterviewsPublic,
    InterviewSummary,
)
from assistant.customers import discard_claim, link_conversation
from assistant.erasure import erase_conversation
from assistant.reports.interview_csv import interviews_csv
from assistant.reports.quality_store import interview_quality
from assistant.store.interviews import (
    interview_record,
    list_interviews,
    read_interview,
)
from assistant.taxonomy import load_taxonomy

router = APIRouter(prefix="/interviews", tags=["interviews"], responses=AUTH_RESPONSES)

ConversationId = Annotated[str, Path(min_length=1, max_length=200)]


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No interview has this conversation id."}
}


@router.get("", response_model=InterviewsPublic)
def list_all(
    db: DbDep,
    _: ReaderDep,
    where: InterviewFilterDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> InterviewsPublic:
    """Interviews, newest first; filter by customer, status, role, start date, whether a
    typed company name waits for an admin's decision (`claimed=true`), text (`q`: in the
    customer's or claimed name, the conversation id, the interviewer or what the person
    wrote) and whether they count in reports (`counted`: false lists the interviews without
    any need finding)."""
    rows, count = list_interviews(db, replace(where, text=q), limit=limit, offset=offset)
    return InterviewsPublic(
        data=[InterviewSummary(**r) for r in rows], count=count, limit=limit, offset=offset
    )


CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


# Beside the collection, not under it: "/interviews/export" would be a conversation's id.
csv_router = APIRouter(tags=["interviews"], responses=AUTH_RESPONSES)


@csv_router.get("/interviews.csv", response_class=StreamingResponse, responses=CSV)
def export_interviews(
    readers: ReadersDep,
    _: ReaderDep,
    where: InterviewFilterDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> StreamingResponse:
    """The interviews these filters find (as `GET /interviews` finds them) as CSV in UTF-8
    with a byte-order mark: one row per wish (what was said, its label, the need it led to,
    the needs rejected, the probes asked), one row for an interview without wishes."""
    taxonomy = load_taxonomy()

    def rows() -> Iterator[str]:
        with readers() as session:
            yield from interviews_csv(session, replace(where, text=q), taxonomy)

    return csv_download(rows(), "interviews.csv")


@router.get("/{conversation_id}", response_model=InterviewPublic, responses=NOT_FOUND)
def get_interview(
    readers: ReadersDep, _: ReaderDep, conversation_id: ConversationId
) -> InterviewPublic:
    """The conversation's latest interview: turns, wishes, ladders and needs."""
    return InterviewPublic.model_validate(asdict(read_interview(readers, conversation_id)))


@router.get(
    "/{conversation_id}/quality", response_model=InterviewQualityPublic, responses=NOT_FOUND
)
def quality(db: DbDep, _: ReaderDep, conversation_id: ConversationId) -> InterviewQualityPublic:
    """How the conversation's latest interview went: probes until each need was confirmed,
    confirmation rate, unresolved wishes, wrong proposals, the person's answer length and
    informativeness, the bot's repetitions, duration, and whether it was completed."""
    measured = interview_quality(db, conversation_id)
    return InterviewQualityPublic.of(measured, datetime.now(UTC))


@router.delete("/{conversation_id}", response_model=ConversationErasurePublic, responses=NOT_FOUND)
def erase(
    db: DbDep, tracker: TrackerDep, caller: AdminDep, conversation_id: ConversationId
) -> ConversationErasurePublic:
    """Erase a conversation: every interview of it and Rasa's stored events (on request)."""
    with tracker_transaction(tracker) as connection:
        interviews, events = erase_conversation(
            db, conversation_id, tracker=connection, actor=caller.actor
        )
    return ConversationErasurePublic(
        conversation_id=conversation_id, interviews_erased=interviews, rasa_events_erased=events
    )


@router.put(
    "/{conversation_id}/customer", response_model=InterviewPublic,
    responses={**NOT_FOUND, 409: {"description": "It belongs to another customer already."}},
)  # fmt: skip
def link_customer(
    db: DbDep, caller: AdminDep, conversation_id: ConversationId, body: CustomerLink
) -> InterviewPublic:
    """Link a conversation to a customer (e.g. after checking its claimed company name)."""
    link_conversation(db, conversation_id, body.customer_id, actor=caller.actor)
    return InterviewPublic.model_validate(asdict(interview_record(db, conversation_id)))


@router.delete(
    "/{conversation_id}/claim", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND
)
def discard(db: DbDep, caller: AdminDep, conversation_id: ConversationId) -> None:
    """Discard the company name typed in a conversation; it stays with no customer."""
    discard_claim(db, conversation_id, actor=caller.actor)


@router.get("/{conversation_id}/transcript", response_class=PlainTextResponse, responses=NOT_FOUND)
def transcript(readers: ReadersDep, _: ReaderDep, conversation_id: ConversationId) -> str:
    """The conversation's latest interview as plain text, one line per turn (a button the
    person clicked by its title)."""
    record = read_interview(readers, conversation_id)
    return "".join(
        f"[{t.created_at:%Y-%m-%d %H:%M:%S}] {t.speaker}: {t.clicked or t.text}\n"
        for t in record.turns
    )
