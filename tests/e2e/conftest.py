"""Chatting over Rasa's REST channel; the stack itself comes from tests/conftest.py.

The scaled stack (HAProxy, 2 Rasa and 2 action servers) is started here, once per session.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest

from ops import haproxy
from ops.probes import drop_database, ensure_database, postgres_problem
from ops.stack import ScaledStack, Stack, start_scaled_stack

SOCKETIO_PROBE = Path(__file__).parent / "socketio_probe.js"  # the chat page's library


def web_session(api_url: str) -> tuple[str, str]:
    """A new web chat session as the chat page gets it: (signed session id, conversation id)."""
    page = httpx.get(f"{api_url}/chat", timeout=10)
    page.raise_for_status()
    token = re.search(r'data-new-session="([^"]+)"', page.text).group(1)
    return token, jwt.decode(token, options={"verify_signature": False})["sub"]


def socketio_probe(url: str, steps: list[dict]) -> dict[str, list[list]]:
    """Run scripted socket.io clients (tests/e2e/socketio_probe.js); each client's events."""
    from assistant.config import PROJECT_ROOT

    result = subprocess.run(
        ["node", str(SOCKETIO_PROBE)], input=json.dumps({"url": url, "steps": steps}),
        capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,  # node_modules
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def chat(stack: Stack):
    """Send a message over Rasa's REST channel; returns the bot's replies."""

    def send(sender: str, message: str, **metadata: str) -> list[dict]:
        payload: dict = {"sender": sender, "message": message}
        if metadata:
            payload["metadata"] = metadata
        response = httpx.post(  # as an integration: its metadata counts
            f"{stack.settings.rasa_url}/webhooks/rest/webhook",
            json=payload, headers=stack.rest_headers, timeout=60,
        )  # fmt: skip
        response.raise_for_status()
        return response.json()

    return send


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory):
    """The stack on a fresh PostgreSQL database (application and Rasa's tracker store)."""
    from tests.conftest import _postgres_database, running_stack

    with (
        _postgres_database() as url,
        running_stack(tmp_path_factory.mktemp("pg-stack"), database_url=url) as stack,
    ):
        yield stack


@pytest.fixture(scope="session")
def scaled_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    """`needfinder run --rasa 2 --actions 2` (HAProxy, Redis lock store) on a fresh PostgreSQL
    database; started once for the scaled-mode and fault tests."""
    from tests.conftest import PG_ADMIN_DSN

    if missing := haproxy.missing():
        pytest.fail(missing)
    # Its own short connections, not a session-long admin connection: a fault test restarts
    # PostgreSQL.
    url = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url += f"/needfinder_test_{uuid.uuid4().hex[:12]}"
    if problem := postgres_problem(url):
        pytest.skip(f"POSTGRESQL NOT REACHABLE ({problem}); scaled-mode tests SKIPPED")
    ensure_database(url)
    try:
        stack = start_scaled_stack(tmp_path_factory.mktemp("scaled"), url)
    except RuntimeError as exc:
        drop_database(url)
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        stack.stop()
        drop_database(url)


@pytest.fixture
def scaled(scaled_stack: ScaledStack) -> ScaledStack:
    """The scaled stack with every process running and every replica up in HAProxy."""
    scaled_stack.wait_all_up()
    return scaled_stack
