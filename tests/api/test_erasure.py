"""Erasing a conversation on request, and what is left of erased words on disk."""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app
from assistant.config import Settings
from assistant.store.db import make_engine, make_sessionmaker
from assistant.store.migrate import upgrade
from assistant.turns import IncomingMessage, TurnService

RASA_EVENTS = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
    " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
    " action_name VARCHAR(255), data TEXT)"
)


def _rasa_stored(settings: Settings, *events: tuple[str, str]) -> None:
    """Rasa 3.6's SQL tracker store table with (sender, text) user events."""
    engine = make_engine(settings.resolved_tracker_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(RASA_EVENTS)
        for sender, said in events:
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'user', :d)"),
                {"s": sender, "d": f'{{"text": "{said}"}}'},
            )
    engine.dispose()


def _rasa_senders(settings: Settings) -> list[str]:
    engine = make_engine(settings.resolved_tracker_url)
    with engine.connect() as connection:
        senders = sorted(connection.exec_driver_sql("SELECT sender_id FROM events").scalars())
    engine.dispose()
    return senders


def test_a_conversation_without_a_customer_is_erased_with_rasas_copy(client, settings, service):
    service.handle_message(IncomingMessage("anon", "we need shorter lead times", "rest", "m1"))
    _rasa_stored(settings, ("anon", "we need shorter lead times"), ("other", "hello"))

    response = client.delete("/api/v1/interviews/anon")

    assert response.status_code == 200
    assert response.json() == {
        "conversation_id": "anon", "interviews_erased": 1, "rasa_events_erased": 1,
    }  # fmt: skip
    assert client.get("/api/v1/interviews/anon").status_code == 404
    assert _rasa_senders(settings) == ["other"]


def test_a_conversation_rasa_kept_but_we_refused_is_erased_too(client, settings):
    _rasa_stored(settings, ("refused", "x" * 6000))

    response = client.delete("/api/v1/interviews/refused")

    assert response.json()["rasa_events_erased"] == 1 and _rasa_senders(settings) == []


def test_erasing_an_unknown_conversation_is_404_and_needs_the_admin(client, sales):
    assert client.delete("/api/v1/interviews/nobody").status_code == 404
    assert sales.delete("/api/v1/interviews/nobody").status_code == 403


def _files_hold(folder: Path, marker: bytes) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_file() and marker in p.read_bytes()]


def test_erased_words_are_gone_from_the_sqlite_files_wal_included(
    tmp_path, need_extractor, interviewer
):
    marker = f"secret-{uuid.uuid4().hex}"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'needfinder.db'}",
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
    )
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    service = TurnService(make_sessionmaker(engine), need_extractor, interviewer)
    for i in range(3):
        service.handle_message(IncomingMessage("gone", f"{marker} {i}", "rest", f"m{i}"))
    _rasa_stored(settings, ("gone", marker))
    assert _files_hold(tmp_path, marker.encode()), "the marker was written"

    with TestClient(create_app(settings)) as client:
        assert client.delete("/api/v1/interviews/gone").status_code == 200
        # Checked while every process still has its connections open: closing the last one
        # would checkpoint the log on its own and hide what a running system keeps.
        assert _files_hold(tmp_path, marker.encode()) == []
    engine.dispose()


def test_an_erased_customers_id_is_never_given_again(client):
    def create(external_id: str) -> int:
        body = {"external_id": external_id, "name": external_id}
        return client.post("/api/v1/customers", json=body).json()["id"]

    create("keep")
    erased = create("erase")  # the highest id, which SQLite would hand out again
    assert client.delete(f"/api/v1/customers/{erased}").status_code == 200

    new = create("new")

    assert new > erased
    assert client.delete(f"/api/v1/customers/{erased}").status_code == 404  # reaches nobody
    assert client.get(f"/api/v1/customers/{new}").json()["external_id"] == "new"
