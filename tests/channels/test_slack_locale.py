"""The Slack locale cache (channels/slack_locale.py), on a clock the test moves; the real
users.info call against a stand-in for Slack is tested in test_slack.py."""

from __future__ import annotations

import asyncio
import logging

import pytest

from channels.slack_locale import SlackLocales


class SlackDown(Exception):
    """Stands in for the Slack SDK's errors."""


class Slack:
    """Answers `ask(user)` from `locales`, counting the questions; a user missing fails."""

    def __init__(self, **locales: str | None) -> None:
        self.locales = locales
        self.asked: list[str] = []

    async def ask(self, user: str) -> str | None:
        self.asked.append(user)
        if user not in self.locales:
            raise SlackDown("missing_scope")
        return self.locales[user]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def lookup(locales: SlackLocales, user: str | None) -> str | None:
    return asyncio.run(locales.locale(user))


def test_a_user_is_asked_once_until_the_answer_is_too_old():
    slack, clock = Slack(U1="da-DK"), Clock()
    locales = SlackLocales(slack.ask, (SlackDown,), ttl_s=3600, clock=clock)

    assert [lookup(locales, "U1") for _ in range(3)] == ["da-DK"] * 3
    clock.now += 3599
    assert lookup(locales, "U1") == "da-DK" and slack.asked == ["U1"]
    clock.now += 1
    slack.locales["U1"] = "en-GB"  # changed in Slack meanwhile
    assert lookup(locales, "U1") == "en-GB" and slack.asked == ["U1", "U1"]


def test_a_failure_gives_no_locale_a_warning_and_is_asked_again_after_a_minute(caplog):
    slack, clock = Slack(), Clock()
    locales = SlackLocales(slack.ask, (SlackDown,), failure_ttl_s=60, clock=clock)

    with caplog.at_level(logging.WARNING, logger="channels.slack_locale"):
        assert lookup(locales, "U1") is None
    assert "users.info failed for U1 (SlackDown: missing_scope)" in caplog.text
    assert lookup(locales, "U1") is None and slack.asked == ["U1"]  # not every message waits
    clock.now += 60
    slack.locales["U1"] = "da-DK"  # the scope was added
    assert lookup(locales, "U1") == "da-DK" and slack.asked == ["U1", "U1"]


def test_other_errors_are_bugs_and_raised():
    async def broken(user: str) -> str | None:
        raise KeyError(user)

    with pytest.raises(KeyError):
        lookup(SlackLocales(broken, (SlackDown,)), "U1")


def test_the_oldest_users_are_forgotten_beyond_the_bound():
    slack = Slack(U1="da-DK", U2="en-US", U3="da-DK")
    locales = SlackLocales(slack.ask, (SlackDown,), max_users=2, clock=Clock())

    for user in ("U1", "U2", "U3", "U2", "U1"):
        lookup(locales, user)

    assert slack.asked == ["U1", "U2", "U3", "U1"]  # U1 was forgotten when U3 came


def test_no_user_is_no_question():
    slack = Slack()

    assert lookup(SlackLocales(slack.ask, (SlackDown,)), None) is None and slack.asked == []
