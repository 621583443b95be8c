"""Interview quality figures in the database: written with every turn, read per interview,
listed, and summarised over a filtered set of interviews.

Each turn adds itself to its interview's rows in the turn's transaction (`add_turn`), so
an interview's row always matches its turns and wishes; `save_quality` measures an
interview whole. `refresh` writes the rows that are missing (interviews recorded before
the table existed) or were computed by an older definition (`VERSION`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload, sessionmaker

from assistant.errors import UnknownInterview
from assistant.interview.state import WishState
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.reports.quality import (
    ABANDONED_AFTER,
    InterviewFigures,
    ProbeCount,
    QualitySummary,
    WishFigures,
    WishOutcome,
    answer_figures,
    interview_figures,
    measure,
    wish_figures,
)
from assistant.store.db import transaction
from assistant.store.interviews import InterviewFilter, filter_conditions, record_of
from assistant.store.models import (
    Interview,
    InterviewQuality,
    Speaker,
    Turn,
    Wish,
    WishQuality,
    table,
)

__all__ = [
    "VERSION",
    "MeasuredInterview",
    "add_turn",
    "interview_quality",
    "list_quality",
    "quality_summary",
    "refresh",
    "save_quality",
]

# The definition of the figures. Raise it when `measure` changes what it computes (or the
# word list changes); `refresh` then recomputes every stored row.
VERSION = 1
REFRESH_BATCH = 200


@dataclass(frozen=True)
class MeasuredInterview:
    """An interview with its quality figures; `stored` is False when they were computed on
    reading because no current row existed yet."""

    conversation_id: str
    number: int
    customer: str | None
    role: Role | None
    started_at: datetime
    figures: InterviewFigures
    stored: bool = True


def save_quality(session: Session, interview: Interview) -> InterviewFigures:
    """Measure the interview as it stands in `session` and write its quality rows."""
    figures = measure(record_of(interview))
    row = _row(session, interview.id)
    if row is None:
        row = InterviewQuality(interview_id=interview.id)
        session.add(row)
    row.version = VERSION
    row.answers, row.answer_words = figures.answers, figures.answer_words
    row.answer_bits = figures.answer_bits
    row.bot_utterances = figures.bot_utterances
    row.repeated_bot_utterances = figures.repeated_bot_utterances
    row.first_turn_at, row.last_turn_at = figures.first_turn_at, figures.last_turn_at
    row.duration_seconds = figures.duration_seconds
    _write_wishes(row, figures.wish_figures)
    return figures


def add_turn(
    session: Session,
    interview: Interview,
    *,
    seq: int,
    typed: str,
    replies: Sequence[str],
    at: datetime,
    wishes: Sequence[WishState],
) -> None:
    """Add the turn just recorded (the person's `typed` message at `seq`, then the bot's
    `replies`, all at `at`; the interview's `wishes` after it) to the interview's quality
    rows: what `save_quality` would measure from the whole record, without reading it. An
    interview without a current row is measured whole."""
    # Read and written with statements built once, on the tables: building a statement, or
    # the ORM's unit of work, costs more than running it, and every turn runs these.
    connection = session.connection()
    row = connection.execute(_QUALITY, {"interview_id": interview.id}).one_or_none()
    if row is None or row.version != VERSION or row.first_turn_at is None:
        save_quality(session, interview)
        return
    said = [text.strip() for text in replies]
    seen = {  # the replies said before in the interview (as stored, or trimmed)
        text.strip()
        for text in connection.scalars(
            _SAID_BEFORE,
            {"interview_id": interview.id, "seq": seq, "texts": sorted({*said, *replies})},
        )
    }
    repeated = 0
    for text in said:  # as `measure`: every utterance said before in the interview
        repeated += text in seen
        seen.add(text)
    answers, answer_words, answer_bits = answer_figures(typed)
    connection.execute(
        _ADD_TO_QUALITY,
        {
            "of_interview": interview.id,
            "add_answers": answers,
            "add_words": answer_words,
            "add_bits": answer_bits,
            "add_said": len(said),
            "add_repeated": repeated,
            "at": at,
            "duration": (at - row.first_turn_at).total_seconds(),
        },
    )
    _update_wishes(connection, interview.id, [wish_figures(i, w) for i, w in enumerate(wishes)])


_QUALITY_TABLE, _WISH_TABLE, _TURNS = table(InterviewQuality), table(WishQuality), table(Turn)
_QUALITY = select(_QUALITY_TABLE.c.version, _QUALITY_TABLE.c.first_turn_at).where(
    _QUALITY_TABLE.c.interview_id == bindparam("interview_id")
)
_SAID_BEFORE = select(_TURNS.c.text).where(
    _TURNS.c.interview_id == bindparam("interview_id"),
    _TURNS.c.speaker == Speaker.BOT,
    _TURNS.c.seq < bindparam("seq"),
    _TURNS.c.text.in_(bindparam("texts", expanding=True)),
)
_ADD_TO_QUALITY = (  # bound names differ from the columns': SQLAlchemy reserves those
    update(_QUALITY_TABLE)
    .where(_QUALITY_TABLE.c.interview_id == bindparam("of_interview"))
    .values(
        answers=_QUALITY_TABLE.c.answers + bindparam("add_answers", type_=Integer),
        answer_words=_QUALITY_TABLE.c.answer_words + bindparam("add_words", type_=Integer),
        answer_bits=_QUALITY_TABLE.c.answer_bits + bindparam("add_bits", type_=Float),
        bot_utterances=_QUALITY_TABLE.c.bot_utterances + bindparam("add_said", type_=Integer),
        repeated_bot_utterances=_QUALITY_TABLE.c.repeated_bot_utterances
        + bindparam("add_repeated", type_=Integer),
        last_turn_at=bindparam("at"),
        duration_seconds=bindparam("duration"),
    )
)
_WISH_COLUMNS = ("code", "need", "outcome", "probes", "wrong_proposals")


def _wish_values(wish: WishFigures) -> dict[str, Any]:
    """A wish's figures as its row's columns (`_WISH_COLUMNS`)."""
    return {
        "code": wish.code,
        "need": wish.need,
        "outcome": wish.outcome.value,
        "probes": wish.probes,
        "wrong_proposals": wish.wrong_proposals,
    }


_WISH_FIGURES = select(
    _WISH_TABLE.c.position, *(_WISH_TABLE.c[name] for name in _WISH_COLUMNS)
).where(_WISH_TABLE.c.interview_id == bindparam("interview_id"))
_UPDATE_WISH = update(_WISH_TABLE).where(  # SET: the columns the parameters name
    _WISH_TABLE.c.interview_id == bindparam("of_interview"),
    _WISH_TABLE.c.position == bindparam("at_position"),
)
_INSERT_WISHES = insert(_WISH_TABLE)
_DELETE_WISHES = delete(_WISH_TABLE).where(
    _WISH_TABLE.c.interview_id == bindparam("interview_id"),
    _WISH_TABLE.c.position.in_(bindparam("positions", expanding=True)),
)


def _update_wishes(connection: Connection, interview_id: int, figures: list[WishFigures]) -> None:
    """The wish rows of an interview brought to `figures` by position: rows that changed are
    updated (most turns change one wish or none), new ones inserted, those of positions gone
    deleted."""
    stored = {
        r.position: tuple(r[1:])
        for r in connection.execute(_WISH_FIGURES, {"interview_id": interview_id})
    }
    new = []
    for wish in figures:
        columns = _wish_values(wish)
        if wish.position not in stored:
            new.append({"interview_id": interview_id, "position": wish.position, **columns})
        elif stored[wish.position] != tuple(columns[name] for name in _WISH_COLUMNS):
            connection.execute(
                _UPDATE_WISH,
                {"of_interview": interview_id, "at_position": wish.position, **columns},
            )
    if new:
        connection.execute(_INSERT_WISHES, new)
    if gone := [position for position in stored if position >= len(figures)]:
        connection.execute(_DELETE_WISHES, {"interview_id": interview_id, "positions": gone})


def _row(session: Session, interview_id: int) -> InterviewQuality | None:
    """The interview's quality row with its wishes' rows, in one statement."""
    return (
        session.execute(
            select(InterviewQuality)
            .where(InterviewQuality.interview_id == interview_id)
            .options(joinedload(InterviewQuality.wishes))
        )
        .unique()
        .scalar_one_or_none()
    )


def _write_wishes(row: InterviewQuality, figures: Sequence[WishFigures]) -> None:
    """The rows of the wishes' figures: updated in place by position (most turns change one
    wish or none), and rows of positions gone deleted as orphans."""
    rows = {w.position: w for w in row.wishes}
    row.wishes = [_wish_row(rows.get(w.position), w) for w in figures]


def _wish_row(row: WishQuality | None, wish: WishFigures) -> WishQuality:
    row = row or WishQuality(position=wish.position)
    for name, value in _wish_values(wish).items():
        setattr(row, name, value)
    return row


def _figures(row: InterviewQuality, status: InterviewStatus) -> InterviewFigures:
    return interview_figures(
        status,
        (
            WishFigures(
                w.position, w.code, w.need, WishOutcome(w.outcome), w.probes, w.wrong_proposals
            )  # fmt: skip
            for w in row.wishes
        ),
        answers=row.answers,
        answer_words=row.answer_words,
        answer_bits=row.answer_bits,
        bot_utterances=row.bot_utterances,
        repeated_bot_utterances=row.repeated_bot_utterances,
        first_turn_at=row.first_turn_at,
        last_turn_at=row.last_turn_at,
    )


def _measured(interview: Interview, row: InterviewQuality | None) -> MeasuredInterview:
    if row is not None and row.version == VERSION:
        figures, stored = _figures(row, interview.status), True
    else:
        figures, stored = measure(record_of(interview)), False
    return MeasuredInterview(
        conversation_id=interview.conversation_id,
        number=interview.number,
        customer=interview.customer.name if interview.customer else None,
        role=interview.role,
        started_at=interview.started_at,
        figures=figures,
        stored=stored,
    )


def interview_quality(session: Session, conversation_id: str) -> MeasuredInterview:
    """The quality of the conversation's latest interview; `UnknownInterview` if none.

    Read from its row; measured on the spot (and not written: this is a read) when the row
    is missing or out of date.
    """
    found = session.execute(
        select(Interview, InterviewQuality)
        .outerjoin(InterviewQuality, InterviewQuality.interview_id == Interview.id)
        .where(Interview.conversation_id == conversation_id)
        .order_by(Interview.number.desc())
        .limit(1)
        .options(selectinload(Interview.customer), selectinload(InterviewQuality.wishes))
    ).first()
    if found is None:
        raise UnknownInterview(f"No interview with conversation id {conversation_id!r}.")
    return _measured(*found)


def quality_summary(session: Session, where: InterviewFilter, now: datetime) -> QualitySummary:
    """The pooled quality of the interviews `where` selects (those with a stored row):
    what `summarise` gives for their figures, aggregated in SQL."""
    chosen = filter_conditions(where)
    selected = [*chosen, Interview.id == InterviewQuality.interview_id]
    completed = Interview.status == InterviewStatus.COMPLETED
    paused = Interview.status == InterviewStatus.PAUSED
    silent = or_(  # as InterviewFigures.outcome
        InterviewQuality.last_turn_at.is_(None),
        InterviewQuality.last_turn_at < now - ABANDONED_AFTER,
    )
    q = InterviewQuality
    sums = [q.answers, q.answer_words, q.answer_bits, q.bot_utterances, q.repeated_bot_utterances]
    interviews, done, stopped, abandoned, *totals = session.execute(
        select(
            func.count(),
            func.count().filter(completed),
            func.count().filter(paused),
            func.count().filter(Interview.status == InterviewStatus.IN_PROGRESS, silent),
            *(func.coalesce(func.sum(column), 0) for column in sums),
        ).where(*selected)
    ).one()
    answers, answer_words, answer_bits, bot_utterances, repeated = totals
    wishes = {
        outcome: (n, wrong)
        for outcome, n, wrong in session.execute(
            select(WishQuality.outcome, func.count(), func.sum(WishQuality.wrong_proposals))
            .where(*chosen, WishQuality.interview_id == Interview.id)
            .group_by(WishQuality.outcome)
        )
    }
    probes = session.execute(
        select(WishQuality.probes, func.count())
        .where(*chosen, WishQuality.interview_id == Interview.id)
        .where(WishQuality.outcome == WishOutcome.CONFIRMED)
        .group_by(WishQuality.probes)
        .order_by(WishQuality.probes)
    ).all()
    return QualitySummary(
        interviews=interviews,
        completed=done,
        paused=stopped,
        abandoned=abandoned,
        in_progress=interviews - done - stopped - abandoned,
        median_duration_seconds=_median(session, q.duration_seconds, [*selected, completed]),
        wishes=sum(n for n, _ in wishes.values()),
        confirmed=wishes.get(WishOutcome.CONFIRMED, (0, 0))[0],
        unresolved=wishes.get(WishOutcome.UNRESOLVED, (0, 0))[0],
        wrong_proposals=sum(wrong for _, wrong in wishes.values()),
        probe_counts=tuple(ProbeCount(p, n) for p, n in probes),
        answers=answers,
        answer_words=answer_words,
        answer_bits=float(answer_bits),
        bot_utterances=bot_utterances,
        repeated_bot_utterances=repeated,
    )


def _median(
    session: Session, column: InstrumentedAttribute[float | None], where: list[Any]
) -> float | None:
    """The median of the column's values where `where` holds, sorted by the database (the
    middle one or two rows) rather than fetched whole."""
    where = [*where, column.is_not(None)]
    n = session.scalar(select(func.count()).where(*where)) or 0
    if not n:
        return None
    middle = session.scalars(
        select(column).where(*where).order_by(column).offset((n - 1) // 2).limit(2 - n % 2)
    ).all()
    return sum(m for m in middle if m is not None) / len(middle)


def list_quality(
    session: Session, where: InterviewFilter, *, limit: int, offset: int
) -> tuple[list[MeasuredInterview], int]:
    """One page of measured interviews, newest first, and how many there are."""
    query = (
        select(Interview, InterviewQuality)
        .join(InterviewQuality, InterviewQuality.interview_id == Interview.id)
        .where(*filter_conditions(where))
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Interview.started_at.desc(), Interview.id.desc())
        .limit(limit)
        .offset(offset)
        .options(selectinload(Interview.customer), selectinload(InterviewQuality.wishes))
    ).all()
    return [_measured(interview, row) for interview, row in rows], total


def refresh(sessions: sessionmaker[Session]) -> int:
    """Write the quality rows that are missing or out of date, a batch per transaction;
    how many were written."""
    written = 0
    while True:
        with transaction(sessions) as session:
            interviews = session.scalars(
                select(Interview)
                .outerjoin(InterviewQuality, InterviewQuality.interview_id == Interview.id)
                .where(or_(InterviewQuality.version.is_(None), InterviewQuality.version != VERSION))
                .order_by(Interview.id)
                .limit(REFRESH_BATCH)
                .options(
                    selectinload(Interview.turns),
                    selectinload(Interview.customer),
                    selectinload(Interview.wishes).selectinload(Wish.ladder),
                    selectinload(Interview.wishes).selectinload(Wish.findings),
                )
            ).all()
            for interview in interviews:
                save_quality(session, interview)
        written += len(interviews)
        if len(interviews) < REFRESH_BATCH:
            return written
