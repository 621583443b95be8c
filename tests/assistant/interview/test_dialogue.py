"""The laddering interview's decisions, on a canned need model: each test says what it reads."""

from __future__ import annotations

import pytest

from assistant.interview import wording
from assistant.interview.dialogue import Interviewer
from assistant.interview.messages import ACT_ON_NEED
from assistant.interview.probes import MAX_PROBES, PROBE_ORDER
from assistant.interview.state import Finding
from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Phase, Role
from tests.assistant.interview.conftest import Chat

SHALLOW = [
    "it would just be easier",
    "that's just how we like it",
    "everyone does it like that",
    "it's more convenient",
    "management asked for it",
    "just better for us",
]
WISH = "we need shorter lead times"
REVEALING = "Our sales jump around every week. The forecast is always wrong."
FORECAST = "The forecast is always wrong."
SMALLER = "we want smaller orders"
BACK_ROOM = "the back room of the shop is tiny, we have nowhere to put full pallets"
TWO_WISHES = "we want half pallets and deliveries twice a week"


@pytest.fixture
def model(model):
    """The canned model with the readings these tests share (each test may add its own)."""
    model.reads(WISH, wishes={"shorter_lead_time": 0.9})
    model.reads("we want shorter lead times", wishes={"shorter_lead_time": 0.92})
    model.reads(
        REVEALING,
        needs={"demand_uncertainty": 0.85, "storage_constraint": 0.1},
        evidence={"demand_uncertainty": FORECAST},
    )
    model.reads(SMALLER, wishes={"smaller_orders": 0.9})
    model.reads(TWO_WISHES, wishes={"smaller_orders": 0.8, "more_frequent_deliveries": 0.7})
    for text in [*SHALLOW, "hello", "yes", "no", "stop", "no idea", "I don't know", "hmm"]:
        model.reads(text)
    return model


def confirm(need: str) -> str:
    return f'/confirm_need{{"need":"{need}"}}'


def test_shallow_then_revealing_answer_is_proposed_and_confirmed(chat, model):
    chat.say("hello", "greet")
    chat.say(WISH)
    assert chat.state.phase == Phase.LADDER
    model.reads("it would just be easier", needs={"demand_uncertainty": 0.2})
    chat.say("it would just be easier")
    assert chat.state.phase == Phase.LADDER, "a shallow answer must not end the ladder"

    chat.say(REVEALING)

    assert chat.state.phase == Phase.CONFIRM
    assert chat.payloads() == [
        '/confirm_need{"need":"demand_uncertainty"}',
        '/reject_need{"need":"demand_uncertainty"}',
    ]
    chat.say(confirm("demand_uncertainty"))
    wish = chat.state.wishes[0]
    assert (wish.code, wish.outcome) == (
        "shorter_lead_time",
        Finding("demand_uncertainty", 0.85, FindingStatus.CONFIRMED, FORECAST),
    )
    assert chat.state.phase == Phase.ANYTHING_ELSE


def test_summary_for_a_rep_maps_each_wish_to_need_solution_and_lever(canned_interviewer, model):
    chat = Chat(canned_interviewer, model, role=Role.SALES_REP)
    chat.say("we want shorter lead times")
    chat.say(REVEALING)
    chat.say("yes", "affirm")

    summary = chat.say("no", "deny")

    assert chat.last.status == InterviewStatus.COMPLETED
    assert summary == [
        "Here is what I understood:\n- Shorter lead time → real need: Demand uncertainty → "
        "standard solution: Collaborative planning (logistics)",
        "Thank you for your time!",
    ]


def test_a_customer_hears_the_need_and_summary_in_their_own_terms(chat, model):
    chat.say("we want shorter lead times")
    proposal = chat.say(REVEALING)
    confirmed = chat.say("yes", "affirm")

    summary = chat.say("no", "deny")

    assert proposal[-1].startswith(
        "It sounds like the real reason behind this is that your demand is hard to predict."
    )
    assert confirmed[-1].startswith("Thank you! I've noted that your demand is hard to predict.")
    assert summary == [
        "Here is what I understood:\n- Shorter lead time, because your demand is hard to predict",
        "Thank you for your time!",
    ]
    said = " ".join(chat.bot_texts())
    for internal in ("Demand uncertainty", "Collaborative planning", "standard", "the customer"):
        assert internal.lower() not in said.lower()


def test_probes_are_never_repeated_and_stop_after_the_maximum(chat, model):
    chat.say(WISH)
    for answer in SHALLOW[: MAX_PROBES - 1]:
        chat.say(answer)
        assert chat.state.phase == Phase.LADDER

    chat.say(SHALLOW[MAX_PROBES - 1])

    wish = chat.state.wishes[0]
    assert wish.probes == MAX_PROBES
    questions = [step.question for step in wish.ladder]
    assert len(questions) == len(set(questions))
    assert sorted(step.probe for step in wish.ladder) == sorted(PROBE_ORDER), "each kind once"
    assert chat.state.phase == Phase.ANYTHING_ELSE, "nothing to offer: the wish stays open"
    assert wish.outcome == Finding.unresolved()


def test_weak_candidates_are_offered_after_the_last_probe(chat, model):
    chat.say(WISH)
    for answer in SHALLOW[:MAX_PROBES]:
        model.reads(answer, needs={"demand_uncertainty": 0.1})
        chat.say(answer)

    assert chat.state.phase == Phase.OFFER
    assert chat.payloads() == [confirm("demand_uncertainty"), "/none_of_these"]


VAGUE = ("it's complicated", "hard to say really", "not sure how else to put it", "it just is")


def answer_vaguely_until_offered(chat, model) -> None:
    for text in VAGUE:
        if chat.state.phase == Phase.OFFER:
            return
        model.reads(text)
        chat.say(text)


def test_rejection_asks_on_then_offers_other_candidates_and_none_leaves_it_open(chat, model):
    chat.say(SMALLER)
    model.reads(
        BACK_ROOM,
        needs={"storage_constraint": 0.8, "capital_constraint": 0.3, "handling_constraint": 0.1,
               "admin_burden": 0.01},
    )  # fmt: skip
    chat.say(BACK_ROOM)
    assert chat.state.phase == Phase.CONFIRM
    proposed = chat.state.proposed
    assert proposed == "storage_constraint"

    replies = chat.say(f'/reject_need{{"need":"{proposed}"}}')

    assert chat.state.phase == Phase.LADDER, "while probes are left, the interview asks on"
    assert replies[0].startswith(wording.CORRECTED)
    answer_vaguely_until_offered(chat, model)
    assert chat.state.phase == Phase.OFFER
    assert chat.payloads() == [
        confirm("capital_constraint"),
        confirm("handling_constraint"),
        "/none_of_these",
    ], "the rejected need is not offered again, nor one below the candidate floor"
    chat.say("/none_of_these")

    wish = chat.state.wishes[0]
    assert wish.findings == [
        Finding("storage_constraint", 0.8, FindingStatus.REJECTED, BACK_ROOM),
        Finding.unresolved(0.3, BACK_ROOM),  # the best guess kept for the brief
    ]
    assert wish.ladder, "the ladder is kept"


def test_rejection_without_other_candidates_asks_one_more_probe(chat, model):
    chat.say(SMALLER)
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.8})
    chat.say(BACK_ROOM)

    replies = chat.say('/reject_need{"need":"storage_constraint"}')

    assert chat.state.phase == Phase.LADDER and chat.state.wishes[0].probes == 2
    assert replies[0].startswith(wording.CORRECTED)
    model.reads("none of these")
    chat.say("none of these", "none_of_these")
    assert chat.state.wishes[0].findings == [
        Finding("storage_constraint", 0.8, FindingStatus.REJECTED, BACK_ROOM),
        Finding.unresolved(),
    ]


def test_typed_no_rejects_the_proposal(chat, model):
    chat.say(SMALLER)
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.8, "capital_constraint": 0.3})
    chat.say(BACK_ROOM)
    proposed = chat.state.proposed

    chat.say("no", "deny")

    assert chat.state.wishes[0].findings[0].code == proposed
    assert chat.state.wishes[0].findings[0].status == FindingStatus.REJECTED
    assert chat.state.proposed is None and chat.state.phase == Phase.LADDER


def test_a_bare_no_to_a_why_is_asked_differently_once_then_the_wish_is_left_open(chat, model):
    chat.say(SMALLER)
    model.reads("no, that's all")
    model.reads("no")

    again = chat.say("no, that's all", "deny")
    closed = chat.say("no", "deny")

    assert again[0].startswith(wording.ASK_DIFFERENTLY)
    assert closed[0].startswith(wording.MOVE_ON)
    assert chat.state.wishes[0].outcome == Finding.unresolved()
    assert chat.state.phase == Phase.ANYTHING_ELSE


def test_typed_no_with_a_reason_rejects_and_takes_the_reason_as_a_rung(chat, model):
    chat.say(SMALLER)
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.8, "capital_constraint": 0.3})
    chat.say(BACK_ROOM)
    reason = "no, it's more that the money is all tied up in stock"
    model.reads(reason, needs={"capital_constraint": 0.9, "storage_constraint": 0.2})

    chat.say(reason)

    wish = chat.state.wishes[0]
    assert [(f.code, f.status) for f in wish.findings] == [
        ("storage_constraint", FindingStatus.REJECTED)
    ]
    assert wish.ladder[-1].answer == reason
    assert chat.state.phase == Phase.CONFIRM and chat.state.proposed == "capital_constraint"


def test_typed_yes_with_a_reason_confirms_and_keeps_the_reason(chat, model):
    chat.say(SMALLER)
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.8, "capital_constraint": 0.3})
    chat.say(BACK_ROOM)
    typed = "Yes, exactly – there is simply no room for full pallets"
    model.reads(typed, needs={"storage_constraint": 0.9})

    chat.say(typed)

    wish = chat.state.wishes[0]
    assert wish.outcome is not None and wish.outcome.code == "storage_constraint"
    assert wish.outcome.status == FindingStatus.CONFIRMED
    assert wish.ladder[-1].answer == typed


def test_an_answer_instead_of_yes_or_no_is_one_more_rung(chat, model):
    chat.say(SMALLER)
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.6})
    chat.say(BACK_ROOM)
    model.reads("well, money is tight too", needs={"capital_constraint": 0.9})

    chat.say("well, money is tight too")

    step = chat.state.wishes[0].ladder[-1]
    assert (step.probe, step.answer) == ("clarify", "well, money is tight too")
    assert chat.state.phase == Phase.CONFIRM and chat.state.proposed == "capital_constraint"


def test_dont_know_gets_one_other_probe_then_moves_on(chat, model):
    chat.say(WISH)
    first = chat.state.last_question

    second = chat.say("no idea", "dont_know")
    assert chat.state.phase == Phase.LADDER and chat.state.last_question != first
    assert second[0] == f"{wording.ASK_DIFFERENTLY} {chat.state.last_question}"

    chat.say("I don't know", "dont_know")
    wish = chat.state.wishes[0]
    assert wish.outcome == Finding.unresolved()
    assert chat.state.phase == Phase.ANYTHING_ELSE


def test_a_long_dont_know_that_names_a_need_is_an_answer(chat, model):
    chat.say(WISH)
    answer = "I don't know, maybe because our forecasts are always wrong"
    model.reads(answer, needs={"demand_uncertainty": 0.85})

    chat.say(answer, "dont_know")

    assert chat.state.wishes[0].dont_know == 0
    assert chat.state.phase == Phase.CONFIRM and chat.state.proposed == "demand_uncertainty"


def test_several_wishes_in_one_message_are_laddered_in_turn(chat, model):
    replies = chat.say(TWO_WISHES)

    codes = [w.code for w in chat.state.wishes]
    assert codes == ["smaller_orders", "more_frequent_deliveries"]
    assert replies[0].startswith(
        "You mentioned 2 things: smaller orders and more frequent deliveries. "
        "Let's take them one at a time."
    )
    assert chat.state.current == 0

    model.reads("there's no room in the shop's back room", needs={"storage_constraint": 0.8})
    chat.say("there's no room in the shop's back room")
    replies = chat.say("yes", "affirm")

    assert chat.state.wishes[0].done and chat.state.current == 1
    assert chat.state.phase == Phase.LADDER
    assert "Now to more frequent deliveries." in replies[0]


def test_correction_replaces_the_current_wish(chat, model):
    chat.say(WISH)
    model.reads("no, I meant smaller orders", wishes={"smaller_orders": 0.9})

    replies = chat.say("no, I meant smaller orders", "correct_wish")

    assert [w.code for w in chat.state.wishes] == ["smaller_orders"]
    assert chat.state.wishes[0].ladder[-1].answer is None
    # named once: the why after it neither quotes the correction nor names the wish again
    assert replies[0] == "Got it: smaller orders. Why is that important to you?"


def test_an_answer_that_names_the_wish_a_vague_opening_left_out_gives_the_wish(chat, model):
    opening = "can you tell me when the flowers come on tuesdays?"
    model.reads(opening, needs={"planning_visibility": 0.6})
    chat.say(opening)
    assert [w.code for w in chat.state.wishes] == [None]
    said = "i don't mean tell me, i want them to come at a set time, before 9"
    # some direction (a partial need): the next probe is "today", which names the wish
    model.reads(
        said, wishes={"exact_delivery_time": 0.95}, cues=(), needs={"receiving_window": 0.3}
    )

    replies = chat.say(said)

    (wish,) = chat.state.wishes
    assert wish.code == "exact_delivery_time"
    assert wish.text == opening  # the wish as first said; the answer is a rung of its ladder
    assert wish.ladder[0].answer == said
    assert replies[0].startswith("Got it: exact delivery time.")
    assert replies[0].count("exact delivery time") == 1


@pytest.mark.parametrize(
    "reading",
    [
        {"wishes": {"more_frequent_deliveries": 0.6}},  # likely, but not as sure as answers must be
        # one clause of it names a wish, the whole answer does not ("because when it's late
        # we run out and the shelves are bare")
        {"clause_wishes": {"shorter_lead_time": 0.95}, "clauses": ("a", "b")},
    ],
)
def test_an_answer_naming_a_wish_unsurely_leaves_an_unnamed_wish_unnamed(taxonomy, model, reading):
    # as the trained model's interviewer: answers must name a wish more surely than openings
    strict = Interviewer(taxonomy, wish_threshold=0.5, answer_wish_threshold=0.9)
    chat = Chat(strict, model)
    opening = "our store room is tiny"
    model.reads(opening, needs={"storage_constraint": 0.6})
    chat.say(opening)
    said = "maybe the deliveries could be different somehow"
    model.reads(said, **reading)

    chat.say(said)

    assert [w.code for w in chat.state.wishes] == [None]


def test_an_answer_naming_a_wish_already_stated_leaves_an_unnamed_wish_unnamed(chat, model):
    chat.say(WISH)
    chat.say(REVEALING)
    chat.say(confirm("demand_uncertainty"))
    assert chat.state.phase == Phase.ANYTHING_ELSE
    opening = "our store room is tiny"
    model.reads(opening, needs={"storage_constraint": 0.6})
    chat.say(opening)
    said = "which is why the lead times hurt, we want shorter lead times"
    model.reads(said, wishes={"shorter_lead_time": 0.95})

    chat.say(said)

    assert [w.code for w in chat.state.wishes] == ["shorter_lead_time", None]


def test_unrecognised_wish_is_rephrased_once_then_offered_as_buttons(chat, model, taxonomy):
    chat.say("hello", "greet")
    model.reads("hmm well the thing is, you know")
    first = chat.say("hmm well the thing is, you know")
    assert "another way" in first[0]
    model.reads("the usual, really")
    chat.say("the usual, really")

    payloads = chat.payloads()
    assert payloads == [f'/choose_wish{{"wish":"{code}"}}' for code in taxonomy.wishes] + [
        "/none_of_these"
    ]
    assert '/choose_wish{"wish":"custom_packaging"}' in payloads and len(payloads) == 11
    chat.say('/choose_wish{"wish":"custom_packaging"}')
    assert chat.state.wishes[0].code == "custom_packaging"
    assert chat.state.wishes[0].text == "the usual, really", "the words the buttons stood for"
    assert chat.state.phase == Phase.LADDER


def test_missing_role_and_customer_are_asked_and_rep_wording_used(canned_interviewer, model):
    chat = Chat(canned_interviewer, model, role=None, customer=None)

    chat.say(WISH)
    assert chat.state.phase == Phase.ASK_ROLE
    assert '/set_role{"role":"sales_rep"}' in chat.payloads()
    chat.say('/set_role{"role":"sales_rep"}')
    assert chat.state.phase == Phase.ASK_CUSTOMER
    model.reads("Nordic Bakeries")
    replies = chat.say("Nordic Bakeries")

    assert chat.state.role == Role.SALES_REP and chat.state.customer == "Nordic Bakeries"
    assert chat.state.wishes[0].code == "shorter_lead_time", "the first message's wish is kept"
    assert replies[0] == f'They asked for "{WISH}". Why does Nordic Bakeries want that?'


def test_chitchat_gets_a_short_answer_and_the_same_question(chat, model):
    chat.say(WISH)
    pending = chat.state.last_question
    model.reads("what's the weather like")

    replies = chat.say("what's the weather like", "chitchat")

    assert replies == [f"{wording.CHITCHAT} {pending}"]
    assert chat.state.phase == Phase.LADDER and chat.state.last_question == pending


def test_stop_pauses(chat, model):
    chat.say(WISH)

    chat.say("stop", "stop")

    assert chat.last.status == InterviewStatus.PAUSED
    assert "continue" in chat.last.replies[0].text


def test_no_bot_message_is_repeated_verbatim(chat, model):
    for text, intent in [
        (TWO_WISHES, None),
        ("it would just be easier", None),
        ("it's more convenient", None),
        ("no idea", "dont_know"),
        ("no idea", "dont_know"),
        ("it would just be easier", None),
    ]:
        chat.say(text, intent)

    texts = chat.bot_texts()
    assert len(texts) == len(set(texts))
    assert chat.state.current == 1, "the first wish closed, the second one laddered"


def test_a_wish_with_its_reason_is_asked_why_once_then_its_reason_counts(chat, model):
    text = "we need smaller orders because our store room is tiny and always full"
    model.reads(text, wishes={"smaller_orders": 0.9}, needs={"storage_constraint": 0.8})
    model.reads("that's the main thing really")

    chat.say(text)
    assert chat.state.phase == Phase.LADDER  # every wish gets at least one "why"
    chat.say("that's the main thing really")

    assert chat.state.phase == Phase.CONFIRM
    assert chat.state.proposed == "storage_constraint"
    assert [s.answer for s in chat.state.wishes[0].ladder] == ["that's the main thing really"]


def test_a_need_neither_a_reason_word_nor_the_answer_backs_waits_for_a_second_why(chat, model):
    # "a.m. instead" goes on after the wish, so the statement's need counts, but it is the
    # model's echo of the wish; the answer only restates the wish.
    text = "could your deliveries come at 10 a.m. instead of sometime during the day"
    model.reads(text, wishes={"exact_delivery_time": 0.9}, needs={"receiving_window": 0.8})
    model.reads("any day is fine really just a set hour", needs={"receiving_window": 0.1})
    lane = "the lane is closed to lorries after 11"
    model.reads(lane, needs={"receiving_window": 0.9})

    chat.say(text)
    chat.say("any day is fine really just a set hour")

    assert chat.state.phase == Phase.LADDER and chat.state.proposed is None
    assert chat.state.wishes[0].opening[0].code == "receiving_window"
    chat.say(lane)
    assert chat.state.proposed == "receiving_window"


def test_a_need_the_person_rules_out_is_not_proposed_until_they_state_it(chat, model):
    text = "can the snacks come next day? now it is 5 days. We're a ferry kiosk."
    model.reads(text, wishes={"shorter_lead_time": 0.9}, needs={"storage_constraint": 0.8})
    depot = "the kiosk is tiny, but we've loads of space at the depot, so it's not that"
    model.reads(depot, needs={"storage_constraint": 0.9}, ruled_out=("storage_constraint",))
    weather = "passenger numbers go up and down with the wind"
    model.reads(weather, needs={"demand_uncertainty": 0.8})

    chat.say(text)
    chat.say(depot)

    assert chat.state.proposed is None and chat.state.phase == Phase.LADDER
    assert chat.state.wishes[0].ladder[0].ruled_out == ["storage_constraint"]
    chat.say(weather)
    assert chat.state.proposed == "demand_uncertainty"


def test_a_need_ruled_out_counts_again_once_a_later_answer_states_it(chat, model):
    text = "can the snacks come next day? now it is 5 days"
    model.reads(text, wishes={"shorter_lead_time": 0.9})
    model.reads("the room's fine, that's not it", ruled_out=("storage_constraint",))
    full = "well actually since the refit the store room is half the size"
    model.reads(full, needs={"storage_constraint": 0.9})

    chat.say(text)
    chat.say("the room's fine, that's not it")
    chat.say(full)

    assert chat.state.proposed == "storage_constraint"


def test_a_bare_wish_is_always_asked_why(chat, model):
    text = "could you keep a consignment stock for us?"
    # Even a need read into the bare wish is an echo of it: the ladder must ask.
    model.reads(text, wishes={"supplier_held_stock": 0.9}, needs={"storage_constraint": 0.9})

    chat.say(text)

    assert chat.state.phase == Phase.LADDER
    assert chat.state.wishes[0].ladder[0].probe == "why"
    assert chat.state.wishes[0].opening == []


def test_a_third_unrecognised_answer_moves_on_instead_of_looping(chat, model):
    chat.say("hello", "greet")
    for text in ["hmm well the thing is, you know", "the usual, really"]:
        model.reads(text)
        chat.say(text)

    chat.say("hmm")

    assert chat.state.phase == Phase.ANYTHING_ELSE
    assert len(set(chat.bot_texts())) == len(chat.bot_texts())


def test_every_phase_but_done_has_a_handler(canned_interviewer):
    assert set(canned_interviewer.handlers) == set(Phase) - {Phase.DONE}


def test_a_finished_interview_says_so(chat, model):
    chat.say("hello", "greet")
    chat.say("no", "deny")
    assert chat.state.phase == Phase.DONE

    replies = chat.say("hello", "greet")

    assert replies == [wording.COMPLETE] and chat.last.status == InterviewStatus.COMPLETED


@pytest.mark.parametrize("phase", [Phase.ASK_ROLE, Phase.CONFIRM, Phase.OFFER])
def test_resume_repeats_the_pending_question_with_its_buttons(canned_interviewer, model, phase):
    chat = Chat(canned_interviewer, model, role=None)
    model.reads("I'm the customer")
    model.reads(BACK_ROOM, needs={"storage_constraint": 0.8, "capital_constraint": 0.3})
    script = [(WISH, None), ("I'm the customer", None), (BACK_ROOM, None), ("no", "deny")]
    script += [(text, None) for text in VAGUE]
    for text in VAGUE:
        model.reads(text)
    for text, intent in script:
        if chat.state.phase == phase:
            break
        chat.say(text, intent)
    assert chat.state.phase == phase
    shown = chat.last.replies[-1]

    (again,) = canned_interviewer.resume(chat.state)

    assert again.text == f"Welcome back! Where we stopped: {chat.state.last_question}"
    assert shown.text.endswith(chat.state.last_question)
    assert again.buttons == shown.buttons and again.buttons


def test_resume_before_any_question_just_welcomes(canned_interviewer, chat):
    assert canned_interviewer.resume(chat.state)[0].text == "Welcome back!"


def test_thresholds_come_from_each_context_and_a_need_is_acted_on_from_0_7(taxonomy):
    contexts = {"opening": {"wishes": 0.7, "needs": 0.7}, "answer": {"wishes": 0.9, "needs": 0.3}}

    interviewer = Interviewer.for_model(taxonomy, {"wishes": 0.6, "needs": 0.6}, contexts)
    plain = Interviewer.for_model(taxonomy, {"wishes": 0.4, "needs": 0.8})

    assert (interviewer.wish_threshold, interviewer.need_threshold) == (0.7, ACT_ON_NEED)
    assert interviewer.answer_wish_threshold == 0.9
    assert (plain.wish_threshold, plain.need_threshold, plain.answer_wish_threshold) == (
        0.5, 0.8, 0.5,
    )  # fmt: skip


def test_a_role_stated_with_a_wish_keeps_the_wish(canned_interviewer, model):
    """'I do the buying, and we'd like…' answers "customer or rep?" and states a wish."""
    chat = Chat(canned_interviewer, model, role=None, customer=None)
    model.reads("hello")
    chat.say("hello", "greet")
    said = "I do the buying for our shops, and we need shorter lead times"
    model.reads(said, wishes={"shorter_lead_time": 0.9})

    chat.say(said)
    model.reads("Nordic Bakeries")
    replies = chat.say("Nordic Bakeries")

    assert chat.state.role == Role.CUSTOMER
    assert [w.code for w in chat.state.wishes] == ["shorter_lead_time"]
    assert chat.state.phase == Phase.LADDER and "Why" in replies[-1]


@pytest.mark.parametrize(
    ("said", "wishes"),
    [
        ("we'd like you to deliver on saturdays too", {}),
        ("can we have shorter lead times please", {"shorter_lead_time": 0.9}),
    ],
)
def test_a_sentence_where_the_company_was_asked_for_is_no_company(
    canned_interviewer, model, said, wishes
):
    chat = Chat(canned_interviewer, model, role=Role.CUSTOMER, customer=None)
    model.reads(said, wishes=wishes)
    chat.say(said)  # the first message: held when it is a wish, then the company is asked
    assert chat.state.phase == Phase.ASK_CUSTOMER

    replies = chat.say(said)

    assert chat.state.customer is None and chat.state.phase == Phase.ASK_CUSTOMER
    assert replies == [wording.ask_customer_again(Role.CUSTOMER)]
    model.reads("Greenway Garden Centres Ltd")
    chat.say("Greenway Garden Centres Ltd")
    assert chat.state.customer == "Greenway Garden Centres Ltd"
    assert [w.code for w in chat.state.wishes] == list(wishes), "a wish said twice is kept once"


def test_a_name_the_model_reads_a_need_into_is_still_the_name(canned_interviewer, model):
    chat = Chat(canned_interviewer, model, role=Role.CUSTOMER, customer=None)
    model.reads("hi")
    model.reads("Nobody Ltd", needs={"demand_uncertainty": 0.9})
    chat.say("hi", "greet")

    chat.say("Nobody Ltd")

    assert chat.state.customer == "Nobody Ltd" and chat.state.phase == Phase.ASK_WISH


def test_the_company_is_asked_again_only_once(canned_interviewer, model):
    """A name that reads like a sentence ("We Deliver You Ltd") is taken the second time."""
    chat = Chat(canned_interviewer, model, role=Role.SALES_REP, customer=None)
    name = "We Love You Bakery"
    model.reads("hi")
    model.reads(name)
    chat.say("hi", "greet")

    assert chat.say(name) == [wording.ask_customer_again(Role.SALES_REP)]
    chat.say(name)

    assert chat.state.customer == name and chat.state.phase == Phase.ASK_WISH


def test_a_rep_who_names_their_account_is_not_asked_for_the_customer(canned_interviewer, model):
    chat = Chat(canned_interviewer, model, role=None, customer=None)
    said = "I look after the Harbour Brewing account, they want smaller orders"
    model.reads(said, wishes={"smaller_orders": 0.9})

    replies = chat.say(said)

    assert (chat.state.role, chat.state.customer) == (Role.SALES_REP, "Harbour Brewing")
    assert chat.state.phase == Phase.LADDER and "Harbour Brewing" in replies[-1]


def test_a_company_said_with_the_role_is_not_asked_for_again(canned_interviewer, model):
    chat = Chat(canned_interviewer, model, role=None, customer=None)
    model.reads("hi")
    model.reads("I'm the buyer at Brodie's Bakery")
    chat.say("hi", "greet")

    replies = chat.say("I'm the buyer at Brodie's Bakery")

    assert (chat.state.role, chat.state.customer) == (Role.CUSTOMER, "Brodie's Bakery")
    assert chat.state.phase == Phase.ASK_WISH and "company" not in replies[-1]


def test_an_unrecognised_request_gets_the_wish_buttons_at_once(chat, model, taxonomy):
    chat.say("hello", "greet")
    request = "could the fish come in 5 kilo blocks instead of 20?"
    model.reads(request)

    replies = chat.say(request)

    assert "another way" not in replies[0] and "Which of these" in replies[0]
    assert len(chat.payloads()) == len(taxonomy.wishes) + 1
    chat.say('/choose_wish{"wish":"custom_packaging"}')
    assert (chat.state.wishes[0].code, chat.state.wishes[0].text) == ("custom_packaging", request)
