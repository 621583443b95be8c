"""The segment rule on a hand-built dataset: shared profiles, subset joining, ties, the rest."""

from __future__ import annotations

import pytest

from assistant.reports import segments
from assistant.reports.segments import group_profiles

D, S, R, A = "demand_uncertainty", "storage_constraint", "receiving_window", "admin_burden"
C, H = "capital_constraint", "handling_constraint"


@pytest.fixture
def people(factory):
    """Customers named by the role they play in the rule; see the expectations below."""
    f = factory
    split = f.customer()  # {D, S} confirmed in two different interviews
    f.wish(f.interview(split), "shorter_lead_time", [(D, "confirmed")])
    f.wish(f.interview(split), "smaller_orders", [(C, "rejected"), (S, "confirmed")])
    nothing = f.customer()  # only rejected and unresolved findings
    f.wish(f.interview(nothing), "urgent_orders", [(D, "rejected"), (None, "unresolved")])
    anonymous = f.interview(None)  # counts for no customer
    f.wish(anonymous, "urgent_orders", [(H, "confirmed")])
    return {
        "d": [f.customer_with_needs(D) for _ in range(2)],
        "s": [f.customer_with_needs(S) for _ in range(2)],
        "ds": [f.customer_with_needs(D, S) for _ in range(2)] + [split],
        "dsc": f.customer_with_needs(D, S, C),  # joins D+S, the largest subset
        "dc": f.customer_with_needs(D, C),  # only D fits
        "r": [f.customer_with_needs(R) for _ in range(3)],
        "dr": f.customer_with_needs(D, R),  # D and R tie on size: R has more customers
        "a": [f.customer_with_needs(A) for _ in range(2)],
        "ad": f.customer_with_needs(A, D),  # A and D tie on size and customers: id order
        "h": f.customer_with_needs(H),  # no segment fits: individual
        "nothing": nothing,
        "silent": f.customer(),  # no interview at all
    }


def ids(customers):
    return sorted(c.id for c in customers)


def test_segments_follow_the_rule(session, taxonomy, people):
    report = segments(session, taxonomy)

    found = {s.id: s for s in report.segments}
    assert [s.id for s in report.segments] == [
        f"{D}+{S}",  # 4 customers, then ids alphabetically
        R,  # 4
        A,  # 3
        D,  # 3
        S,  # 2
    ]
    assert ids(found[f"{D}+{S}"].customers) == ids([*people["ds"], people["dsc"]])
    assert ids(found[D].customers) == ids([*people["d"], people["dc"]])
    assert ids(found[R].customers) == ids([*people["r"], people["dr"]])
    assert ids(found[A].customers) == ids([*people["a"], people["ad"]])
    assert ids(found[S].customers) == ids(people["s"])
    assert (found[f"{D}+{S}"].size, found[f"{D}+{S}"].core_size) == (4, 3)
    assert [(i.customer.id, [n.code for n in i.needs]) for i in report.individual] == [
        (people["h"].id, [H])
    ]
    assert report.individual_count == 1
    assert ids(report.unsegmented) == ids([people["nothing"], people["silent"]])
    assert report.unsegmented_count == 2
    assert report.customers == sum(len(v) if isinstance(v, list) else 1 for v in people.values())


def test_segment_names_needs_and_standard_package(session, taxonomy, people):
    segment = next(s for s in segments(session, taxonomy).segments if s.id == f"{D}+{S}")

    assert segment.name == "Demand uncertainty + Storage constraint"
    assert [n.code for n in segment.needs] == [D, S]
    assert [(p.code, p.label, p.lever) for p in segment.package] == [
        ("collaborative_planning", "Collaborative planning", "logistics"),
        ("scheduled_replenishment", "Scheduled replenishment", "logistics"),
    ]


def test_min_size_changes_the_segments(session, taxonomy, people):
    report = segments(session, taxonomy, min_size=3)

    assert [(s.id, s.size) for s in report.segments] == [(f"{D}+{S}", 4), (R, 4)]
    individual = [*people["d"], *people["s"], people["dc"], *people["a"], people["ad"]]
    assert ids(i.customer for i in report.individual) == ids([*individual, people["h"]])

    every_profile = segments(session, taxonomy, min_size=1)
    assert f"{C}+{D}+{S}" in {s.id for s in every_profile.segments}
    assert every_profile.individual == ()


def test_customer_lists_are_capped_but_counts_exact(session, taxonomy, people):
    report = segments(session, taxonomy, limit=1)

    assert all(len(s.customers) == 1 for s in report.segments)
    assert [s.size for s in report.segments] == [4, 4, 3, 3, 2]
    assert len(report.unsegmented) == 1 and report.unsegmented_count == 2


def test_no_confirmed_needs_leaves_everyone_unsegmented(session, taxonomy, factory):
    lonely = factory.customer()

    report = segments(session, taxonomy)

    assert report.segments == () and report.individual == ()
    assert [c.id for c in report.unsegmented] == [lonely.id]


def test_min_size_below_one_is_refused():
    with pytest.raises(ValueError, match="min_size"):
        group_profiles({}, 0)
