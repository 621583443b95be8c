"""Chat over Rasa's REST channel against the real servers; read the result from the API."""

from __future__ import annotations

import uuid

import httpx
import pytest

pytestmark = pytest.mark.e2e


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def interview(stack, sender: str) -> httpx.Response:
    return httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10)


def test_first_message_is_answered_and_both_turns_are_recorded(stack, chat):
    sender = new_sender()

    replies = chat(sender, "hello")

    assert len(replies) == 1 and replies[0]["text"]
    body = interview(stack, sender).json()
    assert [(t["speaker"], t["text"], t["channel"]) for t in body["turns"]] == [
        ("user", "hello", "rest"),
        ("bot", replies[0]["text"], "rest"),
    ]
    assert body["status"] == "in_progress"


def test_metadata_is_stored_on_the_interview(stack, chat):
    sender = new_sender()

    replies = chat(sender, "hi", customer="Baltic Foods", role="sales_rep")

    body = interview(stack, sender).json()
    assert (body["customer"], body["role"]) == ("Baltic Foods", "sales_rep")
    assert "Baltic Foods" in replies[0]["text"]


def test_every_turn_of_a_conversation_is_recorded(stack, chat):
    sender = new_sender()
    for text in ["hello", "we need shorter lead times", "no"]:
        chat(sender, text)

    turns = interview(stack, sender).json()["turns"]
    assert [t["text"] for t in turns if t["speaker"] == "user"] == [
        "hello",
        "we need shorter lead times",
        "no",
    ]
    assert [t["speaker"] for t in turns] == ["user", "bot"] * 3


def test_health_is_up_when_everything_runs(stack):
    body = httpx.get(f"{stack.api_url}/health", timeout=10).json()

    assert body["status"] == "up"
    assert {body[c]["status"] for c in ("database", "rasa", "action_server")} == {"up"}


def test_rasa_http_api_requires_the_token(stack, chat):
    sender = new_sender()
    chat(sender, "hello")
    tracker_url = f"{stack.settings.rasa_url}/conversations/{sender}/tracker"

    assert httpx.get(tracker_url, timeout=10).status_code == 401
    tracker = httpx.get(tracker_url, params={"token": stack.token}, timeout=10)
    assert tracker.status_code == 200
    assert tracker.json()["latest_message"]["text"] == "hello"


def test_invalid_json_is_refused_and_nothing_is_lost(stack, chat):
    sender = new_sender()
    chat(sender, "hello")

    response = httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        content=b'{"sender": "x", "message": ',
        headers={"content-type": "application/json"},
        timeout=10,
    )

    assert 400 <= response.status_code < 500
    assert len(interview(stack, sender).json()["turns"]) == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 100_000], ids=["empty", "blank", "100kB"])
def test_empty_or_too_long_message_gets_a_clear_error_and_keeps_history(stack, chat, text):
    sender = new_sender()
    chat(sender, "hello")

    replies = chat(sender, text)

    assert replies, "the person must be told what went wrong"
    assert any(w in replies[0]["text"].lower() for w in ("empty", "too long")), replies
    turns = interview(stack, sender).json()["turns"]
    assert [t["text"] for t in turns][0] == "hello" and len(turns) == 2


def test_10mb_message_is_refused_by_rasa_and_keeps_history(stack, chat):
    sender = new_sender()
    chat(sender, "hello")

    response = httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "x" * 10_000_000},
        timeout=60,
    )

    assert response.status_code == 413
    assert len(interview(stack, sender).json()["turns"]) == 2
    assert chat(sender, "we need smaller orders"), "Rasa keeps serving after refusing it"


def test_unknown_conversation_is_404(stack):
    response = interview(stack, "never-seen")

    assert response.status_code == 404
    assert "never-seen" in response.json()["detail"]


def test_conversation_survives_a_rasa_restart(stack, chat):
    sender = new_sender()
    chat(sender, "hello")

    stack.stop("rasa")
    stack.start("rasa")
    stack.wait_ready()

    tracker = httpx.get(
        f"{stack.settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.token},
        timeout=10,
    ).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["hello"]


def test_the_action_server_takes_calls_only_with_rasas_token(stack):
    call = {"next_action": "action_interview_turn", "sender_id": "forged", "tracker": {}}
    webhook = f"{stack.settings.action_url}/webhook"

    forged = httpx.post(webhook, json=call, timeout=10)
    wrong = httpx.post(webhook, headers={"Authorization": "Bearer guess"}, json=call, timeout=10)
    # The right token in the URL, where access logs would keep it, is refused too.
    in_url = httpx.post(webhook, params={"token": stack.env["ACTION_TOKEN"]}, json=call, timeout=10)

    assert (forged.status_code, wrong.status_code, in_url.status_code) == (401, 401, 401)
    assert httpx.get(f"{stack.settings.action_url}/health", timeout=10).status_code == 200
    assert httpx.get(f"{stack.api_url}/api/v1/interviews/forged", timeout=10).status_code == 404


def test_metadata_from_an_unauthenticated_sender_writes_into_no_record(stack):
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    forged = {"customer": "Someone Else Ltd", "role": "sales_rep", "needfinder_authenticated": True}

    for sender, headers in (("anon-meta", {}), ("wrong-secret", {"Authorization": "Bearer x"})):
        replies = httpx.post(
            url, json={"sender": sender, "message": "hello", "metadata": forged},
            headers=headers, timeout=60,
        ).json()  # fmt: skip
        body = httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10).json()
        assert (body["customer"], body["role"]) == (None, None), sender
        assert any(b["payload"].startswith("/set_role") for r in replies for b in r["buttons"])


def test_a_company_typed_by_an_anonymous_sender_is_only_a_claim(stack):
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    for text in ("hello", '/set_role{"role":"customer"}', "Acme Foods"):
        httpx.post(url, json={"sender": "anon-claim", "message": text}, timeout=60)

    body = httpx.get(f"{stack.api_url}/api/v1/interviews/anon-claim", timeout=10).json()

    assert (body["customer"], body["claimed_customer"]) == (None, "Acme Foods")
