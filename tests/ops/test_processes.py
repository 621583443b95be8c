"""The processes' command lines, built from the settings."""

from __future__ import annotations

from assistant.config import Settings
from ops.processes import command


def test_browsers_may_call_rasa_only_from_our_own_pages():
    settings = Settings(public_url="https://needs.example.com")

    argv = command("rasa", settings)

    assert argv[argv.index("--cors") + 1] == "https://needs.example.com"
    assert "*" not in argv
