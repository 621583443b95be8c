from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.access import create_key
from assistant.config import Settings
from assistant.store.db import transaction
from assistant.store.models import ApiRole
from tests.helpers import free_port


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    # Rasa and the action server are deliberately not running on these ports; Rasa's
    # tracker store is a file of this test's own (never the developer's var/).
    return Settings(
        database_url=database_url,
        tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        rasa_port=free_port(),
        action_port=free_port(),
    )


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:
    """A client without an API key."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def keys(sessions) -> dict[str, str]:
    """One admin and one sales key, issued the way the CLI issues them."""
    with transaction(sessions) as session:
        return {role.value: create_key(session, f"test {role}", role).secret for role in ApiRole}


@pytest.fixture
def client(settings: Settings, keys) -> Iterator[TestClient]:
    """An admin client."""
    with TestClient(create_app(settings), headers={"X-API-Key": keys["admin"]}) as client:
        yield client


@pytest.fixture
def sales(settings: Settings, keys) -> Iterator[TestClient]:
    with TestClient(create_app(settings), headers={"X-API-Key": keys["sales"]}) as client:
        yield client
