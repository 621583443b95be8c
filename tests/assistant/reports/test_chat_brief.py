"""The brief as a chat message for a rep, and a customer's segment, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assistant.errors import UnknownCustomer
from assistant.interview.vocabulary import Role
from assistant.needs.results import Candidate
from assistant.reports.chat_brief import (
    Confirmation,
    chat_brief,
    customer_segment,
    render_chat_brief,
    render_segment,
)


def on(day: int, month: int = 3) -> datetime:
    return datetime(2025, month, day, 9, tzinfo=UTC)


@pytest.fixture
def rossi(factory):
    """Three interviews: the customer's own, a rep's (U42), and a rep's without a name."""
    f = factory
    customer = f.customer(
        external_id="ROSSI-1", name="Bakery Rossi", industry="food", region="north", size="small"
    )
    own = f.interview(customer, started_at=on(1))
    own.role = Role.CUSTOMER
    f.wish(own, "smaller_orders", [("storage_constraint", "confirmed")])
    f.wish(own, "more_frequent_deliveries", [("storage_constraint", "confirmed")])
    f.wish(
        own,
        "urgent_orders",
        [("demand_uncertainty", "rejected"), (None, "unresolved")],
        candidates=[Candidate("supply_reliability", 0.4)],
    )
    rep = f.interview(customer, started_at=on(5))
    rep.role, rep.interviewer = Role.SALES_REP, "U42"
    f.wish(rep, "exact_delivery_time", [("receiving_window", "confirmed")])
    f.wish(rep, "smaller_orders", [("storage_constraint", "confirmed")])
    anonymous = f.interview(customer, started_at=on(9))
    anonymous.role = Role.SALES_REP
    f.wish(anonymous, "shorter_lead_time", [("demand_uncertainty", "confirmed")])
    f.session.flush()
    return customer


def test_needs_are_ranked_by_backing_then_by_the_customer_s_own_word(session, taxonomy, rossi):
    summary = chat_brief(session, taxonomy, rossi.id)

    assert [(n.need.code, n.backing) for n in summary.needs] == [
        ("storage_constraint", 3),
        # one wish each: the first stated first (neither was confirmed by the customer)
        ("receiving_window", 1),
        ("demand_uncertainty", 1),
    ]
    storage = summary.needs[0]
    assert storage.confirmations == (
        Confirmation(True, None, date(2025, 3, 1)),
        Confirmation(True, None, date(2025, 3, 1)),
        Confirmation(False, "U42", date(2025, 3, 5)),
    )
    assert storage.wishes == (
        taxonomy.wish_label("smaller_orders"),
        taxonomy.wish_label("more_frequent_deliveries"),
    )
    assert summary.interviews == 3 and len(summary.open_questions) == 1


def test_summary_lines_say_who_confirmed_what_to_offer_trade_and_ask(session, taxonomy, rossi):
    lines = render_chat_brief(chat_brief(session, taxonomy, rossi.id))

    t = taxonomy
    storage, window, demand = (
        t.need("storage_constraint"),
        t.need("receiving_window"),
        t.need("demand_uncertainty"),
    )
    question = chat_brief(session, taxonomy, rossi.id).open_questions[0].question
    assert lines == [
        "Brief: Bakery Rossi (ROSSI-1) · food · north · small",
        "3 interviews, the last on 2025-03-09.",
        "Top needs:",
        f"1. {storage.label} (behind 3 wishes: {t.wish_label('smaller_orders').lower()}, "
        f"{t.wish_label('more_frequent_deliveries').lower()}): confirmed by the customer 2 times, "
        "last on 2025-03-01; stated by a sales rep (U42) on 2025-03-05.",
        f"2. {window.label} (behind 1 wish: {t.wish_label('exact_delivery_time').lower()}): "
        "stated by a sales rep (U42) on 2025-03-05.",
        f"3. {demand.label} (behind 1 wish: {t.wish_label('shorter_lead_time').lower()}): "
        "stated by a sales rep on 2025-03-09.",
        "Offer first:",
        f"• {storage.solution.label} ({storage.lever}), for {storage.label.lower()}",
        f"• {window.solution.label} ({window.lever}), for {window.label.lower()}",
        f"• {demand.solution.label} ({demand.lever}), for {demand.label.lower()}",
        "What to trade:",
        *[
            f"• {a.text}"
            for a in (*storage.alternatives, *window.alternatives, *demand.alternatives)
        ],
        "Open questions (1):",
        f"• {question}",
    ]
    # The rejected need is no candidate of the open question; the ladder's guess is.
    assert demand.label.lower() not in question and "supply reliability" in question.lower()


def test_only_the_top_needs_and_questions_are_listed_with_a_count_of_the_rest(
    session, taxonomy, factory
):
    customer = factory.customer(name="Many Needs", industry=None, region=None, size=None)
    interview = factory.interview(customer, started_at=on(2))
    for need in ["storage_constraint", "receiving_window", "demand_uncertainty"]:
        factory.wish(interview, "smaller_orders", [(need, "confirmed")])
    for _ in range(4):
        factory.wish(interview, "urgent_orders", [(None, "unresolved")])

    lines = render_chat_brief(chat_brief(session, taxonomy, customer.id), top=2, questions=3)

    assert lines[0] == f"Brief: Many Needs ({customer.external_id})"
    assert "   … and 1 more in the full brief." in lines
    assert lines[lines.index("Open questions (4):") + 4] == "• … and 1 more in the full brief."
    assert sum(line.startswith(("1. ", "2. ", "3. ")) for line in lines) == 2


def test_a_long_quote_is_cut_at_a_word(session, taxonomy, factory):
    customer = factory.customer()
    interview = factory.interview(customer)
    words = "we would like the lorry to come only when the moon is full and the wind is calm"
    factory.wish(interview, None, [(None, "unresolved")], text=words * 3)

    lines = render_chat_brief(chat_brief(session, taxonomy, customer.id))

    question = lines[-1]
    assert question.endswith("…") and len(question) <= 2 + 160
    assert question.removesuffix("…").split()[-1] in words.split()


def test_a_customer_without_interviews_or_confirmed_needs(session, taxonomy, factory):
    new = factory.customer(name="New Co")
    assert render_chat_brief(chat_brief(session, taxonomy, new.id))[1:] == [
        "No interviews with this customer yet."
    ]
    open_only = factory.customer(name="Open Co")
    # Closed unresolved: a finding, so the interview counts (an empty one would not).
    factory.wish(
        factory.interview(open_only, started_at=on(3)), "urgent_orders", [(None, "unresolved")]
    )

    lines = render_chat_brief(chat_brief(session, taxonomy, open_only.id))

    assert lines[1:4] == ["1 interview, the last on 2025-03-03.", "No need confirmed yet.",
                          "Open questions (1):"]  # fmt: skip


def test_unknown_customer_fails(session, taxonomy):
    with pytest.raises(UnknownCustomer):
        chat_brief(session, taxonomy, 10**9)
    with pytest.raises(UnknownCustomer):
        customer_segment(session, taxonomy, 10**9)


def test_segment_of_a_member_an_individual_and_a_customer_without_needs(session, taxonomy, factory):
    f = factory
    members = [f.customer_with_needs("storage_constraint", "receiving_window") for _ in range(2)]
    joiner = f.customer_with_needs("storage_constraint", "receiving_window", "capital_constraint")
    loner = f.customer_with_needs("supply_reliability")
    nothing = f.customer(name="Quiet Co")

    place = customer_segment(session, taxonomy, joiner.id)

    window, storage = taxonomy.need("receiving_window"), taxonomy.need("storage_constraint")
    assert (place.segment, place.size) == (f"{window.label} + {storage.label}", 3)
    assert [s.label for s in place.package] == [window.solution.label, storage.solution.label]
    assert render_segment(place) == [
        f"{joiner.name} is in the segment {window.label} + {storage.label} (3 customers).",
        "Its needs: "
        + ", ".join(taxonomy.need_label(c).lower() for c in taxonomy.need_codes
                    if c in {"storage_constraint", "receiving_window", "capital_constraint"})
        + ".",
        f"Standard package: {window.solution.label} ({window.lever}), "
        f"{storage.solution.label} ({storage.lever}).",
    ]  # fmt: skip
    assert customer_segment(session, taxonomy, members[0].id).segment == place.segment
    reliability = taxonomy.need_label("supply_reliability").lower()
    assert render_segment(customer_segment(session, taxonomy, loner.id)) == [
        f"{loner.name}'s needs ({reliability}) fit no segment of 2 or more customers: "
        "an individual customer."
    ]
    assert render_segment(customer_segment(session, taxonomy, nothing.id)) == [
        "No need is confirmed for Quiet Co yet, so it is in no segment."
    ]
