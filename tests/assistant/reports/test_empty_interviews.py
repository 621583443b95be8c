"""Interviews without any need finding (greetings, wishes stated and left) stay out of briefs,
the needs overview and complexity unless asked for; segments never see them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.interview.vocabulary import InterviewStatus
from assistant.reports import brief, complexity, needs_overview, render_markdown, segments

D = "demand_uncertainty"


@pytest.fixture
def acme(factory):
    """One real interview, a greeting taken for a wish and left, and one still going on."""
    f = factory
    acme = f.customer(name="Acme", industry="food")
    real = f.interview(acme, started_at=datetime(2025, 3, 1, tzinfo=UTC))
    f.wish(real, "shorter_lead_time", [(D, "confirmed")], text="We need 48 hours.")
    hello = f.interview(
        acme, started_at=datetime(2025, 3, 2, tzinfo=UTC), status=InterviewStatus.IN_PROGRESS
    )
    f.wish(hello, "urgent_orders", text="Hi")
    going = f.interview(
        acme, started_at=datetime(2025, 3, 3, tzinfo=UTC), status=InterviewStatus.IN_PROGRESS
    )
    f.wish(going, "exact_delivery_time", text="Deliveries at 7 sharp")
    return acme


def test_brief_leaves_out_interviews_without_findings(session, taxonomy, acme):
    result = brief(session, taxonomy, acme.id)

    assert [w.quote for w in result.wishes] == ["We need 48 hours."]
    assert (result.interviews, result.left_out) == (1, 2)
    assert result.last_interview_at == datetime(2025, 3, 1, tzinfo=UTC)
    assert result.summary.interviews == 1 and result.summary.open_questions == ()
    text = render_markdown(result)
    assert "> Hi" not in text  # no "Urgent orders — Hi" card
    assert "Left out: 2 interviews without any need finding" in text


def test_brief_takes_them_in_when_asked(session, taxonomy, acme):
    result = brief(session, taxonomy, acme.id, include_empty=True)

    assert [w.quote for w in result.wishes] == [
        "We need 48 hours.",
        "Hi",
        "Deliveries at 7 sharp",
    ]
    assert (result.interviews, result.left_out) == (3, 0)
    assert len(result.summary.open_questions) == 2


def test_overview_counts_wishes_of_counted_interviews_only(session, acme):
    [group] = needs_overview(session).groups
    [everything] = needs_overview(session, include_empty=True).groups

    assert [(w.code, w.wishes) for w in group.wishes] == [("shorter_lead_time", 1)]
    assert {w.code for w in everything.wishes} == {
        "shorter_lead_time",
        "urgent_orders",
        "exact_delivery_time",
    }
    [food] = needs_overview(session, by="industry").groups
    assert (food.value, [w.code for w in food.wishes]) == ("food", ["shorter_lead_time"])


def test_complexity_counts_arrangements_of_counted_interviews_only(
    session, taxonomy, acme, factory
):
    other = factory.customer_with_needs(D)  # with Acme: a segment of two

    report = complexity(session, taxonomy)
    everything = complexity(session, taxonomy, include_empty=True)

    assert report.overall.individual_wishes == 1  # shorter lead time, stated twice alike
    assert everything.overall.individual_wishes == 3
    [segment] = report.segments
    assert (segment.customers, segment.complexity.individual_wishes) == (2, 1)
    assert everything.segments[0].complexity.individual_wishes == 3
    assert other.id != acme.id


def test_a_customer_with_only_empty_interviews_is_unsegmented(session, taxonomy, factory):
    customer = factory.customer()
    factory.wish(factory.interview(customer), "urgent_orders", text="Hello there")

    report = segments(session, taxonomy)

    assert [c.id for c in report.unsegmented] == [customer.id]
