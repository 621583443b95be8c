"""Messages as the interview sees them: what came in (understood), what goes out (replies)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from assistant.interview.control import Polarity, read_control, strip_greeting, taken_back
from assistant.interview.language import switch_first, switch_to
from assistant.interview.vocabulary import InterviewStatus
from assistant.needs.results import Extraction

__all__ = [
    "ACT_ON_NEED",
    "Button",
    "Extract",
    "Outcome",
    "Reply",
    "Understanding",
    "make_payload",
    "parse_payload",
    "understand",
]

# On the answers dev halves of both writers, a need scored 0.7 or more is right about 9 times
# in 10 (`needs evaluate` prints it): the interview acts on no need below it.
ACT_ON_NEED = 0.7

_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?\s*$", re.DOTALL)


class Extract(Protocol):
    """The need model as the interview uses it, e.g. `NeedExtractor.extract`."""

    def __call__(self, text: str, /) -> Extraction: ...


@dataclass(frozen=True)
class Button:
    """A button under a reply: sends `payload` back, or opens `url` when it has one;
    `explanation` is a short line shown beneath its title."""

    title: str
    payload: str
    url: str | None = field(default=None, kw_only=True)
    explanation: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Reply:
    """What the interview says; `language` is the language the interview speaks from then
    on ("en", "da"), when the turn service knows it (the web chat's labels follow it)."""

    text: str
    buttons: tuple[Button, ...] = ()
    language: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Understanding:
    """One message as understood: its control intent, entities, yes/no and the extraction.

    `content` is the message without a greeting in front (what a wish quotes); `polarity`
    a typed yes or no in front of it, and `reason` what follows that yes or no.
    """

    text: str
    extraction: Extraction
    intent: str | None = None
    entities: dict[str, str] = field(default_factory=dict)
    content: str = ""
    polarity: Polarity | None = None
    reason: str = ""
    language: str = "en"  # the language the need model read it in

    @property
    def said(self) -> str:
        """The words the person said (the content, or the whole text for a bare greeting)."""
        return self.content or self.text


@dataclass(frozen=True)
class Outcome:
    replies: list[Reply]
    status: InterviewStatus = InterviewStatus.IN_PROGRESS


def parse_payload(text: str) -> tuple[str, dict[str, str]] | None:
    """`/confirm_need{"need":"x"}` -> ("confirm_need", {"need": "x"}); None for plain text."""
    match = _PAYLOAD.match(text.strip())
    if not match:
        return None
    try:
        entities = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        return None
    if not isinstance(entities, dict):
        return None
    return match["intent"], {str(k): str(v) for k, v in entities.items()}


def understand(
    text: str,
    extract: Extract,
    intent: str | None = None,
    entities: Mapping[str, str] | None = None,
    *,
    language: str = "en",
) -> Understanding:
    """A button payload speaks for itself; a request to change language is one; typed text
    is read for control words, and its content (without a greeting in front) is run through
    the need model."""
    if (payload := parse_payload(text)) is not None:
        return Understanding(
            text, Extraction(text=""), payload[0], payload[1], content=text, language=language
        )
    content = strip_greeting(text)
    # "…, no wait scratch that, …" is read without what it takes back
    said = text if (kept := taken_back(content)) == content else kept
    content = kept
    # "kan vi tage det på dansk?" is no answer; "… på dansk? Vi vil gerne …" has one after
    # the request, which is read once the language has changed (its "rest").
    switch = (asked, "") if (asked := switch_to(content)) else switch_first(content)
    if switch:
        rest = {"rest": switch[1]} if switch[1] else {}
        return Understanding(
            text, Extraction(text=""), "switch_language", {"language": switch[0], **rest},
            content=content, language=language,
        )  # fmt: skip
    extraction = extract(content) if content else Extraction(text="")
    # Content the interview would act on outweighs control words; a need the model reads
    # faintly into "er du en robot" (a robot handles goods) does not.
    heard = extraction.wishes or any(n.confidence >= ACT_ON_NEED for n in extraction.needs)
    control = read_control(said, intent, bool(heard))
    return Understanding(
        text, extraction, control.intent, dict(entities or {}),
        content=control.content, polarity=control.polarity, reason=control.reason,
        language=language,
    )  # fmt: skip


def make_payload(intent: str, **entities: str) -> str:
    """The Rasa payload a button sends, e.g. `/confirm_need{\"need\":\"x\"}`."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"
