"""The processes' command lines, built from the settings."""

from __future__ import annotations

import argparse

import pytest

from assistant.config import Settings
from channels.launch import rasa_argv
from ops.processes import command


def test_browsers_may_call_rasa_only_from_our_own_pages():
    settings = Settings(public_url="https://needs.example.com")

    argv = command("rasa", settings)

    assert argv[argv.index("--cors") + 1] == "https://needs.example.com"
    assert "*" not in argv


def test_rasa_is_allowed_every_configured_origin():
    settings = Settings(cors_origins="https://a.example,https://b.example")

    argv = command("rasa", settings)

    assert argv[argv.index("--cors") + 1 :][:2] == ["https://a.example", "https://b.example"]


def test_rasas_token_is_not_on_its_command_line(monkeypatch):
    monkeypatch.setenv("RASA_TOKEN", "token-that-must-stay-private")

    argv = command("rasa", Settings())

    assert "--auth-token" not in argv and "token-that-must-stay-private" not in argv
    assert argv[1:3] == ["-m", "channels.launch"]  # which adds it inside the process


@pytest.mark.parametrize("token", ["plain-token", "-starts-with-a-dash", "--double"])
def test_rasa_reads_any_token_the_launcher_passes(token):
    # Rasa's own argparse option (rasa/cli/arguments/run.py): -t/--auth-token, one value.
    # A token from secrets.token_urlsafe begins with "-" once in 64 starts, which as a word of
    # its own argparse took for an option, and Rasa did not start.
    parser = argparse.ArgumentParser()
    parser.add_argument("-t", "--auth-token", type=str)
    parser.add_argument("--port")

    args = parser.parse_args(rasa_argv(["--port", "5005"], token)[1:])

    assert args.auth_token == token
