"""The processes' logs keep no message texts and no secrets: ids and lengths only."""

from __future__ import annotations

import uuid

import httpx
import pytest

from ops.stack import Stack
from tests.e2e.conftest import socketio_probe, web_session

pytestmark = pytest.mark.e2e


def _invitation(stack: Stack) -> str:
    api = f"{stack.api_url}/api/v1"
    name = f"Log Foods {uuid.uuid4().hex[:6]}"
    customer = httpx.post(
        f"{api}/customers", json={"external_id": name, "name": name}, timeout=10
    ).json()
    return httpx.post(f"{api}/customers/{customer['id']}/invitations", timeout=10).json()["token"]


def _logs(stack: Stack) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(stack.logs.glob("*.log")))


def test_logs_keep_no_message_text_and_no_token(stack: Stack):
    said = f"our store room is tiny {uuid.uuid4().hex}"
    token = _invitation(stack)
    sender = f"logs-{uuid.uuid4().hex[:8]}"
    webhook = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    # An old invitation link, with the token in the query (the access log records paths).
    assert httpx.get(f"{stack.api_url}/chat", params={"invite": token}, timeout=10).is_success
    message = {"sender": sender, "message": said, "metadata": {"invite": token}}
    assert httpx.post(webhook, json=message, timeout=60).status_code == 200
    session, conversation = web_session(stack.api_url)
    socketio_probe(
        stack.settings.rasa_url,
        [
            {"client": "web", "connect": {"session_id": session}},
            {"client": "web", "say": said, "session_id": session},
        ],
    )
    # A turn that fails: the action server is down, Rasa reports the failure.
    stack.stop("actions")
    try:
        failed = httpx.post(webhook, json={**message, "message": f"{said} again"}, timeout=60)
    finally:
        stack.start("actions")
        stack.wait_ready()
    assert failed.status_code == 503
    for erased in (sender, conversation):
        assert httpx.delete(f"{stack.api_url}/api/v1/interviews/{erased}", timeout=30).is_success

    logs = _logs(stack)

    assert logs, "the processes wrote logs"
    assert sender in logs or conversation in logs  # ids are logged: that is what they are for
    secrets = {
        "the message": said,
        "the invitation token": token,
        "the web session": session,
        **{name: stack.env[name] for name in ("RASA_TOKEN", "ACTION_TOKEN", "REST_SECRET")},
        "CHAT_SESSION_SECRET": stack.env["CHAT_SESSION_SECRET"],
    }
    leaked = [name for name, secret in secrets.items() if secret in logs]
    assert leaked == []
