"""The audit log: erasures, key changes, links and claim discards, read by admins only."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from assistant.access import create_key, revoke_key
from assistant.store.db import transaction
from assistant.store.models import ApiKey, ApiRole
from assistant.turns import IncomingMessage


def _entries(client, **params) -> list[dict]:
    response = client.get("/api/v1/audit", params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def _claimed(service, conversation: str, company: str) -> None:
    metadata = {"role": "customer"}
    service.handle_message(IncomingMessage(conversation, "hello", "rest", "m1", metadata))
    service.handle_message(IncomingMessage(conversation, company, "rest", "m2"))


def test_every_change_to_access_and_records_is_logged_with_who_did_it(client, sales, service):
    acme = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme"}).json()
    _claimed(service, "to-link", "Acme")
    _claimed(service, "to-discard", "Nobody Ltd")
    service.handle_message(IncomingMessage("web-gone", "we need smaller orders", "rest", "m1"))
    invitation = sales.post(f"/api/v1/customers/{acme['id']}/invitations").json()

    client.put("/api/v1/interviews/to-link/customer", json={"customer_id": acme["id"]})
    client.delete("/api/v1/interviews/to-discard/claim")
    sales.delete(f"/api/v1/customers/{acme['id']}/invitations/{invitation['id']}")
    client.delete("/api/v1/interviews/web-gone")
    client.delete(f"/api/v1/customers/{acme['id']}")

    entries = [e for e in _entries(client) if not e["action"].startswith("key.")]
    assert [(e["action"], e["actor"].split(" (")[-1]) for e in entries] == [
        ("customer.erased", "test admin)"),
        ("conversation.erased", "test admin)"),
        ("invitation.revoked", "test sales)"),
        ("claim.discarded", "test admin)"),
        ("conversation.linked", "test admin)"),
        ("invitation.created", "test sales)"),
    ]
    assert all(e["actor"].startswith("key ") for e in entries)
    by_action = {e["action"]: e for e in entries}
    assert by_action["conversation.linked"]["target"] == "conversation to-link"
    assert by_action["conversation.linked"]["detail"] == {
        "customer_id": acme["id"], "claimed": ["Acme"],
    }  # fmt: skip
    assert by_action["claim.discarded"]["detail"] == {"claimed": ["Nobody Ltd"]}
    assert by_action["customer.erased"]["target"] == f"customer {acme['id']}"
    assert by_action["customer.erased"]["detail"]["conversations"] == 1
    # An erased conversation is named by a hash: its id may itself be personal data.
    erased = by_action["conversation.erased"]["target"]
    assert "web-gone" not in erased
    assert erased == f"conversation #{hashlib.sha256(b'web-gone').hexdigest()[:12]}"
    assert [e["action"] for e in _entries(client, action="claim.discarded")] == ["claim.discarded"]


def test_key_changes_are_logged_and_only_admins_read_the_log(client, sales, sessions):
    with transaction(sessions) as session:
        issued = create_key(session, "laptop", ApiRole.SALES, actor="command line (jane)")
        revoke_key(session, issued.id, actor="command line (jane)")
        revoke_key(session, issued.id, actor="command line (jane)")  # already: not again
        names = list(session.scalars(select(ApiKey.name)))

    entries = _entries(client, action="key.revoked") + _entries(client, action="key.created")
    assert [(e["action"], e["actor"], e["target"]) for e in entries if "laptop" in str(e)] == [
        ("key.revoked", "command line (jane)", f"key {issued.id}"),
        ("key.created", "command line (jane)", f"key {issued.id}"),
    ]
    assert "laptop" in names
    assert sales.get("/api/v1/audit").status_code == 403
    assert client.get("/api/v1/audit", params={"action": "made.up"}).status_code == 422
