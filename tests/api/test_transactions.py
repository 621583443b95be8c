"""A response is sent only after its transaction committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.orm import SessionTransaction

from api.main import create_app
from assistant.config import Settings
from tests.helpers import free_port


def test_a_write_whose_commit_fails_is_an_error_not_a_success(
    settings, make_app, keys, monkeypatch
):
    def failing_commit(self: SessionTransaction) -> None:
        raise RuntimeError("the disk is full")

    app = make_app(settings)
    with TestClient(
        app, headers={"X-API-Key": keys["admin"]}, raise_server_exceptions=False
    ) as client:
        monkeypatch.setattr(SessionTransaction, "commit", failing_commit)
        response = client.post("/api/v1/customers", json={"external_id": "C1", "name": "Acme"})
        monkeypatch.undo()

        assert response.status_code == 500
        assert client.get("/api/v1/customers").json()["count"] == 0


@pytest.fixture
def served(fresh_database_url, tmp_path) -> Iterator[str]:
    """The API served by uvicorn in this process, on a fresh database; its base URL."""
    settings = Settings(
        database_url=fresh_database_url,
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        api_port=free_port(),
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), port=settings.api_port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{settings.api_port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.fresh_database(reason="a served API with its own engine, and a slowed commit")
def test_a_write_is_committed_before_its_response_is_sent(served, monkeypatch):
    commit = SessionTransaction.commit

    def slow_commit(self: SessionTransaction) -> None:
        time.sleep(0.3)  # a busy database: the commit lags behind the route's return
        commit(self)

    api = f"{served}/api/v1/customers"
    with httpx.Client(timeout=10) as client:
        created = client.post(api, json={"external_id": "C1", "name": "Acme"})
        assert created.status_code == 201, created.text
        monkeypatch.setattr(SessionTransaction, "commit", slow_commit)

        assert client.delete(f"{api}/{created.json()['id']}").status_code == 200
        assert client.get(f"{api}/{created.json()['id']}").status_code == 404
