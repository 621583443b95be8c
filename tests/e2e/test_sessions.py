"""A conversation idle past Rasa's session expiry (domain.yml, 60 minutes) goes on in a new
Rasa session, which loads only its own events; the interview itself goes on where it was."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import text

from assistant.store.db import make_engine
from ops.stack import Stack

pytestmark = pytest.mark.e2e

TWO_HOURS = 2 * 3600


def _say(stack: Stack, sender: str, message: str, **metadata: str) -> list[dict]:
    payload: dict = {"sender": sender, "message": message}
    if metadata:
        payload["metadata"] = metadata
    response = httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook", json=payload,
        headers=stack.rest_headers, timeout=60,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


def _tracker(stack: Stack):
    return make_engine(stack.settings.resolved_tracker_url)


def _age(stack: Stack, sender: str, seconds: float) -> None:
    """Move every stored event of `sender` `seconds` into the past, as if it had been idle."""
    engine = _tracker(stack)
    try:
        with engine.begin() as connection:
            rows = connection.execute(
                text("SELECT id, timestamp, data FROM events WHERE sender_id = :s"), {"s": sender}
            ).all()
            for id_, stamp, data in rows:
                event = json.loads(data)
                event["timestamp"] = event["timestamp"] - seconds
                connection.execute(
                    text("UPDATE events SET timestamp = :t, data = :d WHERE id = :i"),
                    {"t": stamp - seconds, "d": json.dumps(event), "i": id_},
                )
    finally:
        engine.dispose()


def _types(stack: Stack, sender: str) -> list[str]:
    engine = _tracker(stack)
    try:
        with engine.connect() as connection:
            return list(
                connection.scalars(
                    text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"),
                    {"s": sender},
                )
            )
    finally:
        engine.dispose()


def test_an_idle_conversation_goes_on_in_a_new_rasa_session(stack: Stack):
    sender = f"idle-{uuid.uuid4().hex[:8]}"
    first = _say(stack, sender, "we need half pallets", customer="Idle Ltd", role="customer")
    assert first and "?" in first[-1]["text"]  # a why
    _say(stack, sender, "it would just be easier")
    _age(stack, sender, TWO_HOURS)

    later = _say(stack, sender, "our back room is tiny, there is no space for full pallets")

    assert _types(stack, sender).count("session_started") == 2  # a new session began
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10).json()
    said = [t["text"] for t in body["turns"] if t["speaker"] == "user"]
    assert said[-1].startswith("our back room is tiny") and body["number"] == 1
    assert [s["answer"] for s in body["wishes"][0]["ladder"]][-1] == said[-1]  # same ladder
    assert any("storage" in b["payload"] for r in later for b in r.get("buttons") or [])
