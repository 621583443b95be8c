"""Two of Rasa 3.6's hot paths, made cheap without changing what they return.

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

`install()` puts both in place; the launcher (channels/launch.py) calls it before Rasa starts.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from jsonschema.validators import validator_for  # type: ignore[import-untyped]
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

__all__ = ["install", "resolve_by_type", "validate_action_result"]

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


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)
