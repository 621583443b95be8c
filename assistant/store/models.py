"""SQLAlchemy 2.0 typed ORM models of everything Needfinder records."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The interview's vocabulary, defined with the engine; re-exported for the store's users.
from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Role

__all__ = [
    "AuditEvent",
    "Base",
    "Customer",
    "CustomerNeed",
    "ErasedConversation",
    "Interview",
    "InterviewQuality",
    "InterviewStatus",
    "Role",
    "Speaker",
    "ApiKey",
    "ApiRole",
    "FindingStatus",
    "Invitation",
    "LadderStep",
    "NeedFinding",
    "Turn",
    "UTCDateTime",
    "Wish",
    "WishQuality",
    "table",
    "utcnow",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no offset by itself)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC timestamps")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table(model: type[Base]) -> Table:
    """The table a model class maps (typed as one, for statements written on tables)."""
    return cast(Table, model.__table__)


class ApiRole(enum.StrEnum):
    ADMIN = "admin"
    SALES = "sales"


class Speaker(enum.StrEnum):
    USER = "user"
    BOT = "bot"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum column stored as its string values (no native PG enum to migrate)."""
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class Customer(Base):
    __tablename__ = "customer"
    # Ids are never given again after an erasure (SQLite would reuse the highest one without
    # AUTOINCREMENT): a stale link or a repeated DELETE must not reach another customer.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[str | None] = mapped_column(String(50))
    # The language the customer speaks ("en", "da": assistant.interview.language.LANGUAGES);
    # None while not known. An invited customer is interviewed in it from the first message.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    interviews: Mapped[list[Interview]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )


class Interview(Base):
    """One interview in a conversation; "restart" begins a new one under the same id."""

    __tablename__ = "interview"
    __table_args__ = (UniqueConstraint("conversation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200))
    # 1 for the first interview of a conversation, 2 after the first "restart", ...
    number: Mapped[int] = mapped_column(Integer, default=1)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role | None] = mapped_column(_enum(Role, "role"))
    # A company name typed in an unauthenticated chat: a claim, never a customer by itself.
    claimed_customer: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(50))
    interviewer: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[InterviewStatus] = mapped_column(
        _enum(InterviewStatus, "interview_status"), default=InterviewStatus.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # At least one of its wishes has a need finding (confirmed, rejected or left unresolved):
    # only such interviews feed briefs and report totals by default. One that never got that
    # far (a greeting, a wish stated and left) is *empty* (see assistant.store.interviews).
    counted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The language the interview is held in ("en", "da"), kept with the dialogue state's
    # (`DialogueState.language`), so it follows a switch; None only for rows from before it.
    language: Mapped[str | None] = mapped_column(String(8))

    # The dialogue state between turns (assistant.interview.state.DialogueState as JSON).
    dialogue: Mapped[dict | None] = mapped_column(JSON)

    customer: Mapped[Customer | None] = relationship(back_populates="interviews")
    wishes: Mapped[list[Wish]] = relationship(
        back_populates="interview",
        order_by="Wish.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    turns: Mapped[list[Turn]] = relationship(
        back_populates="interview",
        order_by="Turn.seq",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class InterviewQuality(Base):
    """An interview's quality figures (`assistant.reports.quality`), rewritten every turn.

    `version` names the definition of the figures that wrote the row: rows of an older one
    are recomputed by `needfinder db upgrade` (`assistant.reports.quality_store.refresh`).
    """

    __tablename__ = "interview_quality"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[int] = mapped_column(Integer)
    answer_words: Mapped[int] = mapped_column(Integer)
    answer_bits: Mapped[float] = mapped_column()
    bot_utterances: Mapped[int] = mapped_column(Integer)
    repeated_bot_utterances: Mapped[int] = mapped_column(Integer)
    first_turn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_turn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # last_turn_at - first_turn_at, kept so that summaries read one number per interview
    duration_seconds: Mapped[float | None] = mapped_column()

    wishes: Mapped[list[WishQuality]] = relationship(
        order_by="WishQuality.position", cascade="all, delete-orphan", passive_deletes=True
    )


class WishQuality(Base):
    """One wish's quality figures: how it ended, the probes asked, the wrong proposals."""

    __tablename__ = "wish_quality"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview_quality.interview_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(50))
    need: Mapped[str | None] = mapped_column(String(50))  # the confirmed need
    outcome: Mapped[str] = mapped_column(String(20))  # assistant.reports.quality.WishOutcome
    probes: Mapped[int] = mapped_column(Integer)
    wrong_proposals: Mapped[int] = mapped_column(Integer)


class Turn(Base):
    """One message in an interview, from the person or from the bot."""

    __tablename__ = "turn"
    __table_args__ = (
        UniqueConstraint("interview_id", "seq"),
        # Rasa may retry an action: the same source message is recorded once.
        UniqueConstraint("interview_id", "source_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[Speaker] = mapped_column(_enum(Speaker, "speaker"))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(50))
    source_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict | None] = mapped_column(JSON)

    interview: Mapped[Interview] = relationship(back_populates="turns")


class Wish(Base):
    """A wish the person stated, with the parameters they named (e.g. 48 hours).

    `customer_id`, `signature`, `confirmed` and `counted` are copies written with the row (see
    `assistant.store.wishes.wish_row`) so that reports need neither joins to the interview
    and the findings nor JSON parsing; the indexes let SQLite answer them from the index.
    """

    __tablename__ = "wish"
    __table_args__ = (
        UniqueConstraint("interview_id", "position"),
        Index(None, "code", "signature", "counted"),
        Index(None, "code", "customer_id", "confirmed", "counted"),
        Index(None, "customer_id", "code", "signature", "counted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(50), index=True)
    text: Mapped[str] = mapped_column(Text)
    parameters: Mapped[list] = mapped_column(JSON, default=list)
    # The interview's customer when the row was written (wish rows are rewritten every turn).
    # No foreign key: the rows go with their interview, whose own foreign key cascades, and
    # SQLite could not add or drop one without copying the table.
    customer_id: Mapped[int | None] = mapped_column(Integer)
    # assistant.store.signature.parameters_signature(parameters)
    signature: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # A need was confirmed behind the wish: one of its findings is confirmed.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Its interview is counted (`Interview.counted`): the reports filter on it without a join.
    counted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="wishes")
    ladder: Mapped[list[LadderStep]] = relationship(
        back_populates="wish", order_by="LadderStep.position",
        cascade="all, delete-orphan", passive_deletes=True,
    )  # fmt: skip
    findings: Mapped[list[NeedFinding]] = relationship(
        back_populates="wish", order_by="NeedFinding.position",
        cascade="all, delete-orphan", passive_deletes=True,
    )  # fmt: skip

    @property
    def outcome(self) -> NeedFinding | None:
        """The finding that closed the wish: its last one not rejected (None while open)."""
        final = [f for f in self.findings if f.status is not FindingStatus.REJECTED]
        return final[-1] if final else None


class LadderStep(Base):
    """One "why" probe for a wish: question, answer and the need candidates it suggested."""

    __tablename__ = "ladder_step"
    __table_args__ = (UniqueConstraint("wish_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    probe: Mapped[str] = mapped_column(String(30))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    candidates: Mapped[list] = mapped_column(JSON, default=list)
    # The needs the answer ruled out ("loads of room, so it's not that"); NULL: none.
    ruled_out: Mapped[list | None] = mapped_column(JSON, nullable=True)

    wish: Mapped[Wish] = relationship(back_populates="ladder")


class NeedFinding(Base):
    """A need proposed for a wish: confirmed, rejected, or unresolved (code may be unknown).

    `wish_code` and `customer_id` are copies of the wish's, written with the row, for reports.
    """

    __tablename__ = "need_finding"
    __table_args__ = (
        UniqueConstraint("wish_id", "position"),
        Index(None, "wish_code", "code", "status", "customer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("wish.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(50), index=True)
    confidence: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[FindingStatus] = mapped_column(_enum(FindingStatus, "finding_status"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    wish_code: Mapped[str | None] = mapped_column(String(50))
    customer_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: as Wish's

    wish: Mapped[Wish] = relationship(back_populates="findings")


class CustomerNeed(Base):
    """A need confirmed for a customer, with how many confirmed findings show it.

    Derived from the findings of the customer's interviews and refreshed after every turn
    (`assistant.store.wishes.refresh_customer_needs`); the reports read need profiles here.
    """

    __tablename__ = "customer_need"

    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    need_code: Mapped[str] = mapped_column(String(50), primary_key=True)
    confirmed: Mapped[int] = mapped_column(Integer)


class Invitation(Base):
    """A link that starts a guided interview for one customer; only the token's hash is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The conversation that first used the link: the only one it opens from then on.
    conversation_id: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer: Mapped[Customer] = relationship(back_populates="invitations")


class ApiKey(Base):
    """An API key: its role and the SHA-256 of the secret (the secret itself is never stored)."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[ApiRole] = mapped_column(_enum(ApiRole, "api_role"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """One entry of the audit log: who did what to which record, and when (assistant.audit)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50), index=True)
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict | None] = mapped_column(JSON)


class ErasedConversation(Base):
    """A conversation erased on request, named by the SHA-256 of its id (never the id itself).

    A message that was under way while it was erased is then not recorded afterwards, neither
    by the turn service nor by Rasa's tracker store (assistant.store.erased). `erased_at` is
    Unix time, like the timestamps of Rasa's events it is compared with. Kept for a day.
    """

    __tablename__ = "erased_conversation"

    conversation_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[float] = mapped_column(Float)
