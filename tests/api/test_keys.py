"""API keys over the API: an admin issues (the secret shown once), lists and revokes them."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_an_admin_issues_lists_and_revokes_a_key(client, anonymous):
    issued = client.post("/api/v1/keys", json={"name": "Dana (sales)", "role": "sales"})

    assert issued.status_code == 201
    body = issued.json()
    assert body["key"].startswith("nf_") and body["role"] == "sales"
    assert anonymous.get("/api/v1/customers", headers={"X-API-Key": body["key"]}).status_code == 200
    listed = {k["id"]: k for k in client.get("/api/v1/keys").json()}
    assert listed[body["id"]]["name"] == "Dana (sales)"
    assert listed[body["id"]]["prefix"] == body["key"][:10]
    assert body["key"] not in client.get("/api/v1/keys").text  # the secret is shown once

    revoked = client.delete(f"/api/v1/keys/{body['id']}")

    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert anonymous.get("/api/v1/customers", headers={"X-API-Key": body["key"]}).status_code == 401
    again = client.delete(f"/api/v1/keys/{body['id']}")
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]


def test_only_admins_manage_keys(sales):
    assert sales.get("/api/v1/keys").status_code == 403
    assert sales.post("/api/v1/keys", json={"name": "x", "role": "admin"}).status_code == 403
    assert sales.delete("/api/v1/keys/1").status_code == 403


def test_nobody_revokes_the_key_they_are_using(client):
    (own,) = [k for k in client.get("/api/v1/keys").json() if k["role"] == "admin"]

    response = client.delete(f"/api/v1/keys/{own['id']}")

    assert response.status_code == 409
    assert "you are using" in response.json()["detail"]
    assert client.get("/api/v1/keys").status_code == 200


def test_bad_key_requests(client: TestClient):
    assert client.delete("/api/v1/keys/99999").status_code == 404
    assert client.post("/api/v1/keys", json={"name": " ", "role": "sales"}).status_code == 422
    assert client.post("/api/v1/keys", json={"name": "x", "role": "root"}).status_code == 422
