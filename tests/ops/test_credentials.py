"""Rasa gets only the channels whose credentials are set."""

from __future__ import annotations

from pathlib import Path

import yaml

from ops.processes import effective_credentials

TEMPLATE = """
rest:
slack:
  slack_token: ${SLACK_BOT_TOKEN}
  slack_signing_secret: ${SLACK_SIGNING_SECRET}
  use_threads: true
"""


def channels(environ: dict[str, str], tmp_path: Path) -> dict:
    template = tmp_path / "credentials.yml"
    template.write_text(TEMPLATE)
    return yaml.safe_load(effective_credentials(environ, template))


def test_channel_with_all_variables_set_is_kept_with_variables_for_rasa(tmp_path):
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}

    kept = channels(env, tmp_path)

    assert kept == {
        "rest": None,
        "slack": {
            "slack_token": "${SLACK_BOT_TOKEN}",  # the secret itself is not written out
            "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
            "use_threads": True,
        },
    }


def test_channel_with_a_missing_or_empty_variable_is_left_out(tmp_path):
    assert channels({"SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path) == {"rest": None}
    assert channels({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": ""}, tmp_path) == {
        "rest": None
    }
