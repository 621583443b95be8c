"""A rep's brief over Rasa's REST channel against the real servers: an integration with the
server's secret gets it, an anonymous sender a refusal, and the interview goes on."""

from __future__ import annotations

import uuid

import httpx
import pytest

from assistant.rep_chat import BACK, SIGN_IN
from assistant.taxonomy import load_taxonomy
from tests.helpers import customer_with_a_confirmed_need

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
    page = f"{stack.api_url}/ui/customers/{customer['id']}/brief"
    assert actions["buttons"] == [
        {"title": "Open the full brief", "url": page},
        {"title": f"Interview about {customer['name']}",
         "payload": f'/interview_customer{{"customer":"{customer["external_id"]}"}}'},
        {"title": "Show its segment",
         "payload": f'/show_segment{{"customer":"{customer["external_id"]}"}}'},
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
