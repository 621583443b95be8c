"""Response schemas of the HTTP API (separate from the database models)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Role
from assistant.store.models import ApiRole

__all__ = [
    "AuditEventPublic",
    "AuditEventsPublic",
    "ComponentHealth",
    "CustomerCreate",
    "CustomerPublic",
    "CustomerUpdate",
    "CustomersPublic",
    "ErasurePublic",
    "Health",
    "ImportResult",
    "InterviewPublic",
    "InterviewSummary",
    "InterviewsPublic",
    "InvitationPublic",
    "KeyCreate",
    "KeyIssued",
    "KeyPublic",
    "TurnPublic",
]


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
    clicked: str | None = Field(
        default=None,
        description="The title of the button the person clicked, when `text` is its payload.",
    )


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
    status: Literal[FindingStatus.CONFIRMED, FindingStatus.UNRESOLVED]  # an outcome
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
    role: Role | None
    channel: str
    interviewer: str | None
    status: InterviewStatus
    started_at: datetime
    turns: list[TurnPublic]
    wishes: list[WishPublic]
    claimed_customer: str | None = Field(
        None, description="A company name typed in an anonymous chat, not yet linked or discarded."
    )
    updated_at: datetime | None = None
    counted: bool = Field(
        False, description="It has a need finding, so briefs and report totals include it."
    )
    empty: bool = Field(
        False, description="Over (completed, paused or abandoned) without any need finding."
    )
    abandoned: bool = Field(False, description="In progress, with nothing new in it for 24 hours.")


class CustomerLink(BaseModel):
    customer_id: int = Field(ge=1, le=2**31 - 1)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Attr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Size = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: Name
    name: Name
    industry: Attr | None = None
    region: Attr | None = None
    size: Size | None = None


class CustomerUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    external_id: Name | None = None
    name: Name | None = None
    industry: Attr | None = None
    region: Attr | None = None
    size: Size | None = None


class CustomerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    name: str
    industry: str | None
    region: str | None
    size: str | None
    created_at: datetime
    updated_at: datetime


class Page(BaseModel):
    count: int
    limit: int
    offset: int


class CustomersPublic(Page):
    data: list[CustomerPublic]


class ImportResult(BaseModel):
    created: int
    updated: int


class InterviewSummary(BaseModel):
    conversation_id: str
    number: int
    customer_id: int | None
    customer: str | None
    role: Role | None
    channel: str
    status: InterviewStatus
    started_at: datetime
    wishes: int
    claimed_customer: str | None = None
    interviewer: str | None = None
    updated_at: datetime | None = None
    needs: list[str] = Field(default_factory=list, description="Need codes confirmed in it.")
    counted: bool = Field(
        False, description="It has a need finding, so briefs and report totals include it."
    )
    empty: bool = Field(
        False, description="Over (completed, paused or abandoned) without any need finding."
    )
    abandoned: bool = Field(False, description="In progress, with nothing new in it for 24 hours.")


class InterviewsPublic(Page):
    data: list[InterviewSummary]


class InvitationPublic(BaseModel):
    id: int
    token: str
    url: str
    customer_id: int
    expires_at: datetime


class ErasurePublic(BaseModel):
    customer_id: int
    interviews_erased: int


class ConversationErasurePublic(BaseModel):
    conversation_id: str
    interviews_erased: int
    rasa_events_erased: int


class AuditEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str = Field(
        description="Who: the API key (id and name), the admin key from the "
        "environment, open access, or the command line with the system user."
    )
    action: str = Field(description="What, e.g. customer.erased, conversation.linked, key.revoked.")
    target: str = Field(description="Which record; an erased conversation by hash, never by id.")
    detail: dict[str, Any] | None


class AuditEventsPublic(Page):
    data: list[AuditEventPublic]


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    role: ApiRole


class KeyPublic(BaseModel):
    """An API key as listed: never its secret, only the secret's first characters."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: ApiRole
    prefix: str = Field(description="The key's first characters, to tell keys apart.")
    created_at: datetime
    revoked_at: datetime | None


class KeyIssued(BaseModel):
    """A new key: `key` is shown this once and never stored."""

    id: int
    name: str
    role: ApiRole
    key: str
    created_at: datetime
