"""Reading a sales rep's request in a chat message, in English or Danish.

A rep writes "brief me on Acme", "what does Acme need?", "lav en brief om Jensen Byg",
"hvad har vi om Jensen Byg?", "/brief Acme", "which segment is Acme in?", "interview om
Jensen Byg" (or clicks a button that sends `/ask_brief{"customer": "<external id>"}`,
`/show_segment{...}`, `/interview_customer{...}`, with the `language` of the answer it came
with). `read_rep_request` tells such a message from an interview answer by its form: the
whole message must be one of these requests, so "we want shorter lead times", "what we need
is space" or "hvad har vi brug for? plads" never is one, whatever intent Rasa guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from assistant.interview.control import strip_greeting
from assistant.interview.language import known
from assistant.interview.messages import parse_payload

__all__ = ["REP_INTENTS", "Ask", "RepRequest", "read_rep_request"]


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
# Slash commands typed without a customer ("/brief"), which read like a button's payload.
_COMMANDS = {"brief": Ask.BRIEF, "segment": Ask.SEGMENT, "interview": Ask.INTERVIEW}


def _patterns(
    language: str | None, start: str, end: str, forms: tuple[tuple[Ask, str], ...]
) -> tuple[tuple[Ask, str | None, re.Pattern[str]], ...]:
    return tuple(
        (ask, language, re.compile(rf"^{start}{body}{end}", re.I | re.S)) for ask, body in forms
    )


_NAME = r"(?P<name>\S.{0,199}?)"
_START = r"(?:please\s+|can you\s+|could you\s+)?"
_END = r"\s*(?:,?\s*please)?\s*[?.!]*\s*$"
_SLASH = _patterns(
    None,  # a command says nothing of the language
    _START,
    _END,
    (
        (Ask.BRIEF, rf"/brief(?:\s+{_NAME})?"),
        (Ask.SEGMENT, rf"/segment(?:\s+{_NAME})?"),
        (Ask.INTERVIEW, rf"/interview(?:\s+{_NAME})?"),
    ),
)
_ENGLISH = _patterns(
    "en",
    _START,
    _END,
    (
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
        (Ask.SEGMENT, rf"(?:show\s+(?:me\s+)?)?(?:the\s+)?segment\s+(?:of|for)\s+{_NAME}"),
        (Ask.SEGMENT, rf"(?:which|what)\s+segment\s+is\s+{_NAME}\s+in"),
        (
            Ask.INTERVIEW,
            rf"(?:start\s+|begin\s+)?(?:a\s+|an\s+)?(?:new\s+)?interview\s+(?:about|with)\s+"
            rf"{_NAME}",
        ),
    ),
)
# A Danish name stops at a comma or sentence mark: a longer sentence is an answer, not a name.
_NAVN = r"(?P<name>[^\s,;:!?][^,;:!?\n]{0,79}?)"
_BRIEF_DA = r"(?:forhandlings)?(?:brief|briefing)(?:en|et|ingen)?|opsummering(?:en)?|resumé(?:et)?"
_DANISH = _patterns(
    "da",
    r"(?:(?:kan|vil|gider)\s+du\s+(?:lige\s+|godt\s+)?)?",
    r"\s*(?:,?\s*(?:tak|please))?\s*[?.!]*\s*$",
    (
        (
            Ask.BRIEF,  # "lav en brief om …", "giv mig briefen på …", "må jeg få en brief til …"
            rf"(?:(?:kan|må)\s+jeg\s+(?:få|se)\s+|jeg\s+vil\s+(?:gerne\s+)?(?:have|se)\s+"
            rf"|jeg\s+skal\s+(?:bruge|have)\s+|(?:giv|send|vis|find)\s+(?:lige\s+)?(?:mig\s+)?"
            rf"|lav(?:e)?\s+(?:lige\s+)?(?:mig\s+)?)?(?:en\s+|et\s+)?(?:kort\s+|ny\s+|hel\s+)?"
            rf"(?:{_BRIEF_DA})\s+(?:om|på|til|for|af|over)\s+{_NAVN}",
        ),
        (Ask.BRIEF, rf"brief\s+mig\s+(?:om|på|til)\s+{_NAVN}"),
        (Ask.BRIEF, rf"hvad\s+(?:har|ved)\s+vi\s+(?:om|på)\s+{_NAVN}"),
        (Ask.BRIEF, rf"hvad\s+har\s+{_NAVN}\s+(?:egentlig\s+|reelt\s+|virkelig\s+)?brug\s+for"),
        (
            Ask.BRIEF,  # "hvad er Jensen Bygs behov?": the genitive s is no part of the name
            rf"hvad\s+er\s+{_NAVN}(?:'s|’s|'|s)?\s+(?:egentlige\s+|reelle\s+)?behov",
        ),
        (Ask.BRIEF, rf"hvilke\s+(?:egentlige\s+|reelle\s+)?behov\s+har\s+{_NAVN}"),
        (  # "hvad er behovene hos …", "hvad er de egentlige behov hos …"
            Ask.BRIEF,
            rf"hvad\s+er\s+(?:de\s+)?(?:egentlige\s+|reelle\s+)?behov(?:ene)?\s+(?:hos|for)\s+"
            rf"{_NAVN}",
        ),
        (
            Ask.BRIEF,  # "forbered forhandling med …", "forbered mig på mødet med …"
            rf"(?:hjælp\s+mig\s+(?:med\s+)?(?:at\s+)?)?forbered(?:e)?\s+(?:mig\s+)?"
            rf"(?:på\s+|til\s+)?(?:en\s+|et\s+|den\s+|det\s+|min\s+|mit\s+|vores\s+)?"
            rf"(?:forhandling(?:en|er|erne)?|(?:salgs|forhandlings)?møde(?:t)?|samtale(?:n)?)"
            rf"\s+med\s+{_NAVN}",
        ),
        (
            Ask.SEGMENT,
            rf"(?:hvilket|hvad\s+for\s+et)\s+segment\s+(?:er|hører)\s+{_NAVN}\s+(?:med\s+)?"
            rf"(?:i|til)",
        ),
        (Ask.SEGMENT, rf"(?:vis\s+(?:mig\s+)?)?segment(?:et)?\s+(?:for|til|af)\s+{_NAVN}"),
        (
            Ask.INTERVIEW,
            rf"(?:start\s+|begynd\s+|lav\s+)?(?:et\s+)?(?:nyt\s+)?interview\s+(?:om|med)\s+"
            rf"{_NAVN}",
        ),
    ),
)
_PATTERNS = (*_SLASH, *_ENGLISH, *_DANISH)
# Words that name no customer: "what does the customer need?" is a question, not a request.
_NOT_A_NAME = frozenset(
    {"i", "me", "we", "us", "you", "he", "she", "it", "they", "them", "one", "this", "that",
     "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "the customer",
     "the customers", "our customer", "our customers", "your customer", "your customers",
     "my customer", "a customer", "the client", "the company",
     "jeg", "mig", "vi", "os", "du", "dig", "jer", "han", "hun", "ham", "hende", "den",
     "det", "de", "dem", "man", "nogen", "alle", "kunden", "kunderne", "vores kunde",
     "vores kunder", "min kunde", "en kunde", "firmaet", "virksomheden", "det her", "den her",
     "dem her", "ugen", "dagen", "lageret", "ordren", "leveringen", "varerne"}
)  # fmt: skip
# Words of a Danish sentence that no company name has: "en brief om ugen ville være rart"
# names no customer "ugen ville være rart".
_SENTENCE_WORDS_DA = frozenset(
    "er var være været har havde vil ville skal skulle kunne bliver blev fordi hvis når "
    "ikke men synes tror".split()
)
_BRIEF_WORD = re.compile(r"\b(?:brief|briefing|summary|opsummering)\b", re.I)
_WORDS_WITHOUT_NAME = 4  # "brief me please": Rasa's ask_brief counts only this short


@dataclass(frozen=True)
class RepRequest:
    """What a rep asked: a customer's brief, segment or a new interview about them."""

    ask: Ask
    query: str | None  # what the customer was called (a button sends the external id)
    language: str | None = None  # of its words ("da", "en") or its button; None: it says not


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
        language = known(entities.get("language"))
        return RepRequest(ask, _name(entities.get("customer")), language) if ask else None
    content = strip_greeting(text)
    for ask, language, pattern in _PATTERNS:
        if match := pattern.match(content):
            name = _name(match["name"])
            if name is not None and name.casefold() in _NOT_A_NAME:
                return None
            if name and language == "da" and _SENTENCE_WORDS_DA.intersection(name.lower().split()):
                return None
            return RepRequest(ask, name, language)
    short = len(content.split()) <= _WORDS_WITHOUT_NAME
    if rasa_intent == "ask_brief" and short and _BRIEF_WORD.search(content):  # "brief me"
        return RepRequest(Ask.BRIEF, None)
    return None
