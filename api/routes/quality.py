"""Interview quality over many interviews, with the interview list's filters."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from api.deps import AUTH_RESPONSES, CustomerIdFilter, DbDep, IsoDateTime, ReaderDep
from api.schemas import QualitySummaryPublic
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.reports.quality_store import quality_summary
from assistant.store.interviews import InterviewFilter

router = APIRouter(tags=["reports"], responses=AUTH_RESPONSES)


@router.get("/quality", response_model=QualitySummaryPublic)
def summary(
    db: DbDep,
    _: ReaderDep,
    customer_id: CustomerIdFilter = None,
    status: InterviewStatus | None = None,
    role: Role | None = None,
    started_from: IsoDateTime | None = None,
    started_to: IsoDateTime | None = None,
    claimed: bool | None = None,
    counted: bool | None = None,
) -> QualitySummaryPublic:
    """Interview quality pooled over the interviews selected as in `GET /interviews` (all
    of them by default, empty ones too): outcomes, confirmation rate, unresolved share,
    wrong proposals, probes until confirmation, answer length and informativeness, the
    bot's repetition rate, duration."""
    where = InterviewFilter(
        customer_id, status, role, started_from, started_to, claimed, counted=counted
    )
    return QualitySummaryPublic.of(quality_summary(db, where, datetime.now(UTC)))
