"""A rep's brief against the real servers: over Rasa's REST channel an integration with the
server's secret gets it, an anonymous sender a refusal, and the interview goes on; over
socket.io the web chat of a rep signed in to the workspace gets it, an anonymous one (also
with metadata claiming otherwise) a refusal, and forged rep sessions no session at all."""

from __future__ import annotations

import json
import re
import uuid

import httpx
import jwt
import pytest

from api.deps import KEY_COOKIE
from assistant.rep_chat import BACK, SIGN_IN
from assistant.taxonomy import load_taxonomy
from tests.e2e.conftest import socketio_probe, web_session
from tests.helpers import customer_with_a_confirmed_need, passing_key

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def customer(stack) -> dict:
    return customer_with_a_confirmed_need(stack)


def post(stack, sender: str, text: str, *, secret: bool, **metadata: str) -> httpx.Response:
    return httpx.post(
        f"{stack.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": metadata},
        headers=stack.rest_headers if secret else {},
        timeout=60,
    )


def interview(stack, sender: str) -> httpx.Response:
    return httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10)


def test_integration_rep_gets_the_summary_with_link_and_buttons_mid_interview(stack, customer):
    sender = f"rep-{uuid.uuid4().hex[:10]}"
    [question] = post(
        stack, sender, "hello", secret=True, customer="Meyer", role="sales_rep"
    ).json()
    before = interview(stack, sender).json()

    response = post(stack, sender, f"what does {customer['name']} need?", secret=True)

    assert response.status_code == 200
    summary, actions, back = response.json()
    label = load_taxonomy().need_label(customer["need"])
    assert summary["text"].startswith(f"Brief: {customer['name']} ({customer['external_id']})")
    assert f"1. {label} " in summary["text"] and "confirmed by the customer on" in summary["text"]
    page = f"{stack.api_url}/ui/customers/{customer['id']}/brief?lang=en"
    slots = f'{{"customer":"{customer["external_id"]}","language":"en"}}'
    assert actions["buttons"] == [
        {"title": "Open the full brief", "url": page},
        {"title": f"Interview about {customer['name']}", "payload": f"/interview_customer{slots}"},
        {"title": "Show its segment", "payload": f"/show_segment{slots}"},
    ]  # fmt: skip
    assert back["text"] == f"{BACK} {question['text']}"
    assert interview(stack, sender).json() == before  # the interview was left as it was

    [segment] = post(stack, sender, actions["buttons"][2]["payload"], secret=True).json()[:1]
    assert segment["text"].startswith(customer["name"])


def test_anonymous_sender_is_told_to_sign_in_and_the_interview_goes_on(stack, customer):
    sender = f"anon-{uuid.uuid4().hex[:10]}"
    [question] = post(stack, sender, "hello", secret=False).json()

    refusal, back = post(stack, sender, f"/brief {customer['name']}", secret=False).json()
    clicked = post(
        stack, sender, f'/interview_customer{{"customer":"{customer["external_id"]}"}}',
        secret=False,
    ).json()  # fmt: skip

    assert refusal["text"] == SIGN_IN and "sign in" in SIGN_IN.lower()
    assert back["text"] == f"{BACK} {question['text']}" and back["buttons"] == question["buttons"]
    assert [r["text"] for r in clicked] == [SIGN_IN, back["text"]]
    post(stack, sender, '/set_role{"role":"sales_rep"}', secret=False)
    body = interview(stack, sender).json()
    assert (body["role"], body["customer"], body["number"]) == ("sales_rep", None, 1)
    assert [t["text"] for t in body["turns"] if t["speaker"] == "user"] == [
        "hello",
        '/set_role{"role":"sales_rep"}',
    ]


REP_METADATA = {"role": "sales_rep", "name": "Eve", "key_role": "sales", "actor": "key 1 (Eve)"}


def _said(events: list[list]) -> list[dict]:
    return [payload for name, payload in events if name == "bot_uttered"]


def test_web_chat_rep_signed_in_gets_the_brief_and_anonymous_or_forged_do_not(stack, customer):
    name = f"Web rep {uuid.uuid4().hex[:6]}"
    anonymous, anonymous_id = web_session(stack.api_url)
    with passing_key(stack.settings.database_url, name) as key:
        page = httpx.get(f"{stack.api_url}/chat", cookies={KEY_COOKIE: key}, timeout=10)
        rep = re.search(r'data-new-session="([^"]+)"', page.text)[1]
        rep_id = jwt.decode(rep, options={"verify_signature": False})["sub"]
        claims = {"sub": rep_id, "aud": "needfinder:chat", "role": "sales_rep", "name": "Eve"}
        forged = {
            "wrong_key": jwt.encode(claims, "x" * 32, algorithm="HS256"),
            "unsigned": jwt.encode(claims, None, "none"),
        }
        ask = f"brief me on {customer['name']}"
        posing = {"needfinder_web_rep": REP_METADATA, "role": "sales_rep"}
        steps: list[dict] = [
            {"client": "rep", "connect": {"session_id": rep}},
            {"client": "rep", "say": ask, "session_id": rep},
            {"wait": 1500},
            {"client": "anonymous", "connect": {"session_id": anonymous}},
            # The browser's own metadata claiming to be a signed-in rep counts for nothing.
            {"client": "anonymous", "say": "hello", "session_id": anonymous, "metadata": posing},
            {"client": "anonymous", "say": ask, "session_id": anonymous, "metadata": posing},
        ]
        steps += [{"client": n, "connect": {"session_id": t}} for n, t in forged.items()]
        events = socketio_probe(stack.settings.rasa_url, steps)
        summary, actions = _said(events["rep"])[:2]
        interview_button = actions["quick_replies"][1]["payload"]
        socketio_probe(
            stack.settings.rasa_url,
            [
                {"client": "rep", "connect": {"session_id": rep}},
                {"client": "rep", "say": interview_button, "session_id": rep},
            ],
        )
        headers = {"X-API-Key": key}
        started = httpx.get(f"{stack.api_url}/api/v1/interviews/{rep_id}", headers=headers)

    assert summary["text"].startswith(f"Brief: {customer['name']} ({customer['external_id']})")
    assert actions["quick_replies"][0] == {
        "content_type": "text", "title": "Open the full brief",
        "url": f"{stack.api_url}/ui/customers/{customer['id']}/brief?lang=en",
    }  # fmt: skip
    assert [b["title"] for b in actions["quick_replies"][1:]] == [
        f"Interview about {customer['name']}", "Show its segment",
    ]  # fmt: skip
    body = started.json()
    assert (body["role"], body["customer"]) == ("sales_rep", customer["name"])
    assert body["interviewer"].startswith("key ") and body["interviewer"].endswith(f"({name})")
    assert SIGN_IN in [m["text"] for m in _said(events["anonymous"])]
    assert customer["external_id"] not in json.dumps(events["anonymous"])
    anonymous_record = httpx.get(f"{stack.api_url}/api/v1/interviews/{anonymous_id}")
    assert anonymous_record.json()["interviewer"] is None
    for forger in forged:
        assert [e for e, _ in events[forger]] == ["session_rejected"], forger
