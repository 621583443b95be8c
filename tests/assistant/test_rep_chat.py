"""A rep's brief, segment and new interview in the chat, through the turn service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from assistant.interview.messages import make_payload
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Phase, Role
from assistant.interview.wording import WHICH_NEED
from assistant.rep_chat import NOT_HERE, SIGN_IN, Ask, RepRequest, read_rep_request
from assistant.store.models import Interview, Turn
from assistant.turns import IncomingMessage, TurnService
from tests.assistant.reports.conftest import Factory

PUBLIC = "https://needfinder.example"


@pytest.mark.parametrize(
    ("text", "intent", "request_"),
    [
        ("brief me on Acme", None, RepRequest(Ask.BRIEF, "Acme", "en")),
        (
            "Hi! Brief me about Baltic Foods, please?",
            None,
            RepRequest(Ask.BRIEF, "Baltic Foods", "en"),
        ),
        ("what does Acme need?", None, RepRequest(Ask.BRIEF, "Acme", "en")),
        (
            "What do Nordic Bakeries really need",
            "inform",
            RepRequest(Ask.BRIEF, "Nordic Bakeries", "en"),
        ),
        ("what are Acme's needs?", None, RepRequest(Ask.BRIEF, "Acme", "en")),
        ("/brief  Müller & Söhne ", None, RepRequest(Ask.BRIEF, "Müller & Söhne")),
        ("/brief", None, RepRequest(Ask.BRIEF, None)),
        ("give me the brief for 'ACME-1'", None, RepRequest(Ask.BRIEF, "ACME-1", "en")),
        ("prepare me for the meeting with Acme", None, RepRequest(Ask.BRIEF, "Acme", "en")),
        ("brief me", "ask_brief", RepRequest(Ask.BRIEF, None)),
        ('/ask_brief{"customer":"ACME-1"}', "ask_brief", RepRequest(Ask.BRIEF, "ACME-1")),
        ("which segment is Acme in?", None, RepRequest(Ask.SEGMENT, "Acme", "en")),
        ('/show_segment{"customer":"A-1"}', None, RepRequest(Ask.SEGMENT, "A-1")),
        ("start an interview about Acme", None, RepRequest(Ask.INTERVIEW, "Acme", "en")),
        ('/interview_customer{"customer":"A-1"}', None, RepRequest(Ask.INTERVIEW, "A-1")),
    ],
)
def test_rep_requests_are_read_with_the_customer_named(text, intent, request_):
    assert read_rep_request(text, intent) == request_


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("we want shorter lead times", "ask_brief"),  # whatever Rasa guessed
        ("we need half pallets", "ask_brief"),
        ("what we need is more space in the back", "ask_brief"),
        ("what does the customer need? space, mostly", None),
        ("what does the customer need?", "ask_brief"),  # no customer named
        ("what do we need", "ask_brief"),
        ("brief stops at the dock are impossible for us", None),
        ("our interview with the planners took ages", None),
        ('/confirm_need{"need":"storage_constraint"}', "confirm_need"),
        ("I need a brief moment to think about it", "ask_brief"),  # longer than a request
    ],
)
def test_interview_answers_are_no_rep_requests(text, intent):
    assert read_rep_request(text, intent) is None


def msg(
    text: str,
    *,
    authenticated: bool = True,
    conversation: str = "rep-1",
    channel: str = "slack",
    intent: str | None = None,
    **metadata,
) -> IncomingMessage:
    return IncomingMessage(
        conversation_id=conversation,
        text=text,
        channel=channel,
        metadata=metadata,
        interviewer="U42" if channel == "slack" else None,
        intent=intent,
        authenticated=authenticated,
    )


@pytest.fixture
def rep_service(sessions, need_extractor, interviewer, danish) -> TurnService:
    return TurnService(
        sessions, need_extractor, interviewer, public_url=PUBLIC + "/", languages=danish
    )


@pytest.fixture
def rossi(sessions):
    """Bakery Rossi, with a need the customer confirmed and an open question; and a namesake."""
    with sessions() as session:
        f = Factory(session)
        customer = f.customer(external_id="ROSSI-1", name="Bakery Rossi")
        own = f.interview(customer, started_at=datetime(2025, 3, 1, tzinfo=UTC))
        own.role = Role.CUSTOMER
        f.wish(own, "smaller_orders", [("storage_constraint", "confirmed")])
        f.wish(own, "urgent_orders", [(None, "unresolved")])
        f.customer(external_id="ROSSI-2", name="Rossi Transport")
        session.commit()
        return customer.id


def recorded(sessions) -> tuple[int, int]:
    with sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Interview)),
            session.scalar(select(func.count()).select_from(Turn)),
        )


def test_rep_gets_the_summary_and_buttons_and_nothing_is_recorded(rep_service, sessions, rossi):
    before = recorded(sessions)

    summary, actions = rep_service.handle_message(msg("brief me on bakery rossi"))

    assert summary.text.splitlines()[0].startswith("Brief: Bakery Rossi (ROSSI-1)")
    assert "confirmed by the customer on 2025-03-01" in summary.text
    assert "Open questions (1):" in summary.text
    interview = make_payload("interview_customer", customer="ROSSI-1", language="en")
    segment = make_payload("show_segment", customer="ROSSI-1", language="en")
    assert [(b.title, b.payload, b.url) for b in actions.buttons] == [
        ("Open the full brief", "", f"{PUBLIC}/ui/customers/{rossi}/brief?lang=en"),
        ("Interview about Bakery Rossi", interview, None),
        ("Show its segment", segment, None),
    ]
    assert recorded(sessions) == before


@pytest.mark.parametrize(
    ("authenticated", "metadata", "refusal"),
    [
        (False, {}, SIGN_IN),  # the anonymous web chat
        (False, {"invite": "token"}, NOT_HERE),  # an invited customer
        (True, {"role": "customer"}, NOT_HERE),  # an integration speaking for a customer
    ],
)
def test_others_are_refused_without_a_word_about_the_customer(
    rep_service, rossi, authenticated, metadata, refusal
):
    replies = rep_service.handle_message(
        msg("what does Bakery Rossi need?", authenticated=authenticated, channel="socketio",
            **metadata)
    )  # fmt: skip

    assert [r.text for r in replies] == [refusal]
    if refusal is SIGN_IN:
        assert "sign in" in refusal.lower()


def test_mid_interview_the_brief_comes_and_the_interview_goes_on(rep_service, rossi):
    first = rep_service.handle_message(msg("hello", channel="rest", customer="Meyer Logistik",
                                           role="sales_rep"))  # fmt: skip
    question = first[-1].text
    record = rep_service.get_interview("rep-1")

    replies = rep_service.handle_message(msg("/brief Rossi Transport", channel="rest"))

    assert replies[0].text.startswith("Brief: Rossi Transport (ROSSI-2)")
    assert replies[-1].text == f"Back to the interview: {question}"
    assert rep_service.get_interview("rep-1") == record  # not a turn of the interview
    rep_service.handle_message(msg("they want smaller orders", channel="rest"))
    record = rep_service.get_interview("rep-1")
    assert [t.text for t in record.turns if t.speaker == "user"] == [
        "hello",
        "they want smaller orders",
    ]
    assert [w["code"] for w in record.wishes] == ["smaller_orders"]  # the answer to the question


def test_a_customer_mid_interview_is_refused_and_asked_the_pending_question(rep_service, rossi):
    conversation = dict(conversation="cust-1", channel="socketio", authenticated=False)
    first = rep_service.handle_message(msg("hello", role="customer", **conversation))
    question = first[-1]

    replies = rep_service.handle_message(msg("brief me on Bakery Rossi", **conversation))

    assert [r.text for r in replies] == [NOT_HERE, f"Back to the interview: {question.text}"]
    assert replies[-1].buttons == question.buttons


def test_ambiguous_and_unknown_names(rep_service, rossi):
    [which] = rep_service.handle_message(msg("brief me on Rossi"))
    [unknown] = rep_service.handle_message(msg("what does Zebra Logistics need?"))
    [ask] = rep_service.handle_message(msg("/brief"))

    assert which.text == 'Several customers match "Rossi": which one?'
    assert [(b.title, b.payload) for b in which.buttons] == [
        ("Bakery Rossi (ROSSI-1)", make_payload("ask_brief", customer="ROSSI-1", language="en")),
        ("Rossi Transport (ROSSI-2)", make_payload("ask_brief", customer="ROSSI-2", language="en")),
    ]
    assert unknown.text.startswith('I know no customer called "Zebra Logistics".')
    assert "/brief Acme" in ask.text


def test_segment_button_answers_where_the_customer_stands(rep_service, rossi):
    [place] = rep_service.handle_message(
        msg(make_payload("show_segment", customer="ROSSI-1"), intent="show_segment")
    )

    assert place.text.startswith("Bakery Rossi's needs (storage constraint) fit no segment")
    assert [b.url for b in place.buttons] == [
        f"{PUBLIC}/ui/segments",
        f"{PUBLIC}/ui/customers/{rossi}/brief?lang=en",
    ]


def test_interview_button_starts_a_new_interview_about_the_customer(rep_service, rossi):
    rep_service.handle_message(msg("hello"))
    click = make_payload("interview_customer", customer="ROSSI-1")

    replies = rep_service.handle_message(msg(click, intent="interview_customer"))

    record = rep_service.get_interview("rep-1")
    assert (record.number, record.customer, record.role, record.interviewer) == (
        2,
        "Bakery Rossi",
        "sales_rep",
        "U42",
    )
    assert "Bakery Rossi" in replies[-1].text
    assert [t.text for t in record.turns] == [click, replies[-1].text]


def test_interview_button_is_refused_to_an_anonymous_sender(rep_service, sessions, rossi):
    click = make_payload("interview_customer", customer="ROSSI-1")
    before = recorded(sessions)

    replies = rep_service.handle_message(msg(click, authenticated=False, channel="socketio"))

    assert [r.text for r in replies] == [SIGN_IN]
    assert recorded(sessions) == before


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.SALES_REP])
def test_the_pending_need_buttons_after_a_refusal_speak_to_whoever_is_interviewed(
    rep_service, sessions, interviewer, rossi, role
):
    # Waiting on the choice between needs: a customer's buttons are in the customer's
    # terms with an explanation beneath, a rep's (asking from the anonymous chat) in ours.
    conversation = dict(conversation="offer-1", channel="socketio", authenticated=False)
    rep_service.handle_message(msg("hello", role=role.value, **conversation))
    offered = ["storage_constraint", "receiving_window"]
    with sessions() as session:
        interview = session.scalar(select(Interview).where(Interview.conversation_id == "offer-1"))
        state = DialogueState.from_json(interview.dialogue)
        state.phase, state.offered, state.last_question = Phase.OFFER, offered, WHICH_NEED
        interview.dialogue = state.to_json()
        session.commit()

    refusal, back = rep_service.handle_message(msg("brief me on Bakery Rossi", **conversation))

    assert refusal.text in (NOT_HERE, SIGN_IN)
    assert back.text == f"Back to the interview: {WHICH_NEED}"
    needs = [interviewer.taxonomy.need(code) for code in offered]
    shown = [(b.title, b.explanation) for b in back.buttons[:-1]]
    if role is Role.CUSTOMER:
        assert shown == [(n.customer_label, n.customer_explanation) for n in needs]
    else:
        assert shown == [(n.label, "") for n in needs]
