"""Interviews: what each conversation recorded."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Path

from api.deps import InterviewsDep
from api.schemas import InterviewPublic

router = APIRouter(tags=["interviews"])


@router.get(
    "/interviews/{conversation_id}",
    response_model=InterviewPublic,
    responses={404: {"description": "No interview has this conversation id."}},
)
def read_interview(
    interviews: InterviewsDep,
    conversation_id: str = Path(min_length=1, max_length=200),
) -> InterviewPublic:
    """One interview with its turns in order."""
    return InterviewPublic.model_validate(asdict(interviews.get_interview(conversation_id)))
