"""Recording interviews through the domain service, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from assistant.errors import InvalidMessage, UnknownInterview
from assistant.interview import wording, wording_da
from assistant.interview.language import detect
from assistant.interview.state import DialogueState, Role
from assistant.store.models import Customer, Interview, Turn, Wish
from assistant.turns import ELSEWHERE, IncomingMessage


def msg(
    text: str, conversation: str = "c1", message_id: str | None = None, **metadata
) -> IncomingMessage:
    return IncomingMessage(
        conversation_id=conversation,
        text=text,
        channel="rest",
        message_id=message_id,
        metadata=metadata,
    )


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_an_anonymous_sender_never_writes_into_another_channels_conversation(service):
    slack = IncomingMessage(
        "U07SLACK", "we need half pallets", "slack", "s1", {}, authenticated=True
    )
    service.handle_message(slack)
    before = [(t.speaker, t.text) for t in service.get_interview("U07SLACK").turns]

    forged = IncomingMessage("U07SLACK", "actually forget it", "rest", "r1", {})
    [reply] = service.handle_message(forged)

    assert reply.text == ELSEWHERE
    assert [(t.speaker, t.text) for t in service.get_interview("U07SLACK").turns] == before
    trusted = IncomingMessage(
        "U07SLACK", "our store room is tiny", "rest", "r2", {}, authenticated=True
    )
    service.handle_message(trusted)
    assert service.get_interview("U07SLACK").turns[-2].text == "our store room is tiny"


def test_first_message_starts_interview_with_metadata(service):
    replies = service.handle_message(msg("hello", customer="Acme Foods", role="sales_rep"))

    record = service.get_interview("c1")
    assert (record.customer, record.role, record.channel, record.status) == (
        "Acme Foods",
        "sales_rep",
        "rest",
        "in_progress",
    )
    assert [(t.seq, t.speaker, t.text) for t in record.turns] == [
        (1, "user", "hello"),
        (2, "bot", replies[0].text),
    ]
    assert "Acme Foods" in replies[0].text  # the rep is asked about their customer by name
    assert record.turns[0].created_at.tzinfo is not None


def test_every_turn_is_recorded_in_order(service):
    for i, text in enumerate(["hi", "we need shorter lead times", "no"]):
        service.handle_message(msg(text, message_id=f"m{i}"))

    turns = service.get_interview("c1").turns
    assert [t.seq for t in turns] == list(range(1, 7))
    assert [t.text for t in turns if t.speaker == "user"] == [
        "hi",
        "we need shorter lead times",
        "no",
    ]
    assert all(t.speaker == "bot" for t in turns[1::2])


def test_retried_message_is_recorded_once_and_answered_the_same(service, sessions):
    first = service.handle_message(msg("hello", message_id="abc"))
    again = service.handle_message(msg("hello", message_id="abc"))

    assert again == first
    assert count(sessions, Turn) == 2


@pytest.mark.parametrize("key", ["a_", "a%", "a/"])
def test_a_retried_key_with_like_wildcards_gets_its_own_replies_only(service, key):
    service.handle_message(msg("hello", message_id="ab", role="customer", customer="Acme"))
    replies = service.handle_message(msg("we need shorter lead times", message_id=key))

    again = service.handle_message(msg("we need shorter lead times", message_id=key))

    assert again == replies


def test_metadata_without_role_or_customer_is_fine(service):
    service.handle_message(msg("hello", role="pirate"))

    record = service.get_interview("c1")
    assert (record.customer, record.role) == (None, None)


def test_customer_is_found_by_external_id_or_name(service, sessions):
    with sessions.begin() as session:
        session.add(Customer(external_id="C-17", name="Nordic Bakeries"))
    service.handle_message(msg("hi", conversation="a", customer="C-17"))
    service.handle_message(msg("hi", conversation="b", customer="Nordic Bakeries"))

    assert service.get_interview("a").customer == "Nordic Bakeries"
    assert service.get_interview("b").customer == "Nordic Bakeries"
    assert count(sessions, Customer) == 1


@pytest.mark.parametrize("text", ["", "   \n", "x" * 101, "\u200b\u200b\ufeff", "\x00\x07"])
def test_bad_message_is_refused_and_nothing_stored_is_lost(service, sessions, text):
    service.handle_message(msg("hello", message_id="m1"))

    with pytest.raises(InvalidMessage):
        service.handle_message(msg(text, message_id="m2"))

    assert [t.text for t in service.get_interview("c1").turns][0] == "hello"
    assert count(sessions, Turn) == 2


def test_invisible_characters_are_not_stored(service):
    service.handle_message(msg("we need\x00 shorter\u200b lead times \ud800", message_id="m1"))

    assert service.get_interview("c1").turns[0].text == "we need shorter lead times ?"


@pytest.mark.parametrize("conversation", ["a/b", "x" * 201, "", "-starts-with-a-dash", "tab\there"])
def test_a_conversation_id_the_api_could_not_name_is_refused(service, sessions, conversation):
    with pytest.raises(InvalidMessage, match="session id"):
        service.handle_message(msg("hello", conversation=conversation))

    assert count(sessions, Turn) == 0


def test_unknown_conversation_id_raises(service):
    with pytest.raises(UnknownInterview, match="no-such-id"):
        service.get_interview("no-such-id")


@pytest.mark.fresh_database(reason="eight threads race real transactions on their own connections")
def test_concurrent_first_messages_make_one_interview(fresh_service, fresh_sessions):
    messages = [msg(f"hello {i}", conversation="race", message_id=f"m{i}") for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fresh_service.handle_message, messages))

    assert count(fresh_sessions, Interview) == 1
    turns = fresh_service.get_interview("race").turns
    assert sorted(t.text for t in turns if t.speaker == "user") == sorted(m.text for m in messages)
    assert [t.seq for t in turns] == list(range(1, 17))


def say(service, text, i, intent=None, conversation="c1", **metadata):
    return service.handle_message(
        IncomingMessage(conversation, text, "rest", f"m{i}", metadata, intent=intent)
    )


def test_ladder_and_findings_are_stored(service):
    say(service, "we need shorter lead times", 1, customer="Acme", role="customer")
    say(service, "it would just be easier", 2)
    say(service, "our sales jump around every week and the forecast is always wrong", 3)
    say(service, '/confirm_need{"need":"demand_uncertainty"}', 4)

    (wish,) = service.get_interview("c1").wishes
    assert wish["code"] == "shorter_lead_time"
    assert wish["text"] == "we need shorter lead times"
    assert wish["need"]["code"] == "demand_uncertainty"
    assert wish["need"]["status"] == "confirmed"
    assert "forecast" in wish["need"]["evidence"]
    assert [s["answer"] for s in wish["ladder"]] == [
        "it would just be easier",
        "our sales jump around every week and the forecast is always wrong",
    ]
    assert wish["ladder"][1]["candidates"][0]["code"] == "demand_uncertainty"


def test_an_interview_counts_in_reports_from_its_first_finding(service, sessions):
    say(service, "hi", 1, customer="Acme", role="customer")
    say(service, "we need shorter lead times", 2)
    record = service.get_interview("c1")
    assert (record.counted, record.empty) == (False, False)  # going on: not empty yet

    say(service, "our sales jump around every week and the forecast is always wrong", 3)
    say(service, '/confirm_need{"need":"demand_uncertainty"}', 4)

    assert service.get_interview("c1").counted
    with sessions() as session:
        assert session.scalars(select(Wish.counted)).all() == [True]


def test_pause_and_resume_where_it_stopped(service):
    say(service, "we need shorter lead times", 1, customer="Acme", role="customer")
    pending = service.get_interview("c1").turns[-1].text

    say(service, "stop", 2, intent="stop")
    assert service.get_interview("c1").status == "paused"

    replies = say(service, "hello again", 3, intent="greet")
    assert service.get_interview("c1").status == "in_progress"
    assert replies[0].text.startswith("Welcome back") and pending in replies[0].text


def test_restart_begins_a_new_interview_and_keeps_the_old(service, sessions):
    say(service, "we need shorter lead times", 1, customer="Acme", role="customer")

    replies = say(service, "start over", 2, intent="restart_interview")

    current = service.get_interview("c1")
    assert current.number == 2 and current.wishes == ()
    assert (current.customer, current.role) == ("Acme", "customer")
    assert replies[0].text.startswith("Hello!")
    with sessions() as session:
        old = session.scalar(select(Interview).where(Interview.number == 1))
        assert [t.text for t in old.turns][0] == "we need shorter lead times"


def test_a_crash_mid_turn_loses_nothing_already_answered(service, interviewer, monkeypatch):
    say(service, "we need shorter lead times", 1, customer="Acme", role="customer")
    before = service.get_interview("c1")

    def crash(*_args, **_kwargs):
        raise RuntimeError("action server died")

    monkeypatch.setattr(interviewer, "respond", crash)
    with pytest.raises(RuntimeError):
        say(service, "it would just be easier", 2)
    monkeypatch.undo()

    after = service.get_interview("c1")
    assert after.turns == before.turns and after.wishes == before.wishes
    say(service, "it would just be easier", 2)  # Rasa's retry of the same message
    assert [t.text for t in service.get_interview("c1").turns][2] == "it would just be easier"


def test_a_danish_first_message_gets_a_danish_interview(service):
    replies = say(
        service, "hej, vi vil gerne have mindre ordrer", 1, customer="Acme", role="customer"
    )
    # Answered in Danish (understanding Danish wishes is the Danish need model's part).
    assert [detect(r.text) for r in replies] == ["da"], replies

    assert service.get_interview("c1").turns[-1].text == replies[-1].text


def test_the_channel_locale_chooses_the_language_and_a_short_hej_does_not_flip_it(service):
    replies = say(service, "hi", 1, "greet", customer="Acme", role="customer", locale="da-DK")
    assert replies[0].text.startswith("Hej!"), replies

    replies = say(service, "in English please", 2)
    assert replies[0].text.startswith("Of course, let's continue in English."), replies
    replies = say(service, "hej", 3, "greet")
    assert "Hej!" not in replies[0].text and "What would you like" in replies[0].text, replies


def test_a_danish_conversation_is_read_by_the_danish_need_model(service):
    replies = say(
        service, "vi vil gerne have kortere leveringstid", 1, customer="Acme", role="customer"
    )
    assert [detect(r.text) for r in replies] == ["da"], replies
    (wish,) = service.get_interview("c1").wishes
    assert wish["code"] == "shorter_lead_time"
    # The English model reads nothing in it: the same words in an English conversation
    # are asked again, not laddered.
    replies = say(service, "in English please", 2, conversation="c2", customer="Acme")
    replies = say(service, "vi vil gerne have kortere leveringstid", 3, conversation="c2")
    assert service.get_interview("c2").wishes == ()


def test_a_switch_to_danish_reads_the_next_message_in_danish(service):
    say(service, "hi there, I am a customer of yours", 1, customer="Acme", role="customer")
    replies = say(service, "kan vi tage det på dansk?", 2)
    assert replies[0].text.startswith("Selvfølgelig"), replies
    say(service, "vi vil gerne have kortere leveringstid", 3)
    assert [w["code"] for w in service.get_interview("c1").wishes] == ["shorter_lead_time"]


def test_a_switch_asked_before_an_answer_switches_and_reads_the_answer_in_danish(service):
    say(service, "we would like you to keep stock for us", 1, customer="Acme", role="customer")

    replies = say(
        service,
        "Kan vi tage det på dansk? Vi har ingen plads, kun til én container.",
        2,
    )

    assert replies[0].text.startswith("Selvfølgelig"), replies
    assert all(detect(r.text) == "da" for r in replies), replies
    interview = service.get_interview("c1")
    assert interview.language == "da"
    (wish,) = interview.wishes
    assert wish["code"] == "supplier_held_stock"
    assert wish["ladder"][0]["answer"] == "Vi har ingen plads, kun til én container.", wish[
        "ladder"
    ]
    assert "storage_constraint" in [c["code"] for c in wish["ladder"][0]["candidates"]]
    assert interview.turns[2].text.startswith("Kan vi tage det på dansk? Vi har"), "kept whole"


def test_without_a_danish_model_danish_is_refused_in_both_languages(
    sessions, need_extractor, interviewer
):
    from assistant.turns import NO_MODEL, TurnService

    english_only = TurnService(sessions, need_extractor, interviewer)
    replies = say(english_only, "vi vil gerne have kortere leveringstid", 1, customer="Acme")
    assert replies[0].text == NO_MODEL and detect(replies[1].text) == "en", replies
    replies = say(english_only, "kan vi tage det på dansk?", 2)
    assert replies[0].text.startswith(NO_MODEL), replies
    replies = say(english_only, "we need shorter lead times", 3)
    assert [w["code"] for w in english_only.get_interview("c1").wishes] == ["shorter_lead_time"]


def test_forfra_starts_the_new_interview_in_danish(service):
    say(service, "vi vil gerne have kortere leveringstid", 1, customer="Acme", role="customer")
    replies = say(service, "forfra", 2, "restart_interview")
    assert [detect(r.text) for r in replies] == ["da"], replies
    replies = say(service, "vi vil gerne have halvpaller", 3)
    assert [w["code"] for w in service.get_interview("c1").wishes] == ["smaller_orders"]


def invite(sessions, language: str | None, name: str = "Jensen Byg") -> str:
    """A customer speaking `language` and the token of an invitation for them."""
    from assistant.customers import create_customer
    from assistant.invitations import create_invitation

    with sessions() as session:
        customer = create_customer(session, external_id=name, name=name, language=language)
        token = create_invitation(session, customer.id, valid_days=7, actor="test").token
        session.commit()
    return token


def stored_language(sessions, conversation: str = "c1") -> str | None:
    with sessions() as session:
        return session.scalar(
            select(Interview.language)
            .where(Interview.conversation_id == conversation)
            .order_by(Interview.number.desc())
            .limit(1)
        )


def test_an_invited_danish_customer_is_interviewed_in_danish_from_the_first_message(
    service, sessions
):
    token = invite(sessions, "da")

    # Even a first message that tells nothing ("hello") or one in English.
    first = say(service, "hello", 1, invite=token)
    wish = say(service, "we would like shorter lead times", 2)

    assert [detect(r.text) for r in first + wish] == ["da"] * len(first + wish), first + wish
    assert {r.language for r in first + wish} == {"da"}
    record = service.get_interview("c1")
    assert (record.customer, record.role, record.language) == ("Jensen Byg", "customer", "da")
    assert stored_language(sessions) == "da"
    state = DialogueState.from_json(_dialogue(sessions))
    assert (state.language, state.language_source) == ("da", "customer")


def test_an_invited_customer_can_still_switch_and_the_interview_row_follows(service, sessions):
    token = invite(sessions, "da")
    say(service, "hej", 1, "greet", invite=token)

    replies = say(service, "in English please", 2)

    assert replies[0].text.startswith("Of course, let's continue in English."), replies
    assert {r.language for r in replies} == {"en"}
    assert service.get_interview("c1").language == "en"
    again = say(service, "in English please", 2)  # Rasa's retry: the same replies, marked
    assert [(r.text, r.language) for r in again] == [(r.text, r.language) for r in replies]
    replies = say(service, "kan vi tage det på dansk?", 3)
    assert replies[0].language == "da" and stored_language(sessions) == "da"


def test_an_english_customers_invitation_is_english_even_for_danish_words(service, sessions):
    token = invite(sessions, "en")

    replies = say(service, "vi vil gerne have kortere leveringstid", 1, invite=token)

    assert detect(replies[-1].text) == "en" and replies[-1].language == "en", replies


def test_an_invited_customer_of_unknown_language_is_detected_as_before(service, sessions):
    token = invite(sessions, None)

    replies = say(service, "vi vil gerne have kortere leveringstid", 1, invite=token)

    assert [detect(r.text) for r in replies] == ["da"], replies
    assert service.get_interview("c1").language == "da"
    state = DialogueState.from_json(_dialogue(sessions))
    assert state.language_source == "detected"


def test_a_rep_about_a_danish_customer_is_interviewed_in_the_reps_own_words(service, sessions):
    invite(sessions, "da")

    replies = say(service, "we need shorter lead times", 1, customer="Jensen Byg", role="sales_rep")

    assert [detect(r.text) for r in replies] == ["en"], replies
    assert service.get_interview("c1").language == "en"


def _dialogue(sessions, conversation: str = "c1") -> dict:
    with sessions() as session:
        return session.scalar(
            select(Interview.dialogue).where(Interview.conversation_id == conversation)
        )


@pytest.mark.parametrize(
    ("said", "metadata", "expected"),
    [
        # The web chat showed its welcome (the role question): "hi" gets the question alone.
        ("Hi", {"welcomed": True}, wording.ASK_ROLE_WELCOMED),
        ("hello!", {"welcomed": True}, wording.ASK_ROLE_WELCOMED),
        # A wish said first: noted, and the role asked for.
        ("hi, we need half pallets", {"welcomed": True}, wording.ROLE_FIRST),
        # No welcome was shown (REST, Slack, Teams): the bot introduces itself.
        ("Hi", {}, wording.ASK_ROLE),
        ("Hi", {"welcomed": "yes"}, wording.ASK_ROLE),
        # An invitation's page welcomed the customer by name and asked about wishes.
        ("hello", {"welcomed": True, "customer": "Acme Foods", "role": "customer"},
         "Hello! What would you like us to do differently in how we deliver to you?"),
        ("hello", {"customer": "Acme Foods", "role": "customer"},
         wording.opening(Role.CUSTOMER, "Acme Foods", [])),
        ("hej", {"welcomed": True, "customer": "Acme Foods", "role": "customer", "locale": "da"},
         "Hej! Hvad vil du gerne have, at vi gør anderledes, når vi leverer til dig?"),
    ],
)  # fmt: skip
def test_a_greeting_after_the_pages_welcome_is_not_welcomed_again(
    service, sessions, said, metadata, expected
):
    [reply] = service.handle_message(msg(said, **metadata))

    assert reply.text == expected
    greeted = [wording.WELCOME, wording.ASK_ROLE, wording_da.WELCOME, wording_da.ASK_ROLE]
    if metadata.get("welcomed") is True:  # never the page's introduction twice
        assert "I help find" not in reply.text and reply.text not in greeted
    with sessions() as session:
        stored = session.scalar(select(Interview.dialogue))
    assert DialogueState.from_json(stored).welcomed is (metadata.get("welcomed") is True)


def test_sales_someone_owns_are_no_role_when_the_role_is_asked(service):
    service.handle_message(msg("hi"))

    [reply] = service.handle_message(msg("our sales jump around, so we need shorter lead times"))

    assert reply.text == wording.ROLE_FIRST  # the wish kept, the role asked again
    assert service.get_interview("c1").role is None
    service.handle_message(msg("I'm the customer"))
    assert service.get_interview("c1").role == "customer"
