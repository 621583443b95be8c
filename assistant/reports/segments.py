"""Customer segments: customers grouped by the needs confirmed for them.

The grouping rule (deterministic, explainable, one parameter `min_size`):

1. A customer's *need profile* is the set of needs confirmed for them across all their
   interviews (findings with status confirmed and a code the taxonomy knows).
2. Every profile shared by at least `min_size` customers is a *segment*. Its id is the
   sorted need codes joined by "+", its name the needs' labels (same order) joined by " + ".
3. A customer whose profile is rarer joins the segment whose needs are the largest subset
   of their profile. Ties go to the bigger segment (more customers with exactly its
   profile), then to the segment id in alphabetical order.
4. When no segment's needs are a subset of their profile, the customer is *individual*
   and listed with their profile.
5. Customers with no confirmed need are *unsegmented*; they are listed, never dropped.

Profiles are aggregated in SQL as bit masks (one bit per need, summed per customer) over the
`customer_need` rows, which the write path keeps equal to the customers' confirmed findings;
Python only sees the distinct profiles (at most 2**needs, i.e. 256) and their counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, Subquery, case, func, literal, select
from sqlalchemy.orm import Session

from assistant.reports.records import (
    CustomerRef,
    NeedRef,
    StandardSolution,
    need_ref,
    standard_solution,
)
from assistant.store.models import Customer, CustomerNeed
from assistant.taxonomy import Taxonomy

__all__ = [
    "Grouping",
    "IndividualCustomer",
    "Segment",
    "SegmentReport",
    "customer_profiles",
    "customer_segments",
    "group_profiles",
    "profile_counts",
    "segment_id",
    "segments",
]

Profile = frozenset[str]
INDIVIDUAL, UNSEGMENTED = -1, -2  # group numbers of the listing query besides segment indexes


@dataclass(frozen=True)
class Segment:
    """Customers sharing a need profile, and the standard service package that answers it."""

    id: str
    name: str
    needs: tuple[NeedRef, ...]
    package: tuple[StandardSolution, ...]
    size: int  # every customer in the segment (exact)
    core_size: int  # customers whose profile is exactly the segment's needs
    customers: tuple[CustomerRef, ...]  # the first `limit` by id


@dataclass(frozen=True)
class IndividualCustomer:
    """A customer whose need profile fits no segment."""

    customer: CustomerRef
    needs: tuple[NeedRef, ...]


@dataclass(frozen=True)
class SegmentReport:
    min_size: int
    customers: int  # all customers, segmented or not
    segments: tuple[Segment, ...]  # biggest first, then by id
    individual: tuple[IndividualCustomer, ...]  # the first `limit` by customer id
    individual_count: int
    unsegmented: tuple[CustomerRef, ...]  # the first `limit` by customer id
    unsegmented_count: int


@dataclass(frozen=True)
class Grouping:
    """The outcome of the rule: segments and the segment (or None) of every profile."""

    segments: tuple[Profile, ...]  # biggest first (customers incl. joiners), then by id
    assignment: Mapping[Profile, Profile | None]
    counts: Mapping[Profile, int]

    def size(self, segment: Profile) -> int:
        return sum(n for p, n in self.counts.items() if self.assignment[p] == segment)


def segment_id(profile: Profile) -> str:
    return "+".join(sorted(profile))


def group_profiles(counts: Mapping[Profile, int], min_size: int) -> Grouping:
    """Apply the module's rule to customers-per-profile counts (pure; no database)."""
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, not {min_size}")
    shared = [p for p, n in counts.items() if p and n >= min_size]
    assignment: dict[Profile, Profile | None] = {}
    for profile in counts:
        fits = [s for s in shared if s <= profile]
        best = min(fits, key=lambda s: (-len(s), -counts[s], segment_id(s)), default=None)
        assignment[profile] = best
    sizes = {s: sum(n for p, n in counts.items() if assignment[p] == s) for s in shared}
    ordered = tuple(sorted(shared, key=lambda s: (-sizes[s], segment_id(s))))
    return Grouping(ordered, assignment, dict(counts))


def _bit(taxonomy: Taxonomy) -> ColumnElement[int]:
    codes = taxonomy.need_codes
    return case({code: 1 << i for i, code in enumerate(codes)}, value=CustomerNeed.need_code)


def _profile(taxonomy: Taxonomy, mask: int) -> Profile:
    return frozenset(code for i, code in enumerate(taxonomy.need_codes) if mask >> i & 1)


def _mask(taxonomy: Taxonomy, profile: Profile) -> int:
    return sum(1 << i for i, code in enumerate(taxonomy.need_codes) if code in profile)


def customer_profiles(taxonomy: Taxonomy) -> Subquery:
    """(customer_id, profile bit mask) of every customer with a confirmed, known need."""
    return (
        select(CustomerNeed.customer_id, func.sum(_bit(taxonomy)).label("profile"))
        .where(CustomerNeed.need_code.in_(taxonomy.need_codes))
        .group_by(CustomerNeed.customer_id)
        .subquery("profiles")
    )


def customer_segments(taxonomy: Taxonomy, grouping: Grouping) -> Subquery:
    """(customer_id, segment number or INDIVIDUAL) of every customer with a known need."""
    profile = func.sum(_bit(taxonomy))
    return (
        select(
            CustomerNeed.customer_id,
            segment_number(taxonomy, grouping, profile).label("segment"),
        )
        .where(CustomerNeed.need_code.in_(taxonomy.need_codes))
        .group_by(CustomerNeed.customer_id)
        .subquery("segments")
    )


def profile_counts(session: Session, taxonomy: Taxonomy) -> dict[Profile, int]:
    """Customers per need profile (customers without a confirmed need are not counted)."""
    profiles = customer_profiles(taxonomy)
    rows = session.execute(
        select(profiles.c.profile, func.count()).group_by(profiles.c.profile)
    ).all()
    return {_profile(taxonomy, int(mask)): count for mask, count in rows}


def segment_number(
    taxonomy: Taxonomy, grouping: Grouping, profile_mask: ColumnElement[int]
) -> ColumnElement[int]:
    """SQL: the index of a profile's segment in `grouping.segments`, or INDIVIDUAL."""
    index = {s: i for i, s in enumerate(grouping.segments)}
    whens = {_mask(taxonomy, p): index[s] for p, s in grouping.assignment.items() if s is not None}
    if not whens:
        return literal(INDIVIDUAL, Integer)
    return case(whens, value=profile_mask, else_=INDIVIDUAL)


def segments(
    session: Session, taxonomy: Taxonomy, *, min_size: int = 2, limit: int = 100
) -> SegmentReport:
    """Group customers by need profile (see the module docstring); lists capped at `limit`."""
    grouping = group_profiles(profile_counts(session, taxonomy), min_size)
    total = session.scalar(select(func.count()).select_from(Customer)) or 0
    listed = _listing(session, taxonomy, grouping, limit)
    found = []
    for i, profile in enumerate(grouping.segments):
        codes = sorted(profile)
        needs = tuple(need_ref(taxonomy, code) for code in codes)
        found.append(
            Segment(
                id=segment_id(profile),
                name=" + ".join(need.label for need in needs),
                needs=needs,
                package=tuple(s for c in codes if (s := standard_solution(taxonomy, c))),
                size=grouping.size(profile),
                core_size=grouping.counts[profile],
                customers=tuple(ref for ref, _ in listed.get(i, [])),
            )
        )
    individual_count = sum(n for p, n in grouping.counts.items() if grouping.assignment[p] is None)
    return SegmentReport(
        min_size=min_size,
        customers=total,
        segments=tuple(found),
        individual=tuple(
            IndividualCustomer(ref, tuple(need_ref(taxonomy, c) for c in sorted(profile)))
            for ref, profile in listed.get(INDIVIDUAL, [])
        ),
        individual_count=individual_count,
        unsegmented=tuple(ref for ref, _ in listed.get(UNSEGMENTED, [])),
        unsegmented_count=total - sum(grouping.counts.values()),
    )


def _listing(
    session: Session, taxonomy: Taxonomy, grouping: Grouping, limit: int
) -> dict[int, list[tuple[CustomerRef, Profile]]]:
    """The first `limit` customers (by id) of every group, in one windowed query."""
    if limit <= 0:
        return {}
    profiles = customer_profiles(taxonomy)
    group = case(
        (profiles.c.profile.is_(None), UNSEGMENTED),
        else_=segment_number(taxonomy, grouping, profiles.c.profile),
    )
    ranked = (
        select(
            Customer.id,
            Customer.external_id,
            Customer.name,
            profiles.c.profile,
            group.label("grp"),
            func.row_number().over(partition_by=group, order_by=Customer.id).label("rank"),
        )
        .outerjoin(profiles, profiles.c.customer_id == Customer.id)
        .subquery("ranked")
    )
    rows = session.execute(
        select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.grp, ranked.c.id)
    ).all()
    listed: dict[int, list[tuple[CustomerRef, Profile]]] = {}
    for id_, external_id, name, mask, grp, _ in rows:
        profile = _profile(taxonomy, int(mask)) if mask is not None else frozenset()
        listed.setdefault(grp, []).append((CustomerRef(id_, external_id, name), profile))
    return listed
