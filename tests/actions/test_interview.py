"""How the interview action reads Rasa's latest message, per channel."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.interview
from actions.interview import REST_AUTHENTICATED, ActionInterviewTurn, incoming_message
from actions.ping import ActionPing
from assistant.errors import UnknownInterview


def tracker(channel: str, metadata: dict) -> Tracker:
    message = {"text": "hello", "message_id": "m1", "metadata": metadata, "intent": {}}
    user_event = {"event": "user", "text": "hello", "input_channel": channel, **message}
    return Tracker("c1", {}, message, [user_event], False, None, None, "action_listen")


def test_slack_writer_is_the_interviewer_and_a_sales_rep():
    message = incoming_message(tracker("slack", {"user": "U123", "out_channel": "D1"}))

    assert (message.channel, message.interviewer) == ("slack", "U123")
    assert message.metadata["role"] == "sales_rep"


def test_slack_metadata_role_wins_over_the_default():
    message = incoming_message(tracker("slack", {"user": "U123", "role": "customer"}))

    assert message.metadata["role"] == "customer"


def test_other_channels_have_no_interviewer_or_default_role():
    message = incoming_message(tracker("rest", {"customer": "Baltic Foods"}))

    assert message.interviewer is None and "role" not in message.metadata


def _said(text: str, message_id: str = "m1") -> list[dict]:
    dispatcher = CollectingDispatcher()
    message = {"text": text, "message_id": message_id, "metadata": {}, "intent": {}}
    events = [{"event": "user", "input_channel": "rest", **message}]
    tracker = Tracker("c1", {}, message, events, False, None, None, "action_listen")
    returned = asyncio.run(ActionInterviewTurn().run(dispatcher, tracker, {}))
    assert returned == []
    return dispatcher.messages


def _run(text: str) -> list[str]:
    return [m["text"] for m in _said(text)]


@pytest.fixture
def real_service(service, monkeypatch):
    monkeypatch.setattr(actions.interview, "turn_service", lambda: service)
    return service


def test_run_answers_and_records_the_turn(real_service):
    said = _run("we need shorter lead times")

    turns = real_service.get_interview("c1").turns
    assert said and [t.text for t in turns] == ["we need shorter lead times", *said]


def test_each_reply_says_the_language_the_interview_speaks_from_then_on(real_service):
    english = _said("hello there, we would like smaller orders")
    danish = _said("kan vi tage det på dansk?", "m2")

    assert {m["language"] for m in english} == {"en"}
    assert {m["language"] for m in danish} == {"da"}
    assert "language" not in _said("   ", "m3")[0]  # not a turn of the interview


def test_run_refuses_an_empty_message_politely(real_service):
    assert _run("   ") == ["The message is empty: please type your answer."]


def test_run_tells_the_person_when_a_turn_failed(real_service, interviewer, monkeypatch):
    def crash(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(interviewer, "respond", crash)
    dispatcher = CollectingDispatcher()
    message = {"text": "we need shorter lead times", "message_id": "m1", "intent": {}}
    tracker = Tracker("c1", {}, message, [], False, None, None, "action_listen")
    asyncio.run(ActionInterviewTurn().run(dispatcher, tracker, {}))

    (said,) = dispatcher.messages
    assert (said["text"], said["error"]) == (actions.interview.TURN_FAILED, "turn_failed")
    with pytest.raises(UnknownInterview):
        real_service.get_interview("c1")


REP = {"role": "sales_rep", "name": "Jo", "key_role": "sales", "actor": "key 7 (Jo)"}


def test_a_signed_in_rep_in_the_web_chat_is_an_authenticated_interviewing_rep():
    message = incoming_message(
        tracker("socketio", {"needfinder_web_rep": REP, "customer": "Baltic Foods"})
    )

    assert message.authenticated and message.interviewer == "key 7 (Jo)"
    # Only the session's role: what the browser itself sent still counts for nothing.
    assert message.metadata == {"role": "sales_rep"}


@pytest.mark.parametrize(
    ("channel", "metadata"),
    [
        ("rest", {"needfinder_web_rep": REP}),  # not from our socket.io channel
        ("socketio", {"needfinder_web_rep": {**REP, "role": "customer"}}),
        ("socketio", {"needfinder_web_rep": "sales_rep"}),
        ("socketio", {"needfinder_web_rep": REP, "invite": "t0k"}),  # the customer's link
    ],
)
def test_no_rep_without_a_reps_session_of_the_web_chat(channel, metadata):
    message = incoming_message(tracker(channel, metadata))

    assert not message.authenticated and message.interviewer is None
    assert "role" not in message.metadata and "needfinder_web_rep" not in message.metadata


def _pinged(text: str, **metadata: object) -> list[str]:
    """The replies when Rasa's NLU reads `text` as the benchmark's ping intent."""
    dispatcher = CollectingDispatcher()
    message = {"text": text, "metadata": metadata, "intent": {"name": "ping", "confidence": 0.8}}
    events = [{"event": "user", "input_channel": "rest", **message}]
    tracker = Tracker("c1", {}, message, events, False, None, None, "action_listen")
    asyncio.run(ActionPing().run(dispatcher, tracker, {}))
    return [m["text"] for m in dispatcher.messages]


def test_only_the_ping_payload_is_answered_pong(real_service):
    assert _pinged("/ping") == ["pong"]
    # Typed alone, by the benchmark (with the REST secret): the baseline that runs the NLU.
    assert _pinged("Ping ", **{REST_AUTHENTICATED: True}) == ["pong"]
    with pytest.raises(UnknownInterview):  # touched nothing
        real_service.get_interview("c1")


def test_a_person_typing_ping_is_answering_the_interview(real_service):
    replies = _pinged("Ping")  # "Which company are you with?" "Ping"

    assert "pong" not in replies and replies
    assert real_service.get_interview("c1").turns[0].text == "Ping"


def test_words_read_as_ping_are_an_answer(real_service, monkeypatch):
    received = []
    handle = real_service.handle_message
    monkeypatch.setattr(real_service, "handle_message", lambda m: received.append(m) or handle(m))

    replies = _pinged("we need half pallets, our back room is tiny")

    assert [m.intent for m in received] == [None]  # read as text, not as Rasa's "ping"
    assert "pong" not in replies and replies
    assert real_service.get_interview("c1").turns[0].text == (
        "we need half pallets, our back room is tiny"
    )
