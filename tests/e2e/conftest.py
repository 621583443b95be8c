"""The real stack for end-to-end tests: Rasa, the action server and the API on free ports."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from ops.stack import Stack, start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    try:
        stack = start_stack(tmp_path_factory.mktemp("stack"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        stack.stop_all()


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
