"""Reports over the recorded interviews: needs overview, segments, complexity, customer brief.

Pure domain code over a SQLAlchemy session: aggregation happens in SQL, results are frozen
dataclasses that the API serialises.
"""

from assistant.reports.brief import (
    Brief,
    BriefNeed,
    BriefParameter,
    BriefWish,
    CustomerInfo,
    OpenQuestion,
    brief,
    render_markdown,
)
from assistant.reports.complexity import (
    Complexity,
    ComplexityReport,
    SegmentComplexity,
    complexity,
)
from assistant.reports.customer_list import (
    CustomerFacets,
    CustomerListFilter,
    CustomerPage,
    CustomerRow,
    CustomerSort,
    SegmentMembership,
    customer_facets,
    customer_page,
)
from assistant.reports.overview import (
    Flow,
    NeedCount,
    Overview,
    OverviewGroup,
    WishCount,
    needs_overview,
)
from assistant.reports.records import CustomerRef, NeedRef, StandardSolution
from assistant.reports.segments import IndividualCustomer, Segment, SegmentReport, segments

__all__ = [
    "Brief",
    "BriefNeed",
    "BriefParameter",
    "BriefWish",
    "Complexity",
    "ComplexityReport",
    "CustomerFacets",
    "CustomerInfo",
    "CustomerListFilter",
    "CustomerPage",
    "CustomerRow",
    "CustomerSort",
    "CustomerRef",
    "Flow",
    "IndividualCustomer",
    "NeedCount",
    "NeedRef",
    "OpenQuestion",
    "Overview",
    "OverviewGroup",
    "Segment",
    "SegmentComplexity",
    "SegmentMembership",
    "SegmentReport",
    "StandardSolution",
    "WishCount",
    "brief",
    "complexity",
    "customer_facets",
    "customer_page",
    "needs_overview",
    "render_markdown",
    "segments",
]
