"""Which language a conversation is read and answered in: the pure precedence rule."""

from __future__ import annotations

import pytest

from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Phase, Role
from assistant.store.models import Customer, Interview
from assistant.turns import conversation_language, customer_language

DANISH = "vi vil gerne have kortere leveringstid"
ENGLISH = "we would like shorter lead times"
START = DialogueState()
ASKING = DialogueState(phase=Phase.ASK_WISH)


@pytest.mark.parametrize(
    ("state", "locale", "said", "customer", "chosen"),
    [
        # The invited customer's own language comes first, from the first message on...
        (START, None, "hello", "da", ("da", "customer")),
        (START, "en-GB", ENGLISH, "da", ("da", "customer")),  # ...before the locale
        (START, None, DANISH, "en", ("en", "customer")),  # ...and before the words
        # Without it: the locale, then the words, then nothing chosen yet.
        (START, "da-DK", ENGLISH, None, ("da", "locale")),
        (START, None, DANISH, None, ("da", "detected")),
        (START, None, "hej", None, ("en", "default")),  # too short to tell
        (START, "fr-FR", "hello", "xx", ("en", "default")),  # languages no interview speaks
        # After the start only the words can still choose, while nothing is chosen.
        (ASKING, "da-DK", "ok", "da", ("en", "default")),
        (ASKING, None, DANISH, "en", ("da", "detected")),
    ],
)
def test_the_customers_language_then_the_locale_then_the_words_choose(
    state, locale, said, customer, chosen
):
    metadata = {"locale": locale} if locale else {}

    assert conversation_language(state, metadata, said, customer) == chosen


@pytest.mark.parametrize("source", ["customer", "locale", "detected", "switched", "unavailable"])
def test_a_chosen_language_stays_also_when_a_restart_begins_anew(source):
    # A restart ("forfra") begins at the start with the language of the interview before.
    restarted = DialogueState(language="en", language_source=source)

    chosen = conversation_language(restarted, {"locale": "da-DK"}, DANISH, "da")

    assert chosen == ("en", source)


@pytest.mark.parametrize(
    ("role", "language", "spoken"),
    [
        (Role.CUSTOMER, "da", "da"),  # an invitation: the customer speaks for themselves
        (Role.CUSTOMER, None, None),  # not known
        (Role.SALES_REP, "da", None),  # a rep about a Danish customer speaks their own
        (None, "da", None),  # who speaks is not known yet
    ],
)
def test_only_a_customer_speaking_for_themselves_brings_their_language(role, language, spoken):
    interview = Interview(role=role, customer=Customer(name="Jensen Byg", language=language))

    assert customer_language(interview) == spoken
    assert customer_language(Interview(role=Role.CUSTOMER)) is None  # no customer
