from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from api import deps
from api.main import create_app
from assistant.access import create_key
from assistant.config import Settings
from assistant.store.db import transaction
from assistant.store.models import ApiRole
from tests.helpers import free_port

CHAT_SECRET = "test-chat-session-secret-0123456789"


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    # Rasa and the action server are deliberately not running on these ports; Rasa's
    # tracker store is a file of this test's own (never the developer's var/).
    return Settings(
        database_url=database_url,
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        rasa_port=free_port(),
        action_port=free_port(),
        chat_session_secret=SecretStr(CHAT_SECRET),
    )


class _TestConnection:
    """Stands in for `app.state.engine` (used by /health only): its connection is the test's.

    A connection of the app's own would, on SQLite, wait for the write lock that the test's
    transaction holds until it is rolled back (the engine begins with BEGIN IMMEDIATE).
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def connect(self) -> AbstractContextManager[Connection]:
        return nullcontext(self._connection)


@pytest.fixture
def make_app(
    connection: Connection, sessions: sessionmaker[Session]
) -> Callable[[Settings], FastAPI]:
    """`create_app(settings)` on the test's transaction: its commits are rolled back after."""

    def make(settings: Settings) -> FastAPI:
        app = create_app(settings)
        app.dependency_overrides[deps._sessions] = lambda: sessions
        app.dependency_overrides[deps._readers] = lambda: sessions
        app.state.engine = _TestConnection(connection)
        return app

    return make


@pytest.fixture
def anonymous(settings: Settings, make_app) -> Iterator[TestClient]:
    """A client without an API key."""
    with TestClient(make_app(settings)) as client:
        yield client


@pytest.fixture
def keys(sessions) -> dict[str, str]:
    """One admin and one sales key, issued the way the CLI issues them."""
    with transaction(sessions) as session:
        return {
            role.value: create_key(session, f"test {role}", role, actor="test").secret
            for role in ApiRole
        }


@pytest.fixture
def client(settings: Settings, make_app, keys) -> Iterator[TestClient]:
    """An admin client."""
    with TestClient(make_app(settings), headers={"X-API-Key": keys["admin"]}) as client:
        yield client


@pytest.fixture
def sales(settings: Settings, make_app, keys) -> Iterator[TestClient]:
    with TestClient(make_app(settings), headers={"X-API-Key": keys["sales"]}) as client:
        yield client
