"""A sales rep preparing a negotiation in the chat: a customer's brief, segment, or interview.

A rep writes "brief me on Acme", "what does Acme need?", "/brief Acme", "which segment is
Acme in?" or "interview about Acme" (or clicks a button that sends
`/ask_brief{"customer": "<external id>"}`, `/show_segment{...}`, `/interview_customer{...}`).
`read_rep_request` tells such a message from an interview answer by its form: the whole
message must be one of these requests, so "we want shorter lead times" or "what we need is
space" never is one, whatever intent Rasa guessed.

Only an authenticated sender who is not the customer gets an answer (Slack, Teams, a REST
integration with the server's secret, the web chat of a rep signed in to the workspace; never
an invitation's customer, an interview whose speaker is the customer, or the anonymous web
chat). Anyone else is told so, and the
interview goes on with its pending question. A brief or a segment is answered from the
database without touching the interview; starting an interview about a customer is the turn
service's (`assistant.turns`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.customer_lookup import CustomerMatch, Lookup, find_customers
from assistant.interview.control import strip_greeting
from assistant.interview.dialogue import Interviewer
from assistant.interview.messages import Button, Reply, make_payload, parse_payload
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import InterviewStatus, Role, role_named
from assistant.reports.chat_brief import (
    chat_brief,
    customer_segment,
    render_chat_brief,
    render_segment,
)
from assistant.store.models import Interview
from assistant.taxonomy import Taxonomy

__all__ = [
    "Ask",
    "RepChat",
    "RepRequest",
    "REP_INTENTS",
    "read_rep_request",
]


class Ask(StrEnum):
    BRIEF = "brief"
    SEGMENT = "segment"
    INTERVIEW = "interview"


# The Rasa intents (and button payloads) of the requests.
REP_INTENTS: Mapping[str, Ask] = {
    "ask_brief": Ask.BRIEF,
    "show_segment": Ask.SEGMENT,
    "interview_customer": Ask.INTERVIEW,
}
_PAYLOAD_OF = {ask: intent for intent, ask in REP_INTENTS.items()}
# Slash commands typed without a customer ("/brief"), which read like a button's payload.
_COMMANDS = {"brief": Ask.BRIEF, "segment": Ask.SEGMENT, "interview": Ask.INTERVIEW}

SIGN_IN = (
    "Customer briefs are only for signed-in sales reps, and this chat is not signed in. "
    "Please sign in to the workspace with your key and open the chat again (or ask me in "
    "Slack or Microsoft Teams)."
)
NOT_HERE = "Sorry, that is not something I can help with here."
BACK = "Back to the interview:"
_WHICH = {
    Ask.BRIEF: 'Which customer? Write, for example, "brief me on Acme" or "/brief Acme".',
    Ask.SEGMENT: 'Which customer? Write, for example, "which segment is Acme in?".',
    Ask.INTERVIEW: 'Which customer? Write, for example, "interview about Acme".',
}

_END = r"\s*(?:,?\s*please)?\s*[?.!]*\s*$"
_NAME = r"(?P<name>\S.{0,199}?)"
_PATTERNS: tuple[tuple[Ask, re.Pattern[str]], ...] = tuple(
    (ask, re.compile(rf"^(?:please\s+|can you\s+|could you\s+)?{body}{_END}", re.I | re.S))
    for ask, body in (
        (Ask.BRIEF, rf"/brief(?:\s+{_NAME})?"),
        (Ask.BRIEF, rf"brief(?:\s+me)?(?:\s+up)?\s+(?:on|about|for)\s+{_NAME}"),
        (
            Ask.BRIEF,
            rf"(?:give|show|send|get)\s+me\s+(?:a\s+|the\s+)?(?:negotiation\s+)?"
            rf"(?:brief|briefing|summary)\s+(?:on|for|about|of)\s+{_NAME}",
        ),
        (Ask.BRIEF, rf"(?:the\s+)?(?:brief|briefing)\s+(?:on|for|about|of)\s+{_NAME}"),
        (Ask.BRIEF, rf"what\s+(?:does|do)\s+{_NAME}\s+(?:really\s+|actually\s+)?need"),
        (Ask.BRIEF, rf"what\s+are\s+{_NAME}(?:'s|’s|')\s+(?:real\s+)?needs"),
        (Ask.BRIEF, rf"what\s+are\s+the\s+(?:real\s+)?needs\s+of\s+{_NAME}"),
        (
            Ask.BRIEF,
            rf"prepare\s+me\s+for\s+(?:the\s+|my\s+|our\s+)?(?:meeting|negotiation|call|talks)"
            rf"\s+with\s+{_NAME}",
        ),
        (Ask.SEGMENT, rf"/segment(?:\s+{_NAME})?"),
        (Ask.SEGMENT, rf"(?:show\s+(?:me\s+)?)?(?:the\s+)?segment\s+(?:of|for)\s+{_NAME}"),
        (Ask.SEGMENT, rf"(?:which|what)\s+segment\s+is\s+{_NAME}\s+in"),
        (Ask.INTERVIEW, rf"/interview(?:\s+{_NAME})?"),
        (
            Ask.INTERVIEW,
            rf"(?:start\s+|begin\s+)?(?:a\s+|an\s+)?(?:new\s+)?interview\s+(?:about|with)\s+"
            rf"{_NAME}",
        ),
    )
)
# Words that name no customer: "what does the customer need?" is a question, not a request.
_NOT_A_NAME = frozenset(
    {"i", "me", "we", "us", "you", "he", "she", "it", "they", "them", "one", "this", "that",
     "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "the customer",
     "the customers", "our customer", "our customers", "your customer", "your customers",
     "my customer", "a customer", "the client", "the company"}
)  # fmt: skip
_BRIEF_WORD = re.compile(r"\b(?:brief|briefing|summary)\b", re.I)
_WORDS_WITHOUT_NAME = 4  # "brief me please": Rasa's ask_brief counts only this short


@dataclass(frozen=True)
class RepRequest:
    """What a rep asked: a customer's brief, segment or a new interview about them."""

    ask: Ask
    query: str | None  # what the customer was called (a button sends the external id)


def _name(raw: str | None) -> str | None:
    if raw is None:
        return None
    name = " ".join(raw.strip(" \t\n\"'“”‘’«»").split())
    return name or None


def read_rep_request(text: str, rasa_intent: str | None = None) -> RepRequest | None:
    """The rep request `text` is, or None: an interview message (see the module docstring)."""
    if (payload := parse_payload(text)) is not None:
        intent, entities = payload
        ask = REP_INTENTS.get(intent) or _COMMANDS.get(intent)
        return RepRequest(ask, _name(entities.get("customer"))) if ask else None
    content = strip_greeting(text)
    for ask, pattern in _PATTERNS:
        if match := pattern.match(content):
            name = _name(match["name"])
            if name is not None and name.casefold() in _NOT_A_NAME:
                return None
            return RepRequest(ask, name)
    short = len(content.split()) <= _WORDS_WITHOUT_NAME
    if rasa_intent == "ask_brief" and short and _BRIEF_WORD.search(content):  # "brief me"
        return RepRequest(Ask.BRIEF, None)
    return None


class RepChat:
    """Answers rep requests in the chat, after checking who asks."""

    def __init__(
        self,
        readers: sessionmaker[Session],
        interviewer: Interviewer,
        taxonomy: Taxonomy,
        *,
        public_url: str = "",
    ):
        self._readers = readers
        self._interviewer = interviewer
        self._taxonomy = taxonomy
        self._public_url = public_url.rstrip("/")

    # -- entry points --------------------------------------------------------------------

    def answer(
        self,
        conversation_id: str,
        request: RepRequest,
        *,
        authenticated: bool,
        metadata: Mapping[str, Any],
    ) -> list[Reply]:
        """The answer to a brief or segment request, then the interview's pending question.

        Read only: nothing of it is recorded, and the interview is left as it was.
        """
        with self._readers() as session:
            interview = current_interview(session, conversation_id)
            refusal = self.refusal(interview, authenticated=authenticated, metadata=metadata)
            if refusal is not None:
                replies = [Reply(refusal)]
            else:
                found = self.customer(session, request)
                replies = found if isinstance(found, list) else self._serve(session, request, found)
            return replies + self.back_to(interview)

    def refusal(
        self, interview: Interview | None, *, authenticated: bool, metadata: Mapping[str, Any]
    ) -> str | None:
        """Why the sender may not have a rep's answer, or None: they may."""
        speaking = interview.role if interview is not None else None
        if (
            speaking is Role.CUSTOMER
            or role_named(metadata.get("role")) is Role.CUSTOMER
            or metadata.get("invite")
        ):
            return NOT_HERE
        if not authenticated:
            return SIGN_IN
        return None

    def customer(self, session: Session, request: RepRequest) -> CustomerMatch | list[Reply]:
        """The one customer the request names, or the replies asking or telling otherwise."""
        if request.query is None:
            return [Reply(_WHICH[request.ask])]
        lookup = find_customers(session, request.query)
        if (found := lookup.found) is not None:
            return found
        if lookup.ambiguous:
            return [self._which(request.ask, lookup)]
        return [
            Reply(
                f'I know no customer called "{_quote(request.query)}". Check the name or the '
                "external id and ask again."
            )
        ]

    def back_to(self, interview: Interview | None) -> list[Reply]:
        """The pending question of an interview under way, to go on with it."""
        if interview is None or interview.status is not InterviewStatus.IN_PROGRESS:
            return []
        state = DialogueState.from_json(interview.dialogue)
        return self._interviewer.pending(state, BACK)

    # -- answers -------------------------------------------------------------------------

    def _serve(self, session: Session, request: RepRequest, found: CustomerMatch) -> list[Reply]:
        if request.ask is Ask.SEGMENT:
            place = customer_segment(session, self._taxonomy, found.id)
            links = (
                Button("Open the segments page", "", url=self._url("/ui/segments")),
                self._brief_button(found),
            )
            return [Reply("\n".join(render_segment(place)), links)]
        summary = chat_brief(session, self._taxonomy, found.id)
        name = _quote(found.name)
        buttons = (
            self._brief_button(found),
            Button(
                f"Interview about {name}",
                make_payload("interview_customer", customer=found.external_id),
            ),
            Button("Show its segment", make_payload("show_segment", customer=found.external_id)),
        )
        return [
            Reply("\n".join(render_chat_brief(summary))),
            Reply(f"{name}: open the full brief, start an interview or see the segment.", buttons),
        ]

    def _brief_button(self, found: CustomerMatch) -> Button:
        return Button("Open the full brief", "", url=self._url(f"/ui/customers/{found.id}/brief"))

    def _which(self, ask: Ask, lookup: Lookup) -> Reply:
        buttons = tuple(
            Button(
                f"{_quote(m.name, 40)} ({_quote(m.external_id, 30)})",
                make_payload(_PAYLOAD_OF[ask], customer=m.external_id),
            )
            for m in lookup.matches
        )
        more = " (or write the name more exactly: there are more)" if lookup.more else ""
        return Reply(f'Several customers match "{_quote(lookup.query)}": which one?{more}', buttons)

    def _url(self, path: str) -> str:
        return f"{self._public_url}{path}"


def current_interview(session: Session, conversation_id: str) -> Interview | None:
    """The conversation's latest interview (read without a lock)."""
    return session.scalar(
        select(Interview)
        .where(Interview.conversation_id == conversation_id)
        .order_by(Interview.number.desc())
        .limit(1)
    )


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
