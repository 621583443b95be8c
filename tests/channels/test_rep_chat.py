"""A rep asks for a customer's brief over Slack and Teams (real Rasa and action servers, local
stand-ins for Slack's and Microsoft's servers, real signatures)."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from assistant.rep_chat import BACK, NOT_HERE
from assistant.taxonomy import load_taxonomy
from ops.stack import Stack
from tests.channels.conftest import SLACK_SIGNING_SECRET, bot_connector_token
from tests.channels.fakes import FakeServer
from tests.channels.test_slack import (
    TEAM,
    button_click,
    interview,
    message_event,
    new_rep,
    replies_in,
    say,
    send_click,
    send_event,
)
from tests.channels.test_teams import activity, replies_to, send
from tests.helpers import customer_with_a_confirmed_need

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def customer(channel_stack: Stack) -> dict:
    """A customer who confirmed a need in their own interview (over REST)."""
    return customer_with_a_confirmed_need(channel_stack)


def brief_url(stack: Stack, customer: dict) -> str:
    return f"{stack.api_url}/ui/customers/{customer['id']}/brief?lang=en"


def assert_summary(text: str, customer: dict) -> None:
    lines = text.splitlines()
    assert lines[0].startswith(f"Brief: {customer['name']} ({customer['external_id']})")
    label = load_taxonomy().need_label(customer["need"])
    [top] = [line for line in lines if line.startswith("1. ")]
    assert top.startswith(f"1. {label} ") and "confirmed by the customer on" in top
    assert "Offer first:" in lines


# -- Slack ----------------------------------------------------------------------------------


def test_rep_asks_in_slack_and_gets_the_summary_with_buttons_that_work(
    channel_stack, slack_api, customer
):
    user, channel = new_rep()
    event = message_event(user, channel, f"brief me on {customer['name'].lower()}")

    assert send_event(channel_stack, event).status_code == 200

    summary, actions = replies_in(slack_api, event["event"]["ts"], 2)
    assert_summary(summary["text"], customer)
    [_, buttons] = actions["blocks"]
    link, start, segment = buttons["elements"]
    assert link == {
        "type": "button",
        "text": {"type": "plain_text", "text": "Open the full brief"},
        "url": brief_url(channel_stack, customer),
    }  # a link button: Slack sends no value back
    assert start["value"] == (
        f'/interview_customer{{"customer":"{customer["external_id"]}","language":"en"}}'
    )
    assert segment["value"].startswith("/show_segment")
    page = httpx.get(link["url"], timeout=10)
    assert page.status_code == 200 and customer["name"] in page.text
    # Asking started no interview.
    assert interview(channel_stack, f"{user}_{channel}").status_code == 404

    bot_message = {**actions, "ts": f"{time.time():.6f}"}
    assert send_click(channel_stack, button_click(user, channel, bot_message, start)).is_success

    opening = replies_in(slack_api, event["event"]["ts"], 3)[2]
    assert customer["name"] in opening["text"]
    body = interview(channel_stack, f"{user}_{channel}").json()
    assert (body["customer"], body["role"], body["interviewer"]) == (
        customer["name"],
        "sales_rep",
        user,
    )


def test_a_brief_mid_interview_in_slack_then_the_interview_goes_on(
    channel_stack, slack_api, customer
):
    user, channel = new_rep()
    conversation = f"{user}_{channel}"
    say(channel_stack, slack_api, user, channel, "hello")
    [question] = say(channel_stack, slack_api, user, channel, f"Baltic Foods {uuid.uuid4().hex}")
    turns = interview(channel_stack, conversation).json()["turns"]

    replies = say(channel_stack, slack_api, user, channel, f"/brief {customer['external_id']}")
    replies = replies_in(slack_api, replies[0]["thread_ts"], 3)

    assert_summary(replies[0]["text"], customer)
    assert replies[-1]["text"] == f"{BACK} {question['text']}"
    assert interview(channel_stack, conversation).json()["turns"] == turns
    say(channel_stack, slack_api, user, channel, "they want smaller orders")
    after = interview(channel_stack, conversation).json()
    assert [t["text"] for t in after["turns"] if t["speaker"] == "user"][-1] == (
        "they want smaller orders"
    )
    assert [w["code"] for w in after["wishes"]] == ["smaller_orders"]


def test_slack_text_is_escaped_so_a_name_cannot_notify_a_channel(channel_stack, slack_api):
    sneaky = customer_with_a_confirmed_need(channel_stack, f"Smith & Co <!here> {uuid.uuid4().hex}")
    user, channel = new_rep()

    say(channel_stack, slack_api, user, channel, f"/brief {sneaky['external_id']}")
    [summary, _] = replies_in(slack_api, message_ts_of_last(slack_api, channel), 2)

    assert "Smith &amp; Co &lt;!here&gt;" in summary["text"] and "<!here>" not in summary["text"]


def message_ts_of_last(slack_api: FakeServer, channel: str) -> str:
    posts = [
        r.json()
        for r in slack_api.received("/api/chat.postMessage")
        if r.json().get("channel") == channel
    ]
    return posts[-1]["thread_ts"]


def slash_command(
    stack: Stack, user: str, channel: str, text: str, response_url: str, *, secret: str
) -> httpx.Response:
    """A slash command as Slack POSTs it: form-encoded and signed (v0, HMAC-SHA256)."""
    body = urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "team_domain": "needfinder",
            "channel_id": channel,
            "channel_name": "sales-north",
            "user_id": user,
            "user_name": "rita",
            "command": "/brief",
            "text": text,
            "api_app_id": "A0NEEDFIND",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )
    ts = str(int(time.time()))
    return httpx.post(
        f"{stack.settings.rasa_url}/webhooks/slack/command",
        content=body.encode(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": ts,
            "x-slack-signature": SignatureVerifier(secret).generate_signature(
                timestamp=ts, body=body
            ),
        },
        timeout=10,
    )


def test_slash_command_is_answered_privately_and_its_buttons_too(
    channel_stack, slack_api, customer
):
    user, channel = new_rep()
    channel = "C" + channel[1:]  # a team channel the bot need not be a member of
    path = f"/commands/{TEAM}/{uuid.uuid4().hex}"

    response = slash_command(
        channel_stack, user, channel, f"  {customer['name']} ", slack_api.url + path,
        secret=SLACK_SIGNING_SECRET,
    )  # fmt: skip

    assert response.status_code == 200 and response.text == ""
    summary, actions = [r.json() for r in slack_api.wait_for(path, 2)]
    assert summary["response_type"] == "ephemeral" and summary["replace_original"] is False
    assert_summary(summary["text"], customer)
    assert actions["blocks"][1]["elements"][0]["url"] == brief_url(channel_stack, customer)
    assert [r for r in slack_api.received("/api/chat.") if r.json().get("channel") == channel] == []

    # A click on the private message's "Show its segment" is answered privately as well.
    segment = actions["blocks"][1]["elements"][2]
    click = button_click(user, channel, {**actions, "ts": "1.1", "thread_ts": None}, segment)
    click_path = f"/actions/{TEAM}/{uuid.uuid4().hex}"
    click["container"]["is_ephemeral"] = True
    click["response_url"] = slack_api.url + click_path
    assert send_click(channel_stack, click).is_success
    [answer] = [r.json() for r in slack_api.wait_for(click_path, 1)]
    assert answer["response_type"] == "ephemeral"
    assert customer["name"] in answer["text"] and "segment" in answer["text"]


def test_slash_command_with_a_bad_signature_is_refused(channel_stack, slack_api, customer):
    user, channel = new_rep()
    path = f"/commands/{TEAM}/{uuid.uuid4().hex}"

    response = slash_command(
        channel_stack, user, channel, customer["name"], slack_api.url + path, secret="wrong"
    )

    assert response.status_code == 400
    time.sleep(1)
    assert slack_api.received(path) == []


# -- Teams ----------------------------------------------------------------------------------


def test_rep_asks_in_teams_and_gets_the_summary_and_a_card_with_a_link(
    channel_stack, microsoft, bot_signing_key, customer
):
    service_url = f"{microsoft.url}/teams/"
    body = activity(service_url, f"What does {customer['name']} need?")

    response = send(channel_stack, body, bot_connector_token(bot_signing_key, service_url))

    assert response.status_code == 200
    summary, actions = [r.json() for r in replies_to(microsoft, body)]
    assert_summary(summary["text"], customer)
    [card] = actions["attachments"]
    link, start, segment = card["content"]["buttons"]
    assert link == {
        "type": "openUrl",
        "title": "Open the full brief",
        "value": brief_url(channel_stack, customer),
    }
    assert start["type"] == segment["type"] == "messageBack"
    assert start["text"].startswith("/interview_customer")
    assert interview(channel_stack, body["from"]["id"]).status_code == 404


def test_a_customer_in_teams_is_refused_and_the_interview_goes_on(
    channel_stack, microsoft, bot_signing_key, customer
):
    service_url = f"{microsoft.url}/teams/"
    token = bot_connector_token(bot_signing_key, service_url)
    user = f"29:1{uuid.uuid4().hex}"
    conversation = {"id": f"a:1{uuid.uuid4().hex}"}

    def say_teams(text: str) -> list[dict]:
        body = {**activity(service_url, text, user), "conversation": conversation}
        before = len(replies_to(microsoft, body))
        assert send(channel_stack, body, token).status_code == 200
        return [r.json() for r in replies_to(microsoft, body)[before:]]

    say_teams("hello")
    [question] = say_teams(json.dumps({"role": "customer"}).join(["/set_role", ""]))
    pending = question.get("text") or question["attachments"][0]["content"]["subtitle"]

    refusal, back = say_teams(f"brief me on {customer['name']}")

    assert refusal["text"] == NOT_HERE
    assert back["text"] == f"{BACK} {pending}"
    assert customer["name"] not in json.dumps([refusal, back])
    recorded = interview(channel_stack, user).json()
    assert recorded["role"] == "customer"
    assert [t["speaker"] for t in recorded["turns"]] == ["user", "bot"] * 2


def test_a_danish_rep_in_teams_gets_the_brief_and_then_the_interview_in_danish(
    channel_stack, microsoft, bot_signing_key, customer
):
    service_url = f"{microsoft.url}/teams/"
    token = bot_connector_token(bot_signing_key, service_url)
    body = {**activity(service_url, f"lav en brief om {customer['name']}"), "locale": "da-DK"}

    assert send(channel_stack, body, token).status_code == 200

    summary, actions = [r.json() for r in replies_to(microsoft, body)]
    lines = summary["text"].splitlines()
    assert lines[0].startswith(f"Brief: {customer['name']} ({customer['external_id']})")
    label = load_taxonomy().in_language("da").need_label(customer["need"])
    assert lines[2] == "Vigtigste behov:" and lines[3].startswith(f"1. {label} (bag 1 ønske")
    [card] = actions["attachments"]
    link, start, segment = card["content"]["buttons"]
    assert (link["title"], link["value"]) == (
        "Åbn hele briefen",
        brief_url(channel_stack, customer).replace("lang=en", "lang=da"),
    )
    assert (start["title"], segment["title"]) == (
        f"Interview om {customer['name']}",
        "Vis segmentet",
    )
    page = httpx.get(link["value"], timeout=10)
    assert '<html lang="da">' in page.text and "Overblik før forhandlingen" in page.text

    # The button's payload goes through Rasa with its language; the interview speaks Danish.
    user = body["from"]["id"]
    click = {**activity(service_url, start["text"], user), "conversation": body["conversation"]}
    assert send(channel_stack, {**click, "locale": "da-DK"}, token).status_code == 200
    recorded = interview(channel_stack, user).json()
    assert (recorded["customer"], recorded["role"]) == (customer["name"], "sales_rep")
    assert recorded["turns"][-1]["text"].startswith("Hej! Lad os forberede din forhandling med")
