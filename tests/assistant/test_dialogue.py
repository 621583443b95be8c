"""The laddering interview's decisions, with the real need model and no server or database."""

from __future__ import annotations

import json

import pytest

from assistant.interview.messages import Outcome, parse_payload, understand
from assistant.interview.probes import MAX_PROBES
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Phase

SHALLOW = [
    "it would just be easier",
    "that's just how we like it",
    "everyone does it like that",
    "it's more convenient",
    "management asked for it",
    "just better for us",
]


class Chat:
    """Drives one interview: `say` returns the bot's replies as text."""

    def __init__(self, interviewer, extractor, *, role="customer", customer="Acme"):
        self.interviewer, self.extractor = interviewer, extractor
        self.state = DialogueState(role=role, customer=customer)
        self.outcomes: list[Outcome] = []

    def say(self, text: str, intent: str | None = None) -> list[str]:
        outcome = self.interviewer.respond(
            self.state, understand(text, self.extractor.extract, intent)
        )
        self.outcomes.append(outcome)
        return [r.text for r in outcome.replies]

    @property
    def last(self) -> Outcome:
        return self.outcomes[-1]

    def payloads(self) -> list[str]:
        return [b.payload for r in self.last.replies for b in r.buttons]

    def bot_texts(self) -> list[str]:
        return [r.text for o in self.outcomes for r in o.replies]


@pytest.fixture
def chat(interviewer, need_extractor):
    return Chat(interviewer, need_extractor)


def test_shallow_then_revealing_answer_is_proposed_and_confirmed(chat):
    chat.say("hello", "greet")
    chat.say("we need shorter lead times")
    assert chat.state.phase == Phase.LADDER
    chat.say("it would just be easier")
    assert chat.state.phase == Phase.LADDER, "a shallow answer must not end the ladder"

    chat.say("our sales jump around every week and the forecast is always wrong")

    assert chat.state.phase == Phase.CONFIRM
    assert chat.payloads() == [
        '/confirm_need{"need":"demand_uncertainty"}',
        '/reject_need{"need":"demand_uncertainty"}',
    ]
    chat.say('/confirm_need{"need":"demand_uncertainty"}')
    wish = chat.state.wishes[0]
    assert (wish.code, wish.outcome.code, wish.outcome.status) == (
        "shorter_lead_time",
        "demand_uncertainty",
        "confirmed",
    )
    assert "forecast" in wish.outcome.evidence
    assert chat.state.phase == Phase.ANYTHING_ELSE


def test_summary_maps_each_wish_to_need_solution_and_lever(chat):
    chat.say("we want shorter lead times")
    chat.say("our sales jump around every week and the forecast is always wrong")
    chat.say("yes", "affirm")

    summary = chat.say("no", "deny")

    assert chat.last.status == "completed"
    assert "Shorter lead time → real need: Demand uncertainty → standard solution: " in summary[0]
    assert "(logistics)" in summary[0]
    assert summary[-1].startswith("Thank you")


def test_probes_are_never_repeated_and_stop_after_the_maximum(chat):
    chat.say("we need shorter lead times")
    for answer in SHALLOW[:MAX_PROBES]:
        if chat.state.phase != Phase.LADDER:
            break
        chat.say(answer)

    wish = chat.state.wishes[0]
    assert wish.probes <= MAX_PROBES
    questions = [step.question for step in wish.ladder]
    assert len(questions) == len(set(questions))
    assert len({step.probe for step in wish.ladder}) == len(questions), "each probe kind once"
    assert chat.state.phase in (Phase.OFFER, Phase.ANYTHING_ELSE)


def test_rejection_offers_other_candidates_then_none_of_these_leaves_it_unresolved(chat):
    chat.say("we want smaller orders")
    chat.say("the back room of the shop is tiny, we have nowhere to put full pallets")
    assert chat.state.phase == Phase.CONFIRM
    proposed = chat.state.proposed

    chat.say(f'/reject_need{{"need":"{proposed}"}}')

    if chat.state.phase == Phase.OFFER:
        offered = [parse_payload(p) for p in chat.payloads()]
        assert offered[-1] == ("none_of_these", {})
        assert all(intent == "confirm_need" for intent, _ in offered[:-1])
        assert proposed not in [entities["need"] for _, entities in offered[:-1]]
        assert chat.payloads()[-1] == "/none_of_these"
        chat.say("/none_of_these")
    else:  # no other candidate: one more probe first
        assert chat.state.phase == Phase.LADDER
        chat.say("none of these", "none_of_these")

    wish = chat.state.wishes[0]
    assert [f.status for f in wish.findings][0] == "rejected"
    assert wish.findings[0].code == proposed
    assert wish.outcome.status == "unresolved"
    assert wish.ladder, "the ladder is kept"


def test_typed_no_rejects_the_proposal(chat):
    chat.say("we want smaller orders")
    chat.say("the back room of the shop is tiny, we have nowhere to put full pallets")
    proposed = chat.state.proposed

    chat.say("no", "deny")

    assert chat.state.wishes[0].findings[0].code == proposed
    assert chat.state.wishes[0].findings[0].status == "rejected"
    assert chat.state.proposed != proposed


def test_dont_know_gets_one_other_probe_then_moves_on(chat):
    chat.say("we need shorter lead times")
    first = chat.state.last_question

    second = chat.say("no idea", "dont_know")
    assert chat.state.phase == Phase.LADDER and chat.state.last_question != first
    assert "differently" in second[0]

    chat.say("I don't know", "dont_know")
    wish = chat.state.wishes[0]
    assert wish.outcome.status == "unresolved"
    assert chat.state.phase == Phase.ANYTHING_ELSE


def test_several_wishes_in_one_message_are_laddered_in_turn(chat):
    replies = chat.say("we want half pallets and deliveries twice a week")

    codes = [w.code for w in chat.state.wishes]
    assert set(codes) == {"smaller_orders", "more_frequent_deliveries"}
    assert "one at a time" in replies[0]
    assert chat.state.current == 0

    chat.say("there's no room in the shop's back room for more stock")
    chat.say("yes", "affirm")

    assert chat.state.wishes[0].done and chat.state.current == 1
    assert chat.state.phase in (Phase.LADDER, Phase.CONFIRM)


def test_correction_replaces_the_current_wish(chat):
    chat.say("we need shorter lead times")

    replies = chat.say("no, I meant smaller orders", "correct_wish")

    assert [w.code for w in chat.state.wishes] == ["smaller_orders"]
    assert chat.state.wishes[0].ladder[-1].answer is None
    assert "smaller orders" in replies[0].lower()


def test_unrecognised_wish_is_rephrased_once_then_offered_as_buttons(chat):
    chat.say("hello", "greet")
    first = chat.say("hmm well the thing is, you know")
    assert "another way" in first[0]
    chat.say("the usual, really")

    payloads = chat.payloads()
    assert '/choose_wish{"wish":"custom_packaging"}' in payloads and len(payloads) == 11
    chat.say('/choose_wish{"wish":"custom_packaging"}')
    assert chat.state.wishes[0].code == "custom_packaging"
    assert chat.state.phase == Phase.LADDER


def test_missing_role_and_customer_are_asked_and_rep_wording_used(interviewer, need_extractor):
    chat = Chat(interviewer, need_extractor, role=None, customer=None)

    chat.say("we need shorter lead times")
    assert chat.state.phase == Phase.ASK_ROLE
    assert '/set_role{"role":"sales_rep"}' in chat.payloads()
    chat.say('/set_role{"role":"sales_rep"}')
    assert chat.state.phase == Phase.ASK_CUSTOMER
    replies = chat.say("Nordic Bakeries")

    assert chat.state.customer == "Nordic Bakeries"
    assert chat.state.wishes[0].code == "shorter_lead_time", "the first message's wish is kept"
    assert "Why does Nordic Bakeries want" in replies[0]


def test_chitchat_gets_a_short_answer_and_the_same_question(chat):
    chat.say("we need shorter lead times")
    pending = chat.state.last_question

    replies = chat.say("what's the weather like", "chitchat")

    assert replies[0].endswith(pending)
    assert chat.state.phase == Phase.LADDER and chat.state.last_question == pending


def test_stop_pauses(chat):
    chat.say("we need shorter lead times")

    chat.say("stop", "stop")

    assert chat.last.status == "paused"
    assert "continue" in chat.last.replies[0].text


def test_no_bot_message_is_repeated_verbatim(chat):
    for text, intent in [
        ("we want half pallets and deliveries twice a week", None),
        ("it would just be easier", None),
        ("it's more convenient", None),
        ("no idea", "dont_know"),
        ("no idea", "dont_know"),
        ("it would just be easier", None),
    ]:
        chat.say(text, intent)

    texts = chat.bot_texts()
    assert len(texts) == len(set(texts))


def test_state_survives_a_json_round_trip(chat):
    chat.say("we need shorter lead times")
    chat.say("it would just be easier")

    restored = DialogueState.from_json(json.loads(json.dumps(chat.state.to_json())))

    assert restored == chat.state


def test_a_wish_with_its_reason_goes_straight_to_confirmation(chat):
    chat.say("we need smaller orders because our store room is tiny and always full")

    assert chat.state.phase == Phase.CONFIRM
    assert chat.state.proposed == "storage_constraint"
    assert chat.state.wishes[0].ladder == []


def test_a_bare_wish_is_always_asked_why(chat):
    chat.say("could you keep a consignment stock for us?")

    assert chat.state.phase == Phase.LADDER
    assert chat.state.wishes[0].ladder[0].probe == "why"


def test_a_third_unrecognised_answer_moves_on_instead_of_looping(chat):
    chat.say("hello", "greet")
    chat.say("hmm well the thing is, you know")
    chat.say("the usual, really")

    chat.say("hmm")

    assert chat.state.phase == Phase.ANYTHING_ELSE
    assert len(set(chat.bot_texts())) == len(chat.bot_texts())
