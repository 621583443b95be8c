"""Erasure over the real servers: a message under way during DELETE is not written back."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import text

from assistant.store.db import make_engine
from ops.stack import Stack

pytestmark = pytest.mark.e2e


def _rasa_events(stack: Stack, sender: str) -> int:
    engine = make_engine(stack.settings.resolved_tracker_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}
            )
    finally:
        engine.dispose()


@pytest.fixture(params=["stack", pytest.param("postgres_stack", marks=pytest.mark.postgres)])
def any_stack(request: pytest.FixtureRequest) -> Stack:
    """The stack on SQLite (Rasa's tracker in a file of its own) and on PostgreSQL (one
    database for both, advisory locks)."""
    return request.getfixturevalue(request.param)


def test_a_message_under_way_during_an_erasure_is_not_written_back(any_stack: Stack):
    stack = any_stack
    sender = f"inflight-{uuid.uuid4().hex[:10]}"

    def chat(text: str) -> None:
        httpx.post(
            f"{stack.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text}, headers=stack.rest_headers, timeout=60,
        ).raise_for_status()  # fmt: skip

    chat("hello")
    assert _rasa_events(stack, sender) > 0
    actions = stack.processes["actions"].pid
    replies: list[httpx.Response] = []

    def send() -> None:  # reaches Rasa, whose action call then waits for the action server
        replies.append(
            httpx.post(
                f"{stack.settings.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": "we need smaller orders"},
                headers=stack.rest_headers,
                timeout=60,
            )  # fmt: skip
        )

    os.kill(actions, signal.SIGSTOP)
    try:
        under_way = threading.Thread(target=send)
        under_way.start()
        time.sleep(2)  # Rasa has read the message and called the (stopped) action server
        erased = httpx.delete(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=30)
    finally:
        os.kill(actions, signal.SIGCONT)
    under_way.join(timeout=60)

    assert erased.status_code == 200, erased.text
    assert "erased" in replies[0].json()[0]["text"]  # the person is told it was not kept
    assert httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10).status_code == 404
    assert _rasa_events(stack, sender) == 0  # Rasa did not store the conversation again
    # The same id later starts a conversation afresh.
    chat("hello again")
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10).json()
    assert [t["text"] for t in body["turns"] if t["speaker"] == "user"] == ["hello again"]
