"""Slack → the real Rasa server → Slack's Web API (a local fake), with real signatures."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from assistant.interview.language import detect
from ops.stack import Stack
from tests.channels.conftest import SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_USERS, users_info
from tests.channels.fakes import FakeServer, Request

pytestmark = pytest.mark.e2e

TEAM, BOT_USER = "T0NEEDFIND", "U0BOT00001"


def new_rep() -> tuple[str, str]:
    """A Slack user id and the id of their direct-message channel with the bot."""
    suffix = uuid.uuid4().hex[:8].upper()
    return f"U{suffix}", f"D{suffix}"


def message_event(user: str, channel: str, text: str, thread_ts: str | None = None) -> dict:
    """An Events API `event_callback` for a direct message, as Slack sends it."""
    ts = f"{time.time():.6f}"
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "client_msg_id": str(uuid.uuid4()),
        "team": TEAM,
        **({"thread_ts": thread_ts} if thread_ts else {}),
    }
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0NEEDFIND",
        "event": event,
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": TEAM, "user_id": BOT_USER, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }


def button_click(user: str, channel: str, bot_message: dict, button: dict) -> dict:
    """A `block_actions` interaction: `user` clicked `button` of the bot's message."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "rep", "name": "rep", "team_id": TEAM},
        "api_app_id": "A0NEEDFIND",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": bot_message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
            "thread_ts": bot_message["thread_ts"],
        },
        "trigger_id": "1.2.3",
        "team": {"id": TEAM, "domain": "needfinder"},
        "channel": {"id": channel, "name": "directmessage"},
        "message": {
            "type": "message",
            "user": BOT_USER,
            "bot_id": "B0NEEDFIND",
            "ts": bot_message["ts"],
            "thread_ts": bot_message["thread_ts"],
            "text": bot_message["text"],
            "blocks": bot_message["blocks"],
        },
        "response_url": "https://hooks.slack.com/actions/T0NEEDFIND/1/abc",
        "actions": [
            {
                "action_id": "a1",
                "block_id": "b1",
                "text": button["text"],
                "value": button["value"],
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def post(
    stack: Stack,
    body: bytes,
    content_type: str,
    *,
    timestamp: int | None = None,
    secret: str = SLACK_SIGNING_SECRET,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST `body` to Rasa's Slack webhook, signed as Slack signs (v0, HMAC-SHA256)."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body.decode())
    return httpx.post(
        f"{stack.settings.rasa_url}/webhooks/slack/webhook",
        content=body,
        headers={
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": signature,
            **(headers or {}),
        },
        timeout=30,
    )


def send_event(stack: Stack, payload: dict, **kwargs: Any) -> httpx.Response:
    return post(stack, json.dumps(payload).encode(), "application/json", **kwargs)


def send_click(stack: Stack, payload: dict) -> httpx.Response:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return post(stack, body, "application/x-www-form-urlencoded")


def replies_in(slack_api: FakeServer, thread_ts: str, count: int) -> list[dict]:
    """The bot's chat.postMessage calls in the thread `thread_ts`, waiting for `count`."""
    deadline = time.monotonic() + 60
    while True:
        posts = [
            r.json()
            for r in slack_api.received("/api/chat.postMessage")
            if r.json().get("thread_ts") == thread_ts
        ]
        if len(posts) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    time.sleep(0.5)  # a reply may be several posts (Rasa splits text at blank lines)
    return [
        r.json()
        for r in slack_api.received("/api/chat.postMessage")
        if r.json().get("thread_ts") == thread_ts
    ]


def say(stack: Stack, slack_api: FakeServer, user: str, channel: str, text: str) -> list[dict]:
    """Send `text` as `user` in their DM and return the bot's posts in the message's thread."""
    event = message_event(user, channel, text)
    assert send_event(stack, event).status_code == 200
    return replies_in(slack_api, event["event"]["ts"], 1)


def interview(stack: Stack, conversation_id: str) -> httpx.Response:
    return httpx.get(f"{stack.api_url}/api/v1/interviews/{conversation_id}", timeout=10)


def api_calls(slack_api: FakeServer, channel: str) -> list[Request]:
    """The bot's chat.* calls to `channel`."""
    return [r for r in slack_api.received("/api/chat.") if r.json().get("channel") == channel]


def users_info_calls(slack_api: FakeServer, user: str) -> list[Request]:
    return [r for r in slack_api.received("/api/users.info") if r.params().get("user") == user]


def test_message_is_answered_in_its_thread_and_the_rep_is_the_interviewer(channel_stack, slack_api):
    user, channel = new_rep()
    event = message_event(user, channel, "hello")

    response = send_event(channel_stack, event)

    assert response.status_code == 200
    [reply] = replies_in(slack_api, event["event"]["ts"], 1)
    assert reply["channel"] == channel and reply["text"]
    assert "as_user" not in reply, "bot tokens of new Slack apps may not send as_user"
    [call] = [r for r in api_calls(slack_api, channel)]
    assert call.headers["authorization"] == f"Bearer {SLACK_BOT_TOKEN}"
    body = interview(channel_stack, f"{user}_{channel}").json()
    assert (body["channel"], body["interviewer"], body["role"]) == ("slack", user, "sales_rep")
    assert [(t["speaker"], t["text"], t["channel"]) for t in body["turns"]] == [
        ("user", "hello", "slack"),
        ("bot", reply["text"], "slack"),
    ]


def test_reply_goes_to_the_thread_the_rep_wrote_in(channel_stack, slack_api):
    user, channel = new_rep()
    first = say(channel_stack, slack_api, user, channel, "hello")
    thread = first[0]["thread_ts"]

    event = message_event(user, channel, "Baltic Foods", thread_ts=thread)
    assert send_event(channel_stack, event).status_code == 200

    replies = replies_in(slack_api, thread, len(first) + 1)
    assert len(replies) > len(first)
    assert {r["channel"] for r in replies} == {channel}


def test_buttons_are_slack_blocks_and_a_click_is_answered(channel_stack, slack_api):
    user, channel = new_rep()
    conversation = f"{user}_{channel}"
    say(channel_stack, slack_api, user, channel, "hello")
    say(channel_stack, slack_api, user, channel, "Baltic Foods")
    say(
        channel_stack,
        slack_api,
        user,
        channel,
        "we want to order half pallets instead of full ones",
    )
    say(
        channel_stack,
        slack_api,
        user,
        channel,
        "the back room is tiny, there's no space for pallets",
    )
    question = next(
        (p for p in reversed(api_calls(slack_api, channel)) if p.json().get("blocks")), None
    )
    assert question is not None, [p.json() for p in api_calls(slack_api, channel)]
    message = question.json()

    section, actions = message["blocks"]
    assert section == {"type": "section", "text": {"type": "plain_text", "text": message["text"]}}
    assert actions["type"] == "actions" and actions["elements"]
    for element in actions["elements"]:
        assert element["type"] == "button" and element["value"].startswith("/")
        assert element["text"]["type"] == "plain_text" and element["text"]["text"]

    before = len(interview(channel_stack, conversation).json()["turns"])
    bot_message = {**message, "ts": f"{time.time():.6f}"}
    clicked = actions["elements"][0]
    assert send_click(channel_stack, button_click(user, channel, bot_message, clicked)).is_success

    deadline = time.monotonic() + 60
    while len(turns := interview(channel_stack, conversation).json()["turns"]) < before + 2:
        assert time.monotonic() < deadline, turns
        time.sleep(0.2)
    assert turns[before]["speaker"] == "user" and turns[before]["text"] == clicked["value"]
    assert turns[before + 1]["speaker"] == "bot"
    assert replies_in(slack_api, message["thread_ts"], 2)[-1]["channel"] == channel


def test_more_than_five_buttons_are_all_offered(channel_stack, slack_api):
    user, channel = new_rep()
    # Two answers the need model reads nothing into: the wish list comes as buttons.
    for text in ["hello", "Baltic Foods", "hmm well the thing is, you know", "the usual, really"]:
        posts = say(channel_stack, slack_api, user, channel, text)

    [actions] = [b for b in posts[-1].get("blocks", []) if b["type"] == "actions"]
    assert len(actions["elements"]) > 5, "Rasa's own SlackBot drops buttons beyond five"
    assert actions["elements"][-1]["text"]["text"] == "None of these"


@pytest.mark.parametrize("flaw", ["bad-signature", "timestamp-over-5-minutes-old"])
def test_unauthentic_request_is_refused_and_not_recorded(channel_stack, slack_api, flaw):
    user, channel = new_rep()
    change: dict[str, Any] = (
        {"secret": "not-the-signing-secret"}
        if flaw == "bad-signature"
        else {"timestamp": int(time.time()) - 6 * 60}  # correctly signed, but stale
    )

    response = send_event(channel_stack, message_event(user, channel, "hello"), **change)

    assert response.status_code == 400
    time.sleep(1)
    assert interview(channel_stack, f"{user}_{channel}").status_code == 404
    assert api_calls(slack_api, channel) == []


def test_slack_retry_is_acknowledged_without_a_second_turn(channel_stack, slack_api):
    user, channel = new_rep()
    event = message_event(user, channel, "hello")
    assert send_event(channel_stack, event).status_code == 200
    replies_in(slack_api, event["event"]["ts"], 1)

    retry = send_event(
        channel_stack,
        event,
        headers={"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"},
    )
    say(channel_stack, slack_api, user, channel, "Baltic Foods")

    assert retry.status_code == 201 and retry.headers["x-slack-no-retry"] == "1"
    turns = interview(channel_stack, f"{user}_{channel}").json()["turns"]
    assert [(t["speaker"], t["channel"]) for t in turns] == [
        ("user", "slack"),
        ("bot", "slack"),
    ] * 2
    assert [t["text"] for t in turns if t["speaker"] == "user"] == ["hello", "Baltic Foods"]


def test_url_verification_challenge_is_answered(channel_stack):
    challenge = uuid.uuid4().hex
    payload = {"token": "legacy", "challenge": challenge, "type": "url_verification"}

    response = send_event(channel_stack, payload)

    assert response.status_code == 200 and response.json() == challenge


def test_a_danish_slack_locale_starts_the_interview_in_danish(channel_stack, slack_api):
    user, channel = new_rep()
    SLACK_USERS[user] = (200, users_info(user, "da-DK"))

    [reply] = say(channel_stack, slack_api, user, channel, "hello")
    then = say(channel_stack, slack_api, user, channel, "Dansk Byg")

    assert detect(reply["text"]) == "da" and "Hvilken kunde" in reply["text"], reply
    assert detect(then[-1]["text"]) == "da", then
    # Asked once for both messages, with the locale, by the bot's token.
    [call] = users_info_calls(slack_api, user)
    assert call.method == "GET" and call.params()["include_locale"] in ("1", "true"), call
    assert call.headers["authorization"] == f"Bearer {SLACK_BOT_TOKEN}"
    body = interview(channel_stack, f"{user}_{channel}").json()
    assert body["turns"][1]["text"] == reply["text"]


@pytest.mark.parametrize(
    "failure",
    [
        # A Slack app installed before it had the users:read scope.
        (200, {"ok": False, "error": "missing_scope", "needed": "users:read",
               "provided": "chat:write,im:history,app_mentions:read"}),
        (500, {"ok": False, "error": "internal_error"}),
    ],
    ids=["missing-scope", "server-error"],
)  # fmt: skip
def test_a_failed_locale_lookup_leaves_the_turn_answered_without_a_locale(
    channel_stack, slack_api, failure
):
    user, channel = new_rep()
    SLACK_USERS[user] = failure

    [reply] = say(channel_stack, slack_api, user, channel, "hello")

    assert users_info_calls(slack_api, user), "users.info was not asked"
    assert detect(reply["text"]) == "en" and "Which customer" in reply["text"], reply
    assert f"Slack's users.info failed for {user}" in channel_stack.tail("rasa", 400)
