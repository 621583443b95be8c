"""How the interview action reads Rasa's latest message, per channel."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.interview import incoming_message


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
