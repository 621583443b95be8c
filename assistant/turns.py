"""The turn service: each message is understood, answered and recorded in one transaction."""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from sqlalchemy import bindparam, func, insert, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import ConversationErased, InvalidMessage, UnknownInvitation
from assistant.interview import wording
from assistant.interview.control import strip_greeting
from assistant.interview.dialogue import Interviewer
from assistant.interview.language import detect, from_locale, known
from assistant.interview.messages import Button, Reply, Understanding, understand
from assistant.interview.state import DialogueState, WishState
from assistant.interview.vocabulary import InterviewStatus, Phase, Role, role_named
from assistant.invitations import redeem
from assistant.needs.extract import NeedExtractor
from assistant.needs.results import Extraction
from assistant.rep_chat import REP_INTENTS, Ask, RepChat, RepRequest, read_rep_request
from assistant.reports.quality_store import add_turn
from assistant.store.db import is_retryable, transaction
from assistant.store.erased import erased_after, lock_conversations
from assistant.store.interviews import InterviewRecord, read_interview
from assistant.store.models import Customer, Interview, Speaker, Turn, table, utcnow
from assistant.store.wishes import confirmed_needs, counts, refresh_customer_needs, rewrite_wishes

__all__ = [
    "Button",
    "IncomingMessage",
    "LanguageModel",
    "TurnService",
    "Reply",
    "conversation_language",
    "customer_language",
]

log = logging.getLogger(__name__)

# What a conversation id may be: the API must be able to name it in a URL path.
CONVERSATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:;,@+=!~-]{0,199}")
# Zero-width and other invisible format characters, and control characters but tab and newline.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\x00-\x08\x0b-\x1f\x7f]")

TURN_ATTEMPTS = 5  # a turn that loses a deadlock or a creation race is run again, this often
INTENT_CONFIDENCE = 0.6  # below this, Rasa's intent is ignored and the text speaks for itself
NO_MODEL = (  # said in both languages: the person asked for a language this server cannot read
    "Sorry, Danish is not available on this server yet, so we go on in English. "
    "/ Beklager, dansk er ikke slået til på denne server endnu, så vi fortsætter på engelsk."
)
ERASED = (
    "This conversation was erased while your message was on its way, so the message was not "
    "kept. Send a new message to start again."
)
ELSEWHERE = (
    "This conversation is held in another channel, so this message was not recorded. "
    "Start a conversation of your own to take part."
)


# Statements every turn runs, built once (building one costs more than running it). The row
# lock serialises turns of one conversation (PostgreSQL; SQLite's BEGIN IMMEDIATE already
# serialises every writer).
_CURRENT = (
    select(Interview)
    .where(Interview.conversation_id == bindparam("conversation_id"))
    .order_by(Interview.number.desc())
    .limit(1)
    .with_for_update()
)
_TURNS, _INTERVIEWS = table(Turn), table(Interview)
_LAST_SEQ = select(func.max(_TURNS.c.seq)).where(_TURNS.c.interview_id == bindparam("interview"))
_INSERT_TURNS = insert(_TURNS)
_RECORDED = (  # a message's turns by its key, in any interview of the conversation
    select(_TURNS.c.speaker, _TURNS.c.text, _TURNS.c.data, _TURNS.c.source_key)
    .join(_INTERVIEWS)
    .where(
        _INTERVIEWS.c.conversation_id == bindparam("conversation_id"),
        or_(
            _TURNS.c.source_key == bindparam("key"),
            _TURNS.c.source_key.like(bindparam("bot_keys"), escape="/"),
        ),
    )
    .order_by(_TURNS.c.seq)
)


@dataclass(frozen=True)
class IncomingMessage:
    """A person's message as any channel delivers it, with Rasa's reading of it if any."""

    conversation_id: str
    text: str
    channel: str
    message_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    interviewer: str | None = None
    intent: str | None = None
    intent_confidence: float = 1.0
    entities: Mapping[str, str] = field(default_factory=dict)
    # The channel authenticated the writer (Slack, Teams): a company they name is looked up
    # or created. From anyone else a typed company name is only a claim.
    authenticated: bool = False
    # When Rasa received it (Unix time): a message that arrived before its conversation was
    # erased is not recorded after the erasure (assistant.store.erased).
    received_at: float | None = None


@dataclass(frozen=True)
class LanguageModel:
    """What reads and answers a conversation in one language: its need model, and the
    interviewer with that model's thresholds."""

    extractor: NeedExtractor
    interviewer: Interviewer


def conversation_language(
    state: DialogueState,
    metadata: Mapping[str, Any] | None,
    said: str,
    customer_language: str | None = None,
) -> tuple[str, str]:
    """The language a message is read in, and how it was chosen (`DialogueState.language`,
    `.language_source`). While none is chosen, at the start of an interview: first the
    language of a customer speaking for themselves (`customer_language`: an invitation's
    customer), then the channel's locale (`metadata["locale"]`); else the first message that
    says enough to tell (`assistant.interview.language.detect`). Once chosen it stays until
    the person switches (the interviewer's part), also when a restart begins anew."""
    if state.language_source != "default":
        return state.language, state.language_source
    if state.phase == Phase.START:
        if chosen := known(customer_language):
            return chosen, "customer"
        if locale := from_locale((metadata or {}).get("locale")):
            return locale, "locale"
    if found := detect(said):
        return found, "detected"
    return state.language, state.language_source


def customer_language(interview: Interview) -> str | None:
    """The language of the interview's customer when they speak for themselves (an
    invitation, or an integration's `role: customer`); a rep's interview speaks the rep's."""
    if interview.role is Role.CUSTOMER and interview.customer is not None:
        return interview.customer.language
    return None


def _choosing(state: DialogueState) -> bool:
    """Whether a customer's language can still choose (`conversation_language`): it is read
    only then, which spares every later turn a query for the customer."""
    return state.phase == Phase.START and state.language_source == "default"


def _keep(interview: Interview, state: DialogueState) -> None:
    """Store the dialogue state, and on the interview's row the language it speaks."""
    interview.dialogue = state.to_json()
    interview.language = state.language


def _spoken(replies: list[Reply], language: str | None) -> list[Reply]:
    """The replies marked with the language the interview speaks from now on."""
    return [replace(r, language=language) for r in replies]


def _visible(text: str) -> str:
    """The text without invisible characters (a message of zero-width spaces is empty, and
    NUL cannot be stored in PostgreSQL) or unpaired surrogates, trimmed."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    return _INVISIBLE.sub("", text).strip()


def _button_json(button: Button) -> dict[str, str]:
    """A button as a turn stores it (a retried message gets it back as it was)."""
    data = {"title": button.title, "payload": button.payload}
    if button.url:
        data["url"] = button.url
    if button.explanation:
        data["explanation"] = button.explanation
    return data


def _like_prefix(text: str) -> str:
    """A LIKE pattern (escape "/") of the strings that begin with `text`."""
    return re.sub(r"([/%_])", r"/\1", text) + "%"


def _customer_ref(metadata: Mapping[str, Any]) -> str | None:
    value = metadata.get("customer")
    if value is None or not str(value).strip():
        return None
    return str(value).strip()[:200]


class TurnService:
    """Understands, answers and records each turn of an interview, in one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        extractor: NeedExtractor,
        interviewer: Interviewer,
        *,
        max_message_chars: int = 5_000,
        readers: sessionmaker[Session] | None = None,
        public_url: str = "",
        languages: Mapping[str, LanguageModel] | None = None,
    ):
        """`extractor` and `interviewer` read and answer English; `languages` the others
        (e.g. "da": the Danish need model), each conversation in its own language; a
        conversation in a language without a model goes on in English, saying so.
        `readers`: read-only sessions for answers that write nothing (a rep's brief);
        `public_url`: where the web pages are, for the buttons that open them."""
        self._sessions = sessions
        self._models = {"en": LanguageModel(extractor, interviewer), **(languages or {})}
        self._interviewer = interviewer
        self._max_chars = max_message_chars
        self._rep = RepChat(
            readers or sessions,
            interviewer,
            interviewer.taxonomy,
            public_url=public_url,
            interviewers={code: model.interviewer for code, model in self._models.items()},
        )

    def handle_message(self, message: IncomingMessage) -> list[Reply]:
        """Record `message` and the replies to it; a retried message returns the same replies."""
        if not CONVERSATION_ID.fullmatch(message.conversation_id):
            raise InvalidMessage(
                "This chat has no valid session id; please reload the page or open the link again."
            )
        text = _visible(message.text)
        if not text:
            raise InvalidMessage("The message is empty: please type your answer.")
        if len(text) > self._max_chars:
            raise InvalidMessage(
                f"The message is too long ({len(text):,} characters); "
                f"please keep it under {self._max_chars:,}."
            )
        intent = message.intent if message.intent_confidence >= INTENT_CONFIDENCE else None
        request = read_rep_request(text, intent)
        if request is not None and request.ask is not Ask.INTERVIEW:
            # A rep's question outside the interview: answered, nothing recorded.
            return self._rep.answer(
                message.conversation_id,
                request,
                authenticated=message.authenticated,
                metadata=message.metadata,
            )
        if request is not None:
            work = partial(self._interview_about, message, text, request)
        else:
            work = partial(self._handle, message, text)
        attempt = 1
        while True:
            try:
                return work()
            except DBAPIError as exc:
                # A concurrent turn created the same row, or the database broke a deadlock:
                # this transaction rolled back as a whole, so running it again is safe.
                if attempt >= TURN_ATTEMPTS or not is_retryable(exc):
                    raise
                log.warning(
                    "turn of %s run again after %s",
                    message.conversation_id,
                    type(exc.orig).__name__,
                )
                time.sleep(random.uniform(0, 0.05 * attempt))
                attempt += 1

    def _readable(self, language: str) -> str:
        """`language` when this server has its need model, else English."""
        return language if language in self._models else "en"

    def _reading(
        self,
        state: DialogueState,
        metadata: Mapping[str, Any] | None,
        said: str,
        customer_language: str | None,
    ) -> str:
        """The language a message saying `said` is read in (`conversation_language`), or
        English where this server has no need model for it."""
        language, _ = conversation_language(state, metadata, said, customer_language)
        return self._readable(language)

    def _understand(self, message: IncomingMessage, text: str, language: str) -> Understanding:
        intent = message.intent if message.intent_confidence >= INTENT_CONFIDENCE else None
        if intent in REP_INTENTS:  # Rasa's guess, but not in a request's form: an answer
            intent = None
        extract = self._models[language].extractor.extract
        return understand(text, extract, intent, message.entities, language=language)

    def _handle(self, message: IncomingMessage, text: str) -> list[Reply]:
        with transaction(self._sessions) as session:
            # An erasure of this conversation either committed before (its tombstone is
            # seen here) or waits until this turn committed (and then erases it too).
            lock_conversations(session.connection(), [message.conversation_id])
            if message.received_at is not None and erased_after(
                session.connection(), message.conversation_id, message.received_at
            ):
                raise ConversationErased(ERASED)
            interview = self._current(session, message.conversation_id)
            if interview and interview.channel != message.channel and not message.authenticated:
                # A Slack or Teams conversation id typed as an anonymous REST sender id: the id
                # is no credential, so an unauthenticated writer never joins another channel's
                # conversation (web-chat ids are signed, and refused there already).
                return [Reply(ELSEWHERE)]
            key = message.message_id
            if (
                interview
                and key
                and (stored := self._replies_to(session, interview, key)) is not None
            ):
                return _spoken(stored, interview.language)
            notice = None
            started = interview is None
            if interview is None:
                interview, notice = self._start(session, message, number=1)
            # Read in the language the interview speaks (understanding a message takes about
            # a millisecond, so it is done under the conversation's lock, on its current state).
            state = DialogueState.from_json(interview.dialogue)
            spoken = customer_language(interview) if _choosing(state) else None
            u = self._understand(
                message, text, self._reading(state, message.metadata, strip_greeting(text), spoken)
            )
            if (chosen := self._reading(state, message.metadata, u.said, spoken)) != u.language:
                # `_respond` chooses on the message as read (`u.said`): read it in that language
                u = self._understand(message, text, chosen)
            if u.intent == "restart_interview" and not started:
                interview, notice = self._start(
                    session, message, number=interview.number + 1, like=interview
                )
                state = DialogueState.from_json(interview.dialogue)
            replies, state = self._respond(
                session, interview, u, message.authenticated, message.metadata, state
            )
            if notice:  # e.g. an expired invitation: said first, never passed over in silence
                replies = [Reply(notice), *replies]
            self._record(session, interview, message, u.text, replies, state.wishes)
            return _spoken(replies, interview.language)

    def _interview_about(
        self, message: IncomingMessage, text: str, request: RepRequest
    ) -> list[Reply]:
        """A new interview of the conversation about the customer a rep named (a button
        under their brief); for anyone else a refusal, and the interview goes on."""
        with transaction(self._sessions) as session:
            current = self._current(session, message.conversation_id)
            key = message.message_id
            if current and key and (stored := self._replies_to(session, current, key)) is not None:
                return _spoken(stored, current.language)
            language, source = self._rep.language(current, request, message.metadata)
            refusal = self._rep.refusal(
                current,
                authenticated=message.authenticated,
                metadata=message.metadata,
                language=language,
            )
            if refusal is not None:
                return [Reply(refusal), *self._rep.back_to(current)]
            found = self._rep.customer(session, request, language)
            if isinstance(found, list):  # unknown or ambiguous: said, nothing started
                return [*found, *self._rep.back_to(current)]
            interview = Interview(
                conversation_id=message.conversation_id,
                number=current.number + 1 if current else 1,
                channel=message.channel,
                role=Role.SALES_REP,
                interviewer=message.interviewer,
                customer=session.get(Customer, found.id),
                status=InterviewStatus.IN_PROGRESS,
                # In the language the rep is answered in (see RepChat.language).
                dialogue=DialogueState(language=language, language_source=source).to_json(),
            )
            session.add(interview)
            session.flush()
            start = Understanding("", Extraction(text=""), "greet")
            chosen = {k: v for k, v in message.metadata.items() if k != "locale"}
            replies, state = self._respond(session, interview, start, message.authenticated, chosen)
            self._record(session, interview, message, text, replies, state.wishes)
            return _spoken(replies, interview.language)

    def _respond(
        self,
        session: Session,
        interview: Interview,
        u: Understanding,
        authenticated: bool,
        metadata: Mapping[str, Any] | None = None,
        state: DialogueState | None = None,
    ) -> tuple[list[Reply], DialogueState]:
        """The interview's answer to `u`, in the language `conversation_language` chooses
        (the customer's own, the channel's locale, the first message's); a person may
        switch later. The interview's row keeps the language with the dialogue state.

        `state`: the interview's dialogue state as stored, if the caller read it already
        (reading it again costs as much as the rest of the turn's logic); it is changed.
        Returns the replies and the state after them."""
        before = DialogueState.from_json(interview.dialogue).wishes  # what the rows show
        if state is None:
            state = DialogueState.from_json(interview.dialogue)
        if state.phase == Phase.START:
            state.welcomed = (metadata or {}).get("welcomed") is True
            state.role = interview.role
            state.customer = (
                interview.customer.name if interview.customer else interview.claimed_customer
            )
        state.language, state.language_source = conversation_language(
            state, metadata, u.said, customer_language(interview) if _choosing(state) else None
        )
        wanted = u.entities.get("language", "") if u.intent == "switch_language" else ""
        unreadable = self._readable(wanted or state.language) != (wanted or state.language)
        if unreadable:  # no need model for it: said in both languages, and on in English
            state.language, state.language_source = "en", "unavailable"
            if wanted:
                _keep(interview, state)
                return self._interviewer.pending(state, NO_MODEL) or [Reply(NO_MODEL)], state
        switched = ""
        if wanted and not unreadable and (rest := u.entities.get("rest")):
            # "Sorry, kan vi tage det på dansk? Vi vil gerne …": the switch, and the rest of
            # the message is the answer, read by the new language's model
            state.language, state.language_source = wanted, "switched"
            u = understand(rest, self._models[wanted].extractor.extract, language=wanted)
            switched = wording.in_language(wanted).SWITCHED
        interviewer = self._models[state.language].interviewer
        if interview.status is InterviewStatus.PAUSED and u.intent != "stop":
            interview.status = InterviewStatus.IN_PROGRESS
            if u.intent in (None, "greet", "affirm") and not interviewer.hears(u):
                return interviewer.resume(state), state
        if u.intent == "restart_interview":
            u = Understanding("", Extraction(text=""), "greet")
        outcome = interviewer.respond(state, u)
        if unreadable:
            outcome.replies.insert(0, Reply(NO_MODEL))
        if switched and outcome.replies:
            first = outcome.replies[0]
            outcome.replies[0] = Reply(f"{switched} {first.text}", first.buttons)
        interview.status = outcome.status
        _keep(interview, state)
        if state.role and interview.role is None:
            interview.role = state.role
        if (
            state.customer
            and interview.customer_id is None
            and interview.customer is None  # a customer row not yet flushed
            and interview.claimed_customer is None
        ):
            if authenticated:
                interview.customer = self._customer(session, state.customer)
            else:  # anyone can type a company's name: kept for an admin to link or discard
                interview.claimed_customer = state.customer
        customer_before, counted_before = interview.customer_id, interview.counted
        interview.counted = counts(state.wishes)
        session.flush()  # the interview's row, and a new customer gets its id
        customer_id = interview.customer_id
        rewrite_wishes(
            session,
            interview,
            before,
            state.wishes,
            rewrite_all=(customer_id, interview.counted) != (customer_before, counted_before),
        )
        if customer_id is not None and (
            customer_id != customer_before
            or confirmed_needs(before) != confirmed_needs(state.wishes)
        ):
            session.flush()
            refresh_customer_needs(session, customer_id)
        return outcome.replies, state

    @staticmethod
    def _current(session: Session, conversation_id: str) -> Interview | None:
        return session.scalar(_CURRENT, {"conversation_id": conversation_id})

    def _start(
        self,
        session: Session,
        message: IncomingMessage,
        *,
        number: int,
        like: Interview | None = None,
    ) -> tuple[Interview, str | None]:
        """A new interview of the conversation, and a notice for the person if any."""
        metadata = message.metadata or {}
        ref = _customer_ref(metadata)
        customer = self._customer(session, ref) if ref else None
        role = role_named(metadata.get("role"))
        notice = None
        if token := metadata.get("invite"):
            try:  # an invitation link: its customer, speaking for themselves
                customer = redeem(session, str(token), message.conversation_id)
                role = Role.CUSTOMER
            except UnknownInvitation as exc:  # the interview asks who they are, after saying so
                said = wording.in_language(exc.language)  # the invited customer's, if known
                customer, notice = None, said.invitation_notice(exc.kind, exc.expired_on)
        interview = Interview(
            conversation_id=message.conversation_id,
            number=number,
            channel=message.channel,
            role=like.role if like else role,
            interviewer=message.interviewer,
            customer=like.customer if like else customer,
            claimed_customer=like.claimed_customer if like else None,
            status=InterviewStatus.IN_PROGRESS,
        )
        if like is not None:  # "forfra": the new interview speaks the language of the last
            before = DialogueState.from_json(like.dialogue)
            _keep(
                interview,
                DialogueState(language=before.language, language_source=before.language_source),
            )
        session.add(interview)
        session.flush()
        return interview, notice

    @staticmethod
    def _find_customer(session: Session, ref: str) -> Customer | None:
        """The customer with `ref` as external id, else as name."""
        return session.scalar(
            select(Customer)
            .where(or_(Customer.external_id == ref, Customer.name == ref))
            .order_by(Customer.external_id != ref, Customer.id)
            .limit(1)
        )

    def _customer(self, session: Session, ref: str) -> Customer:
        customer = self._find_customer(session, ref)
        if customer is None:
            customer = Customer(external_id=ref, name=ref)
            session.add(customer)
        return customer

    def _record(
        self,
        session: Session,
        interview: Interview,
        message: IncomingMessage,
        text: str,
        replies: list[Reply],
        wishes: list[WishState],
    ) -> None:
        connection = session.connection()
        last = connection.scalar(_LAST_SEQ, {"interview": interview.id})
        seq, at = (last or 0) + 1, utcnow()
        key = message.message_id or f"seq-{seq}"
        turns = [{"seq": seq, "speaker": Speaker.USER, "text": text, "source_key": key}]
        for i, reply in enumerate(replies, start=1):
            data = {"buttons": [_button_json(b) for b in reply.buttons]} if reply.buttons else None
            turns.append(
                {
                    "seq": seq + i,
                    "speaker": Speaker.BOT,
                    "text": reply.text,
                    "source_key": f"{key}:bot:{i}",
                    "data": data,
                }
            )
        common = {"interview_id": interview.id, "channel": message.channel, "created_at": at}
        turns = [{"data": None, **turn, **common} for turn in turns]
        connection.execute(_INSERT_TURNS, turns)
        # The figures follow every recorded turn.
        add_turn(
            session,
            interview,
            seq=seq,
            typed=text,
            replies=[reply.text for reply in replies],
            at=at,
            wishes=wishes,
        )

    @staticmethod
    def _replies_to(session: Session, interview: Interview, key: str) -> list[Reply] | None:
        recorded = (
            session.connection()
            .execute(
                _RECORDED,
                {
                    "conversation_id": interview.conversation_id,
                    "key": key,
                    "bot_keys": _like_prefix(f"{key}:bot:"),
                },
            )
            .all()
        )
        if not any(t.source_key == key for t in recorded):
            return None
        return [
            Reply(t.text, tuple(Button(**b) for b in (t.data or {}).get("buttons", [])))
            for t in recorded
            if t.speaker is Speaker.BOT
        ]

    def get_interview(self, conversation_id: str) -> InterviewRecord:
        return read_interview(self._sessions, conversation_id)
