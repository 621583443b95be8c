"""The web chat's trust boundary over the real servers: signed sessions, origins, secrets."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt
import pytest

from ops.stack import Stack
from tests.e2e.conftest import socketio_probe, web_session

pytestmark = pytest.mark.e2e

EVIL = "https://evil.example"


def _bot_texts(events: list[list]) -> list[str]:
    return [payload.get("text", "") for name, payload in events if name == "bot_uttered"]


def _user_turns(stack: Stack, conversation: str) -> list[str]:
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{conversation}", timeout=10).json()
    return [t["text"] for t in body["turns"] if t["speaker"] == "user"]


def test_a_session_the_server_did_not_sign_joins_nothing_and_reads_nothing(stack: Stack):
    token, conversation = web_session(stack.api_url)
    _, own_conversation = own = web_session(stack.api_url)
    forged = {
        "raw": conversation,  # the conversation id alone
        "wrong_key": jwt.encode(
            {"sub": conversation, "aud": "needfinder:chat"}, "x" * 32, algorithm="HS256"
        ),
        "unsigned": jwt.encode({"sub": conversation, "aud": "needfinder:chat"}, None, "none"),
    }
    steps: list[dict] = [{"client": "victim", "connect": {"session_id": token}}]
    steps += [{"client": name, "connect": {"session_id": sid}} for name, sid in forged.items()]
    steps.append({"client": "own", "connect": {"session_id": own[0]}})
    steps.append({"client": "victim", "say": "hello", "session_id": token})
    # Each intruder then writes with the victim's session id; `own` holds a valid session of
    # its own, confirmed for another conversation.
    steps += [
        {"client": name, "say": "we need smaller orders", "session_id": token}
        for name in (*forged, "own")
    ]

    events = socketio_probe(stack.settings.rasa_url, steps)

    assert events["victim"][0] == [
        "session_confirm", {"session_id": token, "conversation_id": conversation}
    ]  # fmt: skip
    victim_said = _bot_texts(events["victim"])
    assert victim_said and all(victim_said)
    for name in forged:
        names = [event for event, _ in events[name]]
        assert names[0] == "session_rejected", (name, events[name])
        assert "session_confirm" not in names, name
    for name in (*forged, "own"):
        assert not set(_bot_texts(events[name])) & set(victim_said), name
        refusals = [p for e, p in events[name] if e == "bot_uttered"]
        assert refusals and all(p["error"] == "invalid_session" for p in refusals), name
    assert _user_turns(stack, conversation) == ["hello"]
    missing = httpx.get(f"{stack.api_url}/api/v1/interviews/{own_conversation}", timeout=10)
    assert missing.status_code == 404  # `own` recorded nothing anywhere


def test_a_web_chat_conversation_cannot_be_written_over_rest_without_the_secret(stack: Stack):
    token, conversation = web_session(stack.api_url)
    socketio_probe(
        stack.settings.rasa_url,
        [
            {"client": "person", "connect": {"session_id": token}},
            {"client": "person", "say": "hello", "session_id": token},
        ],
    )

    response = httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": conversation, "message": "we need smaller orders"},
        timeout=60,
    )

    assert response.status_code == 403
    assert response.json()[0]["error"] == "forbidden"
    assert _user_turns(stack, conversation) == ["hello"]


def test_only_our_pages_origin_may_open_the_chat_or_call_rasa(stack: Stack):
    ours = stack.settings.browser_origins[0]
    handshake = f"{stack.settings.rasa_url}/socket.io/?EIO=4&transport=polling"

    assert httpx.get(handshake, headers={"Origin": EVIL}, timeout=10).status_code == 400
    assert httpx.get(handshake, headers={"Origin": ours}, timeout=10).status_code == 200
    preflight = {"Access-Control-Request-Method": "POST"}
    rest = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    evil = httpx.options(rest, headers={"Origin": EVIL, **preflight}, timeout=10)
    good = httpx.options(rest, headers={"Origin": ours, **preflight}, timeout=10)
    assert evil.headers.get("access-control-allow-origin") in (None, "")
    assert good.headers.get("access-control-allow-origin") == ours


def test_no_secret_shows_in_the_process_list(stack: Stack):
    secrets = {
        name: stack.env[name]
        for name in ("RASA_TOKEN", "ACTION_TOKEN", "REST_SECRET", "CHAT_SESSION_SECRET")
    }

    for name, process in stack.processes.items():
        argv = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode(errors="replace")
        assert argv, name
        for secret_name, secret in secrets.items():
            assert secret not in argv, f"{secret_name} is visible in {name}'s command line"
    rasa_argv = Path(f"/proc/{stack.processes['rasa'].pid}/cmdline").read_bytes()
    assert b"--enable-api" in rasa_argv  # it is Rasa's own process, not a wrapper in front
