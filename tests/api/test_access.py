"""API keys and roles: admin may do everything, sales may read, brief and invite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.deps import FORBIDDEN, INVALID_KEY, MISSING_KEY
from api.main import create_app
from assistant.access import revoke_key
from assistant.store.db import transaction
from assistant.store.models import ApiKey


def test_no_key_is_401_once_keys_exist(anonymous, keys):
    response = anonymous.get("/api/v1/customers")

    assert response.status_code == 401
    assert response.json() == {"detail": MISSING_KEY}


def test_wrong_key_is_401(anonymous, keys):
    response = anonymous.get("/api/v1/customers", headers={"X-API-Key": "nf_guess"})

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID_KEY}


def test_sales_may_read_but_not_write(sales):
    assert sales.get("/api/v1/customers").status_code == 200

    response = sales.post("/api/v1/customers", json={"external_id": "C1", "name": "Acme"})

    assert response.status_code == 403
    assert response.json() == {"detail": FORBIDDEN.format(role="sales")}


def test_revoked_key_is_refused(settings, make_app, sessions, keys):
    with transaction(sessions) as session:
        key_id = next(k.id for k in session.query(ApiKey) if k.role.value == "sales")
        revoke_key(session, key_id, actor="test")
    with TestClient(make_app(settings), headers={"X-API-Key": keys["sales"]}) as client:
        assert client.get("/api/v1/customers").status_code == 401


def test_admin_key_from_the_environment(settings, make_app, keys):
    configured = settings.model_copy(update={"admin_key": SecretStr("env-secret-123")})
    with TestClient(make_app(configured), headers={"X-API-Key": "env-secret-123"}) as client:
        response = client.post("/api/v1/customers", json={"external_id": "E1", "name": "Env"})
    assert response.status_code == 201


def test_keys_are_stored_hashed(sessions, keys):
    with sessions() as session:
        hashes = [k.key_hash for k in session.query(ApiKey)]
    assert set(keys.values()).isdisjoint(hashes)
    assert all(len(h) == 64 for h in hashes)


@pytest.mark.parametrize("path", ["/health", "/docs", "/openapi.json"])
def test_health_and_docs_stay_open(anonymous, keys, path):
    assert anonymous.get(path).status_code in (200, 503)


def test_open_until_the_first_key_is_issued(anonymous):
    assert anonymous.get("/api/v1/customers").status_code == 200


def test_open_access_never_starts_off_loopback(settings):
    exposed = settings.model_copy(update={"host": "0.0.0.0"})

    with pytest.raises(RuntimeError, match="Refusing to start"):
        with TestClient(create_app(exposed)):
            pass


def test_an_admin_key_lets_it_start_off_loopback(settings):
    exposed = settings.model_copy(update={"host": "0.0.0.0", "admin_key": SecretStr("k" * 32)})

    with TestClient(create_app(exposed)) as client:
        assert client.get("/health").status_code in (200, 503)
