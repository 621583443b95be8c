"""The negotiation summary on top of a brief: needs with who confirmed them, offers, trades,
talking points and open questions, on the real databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.errors import UnknownCustomer
from assistant.interview.vocabulary import Role
from assistant.needs.results import Candidate
from assistant.reports import brief, brief_summary
from assistant.reports.summary import TOP_NEEDS, day
from tests.assistant.reports.conftest import parameter

D, R, Y, S = "demand_uncertainty", "receiving_window", "supply_reliability", "storage_constraint"
MAR_1, APR_2, APR_5, APR_9 = (
    datetime(2025, 3, 1, 9, tzinfo=UTC),
    datetime(2025, 4, 2, 15, tzinfo=UTC),
    datetime(2025, 4, 5, 10, tzinfo=UTC),
    datetime(2025, 4, 9, 11, tzinfo=UTC),
)
SALES_JUMP = "Our sales jump around every week and the forecast is always wrong."
DOCK = "The dock is only staffed from six to ten in the morning."
RAN_OUT = "They ran out twice last winter and the line stopped."


@pytest.fixture
def rossi(factory):
    """The customer confirmed one need and rejected another; a rep stated two more, one of
    which the customer rejected later; one wish is still open."""
    f = factory
    customer = f.customer(name="Bakery Rossi")
    own = f.interview(customer, started_at=MAR_1, role=Role.CUSTOMER)
    f.wish(
        own,
        "shorter_lead_time",
        [(S, "rejected"), (D, "confirmed", SALES_JUMP, 0.23)],
        text="We need the goods within 48 hours.",
        parameters=[parameter("duration", "48 hours", {"hours": 48})],
    )
    rep = f.interview(customer, started_at=APR_5, role=Role.SALES_REP, interviewer="U07")
    f.wish(rep, "exact_delivery_time", [(R, "confirmed", DOCK, 0.9)])
    f.wish(rep, "urgent_orders", [(Y, "confirmed", RAN_OUT, 0.8)])
    later = f.interview(customer, started_at=APR_9, role=Role.CUSTOMER)
    f.wish(later, "urgent_orders", [(Y, "rejected"), (None, "unresolved")],
           candidates=[Candidate(D, 0.4)])  # fmt: skip
    return customer


def test_needs_the_customer_confirmed_come_first_with_who_and_when(session, taxonomy, rossi):
    summary = brief_summary(session, taxonomy, rossi.id)

    assert [n.code for n in summary.needs] == [D, R, Y]
    demand, slot, supply = summary.needs
    assert demand.confirmed_by_customer and not slot.confirmed_by_customer
    assert demand.confirmed_by == "Confirmed by the customer on 1 Mar 2025"
    assert slot.confirmed_by == "Stated by sales rep U07 on 5 Apr 2025"
    (confirmation,) = demand.confirmations
    assert (confirmation.role, confirmation.at, confirmation.wish, confirmation.evidence) == (
        Role.CUSTOMER,
        MAR_1,
        "Shorter lead time",
        SALES_JUMP,
    )
    assert demand.wishes == ("Shorter lead time",)
    # What to offer first and what to trade come from the taxonomy.
    need = taxonomy.need(D)
    assert demand.offer is not None
    assert (demand.offer.label, demand.offer.definition) == (
        need.solution.label,
        need.solution.definition,
    )
    assert [(t.offer, t.instead_of) for t in demand.trades] == [
        (a.offer, a.instead_of) for a in need.alternatives
    ]
    assert summary.offer_first == demand.offer
    assert summary.top_needs == summary.needs[:TOP_NEEDS]
    assert summary.headline == (
        "1 need confirmed by the customer, 2 needs stated by a sales rep only; 3 open questions."
    )


def test_no_confidence_is_shown_for_what_a_person_confirmed(session, taxonomy, rossi):
    summary = brief_summary(session, taxonomy, rossi.id)

    texts = [summary.headline, *summary.talking_points]
    texts += [q.question for q in summary.open_questions]
    texts += [n.confirmed_by for n in summary.needs]
    assert not [t for t in texts if "%" in t or "confidence" in t]


def test_open_questions_ask_why_check_rep_statements_and_name_conflicts(session, taxonomy, rossi):
    summary = brief_summary(session, taxonomy, rossi.id)

    why, check, conflict = summary.open_questions
    assert (why.kind, why.wish) == ("why", "Urgent orders")
    assert why.question.startswith("Why does the customer want urgent orders?")
    assert why.candidates[0].code == D
    assert (check.kind, check.question) == (
        "check",
        "Check with the customer: is receiving window the reason behind their wish for "
        "exact delivery time? Stated by sales rep U07 on 5 Apr 2025, not yet confirmed by "
        "the customer.",
    )
    assert (conflict.kind, conflict.question) == (
        "conflict",
        "The customer rejected supply reliability as the reason for urgent orders on "
        "9 Apr 2025, but sales rep U07 stated it on 5 Apr 2025: ask which it is before "
        "offering safety stock agreement.",
    )


def test_talking_points_give_the_wish_the_reason_in_their_words_and_what_not_to_pitch(
    session, taxonomy, rossi
):
    points = brief_summary(session, taxonomy, rossi.id).talking_points

    assert points[0] == (
        f"They ask for shorter lead time (48 hours); the reason is demand uncertainty (in "
        f"their words: “{SALES_JUMP}”). Lead with collaborative planning."
    )
    assert points[1].endswith("Not yet confirmed by the customer.")  # a rep's word only
    assert "as the rep put it" in points[1]
    assert points[-1] == (
        "Not storage constraint: the customer said it is not why they want shorter lead "
        "time, so do not lead with scheduled replenishment."
    )


def test_a_need_behind_more_wishes_ranks_higher(session, taxonomy, factory):
    customer = factory.customer()
    first = factory.interview(customer, started_at=APR_9)
    factory.wish(first, "exact_delivery_time", [(R, "confirmed")])
    second = factory.interview(customer, started_at=MAR_1)
    factory.wish(second, "shorter_lead_time", [(D, "confirmed")])
    factory.wish(second, "urgent_orders", [(D, "confirmed")])

    summary = brief_summary(session, taxonomy, customer.id)

    assert [n.code for n in summary.needs] == [D, R]  # two wishes beat the more recent one
    assert summary.needs[0].wishes == ("Shorter lead time", "Urgent orders")


def test_long_evidence_is_cut_at_a_sentence_not_mid_word(session, taxonomy, factory):
    customer = factory.customer()
    long = "We sell a lot more when it is hot. " * 3 + "x" * 200
    factory.wish(factory.interview(customer), "shorter_lead_time", [(D, "confirmed", long, 0.9)])

    (point,) = brief_summary(session, taxonomy, customer.id).talking_points

    assert "“We sell a lot more when it is hot. We sell a lot more when it is hot." in point
    assert " …”" in point and "xxx" not in point


def test_the_summary_is_the_briefs_own(session, taxonomy, rossi):
    assert brief(session, taxonomy, rossi.id).summary == brief_summary(session, taxonomy, rossi.id)


def test_summary_of_a_customer_without_anything(session, taxonomy, factory):
    summary = brief_summary(session, taxonomy, factory.customer().id)

    assert (summary.needs, summary.talking_points, summary.open_questions) == ((), (), ())
    assert summary.headline == "Nothing recorded for this customer yet."
    assert summary.offer_first is None


def test_summary_of_an_unknown_customer_fails(session, taxonomy):
    with pytest.raises(UnknownCustomer):
        brief_summary(session, taxonomy, 4242)


def test_dates_read_as_people_write_them():
    assert day(datetime(2025, 3, 1, 23, 59, tzinfo=UTC)) == "1 Mar 2025"
