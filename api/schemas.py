"""Response schemas of the HTTP API (separate from the database models)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Role
from assistant.reports.quality import ABANDONED_AFTER, InterviewFigures, QualitySummary
from assistant.reports.quality_store import MeasuredInterview
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
    "InterviewQualityPublic",
    "InterviewSummary",
    "InterviewsPublic",
    "InvitationPublic",
    "KeyCreate",
    "KeyIssued",
    "KeyPublic",
    "ProbeCountPublic",
    "QualitySummaryPublic",
    "TurnPublic",
    "WishQualityPublic",
]

# The languages interviews speak (assistant.interview.language.LANGUAGES; a test holds them equal).
Language = Literal["en", "da"]
LANGUAGE_DOC = (
    "The language the customer speaks: en or da; null while not known. An invitation's "
    "interview speaks it from the first message."
)
INTERVIEW_LANGUAGE_DOC = (
    "The language the interview is held in (en or da); it follows a switch. Null only for an "
    "interview recorded, before languages were stored, without a dialogue state."
)


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
    language: Language | None = Field(None, description=INTERVIEW_LANGUAGE_DOC)


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
    language: Language | None = Field(None, description=LANGUAGE_DOC)


class CustomerUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    external_id: Name | None = None
    name: Name | None = None
    industry: Attr | None = None
    region: Attr | None = None
    size: Size | None = None
    language: Language | None = Field(None, description=LANGUAGE_DOC + " Null forgets it.")


class CustomerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    name: str
    industry: str | None
    region: str | None
    size: str | None
    language: Language | None = Field(description=LANGUAGE_DOC)
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
    language: Language | None = Field(None, description=INTERVIEW_LANGUAGE_DOC)


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


class _Figures(BaseModel):
    """Quality figures that one interview and a summary of several share."""

    wishes: int
    confirmed: int = Field(description="Wishes whose need the person confirmed.")
    unresolved: int = Field(description="Wishes closed without a need.")
    open: int = Field(description="Wishes still asked about, or left when the interview stopped.")
    confirmation_rate: float | None = Field(description="confirmed / wishes (null: no wish).")
    unresolved_share: float | None = Field(description="unresolved / wishes.")
    wrong_proposals: int = Field(description="Needs proposed and rejected by the person.")
    probes_to_confirmation_mean: float | None = Field(
        description="Probes (the bot's why-questions) before a need was confirmed, per "
        "confirmed wish."
    )
    probes_to_confirmation_median: float | None
    answers: int = Field(description="The person's typed messages (button clicks excluded).")
    answer_words: int
    answer_bits: float = Field(
        description="Informativeness: the sum over the answers' words of log2(1 / word "
        "frequency), frequencies from wordfreq's large English list (floor 1e-8)."
    )
    words_per_answer: float | None
    bits_per_answer: float | None
    bot_utterances: int
    repeated_bot_utterances: int = Field(
        description="Bot messages that repeat an earlier one of the same interview verbatim."
    )
    repetition_rate: float | None = Field(description="repeated_bot_utterances / bot_utterances.")


def _figures_of(source: InterviewFigures | QualitySummary) -> dict[str, Any]:
    return {name: getattr(source, name) for name in _Figures.model_fields}


class WishQualityPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    code: str | None
    need: str | None = Field(description="The confirmed need, if any.")
    outcome: Literal["confirmed", "unresolved", "open"]
    probes: int = Field(description="Why-questions asked for this wish.")
    wrong_proposals: int


class InterviewQualityPublic(_Figures):
    conversation_id: str
    number: int
    customer: str | None
    role: Role | None
    started_at: datetime
    status: InterviewStatus
    outcome: Literal["completed", "paused", "abandoned", "in_progress"] = Field(
        description="abandoned: in progress, and no message for abandoned_after_hours."
    )
    first_turn_at: datetime | None
    last_turn_at: datetime | None
    duration_seconds: float | None = Field(description="From the first to the last message.")
    per_wish: list[WishQualityPublic]
    stored: bool = Field(
        description="False when no current stored row existed and the figures were computed "
        "on reading (`needfinder db upgrade` stores them)."
    )
    abandoned_after_hours: float

    @classmethod
    def of(cls, measured: MeasuredInterview, now: datetime) -> InterviewQualityPublic:
        """The measured interview's figures, its outcome as of `now`."""
        f = measured.figures
        return cls(
            **_figures_of(f),
            conversation_id=measured.conversation_id,
            number=measured.number,
            customer=measured.customer,
            role=measured.role,
            started_at=measured.started_at,
            status=f.status,
            outcome=f.outcome(now).value,
            first_turn_at=f.first_turn_at,
            last_turn_at=f.last_turn_at,
            duration_seconds=f.duration_seconds,
            per_wish=[WishQualityPublic.model_validate(w) for w in f.wish_figures],
            stored=measured.stored,
            abandoned_after_hours=ABANDONED_AFTER.total_seconds() / 3600,
        )


class ProbeCountPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    probes: int
    wishes: int


class QualitySummaryPublic(_Figures):
    interviews: int
    completed: int
    paused: int
    abandoned: int
    in_progress: int
    wrong_proposals_per_interview: float | None
    probe_counts: list[ProbeCountPublic] = Field(
        description="Confirmed wishes by the number of probes asked before confirmation."
    )
    median_duration_seconds: float | None = Field(description="Of completed interviews.")
    abandoned_after_hours: float

    @classmethod
    def of(cls, summary: QualitySummary) -> QualitySummaryPublic:
        return cls(
            **_figures_of(summary),
            interviews=summary.interviews,
            completed=summary.completed,
            paused=summary.paused,
            abandoned=summary.abandoned,
            in_progress=summary.in_progress,
            wrong_proposals_per_interview=summary.wrong_proposals_per_interview,
            probe_counts=[ProbeCountPublic.model_validate(p) for p in summary.probe_counts],
            median_duration_seconds=summary.median_duration_seconds,
            abandoned_after_hours=ABANDONED_AFTER.total_seconds() / 3600,
        )
