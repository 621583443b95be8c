"""Danish interviews: choosing and switching the language, Danish wording, Danish control words."""

from __future__ import annotations

import inspect
import re

import pytest

from assistant.interview import buttons, probes, wording, wording_da
from assistant.interview.control import Polarity, read_control
from assistant.interview.language import detect, from_locale, switch_first, switch_to
from assistant.interview.reading import role_in, sounds_like_correction
from assistant.interview.state import DialogueState, WishState
from assistant.interview.vocabulary import Phase, Role
from assistant.taxonomy import load_taxonomy
from tests.assistant.interview.conftest import Chat

# Words that give English away in a Danish text (checked as whole words, any case).
ENGLISH = re.compile(
    r"\b(?:the|you|your|what|why|which|would|thank|thanks|please|hello|welcome|need|wish"
    r"|customer|because|instead|is that right|delivery|deliveries)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi vil gerne have mindre ordrer", "da"),
        ("hej, vi vil gerne have halve paller fordi vi ikke har plads", "da"),
        ("Kan I holde lager til os", "da"),
        ("we would like smaller orders please", "en"),
        ("Our minimum order is too big", "en"),
        # too short to tell: never decides (and so never flips a conversation)
        ("hej", None),
        ("ok", None),
        ("ja tak", None),
        ("Jensen Byg", None),
    ],
)
def test_detect_tells_danish_from_english_and_short_messages_decide_nothing(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    ("locale", "language"),
    [("da-DK", "da"), ("da_DK", "da"), ("da", "da"), ("en-GB", "en"), ("de-DE", None),
     ("", None), (None, None), (42, None)],
)  # fmt: skip
def test_locale_gives_the_language_when_the_interview_speaks_it(locale, language):
    assert from_locale(locale) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("kan vi tage det på dansk?", "da"),
        ("Dansk tak", "da"),
        ("in English please", "en"),
        ("kan vi tale engelsk?", "en"),
        ("our invoices come in English, which is a pain for the bookkeeper every month", None),
        ("we would like smaller orders", None),
    ],
)
def test_switch_requests_are_short_and_name_the_language(text, language):
    assert switch_to(text) == language


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Sorry, kan vi tage det på dansk? Det er nemmere for mig. Vi vil gerne have lager.",
            ("da", "Det er nemmere for mig. Vi vil gerne have lager."),
        ),
        ("In English please. We need smaller orders", ("en", "We need smaller orders")),
        ("Our invoices come in English. We cannot read them at all", None),  # asks nothing
        (
            "Can we do this in English? Vi vil gerne have mindre ordrer hver uge",
            None,
        ),  # still Danish
        ("kan vi tage det på dansk?", None),  # a short request: `switch_to`'s, with no rest
    ],
)
def test_a_switch_asked_first_in_a_longer_message_keeps_the_rest(text, found):
    assert switch_first(text) == found


def test_danish_wording_has_every_name_and_signature_of_the_english():
    for name in wording.__all__:
        if name in ("in_language",):
            continue
        english, danish = getattr(wording, name), getattr(wording_da, name, None)
        assert danish is not None, f"wording_da lacks {name}"
        if callable(english):
            assert inspect.signature(english) == inspect.signature(danish), name
    assert wording.in_language("da") is wording_da
    assert wording.in_language("en") is wording
    assert wording.in_language(None) is wording


def _danish_texts(taxonomy) -> list[str]:
    """Every text wording_da can say, rendered with the Danish taxonomy for both roles."""
    da = taxonomy.in_language("da")
    need = da.need("storage_constraint")
    texts = [getattr(wording_da, n) for n in wording.__all__ if n.isupper() and n != "DIRECT_NEED"]
    texts += list(wording_da.REPHRASE)
    for role in (Role.CUSTOMER, Role.SALES_REP, None):
        texts += [
            wording_da.ask_customer(role),
            wording_da.opening(role, "Jensen Byg", []),
            wording_da.opening(role, "Jensen Byg", ["x"]),
            wording_da.proposal(need, role),
            wording_da.proposal(need, role, again=True),
            wording_da.confirmed(need, role),
            *[wording_da.anything_else(role, [], 1)],
            *wording_da.summary([(da.wish("smaller_orders").label, need), ("Paller", None)], role),
            *wording_da.summary([(wording_da.DIRECT_NEED, need)], role),
        ]  # fmt: skip
    texts += [
        wording_da.welcome(False), wording_da.welcome(True), wording_da.welcome(True, "Jensen Byg"),
        wording_da.welcome_back(None), wording_da.welcome_back("Hvorfor?"),
        wording_da.which_need([wording_da.WHICH_NEED]), wording_da.also_said("kan I sende en sms"),
        wording_da.COME_BACK,
        wording_da.rephrase([]), wording_da.which_wish([]), wording_da.ask_role_again([]),
        wording_da.several_wishes(["Mindre ordrer", "Hyppigere leveringer"]),
        wording_da.corrected_wish("Mindre ordrer"), wording_da.dropped("Mindre ordrer"),
        wording_da.next_wish("Tak!", "Mindre ordrer"), *wording_da.summary([], None),
    ]  # fmt: skip
    return texts


def test_every_danish_text_renders_without_english_words(taxonomy):
    for text in _danish_texts(taxonomy):
        assert text and not ENGLISH.search(text), text


def test_danish_probes_of_every_kind_and_role_are_danish():
    wish = WishState("smaller_orders", "vi vil gerne have halve paller")
    for kind in probes.PROBE_ORDER:
        for role in (Role.CUSTOMER, Role.SALES_REP):
            asked: list[str] = []
            for _ in range(len(probes.PROBES_DA[kind][role]) + 1):  # past the last wording too
                question = probes.probe_question(
                    kind, wish, role=role, customer=None, wish_label="Mindre ordrer",
                    asked=asked, language="da",
                )  # fmt: skip
                assert question not in asked and not ENGLISH.search(question), question
                asked.append(question)


def test_rep_probe_names_the_customer_in_danish():
    wish = WishState("smaller_orders", "halve paller")
    question = probes.probe_question(
        "why", wish, role=Role.SALES_REP, customer="Jensen Byg", wish_label="Mindre ordrer",
        asked=[], language="da",
    )  # fmt: skip
    assert question == 'De bad om "halve paller". Hvorfor ønsker Jensen Byg det?'


def test_danish_taxonomy_has_the_same_codes_and_danish_cues_and_texts(taxonomy):
    da = taxonomy.in_language("da")
    assert da.wish_codes == taxonomy.wish_codes and da.need_codes == taxonomy.need_codes
    assert set(da.cues) == set(taxonomy.cues) and "likviditet" in da.cues["capital_constraint"]
    for need in da.needs.values():
        english = taxonomy.need(need.code)
        assert need.label != english.label and need.customer_label != english.customer_label
        assert len(need.alternatives) == len(english.alternatives)
        for text in (
            need.customer_label,
            need.customer_explanation,
            *(a.text for a in need.alternatives),
        ):
            assert not ENGLISH.search(text), text
    assert (
        da.need("storage_constraint")
        .alternatives[0]
        .text.endswith("i stedet for små ordrer efter behov.")
    )
    assert da.in_language("en") is taxonomy.in_language("en")


def test_danish_buttons(taxonomy):
    state = DialogueState(phase=Phase.ASK_ROLE, language="da")
    assert [b.title for b in buttons.pending(state, taxonomy)] == ["Jeg er kunde", "Jeg er sælger"]
    state = DialogueState(phase=Phase.OFFER, language="da", offered=["storage_constraint"])
    assert [b.title for b in buttons.pending(state, taxonomy)] == [
        "Du mangler lagerplads",
        "Ingen af dem",
    ]


@pytest.mark.parametrize(
    ("text", "intent", "polarity", "reason"),
    [
        ("ja", "affirm", Polarity.YES, ""),
        ("Ja, præcis", "affirm", Polarity.YES, ""),
        ("nej", "deny", Polarity.NO, ""),
        ("nej tak", "deny", Polarity.NO, ""),
        ("næ", "deny", Polarity.NO, ""),
        ("nej det er ikke det", "deny", Polarity.NO, ""),
        ("nej det var det hele", "deny", Polarity.NO, ""),
        ("nej, ikke andet tak", "deny", Polarity.NO, ""),
        ("ja det er helt rigtigt", "affirm", Polarity.YES, ""),
        ("nej, det er mere fordi vi ikke har plads", None, Polarity.NO,
         "det er mere fordi vi ikke har plads"),
        ("det ved jeg ikke", "dont_know", None, ""),
        ("spring over", "skip", None, ""),
        ("forfra", "restart_interview", None, ""),
        ("vi holder pause", "stop", None, ""),
        ("nej, det sagde jeg ikke", "drop_wish", None, ""),
        ("det har vi aldrig bedt om", "drop_wish", None, ""),
        ("tak", "chitchat", None, ""),
    ],
)  # fmt: skip
def test_danish_control_words(text, intent, polarity, reason):
    control = read_control(text, None, has_content=False)
    assert (control.intent, control.polarity, control.reason) == (intent, polarity, reason)


def test_danish_greeting_is_taken_off_and_role_words_read():
    assert read_control("Hej! vi vil gerne have halve paller", None, True).content == (
        "vi vil gerne have halve paller"
    )
    assert role_in("jeg er sælger") == Role.SALES_REP
    assert role_in("jeg er kunde hos jer") == Role.CUSTOMER
    assert sounds_like_correction("nej, jeg mente hyppigere leveringer")
    assert not sounds_like_correction("nej, vi beder ikke om flere leveringer")


# -- whole interviews on the canned model ------------------------------------------------------

HALVE = "vi vil gerne have halve paller"
PLADS = "baglokalet er lille, vi har ingen plads til hele paller"


@pytest.fixture
def danish(chat: Chat, model) -> Chat:
    chat.state.language = "da"
    model.reads(HALVE, wishes={"smaller_orders": 0.9})
    model.reads(PLADS, needs={"storage_constraint": 0.9})
    for text in ("ja", "nej", "dansk tak"):
        model.reads(text)
    return chat


def test_a_danish_customer_interview_is_danish_from_probe_to_summary(danish, model):
    replies = danish.say(HALVE)
    assert replies == ['Du skrev "vi vil gerne have halve paller". Hvorfor er det vigtigt for dig?']
    replies = danish.say(PLADS)
    assert "Du mangler lagerplads" in replies[0] or "du mangler lagerplads" in replies[0]
    assert [b.title for r in danish.last.replies for b in r.buttons] == [
        "Ja, det er det",
        "Nej, ikke rigtig",
    ]
    danish.say("ja")
    danish.say("nej")
    texts = danish.bot_texts()
    assert texts[-2].startswith("Her er, hvad jeg har forstået:\n- Mindre ordrer, fordi du mangler")
    assert all(not ENGLISH.search(t) for t in texts), texts


@pytest.mark.parametrize("closing", ["nej, det var det", "nej tak, det var alt", "nej"])
def test_no_more_wishes_in_danish_ends_the_interview(danish, model, closing):
    model.reads(closing)
    danish.say(HALVE)
    danish.say(PLADS)
    danish.say("ja")
    assert danish.state.phase == Phase.ANYTHING_ELSE

    danish.say(closing, intent="chitchat")  # Rasa's guess for words it does not know

    assert danish.state.phase == Phase.DONE, danish.bot_texts()[-1]
    assert danish.bot_texts()[-2].startswith("Her er, hvad jeg har forstået:")


def test_switching_language_asks_the_pending_question_again_in_the_new_language(chat, model):
    model.reads("we want smaller orders", wishes={"smaller_orders": 0.9})
    chat.say("we want smaller orders")
    assert chat.state.phase == Phase.LADDER and chat.state.language == "en"

    replies = chat.say("kan vi tage det på dansk?")

    assert chat.state.language == "da" and chat.state.language_source == "switched"
    assert replies[0].startswith("Selvfølgelig, vi fortsætter på dansk.")
    assert "Hvorfor er det vigtigt for dig?" in replies[0]
    assert len(chat.state.wishes[0].ladder) == 1, "the unanswered probe is replaced, not added"
    replies = chat.say("in English please")
    assert chat.state.language == "en"
    assert replies[0].startswith("Of course, let's continue in English.")


def test_switching_while_a_need_is_proposed_proposes_it_in_danish(chat, model):
    model.reads("dansk tak")
    model.reads("we want smaller orders", wishes={"smaller_orders": 0.9})
    model.reads("no room for full pallets", needs={"storage_constraint": 0.9})
    chat.say("we want smaller orders")
    chat.say("no room for full pallets")
    assert chat.state.phase == Phase.CONFIRM

    replies = chat.say("dansk tak")

    assert chat.state.phase == Phase.CONFIRM and "du mangler lagerplads" in replies[0]
    assert [b.title for b in chat.last.replies[0].buttons] == ["Ja, det er det", "Nej, ikke rigtig"]


@pytest.mark.parametrize(
    ("code", "clause"),
    [
        ("receiving_window", "at du kun kan tage imod varer på bestemte tider"),
        ("handling_constraint", "at dit udstyr kun kan håndtere bestemte enheder"),
        ("storage_constraint", "at du mangler lagerplads"),
    ],
)
def test_a_label_after_at_has_the_adverb_before_the_verb(code, clause):
    need = load_taxonomy().in_language("da").need(code)

    assert clause in wording_da.confirmed(need, Role.CUSTOMER)
    assert clause in wording_da.proposal(need, Role.CUSTOMER)
