"""Danish control words: Rasa's classifier (the real server's model) and the keyword rules of
assistant/interview/control.py must agree, and together give the interview the intent it
acts on. Each message is parsed by the running Rasa server and read as `TurnService` reads
it: Rasa's intent counts from INTENT_CONFIDENCE, the content goes through the Danish need
model."""

from __future__ import annotations

import httpx
import pytest

from assistant.interview.control import read_control
from assistant.interview.messages import understand
from assistant.interview.reading import role_said
from assistant.interview.vocabulary import Role
from assistant.turns import INTENT_CONFIDENCE

pytestmark = pytest.mark.e2e

# (message, Rasa's intent or None where only the rules read it, the intent the interview gets)
TABLE = [
    ("ja", "affirm", "affirm"),
    ("jep", "affirm", "affirm"),
    ("præcis", "affirm", "affirm"),
    ("det passer", "affirm", "affirm"),
    ("jamen ja", "affirm", "affirm"),
    ("ja det er helt rigtigt", "affirm", "affirm"),
    ("nej", "deny", "deny"),
    ("næ", "deny", "deny"),
    ("nej det er ikke det", "deny", "deny"),
    ("nej det var det hele", "deny", "deny"),
    ("det ved jeg ikke", "dont_know", "dont_know"),
    ("aner det ikke", "dont_know", "dont_know"),
    ("ingen anelse", "dont_know", "dont_know"),
    ("ingen af dem", "none_of_these", "none_of_these"),
    ("ingen af delene", "none_of_these", "none_of_these"),
    ("stop", "stop", "stop"),
    ("pause", "stop", "stop"),
    ("vi tager den senere", "stop", "stop"),
    ("farvel", "goodbye", "goodbye"),
    ("forfra", "restart_interview", "restart_interview"),
    ("start forfra", "restart_interview", "restart_interview"),
    ("hej", "greet", "greet"),
    ("godmorgen", "greet", "greet"),
    ("er du en robot", "chitchat", "chitchat"),
    ("jeg er sælger", "set_role", "set_role"),
    ("jeg er kunde", "set_role", "set_role"),
    # A correction names a wish: it is content, and the interview tells it by its form
    # ("nej, jeg mente ...", reading.sounds_like_correction).
    ("nej jeg mente mindre ordrer", "correct_wish", None),
    # Read by the rules only: Rasa has no skip or drop intent.
    ("spring over", None, "skip"),
    ("næste spørgsmål", None, "skip"),
    ("nej jeg sagde ikke halve paller", None, "drop_wish"),
    # English as before
    ("yes", "affirm", "affirm"),
    ("none of these", "none_of_these", "none_of_these"),
    ("no idea", "dont_know", "dont_know"),
    ("start over", "restart_interview", "restart_interview"),
]


@pytest.fixture(scope="module")
def parse(stack):
    """Rasa's reading of a message by the running server: (intent, confidence)."""

    def parse(text: str) -> tuple[str, float]:
        response = httpx.post(
            f"{stack.settings.rasa_url}/model/parse",
            params={"token": stack.token}, json={"text": text}, timeout=30,
        )  # fmt: skip
        response.raise_for_status()
        intent = response.json()["intent"]
        return intent["name"], intent["confidence"]

    return parse


@pytest.mark.parametrize(("text", "rasa", "read"), TABLE, ids=[row[0] for row in TABLE])
def test_rasa_and_the_control_rules_agree_on_danish_control_words(parse, danish, text, rasa, read):
    intent, confidence = parse(text)
    counted = intent if confidence >= INTENT_CONFIDENCE else None
    if rasa is not None:
        assert counted == rasa, (intent, confidence)
    # The rules alone never contradict Rasa: they read the same intent, or leave it to Rasa.
    assert read_control(text, None, has_content=False).intent in (None, counted, read)

    u = understand(text, danish["da"].extractor.extract, counted, language="da")

    assert u.intent == read, (counted, u)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("jeg er sælger", Role.SALES_REP),
        ("jeg er kundeansvarlig hos Jensen Byg", Role.SALES_REP),
        ("jeg er kunde", Role.CUSTOMER),
        ("I'm a sales rep", Role.SALES_REP),
    ],
)
def test_a_typed_role_rasa_reads_as_set_role_names_the_role(parse, danish, text, role):
    intent, confidence = parse(text)
    assert intent == "set_role" and confidence >= INTENT_CONFIDENCE, (intent, confidence)

    u = understand(text, danish["da"].extractor.extract, intent, language="da")

    assert role_said(u) == role
