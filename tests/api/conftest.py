from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.config import Settings
from tests.helpers import free_port


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Rasa and the action server are deliberately not running on these ports.
    return Settings(database_url=database_url, rasa_port=free_port(), action_port=free_port())


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client
