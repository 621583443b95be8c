"""Reports: needs overview, need-based segments, complexity, and customer negotiation briefs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import (
    AUTH_RESPONSES,
    CUSTOMER_NOT_FOUND,
    CustomerId,
    CustomerIdFilter,
    DbDep,
    ReaderDep,
)
from api.language import LanguageDep
from assistant import reports
from assistant.taxonomy import load_taxonomy

router = APIRouter(tags=["reports"], responses=AUTH_RESPONSES)

IncludeEmpty = Annotated[
    bool,
    Query(
        description="Also count interviews without any need finding (greetings, wishes "
        "stated and left), which are left out by default."
    ),
]
MinSize = Annotated[
    int,
    Query(ge=1, le=100_000, description="Fewest customers a need profile needs to be a segment."),
]


@router.get("/needs/overview", response_model=reports.Overview, responses=CUSTOMER_NOT_FOUND)
def needs_overview(
    db: DbDep,
    _: ReaderDep,
    by: Literal["industry", "region", "size"] | None = None,
    customer_id: CustomerIdFilter = None,
    include_empty: IncludeEmpty = False,
) -> reports.Overview:
    """Counts per need and per wish, and which wishes hid which needs; per attribute if asked."""
    return reports.needs_overview(db, by=by, customer_id=customer_id, include_empty=include_empty)


@router.get("/segments", response_model=reports.SegmentReport)
def segments(
    db: DbDep,
    _: ReaderDep,
    min_size: MinSize = 2,
    limit: Annotated[int, Query(ge=0, le=1000, description="Customers listed per segment.")] = 100,
) -> reports.SegmentReport:
    """Customers grouped by their confirmed needs; each segment with its standard package.

    Rule: a customer's profile is the set of needs confirmed for them. Each profile shared
    by at least `min_size` customers is a segment. A rarer profile joins the segment whose
    needs are the largest subset of it (ties: bigger segment, then id); with no such segment
    the customer is individual. Customers without confirmed needs are unsegmented.
    """
    return reports.segments(db, load_taxonomy(), min_size=min_size, limit=limit)


@router.get("/complexity", response_model=reports.ComplexityReport)
def complexity(
    db: DbDep, _: ReaderDep, min_size: MinSize = 2, include_empty: IncludeEmpty = False
) -> reports.ComplexityReport:
    """Distinct individual wishes against real needs and standard solutions, overall and per
    segment: the "from N special arrangements to M standard solutions" figure."""
    return reports.complexity(db, load_taxonomy(), min_size=min_size, include_empty=include_empty)


@router.get(
    "/customers/{customer_id}/brief", response_model=reports.Brief, responses=CUSTOMER_NOT_FOUND
)
def brief(
    db: DbDep,
    _: ReaderDep,
    customer_id: CustomerId,
    language: LanguageDep,
    response: Response,
    include_empty: IncludeEmpty = False,
) -> reports.Brief:
    """The negotiation brief: a summary (top needs with who confirmed them and when, what to
    offer first, what to trade, talking points, open questions), then each wish with its
    quote, real need, solution and alternatives. In English or Danish (`lang`, else
    `Accept-Language`); quotes and evidence as the people said them."""
    response.headers.update(language.headers)
    return reports.brief(
        db, load_taxonomy(), customer_id, include_empty=include_empty, language=language.code
    )


@router.get(
    "/customers/{customer_id}/brief.md",
    response_class=Response,
    responses={**CUSTOMER_NOT_FOUND, 200: {"content": {"text/markdown": {}}}},
)
def brief_markdown(
    db: DbDep,
    _: ReaderDep,
    customer_id: CustomerId,
    language: LanguageDep,
    include_empty: IncludeEmpty = False,
) -> Response:
    """The negotiation brief as a Markdown file to download, in English or Danish (`lang`,
    else `Accept-Language`)."""
    brief = reports.brief(
        db, load_taxonomy(), customer_id, include_empty=include_empty, language=language.code
    )
    suffix = "" if language.code == "en" else f"-{language.code}"
    return Response(
        reports.render_markdown(brief),
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="brief-{customer_id}{suffix}.md"',
            **language.headers,
        },
    )
