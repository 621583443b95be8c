"""Chatting over Rasa's REST channel; the stack itself comes from tests/conftest.py."""

from __future__ import annotations

import httpx
import pytest

from ops.stack import Stack, start_stack


@pytest.fixture
def chat(stack: Stack):
    """Send a message over Rasa's REST channel; returns the bot's replies."""

    def send(sender: str, message: str, **metadata: str) -> list[dict]:
        payload: dict = {"sender": sender, "message": message}
        if metadata:
            payload["metadata"] = metadata
        response = httpx.post(
            f"{stack.settings.rasa_url}/webhooks/rest/webhook", json=payload, timeout=60
        )
        response.raise_for_status()
        return response.json()

    return send


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory):
    """The stack on a fresh PostgreSQL database (application and Rasa's tracker store)."""
    from tests.conftest import _postgres_database

    with _postgres_database() as url:
        try:
            stack = start_stack(tmp_path_factory.mktemp("pg-stack"), database_url=url)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        try:
            yield stack
        finally:
            stack.stop_all()
