"""The interview end to end on the trained need model (`make models`).

Only what holds for any reasonable model: a plain wish is recognised and asked why, a
revealing answer ranks its need first, and a whole interview ends in a summary without
the bot ever repeating itself. The decisions themselves are tested on a canned model.
"""

from __future__ import annotations

import json
import re

import pytest

from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import InterviewStatus, Phase
from tests.assistant.interview.conftest import Chat


@pytest.fixture
def real_chat(interviewer, need_extractor) -> Chat:
    return Chat(interviewer, need_extractor.extract)


def test_a_stated_wish_is_recognised_and_asked_why(real_chat):
    real_chat.say("we need shorter lead times")

    assert [w.code for w in real_chat.state.wishes] == ["shorter_lead_time"]
    assert real_chat.state.phase == Phase.LADDER
    assert real_chat.state.wishes[0].ladder[0].probe == "why"


def test_a_revealing_answer_ranks_its_need_first(real_chat):
    real_chat.say("we need shorter lead times")
    real_chat.say("it would just be easier")
    assert real_chat.state.phase == Phase.LADDER, "a shallow answer must not end the ladder"

    real_chat.say("our sales jump around every week and the forecast is always wrong")

    wish = real_chat.state.wishes[0]
    assert wish.ranked()[0][0] == "demand_uncertainty"
    assert "forecast" in wish.evidence("demand_uncertainty")


def test_a_whole_interview_ends_in_a_summary_without_repeating_itself(real_chat):
    real_chat.say("hello", "greet")
    real_chat.say("we want smaller orders")
    real_chat.say("the back room of the shop is tiny, we have nowhere to put full pallets")
    for _ in range(8):  # whatever the model proposes or offers, take the first choice
        if real_chat.state.phase == Phase.ANYTHING_ELSE:
            break
        if real_chat.state.phase == Phase.LADDER:
            real_chat.say("it would just be easier")
        else:
            real_chat.say(real_chat.payloads()[0])
    assert real_chat.state.phase == Phase.ANYTHING_ELSE
    restored = DialogueState.from_json(json.loads(json.dumps(real_chat.state.to_json())))
    assert restored == real_chat.state

    summary = real_chat.say("no", "deny")

    assert real_chat.last.status == InterviewStatus.COMPLETED
    # Acme's customer speaking: the wish with its reason in their terms, or still open.
    assert re.fullmatch(
        r"Here is what I understood:\n- Smaller orders(, because .+|: the reason is still open)",
        summary[0],
    )
    texts = real_chat.bot_texts()
    assert len(texts) == len(set(texts))


def test_a_need_the_wish_statement_rules_out_does_not_compete_with_the_answer(real_chat):
    # the wish's words echo money, which the statement denies: the answer's reason is
    # proposed at once, not held back by the echo
    real_chat.say("Could we have the invoices at 60 days? It isn't the money, honestly.")
    real_chat.say(
        "our bookkeeper matches every invoice by hand against the delivery notes and it eats"
        " two days a month"
    )

    assert real_chat.state.phase == Phase.CONFIRM
    assert real_chat.state.proposed == "admin_burden"


def test_a_reason_word_in_the_wish_statement_keeps_its_need_beside_a_denial(real_chat):
    real_chat.say(
        "Could we pay at 60 days because the grant money only comes in quarterly?"
        " It's not the budget."
    )

    assert "capital_constraint" in [c.code for c in real_chat.state.wishes[0].opening]
