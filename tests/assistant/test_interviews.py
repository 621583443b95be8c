"""Recording interviews through the domain service, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from assistant.errors import InvalidMessage, UnknownInterview
from assistant.interviews import IncomingMessage, InterviewService
from assistant.store.models import Customer, Interview, Turn


@pytest.fixture
def service(sessions) -> InterviewService:
    return InterviewService(sessions, max_message_chars=100)


def msg(text: str, conversation: str = "c1", message_id: str | None = None, **metadata) -> IncomingMessage:
    return IncomingMessage(
        conversation_id=conversation, text=text, channel="rest", message_id=message_id, metadata=metadata
    )


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_first_message_starts_interview_with_metadata(service):
    replies = service.handle_message(msg("hello", customer="Acme Foods", role="sales_rep"))

    record = service.get_interview("c1")
    assert (record.customer, record.role, record.channel, record.status) == (
        "Acme Foods", "sales_rep", "rest", "in_progress",
    )
    assert [(t.seq, t.speaker, t.text) for t in record.turns] == [
        (1, "user", "hello"),
        (2, "bot", replies[0].text),
    ]
    assert "Acme Foods" in replies[0].text  # the rep is asked about their customer by name
    assert record.turns[0].created_at.tzinfo is not None


def test_every_turn_is_recorded_in_order(service):
    for i, text in enumerate(["hi", "we need shorter lead times", "no"]):
        service.handle_message(msg(text, message_id=f"m{i}"))

    turns = service.get_interview("c1").turns
    assert [t.seq for t in turns] == list(range(1, 7))
    assert [t.text for t in turns if t.speaker == "user"] == ["hi", "we need shorter lead times", "no"]
    assert all(t.speaker == "bot" for t in turns[1::2])


def test_retried_message_is_recorded_once_and_answered_the_same(service, sessions):
    first = service.handle_message(msg("hello", message_id="abc"))
    again = service.handle_message(msg("hello", message_id="abc"))

    assert again == first
    assert count(sessions, Turn) == 2


def test_metadata_without_role_or_customer_is_fine(service):
    service.handle_message(msg("hello", role="pirate"))

    record = service.get_interview("c1")
    assert (record.customer, record.role) == (None, None)


def test_customer_is_found_by_external_id_or_name(service, sessions):
    with sessions.begin() as session:
        session.add(Customer(external_id="C-17", name="Nordic Bakeries"))
    service.handle_message(msg("hi", conversation="a", customer="C-17"))
    service.handle_message(msg("hi", conversation="b", customer="Nordic Bakeries"))

    assert service.get_interview("a").customer == "Nordic Bakeries"
    assert service.get_interview("b").customer == "Nordic Bakeries"
    assert count(sessions, Customer) == 1


@pytest.mark.parametrize("text", ["", "   \n", "x" * 101])
def test_bad_message_is_refused_and_nothing_stored_is_lost(service, sessions, text):
    service.handle_message(msg("hello", message_id="m1"))

    with pytest.raises(InvalidMessage):
        service.handle_message(msg(text, message_id="m2"))

    assert [t.text for t in service.get_interview("c1").turns][0] == "hello"
    assert count(sessions, Turn) == 2



def test_unknown_conversation_id_raises(service):
    with pytest.raises(UnknownInterview, match="no-such-id"):
        service.get_interview("no-such-id")


def test_concurrent_first_messages_make_one_interview(service, sessions):
    messages = [msg(f"hello {i}", conversation="race", message_id=f"m{i}") for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(service.handle_message, messages))

    assert count(sessions, Interview) == 1
    turns = service.get_interview("race").turns
    assert sorted(t.text for t in turns if t.speaker == "user") == sorted(m.text for m in messages)
    assert [t.seq for t in turns] == list(range(1, 17))
