"""From N special arrangements to M standard solutions."""

from __future__ import annotations

from assistant.reports import complexity
from tests.assistant.reports.conftest import parameter

D, S, C = "demand_uncertainty", "storage_constraint", "capital_constraint"


def test_arrangements_count_distinct_code_and_parameters(session, taxonomy, factory):
    f = factory
    one, two, three = f.customer(), f.customer(), f.customer()
    h48 = parameter("duration", "48 hours", {"hours": 48}, start=10)
    f.wish(f.interview(one), "shorter_lead_time", [(D, "confirmed")], parameters=[h48])
    # The same 48 h from another customer, other wording and offsets: the same arrangement.
    same = parameter("duration", "48h", {"hours": 48}, start=0)
    f.wish(f.interview(two), "shorter_lead_time", [(D, "confirmed")], parameters=[same])
    f.wish(f.interview(three), "shorter_lead_time", [(S, "confirmed")],
           parameters=[parameter("duration", "24 hours", {"hours": 24})])  # fmt: skip
    f.wish(f.interview(three), "shorter_lead_time", [(S, "rejected")])  # no parameters
    # Without a value, the lower-cased text decides.
    for text in ("Next Day", "next day"):
        f.wish(f.interview(one), "urgent_orders", [(C, "confirmed")],
               parameters=[parameter("duration", text, {})])  # fmt: skip
    # Order of parameters and of keys inside a value do not matter.
    pair = [parameter("frequency", "x", {"times": 2, "per": "week"}), h48]
    f.wish(f.interview(two), "more_frequent_deliveries", [(S, "unresolved")], parameters=pair)
    swapped = [same, parameter("frequency", "y", {"per": "week", "times": 2})]
    f.wish(f.interview(None), "more_frequent_deliveries", [], parameters=swapped)
    f.wish(f.interview(None), None, [(D, "confirmed")])  # unclassified: not an arrangement

    overall = complexity(session, taxonomy).overall

    assert overall.individual_wishes == 5  # slt 48h, slt 24h, slt plain, urgent next day, mfd
    assert overall.needs == (C, D, S)
    assert overall.real_needs == 3
    assert overall.standard_solutions == 3
    assert [s.code for s in overall.solutions] == [
        "stock_financing",
        "collaborative_planning",
        "scheduled_replenishment",
    ]
    assert overall.headline == "From 5 special arrangements to 3 standard solutions."


def test_complexity_per_segment(session, taxonomy, factory):
    f = factory
    for hours in (24, 48, 48):
        customer = f.customer()
        f.wish(f.interview(customer), "shorter_lead_time", [(D, "confirmed")],
               parameters=[parameter("duration", f"{hours} hours", {"hours": hours})])  # fmt: skip
    joiner = f.customer()  # {D, C}: joins the D segment, bringing its extra need
    f.wish(f.interview(joiner), "longer_payment_terms", [(C, "confirmed")])
    f.wish(f.interview(joiner), "shorter_lead_time", [(D, "confirmed")])
    f.customer_with_needs(S)  # alone: individual, in no segment

    report = complexity(session, taxonomy)

    [segment] = report.segments
    assert (segment.segment, segment.name, segment.customers) == (D, "Demand uncertainty", 4)
    assert segment.complexity.individual_wishes == 4  # 24 h, 48 h, plain lead time, terms
    assert segment.complexity.needs == (C, D)
    assert segment.complexity.standard_solutions == 2
    assert report.overall.real_needs == 3
    assert complexity(session, taxonomy, min_size=5).segments == ()
