"""The scaled mode end to end: 2 Rasa servers and 2 action servers behind HAProxy.

The scripted interviews all at once over REST, a conversation staying on one Rasa server,
and chats over socket.io with both transports (long-polling needs the sticky cookie).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
import yaml

from assistant.config import PROJECT_ROOT
from ops.haproxy import runtime
from ops.stack import ScaledStack
from tests.e2e.conftest import web_session

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.scaled]

SCRIPTS = yaml.safe_load((Path(__file__).parent / "interviews.yml").read_text())
SOCKETIO_CLIENT = Path(__file__).parent / "socketio_client.js"  # the chat page's library


def _payloads(replies: list[dict]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


async def _interview(client: httpx.AsyncClient, stack: ScaledStack, script: dict) -> str:
    """One scripted interview (as tests/e2e/test_interviews.py runs them); its sender."""
    sender = f"scaled-{uuid.uuid4().hex[:10]}"
    url = f"{stack.chat_url}/webhooks/rest/webhook"

    async def say(text: str) -> list[dict]:
        payload = {"sender": sender, "message": text}
        payload["metadata"] = {"customer": "Scaled Ltd", "role": "customer"}
        response = await client.post(url, json=payload, timeout=60)
        assert response.status_code == 200, (sender, text, response.text)
        return response.json()

    await say(script["say"])
    await say(script["shallow"])
    revealed = await say(script["reveal"])
    assert _payloads(revealed)[:1] == [f'/confirm_need{{"need":"{script["need"]}"}}'], revealed
    await say(_payloads(revealed)[0])
    for _ in range(4):  # leave open any further wish the model read into the opening
        body = (await client.get(f"{stack.api_url}/api/v1/interviews/{sender}")).json()
        if all(w["need"] for w in body["wishes"]):
            break
        await say("/none_of_these")
    await say("no")
    return sender


def test_scripted_interviews_at_once_reach_their_needs(scaled: ScaledStack):
    async def all_interviews() -> list[str]:
        async with httpx.AsyncClient(timeout=60, headers=scaled.rest_headers) as client:
            return await asyncio.gather(*(_interview(client, scaled, s) for s in SCRIPTS))

    senders = asyncio.run(all_interviews())

    for sender, script in zip(senders, SCRIPTS, strict=True):
        body = httpx.get(f"{scaled.api_url}/api/v1/interviews/{sender}", timeout=10).json()
        assert body["status"] == "completed", sender
        wish = body["wishes"][0]
        assert (wish["code"], wish["need"]["code"], wish["need"]["status"]) == (
            script["wish"],
            script["need"],
            "confirmed",
        )


def _requests_per_rasa_server(stack: ScaledStack) -> dict[str, int]:
    stats = runtime(stack.layout.haproxy_socket, "show stat").lstrip("# ")
    return {
        row["svname"]: int(row["req_tot"] or 0)
        for row in csv.DictReader(io.StringIO(stats))
        if row["pxname"] == "rasa"
        and row["svname"] not in ("FRONTEND", "BACKEND")
        and row["status"] != "no check"  # the unchecked fallbacks
    }


def test_turns_of_a_conversation_stay_on_one_rasa_server(scaled: ScaledStack):
    url = f"{scaled.chat_url}/webhooks/rest/webhook"
    senders = [f"affinity-{uuid.uuid4().hex[:8]}-{i}" for i in range(6)]
    for sender in senders:
        before = _requests_per_rasa_server(scaled)
        for text in ("hello", "we need shorter lead times", "it is easier", "no idea"):
            assert httpx.post(url, json={"sender": sender, "message": text}, timeout=60).json()
        after = _requests_per_rasa_server(scaled)

        assert sorted(after[s] - before[s] for s in after) == [0, 4], sender


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_socketio_chats_are_answered_and_stored(scaled: ScaledStack, transport: str):
    messages = ["hello", "we need shorter lead times", "it would just be easier"]
    conversations = dict(web_session(scaled.api_url) for _ in range(6))  # signed id → conversation
    sessions = {token: messages for token in conversations}

    done = subprocess.run(
        ["node", str(SOCKETIO_CLIENT), scaled.chat_url, transport],
        input=json.dumps(sessions),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=PROJECT_ROOT,  # node_modules/socket.io-client
    )

    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout)
    for session_id, conversation in conversations.items():
        assert len(answers[session_id]) == len(messages), answers[session_id]
        assert all(texts and all(texts) for texts in answers[session_id]), answers[session_id]
        body = httpx.get(f"{scaled.api_url}/api/v1/interviews/{conversation}", timeout=10).json()
        assert [t["text"] for t in body["turns"] if t["speaker"] == "user"] == messages
        assert {t["channel"] for t in body["turns"]} == {"socketio"}
