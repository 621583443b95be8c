"""Interviews: what each conversation recorded."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Path

from api.deps import SessionsDep
from api.schemas import InterviewPublic
from assistant.interviews import read_interview

router = APIRouter(tags=["interviews"])


@router.get(
    "/interviews/{conversation_id}",
    response_model=InterviewPublic,
    responses={404: {"description": "No interview has this conversation id."}},
)
def get_interview(
    sessions: SessionsDep,
    conversation_id: str = Path(min_length=1, max_length=200),
) -> InterviewPublic:
    """The conversation's latest interview: turns, wishes, ladders and needs."""
    return InterviewPublic.model_validate(asdict(read_interview(sessions, conversation_id)))
