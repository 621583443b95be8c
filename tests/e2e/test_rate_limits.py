"""The public chat's rate limits over the real servers: per conversation and per address.

A stack of its own with small limits (3 messages a minute per conversation, 8 per client
address); every message here comes from 127.0.0.1, so one test spends the address's budget
in a known order, web chat and REST together.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from ops.stack import Stack
from tests.e2e.conftest import socketio_probe, web_session

pytestmark = pytest.mark.e2e

PER_SESSION, PER_ADDRESS = 3, 8


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import running_stack

    limits = {
        "CHAT_LIMIT_PER_SESSION": str(PER_SESSION),
        "CHAT_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
    }
    with running_stack(tmp_path_factory.mktemp("limited"), extra_env=limits) as stack:
        yield stack


def _rest(stack: Stack, sender: str, text: str, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text}, headers=headers, timeout=60,
    )  # fmt: skip


def _user_turns(stack: Stack, conversation: str) -> list[str]:
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{conversation}", timeout=10).json()
    return [t["text"] for t in body["turns"] if t["speaker"] == "user"]


def test_the_public_chat_is_limited_per_conversation_and_per_address(limited: Stack):
    token, conversation = web_session(limited.api_url)
    texts = ["hello", "we need smaller orders", "it is easier", "our store room is tiny"]
    steps = [{"client": "web", "connect": {"session_id": token}}]
    steps += [{"client": "web", "say": t, "session_id": token} for t in texts]

    events = socketio_probe(limited.settings.rasa_url, steps)  # address: 3 of 8 spent

    refused = [p for e, p in events["web"] if e == "bot_uttered" and p.get("error")]
    assert [p["error"] for p in refused] == ["rate_limited"]
    assert "wait" in refused[0]["text"] and "not recorded" in refused[0]["text"]
    # The seconds to wait, for the page to say it in its own language (chat_labels.py).
    assert (
        1 <= refused[0]["wait"] <= 60 and f"wait {refused[0]['wait']} seconds" in refused[0]["text"]
    )
    assert _user_turns(limited, conversation) == texts[:PER_SESSION]

    a, b = f"rl-a-{uuid.uuid4().hex[:8]}", f"rl-b-{uuid.uuid4().hex[:8]}"
    assert [_rest(limited, a, t).status_code for t in texts] == [200, 200, 200, 429]  # 6 of 8
    over = _rest(limited, a, "one more")
    assert int(over.headers["Retry-After"]) >= 1
    assert over.json()[0]["error"] == "rate_limited" and over.json()[0]["recipient_id"] == a
    # b has sent nothing yet, but its address has: 2 more, then it waits too.
    assert [_rest(limited, b, t).status_code for t in texts[:3]] == [200, 200, 429]
    assert _user_turns(limited, a) == texts[:PER_SESSION]
    assert _user_turns(limited, b) == texts[:2]

    # An integration with the REST secret is not the public chat: never limited here.
    c = f"rl-c-{uuid.uuid4().hex[:8]}"
    assert {_rest(limited, c, t, **limited.rest_headers).status_code for t in texts} == {200}
