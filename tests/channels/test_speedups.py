"""Rasa's hot paths made cheap (channels/speedups.py), installed by the launcher: answers of
the action server judged as `jsonschema.validate` judges them, without checking the spec
against the meta-schema per answer; event types resolved as Rasa resolves them.

The channel modules run in Rasa's Python, so each case runs there in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

from assistant.config import PROJECT_ROOT
from ops.processes import RASA_PYTHON

CHECK = """
import json, jsonschema
from unittest import mock
from rasa.core.actions.action import RemoteAction
from channels import speedups

speedups.install()
action = RemoteAction("action_interview_turn", None)
spec = RemoteAction.action_response_format_spec()
out = {}
answer = {"events": [], "responses": [
    {"text": "Why?", "buttons": [{"title": "Yes", "payload": "/affirm"}], "language": "da"}
]}
kind = jsonschema.Draft202012Validator  # the spec's draft: the latest
with mock.patch.object(kind, "check_schema", wraps=kind.check_schema) as checked:
    out["valid"] = [action._validate_action_result(answer) for _ in range(3)]
    out["spec_checks"] = checked.call_count
def verdict(check, result):
    try:
        check(result)
        return None
    except jsonschema.ValidationError as exc:
        return exc.message
cases = ({"events": "none"}, {"responses": "x"}, {"responses": [{"buttons": "x"}]}, answer)
out["verdicts"] = [
    [verdict(action._validate_action_result, c), verdict(lambda r: jsonschema.validate(r, spec), c)]
    for c in cases
]
print(json.dumps(out))
"""

LAUNCH = """
import rasa.__main__
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from channels import launch, speedups

rasa.__main__.main = lambda: print(
    RemoteAction._validate_action_result is speedups.validate_action_result
    and RemoteAction._action_call_format is speedups.action_call_format
    and Event.resolve_by_type is speedups.resolve_by_type
)
launch.main()
"""


EVENTS = """
import json
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from channels import speedups

names = sorted({kind.type_name for kind in all_subclasses(Event)})
def named(resolve, name, default=None):
    try:
        found = resolve(name, default)
    except ValueError as exc:
        return "ValueError: " + str(exc)
    return found.__name__ if found else None
rasa = lambda name, default=None: named(speedups._RASA_RESOLVE_BY_TYPE, name, default)
mine = lambda name, default=None: named(Event.resolve_by_type, name, default)
speedups.install()
asked = [*names, "topic", "no_such_event"]
print(json.dumps({
    "names": len(names),
    "twice": [[mine(n), mine(n), rasa(n)] for n in asked],
    "default": [mine("no_such_event", Event), rasa("no_such_event", Event)],
}))
"""


def _run(code: str, **env: str) -> str:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_answers_are_judged_as_jsonschema_judges_them_with_the_spec_checked_once():
    out = json.loads(_run(CHECK))
    assert out["valid"] == [True, True, True]
    assert out["spec_checks"] <= 1  # once at most (none if a check ran before), not per answer
    mine, original = zip(*out["verdicts"], strict=True)
    assert [m is None for m in mine] == [o is None for o in original] == [False, False, True, True]
    for m, o in zip(mine[:2], original[:2], strict=True):
        assert m.startswith(o)  # the same error, with Rasa's hint after it
        assert "Failed to validate Action server response" in m


def test_the_launcher_installs_it_before_rasa_starts():
    assert _run(LAUNCH, RASA_TOKEN="t") == "True"


def test_event_types_resolve_as_rasa_resolves_them():
    out = json.loads(_run(EVENTS))
    assert out["names"] > 20  # user, bot, action, slot, session_started, …
    for first, again, rasa in out["twice"]:
        assert first == again == rasa
    unknown = out["twice"][-1]
    assert unknown[0].startswith("ValueError: Unknown event name")
    assert out["twice"][-2][0] is None  # Rasa's "topic": old events, no class
    assert out["default"] == ["Event", "Event"]


CALL = """
import json
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from channels import speedups

rasa_call = RemoteAction._action_call_format
speedups.install()
domain = Domain.from_yaml("version: '3.1'\\nslots:\\n  lang:\\n    type: any\\n    mappings: []\\n")
action = RemoteAction("action_interview_turn", None)
def said(text, at):
    return UserUttered(text, {"name": "inform", "confidence": 0.9}, input_channel="slack",
                       parse_data={"text": text}, timestamp=at)
turns = [SessionStarted(timestamp=1), ActionExecuted("action_listen", timestamp=2)]
for at in range(10, 60, 10):
    turns += [said(f"answer {at}", at), ActionExecuted("action_interview_turn", timestamp=at + 1),
              BotUttered(f"why {at}?", timestamp=at + 2),
              ActionExecuted("action_listen", timestamp=at + 3)]
turns += [said("the last answer", 70), SlotSet("lang", "da", timestamp=71)]
out = {}
for name, events in (("long", turns), ("no_user", turns[:2])):
    tracker = DialogueStateTracker.from_events("conv-1", events, domain.slots)
    mine, theirs = action._action_call_format(tracker, domain), rasa_call(action, tracker, domain)
    out[name] = {"mine": mine, "theirs": theirs}
print(json.dumps(out))
"""


def test_the_action_server_gets_the_current_turn_and_the_same_state():
    from rasa_sdk import Tracker

    out = json.loads(_run(CALL))
    mine, theirs = out["long"]["mine"], out["long"]["theirs"]
    assert [e["event"] for e in mine["tracker"]["events"]] == ["user", "slot"]
    assert len(theirs["tracker"]["events"]) == 24
    assert mine["tracker"]["events"] == theirs["tracker"]["events"][-2:]
    same = {k: v for k, v in mine.items() if k != "tracker"}
    assert same == {k: v for k, v in theirs.items() if k != "tracker"}  # action, domain, …
    assert {k: v for k, v in mine["tracker"].items() if k != "events"} == {
        k: v for k, v in theirs["tracker"].items() if k != "events"
    }
    # What our actions read of it (actions/interview.py incoming_message) is the same.
    mine_sdk, theirs_sdk = (Tracker.from_dict(c["tracker"]) for c in (mine, theirs))
    for tracker in (mine_sdk, theirs_sdk):
        assert tracker.latest_message["text"] == "the last answer"
        assert tracker.get_latest_input_channel() == "slack"
        assert tracker.get_slot("lang") == "da"
        assert [e["timestamp"] for e in tracker.events if e["event"] == "user"][-1] == 70
    # Before any user message (a session's start), everything there is.
    start = out["no_user"]
    assert start["mine"]["tracker"]["events"] == start["theirs"]["tracker"]["events"]
    assert len(start["mine"]["tracker"]["events"]) == 2
