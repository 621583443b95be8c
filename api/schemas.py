"""Response schemas of the HTTP API (separate from the database models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

__all__ = ["ComponentHealth", "Health", "InterviewPublic", "TurnPublic"]


class ComponentHealth(BaseModel):
    status: Literal["up", "down"]
    detail: str | None = None


class Health(BaseModel):
    status: Literal["up", "down"]
    database: ComponentHealth
    rasa: ComponentHealth
    action_server: ComponentHealth


class TurnPublic(BaseModel):
    seq: int
    speaker: Literal["user", "bot"]
    text: str
    channel: str
    created_at: datetime


class CandidatePublic(BaseModel):
    code: str
    confidence: float
    evidence: str | None = None


class LadderStepPublic(BaseModel):
    probe: str
    question: str
    answer: str | None
    candidates: list[CandidatePublic]


class NeedPublic(BaseModel):
    code: str | None
    status: Literal["confirmed", "unresolved"]
    confidence: float
    evidence: str


class WishPublic(BaseModel):
    code: str | None
    text: str
    parameters: list[dict[str, Any]]
    need: NeedPublic | None
    rejected: list[str | None]
    ladder: list[LadderStepPublic]


class InterviewPublic(BaseModel):
    conversation_id: str
    number: int
    customer: str | None
    role: Literal["customer", "sales_rep"] | None
    channel: str
    interviewer: str | None
    status: Literal["in_progress", "paused", "completed"]
    started_at: datetime
    turns: list[TurnPublic]
    wishes: list[WishPublic]
