"""Reports over the recorded interviews: needs overview, segments, complexity, customer brief.

Pure domain code over a SQLAlchemy session: aggregation happens in SQL, results are frozen
dataclasses that the API serialises. Interviews without any need finding (greetings, wishes
stated and left) are left out unless `include_empty` (see `assistant.store.interviews`).
"""

from assistant.reports.brief import (
    Brief,
    BriefNeed,
    BriefParameter,
    BriefWish,
    OpenQuestion,
    brief,
    brief_summary,
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
from assistant.reports.records import CustomerInfo, CustomerRef, NeedRef, Source, StandardSolution
from assistant.reports.segments import IndividualCustomer, Segment, SegmentReport, segments
from assistant.reports.summary import (
    BriefSummary,
    Confirmation,
    OpenPoint,
    SummaryNeed,
    Trade,
    summarise,
)

__all__ = [
    "Brief",
    "BriefNeed",
    "BriefParameter",
    "BriefSummary",
    "BriefWish",
    "Complexity",
    "ComplexityReport",
    "Confirmation",
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
    "OpenPoint",
    "OpenQuestion",
    "Overview",
    "OverviewGroup",
    "Segment",
    "SegmentComplexity",
    "SegmentMembership",
    "SegmentReport",
    "Source",
    "StandardSolution",
    "SummaryNeed",
    "Trade",
    "WishCount",
    "brief",
    "brief_summary",
    "complexity",
    "customer_facets",
    "customer_page",
    "needs_overview",
    "render_markdown",
    "segments",
    "summarise",
]
