"""Erasing a customer removes their records and Rasa's copy of their chats, as one."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Connection, select, text

from assistant.customers import erase_customer
from assistant.erasure import erase_conversation
from assistant.errors import ConversationErased, UnknownCustomer
from assistant.store.db import make_engine, transaction
from assistant.store.models import Customer, Interview
from assistant.turns import IncomingMessage


def _rasa_events(connection: Connection, *senders: str) -> None:
    """Rasa 3.6's SQL tracker store table, with one event per sender."""
    connection.execute(
        text(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
            " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
            " action_name VARCHAR(255), data TEXT)"
        )
    )
    for i, sender in enumerate(senders):
        connection.execute(
            text(
                "INSERT INTO events (id, sender_id, type_name, data) VALUES (:i, :s, 'user', '{}')"
            ),
            {"i": i, "s": sender},
        )


def _senders(connection: Connection) -> list[str]:
    return sorted(connection.execute(text("SELECT sender_id FROM events")).scalars())


def _customer_with_chat(service, sessions) -> int:
    service.handle_message(IncomingMessage("gone", "hello", "rest", "m1", {"customer": "Acme"}))
    with sessions() as session:
        return session.scalar(select(Customer.id).where(Customer.name == "Acme"))


def test_tracker_in_the_same_database_is_erased_in_the_same_transaction(service, sessions):
    acme = _customer_with_chat(service, sessions)
    with transaction(sessions) as session:
        _rasa_events(session.connection(), "gone", "gone", "someone-else")

    with transaction(sessions) as session:
        assert erase_customer(session, acme, tracker=None, actor="test") == 1

    with sessions() as session:
        assert _senders(session.connection()) == ["someone-else"]
        assert session.get(Customer, acme) is None


def test_tracker_in_its_own_database_is_erased_too(service, sessions, tmp_path):
    acme = _customer_with_chat(service, sessions)
    tracker = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with tracker.begin() as connection:
        _rasa_events(connection, "gone", "someone-else")

    with transaction(sessions) as session, tracker.begin() as connection:
        erase_customer(session, acme, tracker=connection, actor="test")

    with tracker.connect() as connection:
        assert _senders(connection) == ["someone-else"]
    tracker.dispose()


def test_a_failed_erasure_keeps_both_the_records_and_the_chats(service, sessions, monkeypatch):
    acme = _customer_with_chat(service, sessions)
    with transaction(sessions) as session:
        _rasa_events(session.connection(), "gone")

    def lost_connection(*_args, **_kwargs):
        raise ConnectionError("tracker store went away")

    monkeypatch.setattr("assistant.erasure.delete_rasa_events", lost_connection)
    with pytest.raises(ConnectionError), transaction(sessions) as session:
        erase_customer(session, acme, tracker=None, actor="test")

    with sessions() as session:
        assert _senders(session.connection()) == ["gone"]
        assert session.scalar(select(Interview.conversation_id)) == "gone"


def test_erasing_an_unknown_customer_raises(sessions):
    with pytest.raises(UnknownCustomer), transaction(sessions) as session:
        erase_customer(session, 999_999, tracker=None, actor="test")


def test_a_message_under_way_during_an_erasure_is_not_recorded_after_it(service, sessions):
    service.handle_message(IncomingMessage("gone", "hello", "rest", "m1", received_at=time.time()))
    under_way = time.time()  # Rasa received the next message, then the erasure ran
    with transaction(sessions) as session:
        erase_conversation(session, "gone", tracker=None, actor="test")

    with pytest.raises(ConversationErased, match="erased"):
        service.handle_message(
            IncomingMessage("gone", "we need smaller orders", "rest", "m2", received_at=under_way)
        )

    with sessions() as session:
        assert session.scalar(select(Interview).where(Interview.conversation_id == "gone")) is None
    service.handle_message(
        IncomingMessage("gone", "hi again", "rest", "m3", received_at=time.time())
    )
    assert [t.text for t in service.get_interview("gone").turns][:1] == ["hi again"]
