"""A sales rep preparing a negotiation in the chat: a customer's brief, segment, or interview.

What a rep asks is read by `assistant.rep_requests` ("brief me on Acme", "lav en brief om
Jensen Byg", "/brief Acme", a button's payload). Only an authenticated sender who is not the
customer gets an answer (Slack, Teams, a REST integration with the server's secret, the web
chat of a rep signed in to the workspace; never an invitation's customer, an interview whose
speaker is the customer, or the anonymous web chat). Anyone else is told so, and the
interview goes on with its pending question. A brief or a segment is answered from the
database without touching the interview; starting an interview about a customer is the turn
service's (`assistant.turns`).

The answer speaks the conversation's language (`RepChat.language`): the interview's once it
is chosen, else the channel's locale, else the request's own words ("lav en brief om …" is
Danish), else English. Its buttons carry that language, so what they ask next speaks it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.customer_lookup import CustomerMatch, Lookup, find_customers
from assistant.interview.dialogue import Interviewer
from assistant.interview.language import DEFAULT, from_locale
from assistant.interview.messages import Button, Reply, make_payload
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import InterviewStatus, Role, role_named
from assistant.rep_requests import REP_INTENTS, Ask, RepRequest, read_rep_request
from assistant.reports.chat_brief import (
    chat_brief,
    customer_segment,
    render_chat_brief,
    render_segment,
)
from assistant.reports.wording import LANGUAGES
from assistant.store.models import Interview
from assistant.taxonomy import Taxonomy

__all__ = [
    "BACK",
    "NOT_HERE",
    "REP_INTENTS",
    "SIGN_IN",
    "Ask",
    "RepChat",
    "RepRequest",
    "read_rep_request",
]

_PAYLOAD_OF = {ask: intent for intent, ask in REP_INTENTS.items()}


@dataclass(frozen=True)
class _Texts:
    """What the rep's chat says around a brief, in one language."""

    sign_in: str
    not_here: str
    back: str
    which: Mapping[Ask, str]
    unknown: str  # {name}
    several: str  # {name}, {more}
    more: str
    open_brief: str
    interview_about: str  # {name}
    show_segment: str
    open_segments: str
    next_steps: str  # {name}


_TEXTS = {
    "en": _Texts(
        sign_in=(
            "Customer briefs are only for signed-in sales reps, and this chat is not signed "
            "in. Please sign in to the workspace with your key and open the chat again (or ask "
            "me in Slack or Microsoft Teams)."
        ),
        not_here="Sorry, that is not something I can help with here.",
        back="Back to the interview:",
        which={
            Ask.BRIEF: 'Which customer? Write, for example, "brief me on Acme" or "/brief Acme".',
            Ask.SEGMENT: 'Which customer? Write, for example, "which segment is Acme in?".',
            Ask.INTERVIEW: 'Which customer? Write, for example, "interview about Acme".',
        },
        unknown='I know no customer called "{name}". Check the name or the external id and ask '
        "again.",
        several='Several customers match "{name}": which one?{more}',
        more=" (or write the name more exactly: there are more)",
        open_brief="Open the full brief",
        interview_about="Interview about {name}",
        show_segment="Show its segment",
        open_segments="Open the segments page",
        next_steps="{name}: open the full brief, start an interview or see the segment.",
    ),
    "da": _Texts(
        sign_in=(
            "Kundebriefs er kun for sælgere, der er logget ind, og denne chat er ikke logget "
            "ind. Log ind i arbejdsområdet med din nøgle, og åbn chatten igen (eller spørg mig "
            "i Slack eller Microsoft Teams)."
        ),
        not_here="Beklager, det kan jeg ikke hjælpe med her.",
        back="Tilbage til interviewet:",
        which={
            Ask.BRIEF: 'Hvilken kunde? Skriv fx "lav en brief om Jensen Byg" eller '
            '"/brief Jensen Byg".',
            Ask.SEGMENT: 'Hvilken kunde? Skriv fx "hvilket segment er Jensen Byg i?".',
            Ask.INTERVIEW: 'Hvilken kunde? Skriv fx "interview om Jensen Byg".',
        },
        unknown='Jeg kender ingen kunde, der hedder "{name}". Tjek navnet eller det eksterne '
        "id, og spørg igen.",
        several='Flere kunder passer på "{name}": hvilken mener du?{more}',
        more=" (eller skriv navnet mere præcist: der er flere)",
        open_brief="Åbn hele briefen",
        interview_about="Interview om {name}",
        show_segment="Vis segmentet",
        open_segments="Åbn segmentsiden",
        next_steps="{name}: åbn hele briefen, start et interview eller se segmentet.",
    ),
}
SIGN_IN = _TEXTS["en"].sign_in
NOT_HERE = _TEXTS["en"].not_here
BACK = _TEXTS["en"].back


class RepChat:
    """Answers rep requests in the chat, after checking who asks."""

    def __init__(
        self,
        readers: sessionmaker[Session],
        interviewer: Interviewer,
        taxonomy: Taxonomy,
        *,
        public_url: str = "",
        interviewers: Mapping[str, Interviewer] | None = None,
    ):
        """`interviewer` asks the pending question of an English interview, `interviewers`
        those of the other languages (e.g. "da")."""
        self._readers = readers
        self._interviewers = {"en": interviewer, **(interviewers or {})}
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
            language, _ = self.language(interview, request, metadata)
            refusal = self.refusal(
                interview, authenticated=authenticated, metadata=metadata, language=language
            )
            if refusal is not None:
                replies = [Reply(refusal)]
            else:
                found = self.customer(session, request, language)
                replies = (
                    found
                    if isinstance(found, list)
                    else self._serve(session, request, found, language)
                )
            return replies + self.back_to(interview)

    def language(
        self, interview: Interview | None, request: RepRequest, metadata: Mapping[str, Any]
    ) -> tuple[str, str]:
        """The language to answer in, and how it was chosen (as `DialogueState`'s): the
        conversation's once chosen, else the channel's locale, else the request's words (or
        its button's language), else English."""
        if interview is not None:
            state = DialogueState.from_json(interview.dialogue)
            if state.language_source != "default" and state.language in LANGUAGES:
                return state.language, state.language_source
        if (locale := from_locale(metadata.get("locale"))) in LANGUAGES:
            return str(locale), "locale"
        if request.language in LANGUAGES:
            return str(request.language), "detected"
        return DEFAULT, "default"

    def refusal(
        self,
        interview: Interview | None,
        *,
        authenticated: bool,
        metadata: Mapping[str, Any],
        language: str = DEFAULT,
    ) -> str | None:
        """Why the sender may not have a rep's answer, or None: they may."""
        speaking = interview.role if interview is not None else None
        texts = _TEXTS[language]
        if (
            speaking is Role.CUSTOMER
            or role_named(metadata.get("role")) is Role.CUSTOMER
            or metadata.get("invite")
        ):
            return texts.not_here
        if not authenticated:
            return texts.sign_in
        return None

    def customer(
        self, session: Session, request: RepRequest, language: str = DEFAULT
    ) -> CustomerMatch | list[Reply]:
        """The one customer the request names, or the replies asking or telling otherwise."""
        texts = _TEXTS[language]
        if request.query is None:
            return [Reply(texts.which[request.ask])]
        lookup = find_customers(session, request.query)
        if (found := lookup.found) is not None:
            return found
        if lookup.ambiguous:
            return [self._which(request.ask, lookup, language)]
        return [Reply(texts.unknown.format(name=_quote(request.query)))]

    def back_to(self, interview: Interview | None) -> list[Reply]:
        """The pending question of an interview under way, in its language, to go on with it."""
        if interview is None or interview.status is not InterviewStatus.IN_PROGRESS:
            return []
        state = DialogueState.from_json(interview.dialogue)
        interviewer = self._interviewers.get(state.language, self._interviewers["en"])
        texts = _TEXTS.get(state.language, _TEXTS["en"])
        return interviewer.pending(state, texts.back)

    # -- answers -------------------------------------------------------------------------

    def _serve(
        self, session: Session, request: RepRequest, found: CustomerMatch, language: str
    ) -> list[Reply]:
        texts = _TEXTS[language]
        if request.ask is Ask.SEGMENT:
            place = customer_segment(session, self._taxonomy, found.id, language=language)
            links = (
                Button(texts.open_segments, "", url=self._url("/ui/segments")),
                self._brief_button(found, language),
            )
            return [Reply("\n".join(render_segment(place)), links)]
        summary = chat_brief(session, self._taxonomy, found.id, language=language)
        name = _quote(found.name)
        buttons = (
            self._brief_button(found, language),
            Button(
                texts.interview_about.format(name=name),
                make_payload("interview_customer", customer=found.external_id, language=language),
            ),
            Button(
                texts.show_segment,
                make_payload("show_segment", customer=found.external_id, language=language),
            ),
        )
        return [
            Reply("\n".join(render_chat_brief(summary))),
            Reply(texts.next_steps.format(name=name), buttons),
        ]

    def _brief_button(self, found: CustomerMatch, language: str) -> Button:
        """A link to the brief's page, in the language of the chat."""
        url = self._url(f"/ui/customers/{found.id}/brief?lang={language}")
        return Button(_TEXTS[language].open_brief, "", url=url)

    def _which(self, ask: Ask, lookup: Lookup, language: str) -> Reply:
        texts = _TEXTS[language]
        buttons = tuple(
            Button(
                f"{_quote(m.name, 40)} ({_quote(m.external_id, 30)})",
                make_payload(_PAYLOAD_OF[ask], customer=m.external_id, language=language),
            )
            for m in lookup.matches
        )
        more = texts.more if lookup.more else ""
        return Reply(texts.several.format(name=_quote(lookup.query), more=more), buttons)

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
