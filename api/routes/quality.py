"""Interview quality over many interviews, with the interview list's filters."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from api.deps import AUTH_RESPONSES, DbDep, InterviewFilterDep, ReaderDep
from api.schemas import QualitySummaryPublic
from assistant.reports.quality_store import quality_summary

router = APIRouter(tags=["reports"], responses=AUTH_RESPONSES)


@router.get("/quality", response_model=QualitySummaryPublic)
def summary(db: DbDep, _: ReaderDep, where: InterviewFilterDep) -> QualitySummaryPublic:
    """Interview quality pooled over the interviews selected as in `GET /interviews` (all
    of them by default, empty ones too): outcomes, confirmation rate, unresolved share,
    wrong proposals, probes until confirmation, answer length and informativeness, the
    bot's repetition rate, duration."""
    return QualitySummaryPublic.of(quality_summary(db, where, datetime.now(UTC)))
