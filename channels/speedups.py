"""Three of Rasa 3.6's hot paths, made cheap.

Profiled under load (py-spy, `--gil`), these took most of Rasa's CPU per turn:

- **Validating the action server's answers.** `RemoteAction._validate_action_result` calls
  `jsonschema.validate(result, spec)`, which first checks the spec itself against JSON
  Schema's 2020-12 meta-schema, on every answer: about 30 ms of CPU, more than half of what
  a whole turn cost Rasa. Here the spec is checked once and its validator kept: each answer
  is validated against the same spec, with the same error when it does not match.
- **Reading events.** `Event.resolve_by_type`, called for every event of a tracker read from
  the tracker store or sent by the action server, walks all subclasses of `Event` each time.
  Here the class Rasa's walk found for a type name is remembered; a name it did not find
  (or not yet imported) goes to Rasa's walk again.
- **Calling the action server.** `RemoteAction._action_call_format` sends the whole
  conversation's events with every call, which Rasa serialises and the action server parses
  again each turn, more the longer the conversation. Our actions read only the current turn
  (its message, channel and time; the interview's state is the action server's), so here the
  call carries the events from the latest user message on, and the rest of the tracker's
  state (slots, latest message, latest action) as before.

`install()` puts both in place; the launcher (channels/launch.py) calls it before Rasa starts.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import rasa
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from jsonschema.validators import validator_for  # type: ignore[import-untyped]
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

__all__ = ["action_call_format", "install", "resolve_by_type", "validate_action_result"]

_RASA_RESOLVE_BY_TYPE = Event.resolve_by_type
_EVENT_TYPES: dict[str, type[Event]] = {}


@cache
def _validator() -> Any:  # a jsonschema Validator
    spec = RemoteAction.action_response_format_spec()
    kind = validator_for(spec)
    kind.check_schema(spec)  # what `jsonschema.validate` does on every call
    return kind(spec)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result`: True, or the best-matching `ValidationError`
    raised with Rasa's hint appended."""
    error = best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, remembering the classes it found (not a default it gave)."""
    if (found := _EVENT_TYPES.get(type_name)) is None:
        found = _RASA_RESOLVE_BY_TYPE(type_name, default)
        if found is not None and found is not default:
            _EVENT_TYPES[type_name] = found
    return found


def action_call_format(
    action: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """`RemoteAction._action_call_format` with the tracker's events of the current turn only:
    from the latest user message on (all of them before any user message)."""
    events = list(tracker.events)
    start = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0
    )
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [event.as_dict() for event in events[start:]]
    call = {
        "next_action": action.name(),
        "sender_id": tracker.sender_id,
        "tracker": state,
        "version": rasa.__version__,
    }
    needs_domain = domain.does_custom_action_explicitly_need_domain(action.name())
    if not action._is_selective_domain_enabled() or needs_domain:
        call["domain"] = domain.as_dict()
    return call


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
    RemoteAction._action_call_format = action_call_format
    Event.resolve_by_type = staticmethod(resolve_by_type)
