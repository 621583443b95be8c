"""The figure Needfinder exists for: from N special arrangements to M standard solutions.

- individual_wishes: distinct (wish code, parameter signature) pairs over the stated wishes
  (the stored `wish.signature`, see `assistant.store.signature`): "lead time 48 h" and
  "lead time 24 h" count twice, the same 48 h stated by two customers once. Wishes without
  a recognised code are left out.
- real_needs: distinct needs confirmed (codes the taxonomy knows).
- standard_solutions: distinct solutions of those needs (from the taxonomy).

Overall figures cover every counted interview, with or without a customer; per-segment
figures cover the wishes and confirmed needs of the segment's customers (joiners included, so
a segment's needs may exceed its package). Wishes of uncounted interviews (no need finding in
them; see `assistant.store.interviews`) are left out unless `include_empty`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, exists, func, literal, select, true, union_all
from sqlalchemy.orm import Session

from assistant.reports.records import StandardSolution, standard_solution
from assistant.reports.segments import (
    Grouping,
    customer_segments,
    group_profiles,
    profile_counts,
    segment_id,
)
from assistant.store.models import FindingStatus, NeedFinding, Wish
from assistant.taxonomy import Taxonomy

__all__ = ["Complexity", "ComplexityReport", "SegmentComplexity", "complexity"]


@dataclass(frozen=True)
class Complexity:
    individual_wishes: int
    real_needs: int
    standard_solutions: int
    needs: tuple[str, ...]  # the confirmed need codes, sorted
    solutions: tuple[StandardSolution, ...]  # their standard solutions, by need code
    headline: str  # "From 1,234 special arrangements to 6 standard solutions."


@dataclass(frozen=True)
class SegmentComplexity:
    segment: str  # the segment id (see assistant.reports.segments)
    name: str
    customers: int
    complexity: Complexity


@dataclass(frozen=True)
class ComplexityReport:
    min_size: int
    overall: Complexity
    segments: tuple[SegmentComplexity, ...]  # in the order of segments(): biggest first


def complexity(
    session: Session, taxonomy: Taxonomy, *, min_size: int = 2, include_empty: bool = False
) -> ComplexityReport:
    """Special arrangements against standard solutions, overall and per segment."""
    grouping = group_profiles(profile_counts(session, taxonomy), min_size)
    overall_needs = _confirmed_needs(session, taxonomy)
    counted: ColumnElement[bool] = true() if include_empty else Wish.counted.expression
    per_segment = _arrangements(session, taxonomy, grouping, counted)
    overall_wishes = session.scalar(
        select(func.count()).select_from(
            select(Wish.code, Wish.signature)
            .where(Wish.code.is_not(None), counted)
            .distinct()
            .subquery()
        )
    )
    found = []
    for i, segment in enumerate(grouping.segments):
        members = [p for p, s in grouping.assignment.items() if s == segment]
        needs = set().union(*members)
        found.append(
            SegmentComplexity(
                segment=segment_id(segment),
                name=" + ".join(taxonomy.need(c).label for c in sorted(segment)),
                customers=grouping.size(segment),
                complexity=_figures(taxonomy, per_segment.get(i, 0), needs),
            )
        )
    return ComplexityReport(
        min_size=min_size,
        overall=_figures(taxonomy, overall_wishes or 0, overall_needs),
        segments=tuple(found),
    )


def _confirmed_needs(session: Session, taxonomy: Taxonomy) -> set[str]:
    """The taxonomy's needs confirmed at least once: one EXISTS (an index probe) per need."""
    confirmed = (
        select(literal(code, String)).where(
            exists().where(NeedFinding.code == code, NeedFinding.status == FindingStatus.CONFIRMED)
        )
        for code in taxonomy.need_codes
    )
    return set(session.scalars(union_all(*confirmed)))


def _arrangements(
    session: Session, taxonomy: Taxonomy, grouping: Grouping, counted: ColumnElement[bool]
) -> dict[int, int]:
    """Distinct (code, signature) pairs per segment number (wishes of segmented customers)."""
    segments = customer_segments(taxonomy, grouping)  # the segment once per customer
    pairs = (
        select(segments.c.segment, Wish.code, Wish.signature)
        .join(segments, segments.c.customer_id == Wish.customer_id)
        .where(Wish.code.is_not(None), counted)
        .distinct()
        .subquery("arrangements")
    )
    counts = select(pairs.c.segment, func.count()).group_by(pairs.c.segment)
    return {number: count for number, count in session.execute(counts)}


def _figures(taxonomy: Taxonomy, wishes: int, needs: set[str]) -> Complexity:
    codes = tuple(sorted(needs))
    solutions = tuple(s for c in codes if (s := standard_solution(taxonomy, c)))
    distinct_solutions = len({s.code for s in solutions})
    return Complexity(
        individual_wishes=wishes,
        real_needs=len(codes),
        standard_solutions=distinct_solutions,
        needs=codes,
        solutions=solutions,
        headline=(
            f"From {wishes:,} special arrangement{'s' * (wishes != 1)} to "
            f"{distinct_solutions:,} standard solution{'s' * (distinct_solutions != 1)}."
        ),
    )
