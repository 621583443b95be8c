"""Needs overview: wish and need counts, wish -> need flows, grouped by customer attribute."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownCustomer
from assistant.reports import Flow, NeedCount, WishCount, needs_overview

D, S, Y = "demand_uncertainty", "storage_constraint", "supply_reliability"


@pytest.fixture
def food(factory):
    f = factory
    food = f.customer(industry="food")
    interview = f.interview(food)
    f.wish(interview, "shorter_lead_time", [(S, "rejected"), (D, "confirmed")])
    f.wish(interview, "exact_delivery_time", [(None, "unresolved")])
    other = f.customer(industry=None)
    f.wish(f.interview(other), "shorter_lead_time", [(D, "confirmed")])
    f.wish(f.interview(None), "urgent_orders", [(Y, "confirmed")])  # no customer
    return food


def test_overview_counts_wishes_needs_and_flows(session, food):
    [group] = needs_overview(session).groups

    assert group.value is None
    assert group.wishes == (
        WishCount("shorter_lead_time", wishes=2, customers=2, confirmed=2, unresolved=0),
        WishCount("exact_delivery_time", wishes=1, customers=1, confirmed=0, unresolved=1),
        WishCount("urgent_orders", wishes=1, customers=0, confirmed=1, unresolved=0),
    )
    assert set(group.needs) == {
        NeedCount(D, confirmed=2, customers=2, rejected=0, unresolved=0),
        NeedCount(Y, confirmed=1, customers=0, rejected=0, unresolved=0),
        NeedCount(S, confirmed=0, customers=0, rejected=1, unresolved=0),
        NeedCount(None, confirmed=0, customers=0, rejected=0, unresolved=1),
    }
    assert group.needs[0].code == D
    assert group.flows == (Flow("shorter_lead_time", D, 2), Flow("urgent_orders", Y, 1))
    assert group.unresolved_wishes == 1


def test_overview_by_customer_attribute_has_a_null_group(session, food):
    overview = needs_overview(session, by="industry")

    assert [g.value for g in overview.groups] == ["food", None]
    food_group, none_group = overview.groups
    assert [(w.code, w.wishes) for w in food_group.wishes] == [
        ("exact_delivery_time", 1),
        ("shorter_lead_time", 1),
    ]
    assert food_group.unresolved_wishes == 1
    # The interview without a customer has no attribute: it is not in the null group.
    assert [(w.code, w.wishes) for w in none_group.wishes] == [("shorter_lead_time", 1)]
    assert none_group.flows == (Flow("shorter_lead_time", D, 1),)


def test_overview_of_one_customer(session, food):
    [group] = needs_overview(session, customer_id=food.id).groups

    assert [w.code for w in group.wishes] == ["exact_delivery_time", "shorter_lead_time"]
    assert group.flows == (Flow("shorter_lead_time", D, 1),)


def test_overview_of_an_unknown_customer_fails(session, food):
    with pytest.raises(UnknownCustomer):
        needs_overview(session, customer_id=food.id + 1000)


def test_overview_refuses_an_unknown_grouping(session):
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        needs_overview(session, by="colour")
