"""GET /health: each component up or down, 200 only when all are up."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.helpers import free_port


def test_down_rasa_and_actions_make_health_503(client):
    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == {"status": "up", "detail": None}
    assert body["rasa"]["status"] == "down"
    assert body["action_server"]["status"] == "down"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_unreachable_database_is_reported_down(settings):
    nothing_listens = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/needfinder"
    broken = settings.model_copy(update={"database_url": nothing_listens})
    with TestClient(create_app(broken)) as client:
        response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["database"]["status"] == "down"
