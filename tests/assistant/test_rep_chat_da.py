"""A Danish sales rep in the chat: Danish brief requests are understood, and the brief, the
segment and a new interview follow the conversation's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.interview.messages import make_payload
from assistant.interview.vocabulary import Role
from assistant.rep_chat import RepRequest, read_rep_request
from assistant.rep_requests import Ask
from assistant.turns import TurnService
from tests.assistant.reports.conftest import Factory
from tests.assistant.test_rep_chat import PUBLIC, msg, recorded

DANISH_WHY = "Vi løber tør, når vejret skifter – så står butikken på Ærø uden varer."


@pytest.mark.parametrize(
    ("text", "ask", "name"),
    [
        ("lav en brief om Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("hvad har vi om Jensen Byg?", Ask.BRIEF, "Jensen Byg"),
        ("forbered forhandling med Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("brief til Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("Hej! Kan du lave en brief om Jensen Byg, tak?", Ask.BRIEF, "Jensen Byg"),
        ("kan du lige lave mig en kort brief på JB-1", Ask.BRIEF, "JB-1"),
        ("giv mig briefen på Ærø Trælast", Ask.BRIEF, "Ærø Trælast"),
        ("må jeg få en briefing om Jensen Byg A/S?", Ask.BRIEF, "Jensen Byg A/S"),
        ("jeg skal bruge en brief til Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("brief mig om Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("hvad ved vi om 'Jensen Byg'", Ask.BRIEF, "Jensen Byg"),
        ("hvad har Jensen Byg egentlig brug for?", Ask.BRIEF, "Jensen Byg"),
        ("hvad er Jensen Bygs behov?", Ask.BRIEF, "Jensen Byg"),  # the genitive s
        ("hvad er Jensen Byg's reelle behov", Ask.BRIEF, "Jensen Byg"),
        ("hvilke behov har Jensen Byg?", Ask.BRIEF, "Jensen Byg"),
        ("lav lige en brief om Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("giv lige mig briefen på Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("hvad er behovene hos Jensen Byg?", Ask.BRIEF, "Jensen Byg"),
        ("hvad er de egentlige behov for Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("forbered mig på mødet med Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("hjælp mig med at forberede forhandlingen med Jensen Byg", Ask.BRIEF, "Jensen Byg"),
        ("hvilket segment er Jensen Byg i?", Ask.SEGMENT, "Jensen Byg"),
        ("vis segmentet for Jensen Byg", Ask.SEGMENT, "Jensen Byg"),
        ("start et nyt interview om Jensen Byg", Ask.INTERVIEW, "Jensen Byg"),
        ("interview med Jensen Byg", Ask.INTERVIEW, "Jensen Byg"),
    ],
)
def test_danish_brief_requests_are_read_as_danish(text, ask, name):
    assert read_rep_request(text) == RepRequest(ask, name, "da")


@pytest.mark.parametrize(
    "text",
    [
        "hvad har vi brug for? plads, mest",
        "vi har brug for mindre ordrer",
        "hvad har de brug for",  # no customer named
        "hvad har kunden brug for?",
        "brief til kunden",
        "en brief om ugen ville være rart",
        "forbered jer på mødet med indkøb, det er dér det går galt",
        "vi skal have en brief om ugen",
        "hvad har vi om morgenen? ingen folk til at tage imod",
    ],
)
def test_danish_interview_answers_are_no_rep_requests(text):
    assert read_rep_request(text, "ask_brief") is None


def test_a_buttons_language_comes_with_its_request():
    click = make_payload("show_segment", customer="JB-1", language="da")

    assert read_rep_request(click) == RepRequest(Ask.SEGMENT, "JB-1", "da")
    unknown = make_payload("show_segment", customer="JB-1", language="fr")
    assert read_rep_request(unknown) == RepRequest(Ask.SEGMENT, "JB-1", None)


@pytest.fixture
def rep_service(sessions, need_extractor, interviewer, danish) -> TurnService:
    return TurnService(
        sessions, need_extractor, interviewer, public_url=PUBLIC + "/", languages=danish
    )


@pytest.fixture
def jensen(sessions) -> int:
    """Jensen Byg, with a need the customer confirmed in Danish and an open wish."""
    with sessions() as session:
        f = Factory(session)
        customer = f.customer(
            external_id="JB-1", name="Jensen Byg ApS", industry="byggemarked", region="Fyn"
        )
        own = f.interview(customer, started_at=datetime(2025, 3, 1, tzinfo=UTC))
        own.role = Role.CUSTOMER
        f.wish(own, "urgent_orders", [("supply_reliability", "confirmed", DANISH_WHY, 0.9)])
        f.wish(own, "smaller_orders", [(None, "unresolved")])
        session.commit()
        return customer.id


def test_a_danish_rep_gets_the_brief_in_danish_and_nothing_is_recorded(
    rep_service, sessions, jensen
):
    before = recorded(sessions)

    summary, actions = rep_service.handle_message(msg("lav en brief om Jensen Byg"))

    lines = summary.text.splitlines()
    assert lines[:4] == [
        "Brief: Jensen Byg ApS (JB-1) · byggemarked · Fyn · " + lines[0].rsplit(" · ", 1)[1],
        "1 interview, det seneste den 1. marts 2025.",
        "Vigtigste behov:",
        "1. Leveringssikkerhed (bag 1 ønske: hasteordrer): bekræftet af kunden den 1. marts 2025.",
    ]
    assert "Tilbyd først:" in lines and "Alternativer at forhandle med:" in lines
    assert "• Et aftalt sikkerhedslager, som vi holder til dig i stedet for nødordrer." in lines
    assert "Åbne spørgsmål (1):" in lines
    assert lines[-1].startswith("• Hvad ligger bag ønsket om mindre ordrer?")
    assert (
        actions.text == "Jensen Byg ApS: åbn hele briefen, start et interview eller se segmentet."
    )
    assert [(b.title, b.payload, b.url) for b in actions.buttons] == [
        ("Åbn hele briefen", "", f"{PUBLIC}/ui/customers/{jensen}/brief?lang=da"),
        (
            "Interview om Jensen Byg ApS",
            make_payload("interview_customer", customer="JB-1", language="da"),
            None,
        ),
        ("Vis segmentet", make_payload("show_segment", customer="JB-1", language="da"), None),
    ]
    assert recorded(sessions) == before


@pytest.mark.parametrize(
    ("text", "metadata", "in_danish"),
    [
        ("brief me on Jensen Byg", {"locale": "da-DK"}, True),  # Teams' locale, no interview
        ("lav en brief om Jensen Byg", {"locale": "en-GB"}, False),  # the locale comes first
        ("/brief Jensen Byg", {}, False),  # a command says nothing: English
        ("hvad har vi om Jensen Byg?", {}, True),
    ],
)
def test_without_an_interview_the_locale_then_the_words_choose(
    rep_service, jensen, text, metadata, in_danish
):
    summary, _ = rep_service.handle_message(msg(text, channel="msteams", **metadata))

    assert ("Vigtigste behov:" in summary.text) is in_danish
    assert ("Top needs:" in summary.text) is not in_danish


def test_a_danish_interview_gets_a_danish_brief_whatever_the_request_s_words(rep_service, jensen):
    first = rep_service.handle_message(
        msg("hej", channel="rest", customer="Meyer Logistik", role="sales_rep", locale="da-DK")
    )
    question = first[-1].text

    replies = rep_service.handle_message(msg("brief me on Jensen Byg", channel="rest"))

    assert "Vigtigste behov:" in replies[0].text
    assert replies[-1].text == f"Tilbage til interviewet: {question}"


def test_an_english_interview_gets_an_english_brief_for_a_danish_request(rep_service, jensen):
    rep_service.handle_message(
        msg("we need smaller orders please", channel="rest", customer="Meyer", role="sales_rep")
    )

    replies = rep_service.handle_message(msg("lav en brief om Jensen Byg", channel="rest"))

    assert "Top needs:" in replies[0].text
    assert replies[-1].text.startswith("Back to the interview: ")


def test_the_danish_interview_button_starts_an_interview_in_danish(rep_service, jensen):
    click = make_payload("interview_customer", customer="JB-1", language="da")

    replies = rep_service.handle_message(msg(click, intent="interview_customer"))

    record = rep_service.get_interview("rep-1")
    assert (record.customer, record.role) == ("Jensen Byg ApS", "sales_rep")
    assert replies[-1].text == (
        "Hej! Lad os forberede din forhandling med Jensen Byg ApS. Hvilke logistikvilkår "
        "beder de os om?"
    )
    said = rep_service.handle_message(msg("de vil have mindre ordrer", channel="slack"))
    assert "Hvorfor" in said[-1].text  # the Danish model read it and laddered on in Danish


def test_danish_segment_unknown_and_ambiguous_answers(rep_service, sessions, jensen):
    with sessions() as session:
        Factory(session).customer(external_id="JB-2", name="Jensen Byg Service ApS")
        session.commit()

    [place] = rep_service.handle_message(msg("hvilket segment er JB-1 i?"))
    [unknown] = rep_service.handle_message(msg("hvad har vi om Zebra Logistik?"))
    [which] = rep_service.handle_message(msg("brief til Jensen"))
    [ask] = rep_service.handle_message(msg("/brief", locale="da-DK"))
    [refused] = rep_service.handle_message(
        msg("lav en brief om Jensen Byg", authenticated=False, channel="socketio")
    )

    assert place.text.startswith("Behovene hos Jensen Byg ApS (leveringssikkerhed)")
    assert [b.title for b in place.buttons] == ["Åbn segmentsiden", "Åbn hele briefen"]
    assert unknown.text.startswith('Jeg kender ingen kunde, der hedder "Zebra Logistik".')
    assert which.text == 'Flere kunder passer på "Jensen": hvilken mener du?'
    assert [b.payload for b in which.buttons] == [
        make_payload("ask_brief", customer="JB-1", language="da"),
        make_payload("ask_brief", customer="JB-2", language="da"),
    ]
    assert '"lav en brief om Jensen Byg"' in ask.text
    assert refused.text.startswith("Kundebriefs er kun for sælgere, der er logget ind")
