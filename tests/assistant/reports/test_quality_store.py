"""Quality rows: written in every turn's transaction, refreshed for older interviews,
read back, summarised with filters, erased with their interview (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assistant.errors import UnknownInterview
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.needs.results import Candidate
from assistant.reports import quality_store
from assistant.reports.quality import ProbeCount, measure, summarise
from assistant.reports.quality_store import (
    interview_quality,
    list_quality,
    quality_summary,
    refresh,
    save_quality,
)
from assistant.store.db import transaction
from assistant.store.interviews import InterviewFilter, delete_conversation, read_interview
from assistant.store.models import InterviewQuality, Speaker, Turn
from assistant.turns import IncomingMessage
from tests.assistant.reports.conftest import Factory

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def _say(service, text: str, i: int, **metadata) -> list:
    return service.handle_message(
        IncomingMessage("q1", text, "rest", message_id=f"m{i}", metadata=metadata)
    )


def _stored(sessions, conversation: str = "q1"):
    with sessions() as session:
        return interview_quality(session, conversation)


def test_every_turn_leaves_a_row_that_matches_the_interview(service, sessions):
    messages = [
        "hello",
        "we need shorter lead times",
        "our sales jump around every week and the forecast is always wrong",
    ]
    replies = []
    for i, text in enumerate(messages):
        replies = _say(service, text, i, customer="Acme", role="customer")
        measured = _stored(sessions)
        assert measured.stored  # read from the row the turn wrote
        assert measured.figures == measure(read_interview(sessions, "q1"))
        assert measured.figures.answers == i + 1

    # the proposal's button: a click, no answer, and the row follows it
    button = next(b.payload for r in replies for b in r.buttons if "confirm_need" in b.payload)
    _say(service, button, 9)
    figures = _stored(sessions).figures
    assert figures == measure(read_interview(sessions, "q1"))
    assert figures.answers == 3
    assert (figures.wishes, figures.confirmed) == (1, 1)
    assert figures.probes_to_confirmation == [1]


def test_a_retried_message_leaves_the_row_as_it_was(service, sessions):
    _say(service, "hello", 0, customer="Acme", role="customer")
    _say(service, "we need shorter lead times", 1)
    before = _stored(sessions).figures

    _say(service, "we need shorter lead times", 1)  # Rasa retrying the action

    assert _stored(sessions).figures == before


def _interview_with_turns(factory: Factory, *, role: Role | None = None, gap: int = 1, **kw):
    """An interview recorded before quality rows existed: turns and one confirmed wish."""
    interview = factory.interview(None, **kw)
    interview.role = role
    factory.wish(interview, "shorter_lead_time", [("demand_uncertainty", "confirmed")])
    for seq, speaker, text in [
        (1, Speaker.USER, "we need shorter lead times"),
        (2, Speaker.BOT, "Why?"),
        (3, Speaker.USER, "yes"),
        (4, Speaker.BOT, "Why?"),
    ]:
        factory.session.add(
            Turn(
                interview=interview, seq=seq, speaker=speaker, text=text, channel="rest",
                source_key=f"k{seq}",
                created_at=interview.started_at + timedelta(seconds=gap * seq),
            )
        )  # fmt: skip
    factory.session.flush()
    return interview


def test_refresh_writes_missing_rows_and_rewrites_outdated_ones(
    sessions, factory, session, monkeypatch
):
    old = _interview_with_turns(factory)
    session.commit()
    assert not _stored(sessions, old.conversation_id).stored  # measured on reading only

    assert refresh(sessions) == 1
    measured = _stored(sessions, old.conversation_id)
    assert measured.stored
    assert (measured.figures.answers, measured.figures.repeated_bot_utterances) == (2, 1)
    assert refresh(sessions) == 0  # nothing left to do

    monkeypatch.setattr(quality_store, "VERSION", quality_store.VERSION + 1)
    assert not _stored(sessions, old.conversation_id).stored  # written by an older definition
    assert refresh(sessions) == 1
    assert _stored(sessions, old.conversation_id).stored


def test_a_summary_takes_the_interview_lists_filters(sessions, factory, session):
    for role, day in [(Role.CUSTOMER, 1), (Role.CUSTOMER, 5), (Role.SALES_REP, 5)]:
        interview = _interview_with_turns(
            factory, role=role, started_at=datetime(2026, 3, day, tzinfo=UTC)
        )
        save_quality(session, interview)
    session.flush()

    every = quality_summary(session, InterviewFilter(), NOW)
    customers = quality_summary(session, InterviewFilter(role=Role.CUSTOMER), NOW)
    recent = quality_summary(
        session, InterviewFilter(started_from=datetime(2026, 3, 3, tzinfo=UTC)), NOW
    )

    assert (every.interviews, every.answers, every.confirmed) == (3, 3 * 2, 3)
    assert (customers.interviews, recent.interviews) == (2, 2)
    assert every.completed == 3  # the factory's interviews are completed
    rows, total = list_quality(session, InterviewFilter(role=Role.SALES_REP), limit=5, offset=0)
    assert total == 1 and rows[0].role is Role.SALES_REP and rows[0].stored


def test_the_sql_summary_pools_as_summarise_does(factory, session):
    """Completed, paused, abandoned, in progress and never answered; wishes confirmed after
    different probes, rejected, unresolved and open: SQL and Python agree on every figure."""
    recent = NOW - timedelta(hours=1)
    kinds = [  # status, start, seconds between turns (None: no turn)
        (InterviewStatus.COMPLETED, datetime(2026, 3, 1, tzinfo=UTC), 1),
        (InterviewStatus.COMPLETED, datetime(2026, 3, 2, tzinfo=UTC), 5),
        (InterviewStatus.IN_PROGRESS, datetime(2026, 3, 3, tzinfo=UTC), 1),  # abandoned
        (InterviewStatus.PAUSED, datetime(2026, 3, 3, tzinfo=UTC), 1),  # paused, not abandoned
        (InterviewStatus.IN_PROGRESS, recent, 1),  # in progress
        (InterviewStatus.IN_PROGRESS, recent, None),  # no turn at all: abandoned
    ]
    interviews = []
    for status, started, gap in kinds:
        interview = (
            _interview_with_turns(factory, started_at=started, gap=gap)
            if gap
            else factory.interview(None, started_at=started)
        )
        interview.status = status
        factory.wish(interview, "urgent_orders", [(None, "unresolved")])
        factory.wish(interview, "small_orders", [("admin_effort", "rejected")])  # open
        factory.wish(
            interview, "exact_delivery_time",
            [("handling_effort", "rejected"), ("receiving_window", "confirmed")],
            candidates=[Candidate("receiving_window", 0.9)],
        )  # fmt: skip
        save_quality(session, interview)
        interviews.append(interview)
    session.flush()
    stored = [interview_quality(session, i.conversation_id).figures for i in interviews]

    in_sql = quality_summary(session, InterviewFilter(), NOW)
    in_python = summarise(stored, NOW)

    assert replace(in_sql, answer_bits=0.0) == replace(in_python, answer_bits=0.0)
    assert in_sql.answer_bits == pytest.approx(in_python.answer_bits)
    assert (in_sql.completed, in_sql.paused, in_sql.abandoned, in_sql.in_progress) == (2, 1, 2, 1)
    assert (in_sql.confirmed, in_sql.unresolved, in_sql.open) == (6 + 5, 6, 6)
    assert in_sql.probe_counts == (ProbeCount(0, 5), ProbeCount(1, 6))
    assert in_sql.median_duration_seconds == (3 * 1 + 3 * 5) / 2  # turns 1 to 4, 1 s or 5 s apart


def test_the_row_goes_with_its_conversation(service, sessions):
    _say(service, "hello", 0, customer="Acme", role="customer")

    with transaction(sessions) as session:
        assert session.scalar(select(func.count()).select_from(InterviewQuality)) == 1
        delete_conversation(session, "q1")
        assert session.scalar(select(func.count()).select_from(InterviewQuality)) == 0


def test_an_unknown_conversation_has_no_quality(sessions):
    with pytest.raises(UnknownInterview):
        _stored(sessions, "nobody")


def test_a_restarted_interview_keeps_the_first_ones_figures(service, sessions):
    _say(service, "hello", 0, customer="Acme", role="customer")
    _say(service, "we need shorter lead times", 1)
    service.handle_message(
        IncomingMessage("q1", "restart", "rest", message_id="m2", intent="restart_interview")
    )

    with sessions() as session:
        rows = session.scalars(select(InterviewQuality).order_by(InterviewQuality.interview_id))
        assert [r.answers for r in rows] == [2, 1]
    assert _stored(sessions).number == 2
    assert InterviewStatus(_stored(sessions).figures.status) is InterviewStatus.IN_PROGRESS


def test_figures_added_turn_by_turn_are_those_of_the_whole_record(service, sessions):
    """Each turn adds itself to the row (`add_turn`); after every turn of a long interview
    (greetings, a rejected proposal, a skip, a second wish, don't-knows, pauses, a repeat)
    the row holds what measuring the whole record gives."""
    messages = [
        "hi",
        "hi",
        "we need shorter lead times",
        "it would just be easier",
        "our sales jump around every week and the forecast is always wrong",
        "no",
        "skip",
        "and we would like half pallets",
        "dunno",
        "I don't know",
        "stop",
        "hi",
        "stop",  # "Saved. …" a second time: a repeated utterance
        "hello?",
        "our store room is tiny, there is no space for full pallets",
        "forget that one",  # the second wish taken back: its row goes
    ]
    for i, text in enumerate(messages):
        _say(service, text, i, customer="Acme", role="customer")
        measured = _stored(sessions)
        assert measured.stored
        assert measured.figures == measure(read_interview(sessions, "q1")), text
    figures = measured.figures
    # the interview went through what the incremental sums must get right
    assert figures.wishes == 1  # two, and one taken back
    assert figures.wrong_proposals >= 1
    assert figures.repeated_bot_utterances >= 1
    assert figures.answers == len(messages)
    assert figures.answer_words > len(messages)
