"""What the interviewer says, by role: customers hear plain words addressed to them, sales
reps the supplier's terms (need labels, definitions, standard solutions and levers)."""

from __future__ import annotations

import re

import pytest

from assistant.interview import buttons, wording, wording_da
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Phase, Role
from assistant.taxonomy import Need, Taxonomy

NEED_CODES = (
    "demand_uncertainty", "storage_constraint", "capital_constraint", "receiving_window",
    "supply_reliability", "handling_constraint", "planning_visibility", "admin_burden",
)  # fmt: skip


def internal_terms(need: Need) -> list[str]:
    """Words of the supplier's own that must never reach a customer about this need."""
    return [
        need.label,
        need.definition,
        need.solution.label,
        f"({need.lever})",
        "the customer",
        "standard",
        "real need",
    ]


def leaked(text: str, need: Need) -> list[str]:
    return [term for term in internal_terms(need) if term.lower() in text.lower()]


@pytest.mark.parametrize("code", NEED_CODES)
@pytest.mark.parametrize("role", [Role.CUSTOMER, None], ids=["customer", "role-unknown"])
def test_a_customer_hears_each_need_in_plain_second_person_words(
    taxonomy: Taxonomy, code: str, role: Role | None
) -> None:
    need = taxonomy.need(code)
    said = [
        wording.proposal(need, role),
        wording.confirmed(need, role),
        *wording.summary([("Shorter lead time", need)], role),
        *wording.summary([(wording.DIRECT_NEED, need)], role),
    ]

    for text in said:
        assert leaked(text, need) == [], text
        assert re.search(r"\byour?\b", text, re.IGNORECASE) or text == "Thank you for your time!"
    assert need.customer_explanation in said[0]
    assert said[0].endswith("Is that right?")
    assert wording.DIRECT_NEED not in said[4]


def test_the_proposal_to_a_customer_reads_as_one_plain_question(taxonomy: Taxonomy) -> None:
    need = taxonomy.need("demand_uncertainty")

    assert wording.proposal(need, Role.CUSTOMER) == (
        "It sounds like the real reason behind this is that your demand is hard to predict. "
        f"{need.customer_explanation} Is that right?"
    )
    assert wording.confirmed(need, Role.CUSTOMER) == (
        "Thank you! I've noted that your demand is hard to predict."
    )


def test_a_sales_rep_hears_the_need_its_solution_and_lever(taxonomy: Taxonomy) -> None:
    need = taxonomy.need("demand_uncertainty")

    assert wording.proposal(need, Role.SALES_REP) == (
        f"It sounds like the real need behind this is demand uncertainty: {need.definition} "
        "Is that right?"
    )
    assert wording.confirmed(need, Role.SALES_REP) == (
        "Thank you! Noted; we have a standard answer for that: collaborative planning."
    )
    assert wording.summary([("Shorter lead time", need), ("Smaller orders", None)], Role.SALES_REP)[
        0
    ] == (
        "Here is what I understood:\n"
        "- Shorter lead time → real need: Demand uncertainty → standard solution: "
        "Collaborative planning (logistics)\n"
        "- Smaller orders → real need still open"
    )


def test_the_customers_summary_gives_each_wish_with_its_reason_or_says_it_is_open(
    taxonomy: Taxonomy,
) -> None:
    closed = [
        ("Shorter lead time", taxonomy.need("demand_uncertainty")),
        ("Smaller orders", None),
        (wording.DIRECT_NEED, taxonomy.need("admin_burden")),
    ]

    assert wording.summary(closed, Role.CUSTOMER) == [
        "Here is what I understood:\n"
        "- Shorter lead time, because your demand is hard to predict\n"
        "- Smaller orders: the reason is still open\n"
        "- Ordering and paperwork take too much of your time",
        "Thank you for your time!",
    ]


def test_need_buttons_explain_each_need_to_a_customer_and_name_it_to_a_rep(
    taxonomy: Taxonomy,
) -> None:
    offered = ["storage_constraint", "capital_constraint"]

    for_customer = buttons.needs(taxonomy, offered, Role.CUSTOMER)
    for_rep = buttons.needs(taxonomy, offered, Role.SALES_REP)

    assert [(b.title, b.explanation) for b in for_customer[:-1]] == [
        (taxonomy.need(c).customer_label, taxonomy.need(c).customer_explanation) for c in offered
    ]
    assert [(b.title, b.explanation) for b in for_rep[:-1]] == [
        (taxonomy.need(c).label, "") for c in offered
    ]
    assert [b.payload for b in for_customer] == [b.payload for b in for_rep]
    assert for_customer[-1] == for_rep[-1] == buttons.NONE_OF_THESE


def test_buttons_shown_again_after_a_pause_follow_the_role(taxonomy: Taxonomy) -> None:
    offered = ["storage_constraint", "capital_constraint"]
    customer = DialogueState(role=Role.CUSTOMER, phase=Phase.OFFER, offered=offered)
    rep = DialogueState(role=Role.SALES_REP, phase=Phase.OFFER, offered=offered)

    assert buttons.pending(customer, taxonomy)[0].title == "You are short of storage space"
    assert buttons.pending(rep, taxonomy)[0].title == "Storage constraint"


def test_an_invited_customer_is_greeted_in_their_companys_name() -> None:
    invited = wording.opening(Role.CUSTOMER, "Nordic Bakeries", asked=[])
    unnamed = wording.opening(Role.CUSTOMER, None, asked=[])

    assert invited.startswith("Hello! Thank you for taking part on behalf of Nordic Bakeries.")
    assert invited.endswith(unnamed.removeprefix("Hello! "))
    assert "Nordic" not in wording.opening(Role.CUSTOMER, "Nordic Bakeries", asked=["Which?"])


def test_the_chat_pages_welcome_is_no_twin_of_the_interviews_first_turn() -> None:
    invited = wording.welcome(invited=True, customer="Nordic Bakeries")

    assert "on behalf of Nordic Bakeries" in invited
    assert invited != wording.opening(Role.CUSTOMER, "Nordic Bakeries", asked=[])
    assert wording.welcome(invited=False) != wording.ASK_ROLE
    assert wording.welcome(invited=True).startswith("Welcome! I'd like to understand")


@pytest.mark.parametrize("said", [wording, wording_da], ids=["en", "da"])
def test_the_need_list_is_asked_in_other_words_for_each_later_wish(said):
    asked: list[str] = []
    for _ in range(3):
        asked.append(said.which_need(asked))

    assert len(set(asked)) == 3


@pytest.mark.parametrize("said", [wording, wording_da], ids=["en", "da"])
def test_something_said_earlier_too_long_to_quote_is_asked_about_without_a_quote(said):
    for question in (said.also_said(None), said.said_earlier(None)):
        assert "“" not in question and "None" not in question and question.endswith("?")
