"""The customer brief and its Markdown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assistant.errors import UnknownCustomer
from assistant.needs.results import Candidate
from assistant.reports import brief, render_markdown
from assistant.store.models import LadderStep
from tests.assistant.reports.conftest import parameter

QUOTE = "We need the goods within 48 hours of ordering."
EVIDENCE = "Our sales jump around every week and the forecast is always wrong."


@pytest.fixture
def customer(factory):
    f = factory
    customer = f.customer(name="Bakery Rossi", industry="food", region="north", size="small")
    first = f.interview(customer, started_at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    f.wish(
        first,
        "shorter_lead_time",
        [("storage_constraint", "rejected"), ("demand_uncertainty", "confirmed", EVIDENCE, 0.87)],
        text=QUOTE,
        parameters=[parameter("duration", "48 hours", {"hours": 48})],
    )
    later = f.interview(customer, started_at=datetime(2025, 4, 2, 15, tzinfo=UTC))
    f.wish(
        later,
        "exact_delivery_time",
        [(None, "unresolved")],
        candidates=[Candidate("receiving_window", 0.4)],
    )
    return customer


def test_brief_explains_each_wish(session, taxonomy, customer):
    result = brief(session, taxonomy, customer.id)

    assert (result.customer.name, result.customer.industry) == ("Bakery Rossi", "food")
    assert result.interviews == 2
    assert result.last_interview_at == datetime(2025, 4, 2, 15, tzinfo=UTC)
    lead, slot = result.wishes
    assert (lead.code, lead.label, lead.quote) == ("shorter_lead_time", "Shorter lead time", QUOTE)
    assert [(p.kind, p.text, p.value) for p in lead.parameters] == [
        ("duration", "48 hours", {"hours": 48})
    ]
    assert lead.need is not None
    assert (lead.need.label, lead.need.evidence, lead.need.confidence) == (
        "Demand uncertainty",
        EVIDENCE,
        0.87,
    )
    assert lead.need.solution is not None
    assert (lead.need.solution.label, lead.need.solution.lever) == (
        "Collaborative planning",
        "logistics",
    )
    assert lead.need.alternatives == taxonomy.need("demand_uncertainty").alternatives
    assert lead.need.confirmed_by == "Confirmed by the customer on 1 Mar 2025"
    assert (lead.source.role, lead.source.at) == ("customer", datetime(2025, 3, 1, 9, tzinfo=UTC))
    assert [n.label for n in lead.rejected] == ["Storage constraint"]
    assert lead.open_question is None
    assert slot.need is None and slot.open_question is not None
    assert [c.code for c in slot.open_question.candidates] == [
        "receiving_window",  # suggested by an answer, before the wish's typical needs
        "planning_visibility",
    ]
    assert slot.open_question.question == (
        "Why does the customer want exact delivery time? "
        "Candidates: receiving window, planning visibility."
    )
    assert result.open_questions == (slot.open_question,)


def test_an_open_question_suggests_no_need_an_answer_ruled_out(session, taxonomy, factory):
    f = factory
    customer = f.customer(name="Harbour Ferries")
    f.wish(
        f.interview(customer),
        "exact_delivery_time",
        [(None, "unresolved")],
        candidates=[Candidate("planning_visibility", 0.4)],
        ruled_out=["receiving_window"],  # "the gate is open all day, so it's not that"
    )

    (slot,) = brief(session, taxonomy, customer.id).wishes

    assert slot.open_question is not None
    assert [c.code for c in slot.open_question.candidates] == ["planning_visibility"]
    (step,) = session.scalars(select(LadderStep)).all()
    assert step.ruled_out == ["receiving_window"]


def test_markdown_brief_holds_what_the_salesperson_needs(session, taxonomy, customer):
    text = render_markdown(brief(session, taxonomy, customer.id))
    trade = taxonomy.need("demand_uncertainty").alternatives[0].text

    for expected in (
        "# Customer brief: Bakery Rossi",
        "| food | north | small | 2 | 2025-04-02 |",
        "## Negotiation summary",
        "1 need confirmed by the customer; 1 open question.",
        "1. **Demand uncertainty** (behind: shorter lead time). "
        "Confirmed by the customer on 1 Mar 2025.",
        "   - Offer first: **Collaborative planning**: "
        "a shared rolling forecast with a regular review cadence",
        f"   - Trade: {trade}",
        "### Questions to ask",
        f"> {QUOTE}",
        'duration "48 hours"',
        "**Real need:** Demand uncertainty (Confirmed by the customer on 1 Mar 2025)",
        EVIDENCE,
        "**Standard solution:** Collaborative planning (lever: logistics)",
        f"- {trade}",
        "**Rejected needs:** Storage constraint",
        "Why does the customer want exact delivery time?",
    ):
        assert expected in text, expected
    assert "confidence" not in text and "87%" not in text  # a person confirmed it


def test_brief_of_a_customer_without_interviews(session, taxonomy, factory):
    customer = factory.customer()

    result = brief(session, taxonomy, customer.id)

    assert (result.interviews, result.last_interview_at, result.wishes) == (0, None, ())
    assert result.summary.headline == "Nothing recorded for this customer yet."
    assert "No wishes recorded yet." in render_markdown(result)


def test_brief_of_an_unknown_customer_fails(session, taxonomy):
    with pytest.raises(UnknownCustomer, match="No customer with id 4242"):
        brief(session, taxonomy, 4242)


def test_markdown_brief_escapes_what_people_typed(session, taxonomy, factory):
    customer = factory.customer(name="Acme | Co\n# Owned")
    hostile = "we need it\n# Big heading\n<script>alert(1)</script> | col **bold**"
    factory.wish(
        factory.interview(customer),
        "shorter_lead_time",
        [("demand_uncertainty", "confirmed", "sales *jump*\n## evidence <b>", 0.9)],
        text=hostile,
    )

    text = render_markdown(brief(session, taxonomy, customer.id))

    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        r"# Customer brief: Acme \| Co \# Owned",
        "## Negotiation summary",
        "### Top needs",
        "### Talking points",
        "## 1. Shorter lead time (`shorter_lead_time`)",
    ]
    assert "<script>" not in text and "<b>" not in text and "&lt;script&gt;" in text
    (row,) = [line for line in text.splitlines() if line.startswith("| Acme")]
    assert row.count("|") - row.count(r"\|") == 7  # still seven cells' borders
    assert "> \\# Big heading" in text  # the quote keeps its lines, inert
