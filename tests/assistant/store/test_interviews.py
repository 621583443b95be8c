"""Listing interviews: counted, empty and abandoned ones labelled, needs found, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from assistant.interview.vocabulary import InterviewStatus
from assistant.store.interviews import (
    IDLE_LIMIT,
    InterviewFilter,
    abandoned,
    interview_record,
    list_interviews,
)
from assistant.store.models import Speaker, Turn
from tests.assistant.reports.conftest import Factory

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
D, R = "demand_uncertainty", "receiving_window"


@pytest.fixture
def session(sessions) -> Session:
    with sessions() as session:
        yield session


@pytest.fixture
def rows(session):
    f = Factory(session)
    acme, bolt = f.customer(name="Acme Foods"), f.customer(name="Bolt Tools")
    done = f.interview(acme, started_at=NOW - timedelta(days=3))
    f.wish(done, "exact_delivery_time", [(D, "rejected"), (R, "confirmed")])
    f.wish(done, "shorter_lead_time", [(D, "confirmed")])
    f.wish(done, "urgent_orders", [(R, "confirmed")])
    left = f.interview(
        bolt,
        started_at=NOW - timedelta(days=2),
        status=InterviewStatus.IN_PROGRESS,
        updated_at=NOW - IDLE_LIMIT - timedelta(minutes=1),
    )
    f.wish(left, "urgent_orders", text="Hi")
    session.add(Turn(interview=left, seq=1, speaker=Speaker.USER, text="Hi, pallets please",
                     channel="rest", source_key="k1"))  # fmt: skip
    live = f.interview(
        None,
        started_at=NOW - timedelta(hours=1),
        status=InterviewStatus.IN_PROGRESS,
        updated_at=NOW - timedelta(minutes=5),
    )
    over = f.interview(None, started_at=NOW - timedelta(days=1), status=InterviewStatus.COMPLETED)
    session.flush()
    return {"done": done, "left": left, "live": live, "over": over}


def _page(session, **where):
    found, total = list_interviews(session, InterviewFilter(**where), limit=50, offset=0, now=NOW)
    return {row["conversation_id"]: row for row in found}, total


def test_rows_say_whether_they_count_are_empty_or_abandoned(session, rows):
    page, total = _page(session)

    assert total == 4
    flags = {
        name: (page[i.conversation_id]["counted"], page[i.conversation_id]["empty"],
               page[i.conversation_id]["abandoned"])
        for name, i in rows.items()
    }  # fmt: skip
    assert flags == {
        "done": (True, False, False),
        "left": (False, True, True),  # in progress, idle for a day: abandoned, nothing found
        "live": (False, False, False),  # going on: not counted yet, not empty either
        "over": (False, True, False),  # completed without a finding
    }


def test_rows_list_the_needs_confirmed_once_each_in_the_order_found(session, rows):
    page, _ = _page(session)

    assert page[rows["done"].conversation_id]["needs"] == [R, D]
    assert page[rows["left"].conversation_id]["needs"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("acme", {"done"}),  # the customer's name, any case
        ("PALLETS", {"left"}),  # what the person wrote
        ("%", set()),  # a wildcard is a character like any other
    ],
)
def test_text_filter(session, rows, text, expected):
    page, total = _page(session, text=text)

    assert set(page) == {rows[name].conversation_id for name in expected}
    assert total == len(expected)


def test_text_filter_finds_a_conversation_id(session, rows):
    conversation = rows["live"].conversation_id

    page, _ = _page(session, text=conversation[:10].upper())

    assert set(page) == {conversation}


def test_counted_filter(session, rows):
    counted, _ = _page(session, counted=True)
    uncounted, _ = _page(session, counted=False)

    assert set(counted) == {rows["done"].conversation_id}
    assert len(uncounted) == 3


def test_abandoned_needs_an_interview_in_progress_idle_past_the_limit():
    idle = NOW - IDLE_LIMIT - timedelta(seconds=1)
    assert abandoned(InterviewStatus.IN_PROGRESS, idle, NOW)
    assert not abandoned(InterviewStatus.IN_PROGRESS, NOW - IDLE_LIMIT, NOW)
    assert not abandoned(InterviewStatus.PAUSED, idle, NOW)  # paused on purpose: can resume
    assert not abandoned(InterviewStatus.COMPLETED, idle, NOW)


def test_one_interview_carries_the_same_labels(session, rows):
    record = interview_record(session, rows["over"].conversation_id)

    assert (record.counted, record.empty, record.abandoned) == (False, True, False)
