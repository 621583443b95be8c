"""Interview quality, measured: how the interview went for each wish, for the person and for
the bot. Pure functions over a recorded interview (`InterviewRecord`); no database.

Per wish: the probes asked (the bot's "why" questions; the rungs a person adds after a yes
or no are theirs, not probes), whether a need was confirmed, left unresolved or is still
open, and the wrong proposals (needs proposed and rejected). Probes until confirmation are
the probes of a confirmed wish: none are asked after it.

Per interview, besides the wishes: the person's answers (every typed message; a button
click is no answer) with their length in words and informativeness in bits
(`assistant.reports.informativeness`); the bot's utterances and how many repeat an earlier
one of the same interview word for word; the time from the first to the last message; and
whether it was completed, paused, abandoned (in progress and silent for 24 hours: the rule
of `assistant.store.interviews.abandoned`, applied to the last message) or is still in
progress.

Summaries over several interviews pool what they count: the confirmation rate is confirmed
wishes over all wishes, the repetition rate repeated utterances over all utterances, words
per answer all words over all answers.
"""

from __future__ import annotations

import enum
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from assistant.interview.messages import parse_payload
from assistant.interview.state import WishState
from assistant.interview.vocabulary import FindingStatus, InterviewStatus
from assistant.reports.informativeness import informativeness, words
from assistant.store.interviews import IDLE_LIMIT, InterviewRecord, abandoned

__all__ = [
    "ABANDONED_AFTER",
    "CLARIFY",
    "InterviewFigures",
    "Outcome",
    "ProbeCount",
    "QualitySummary",
    "Tally",
    "WishFigures",
    "WishOutcome",
    "answer_figures",
    "interview_figures",
    "measure",
    "probe_counts",
    "summarise",
    "wish_figures",
]

ABANDONED_AFTER = IDLE_LIMIT  # an interview in progress silent longer is abandoned
CLARIFY = "clarify"  # a ladder rung the person added after a yes or no: not a probe


class Outcome(enum.StrEnum):
    """How an interview ended, or that it has not yet."""

    COMPLETED = "completed"
    PAUSED = "paused"  # the person said "stop"; the same conversation may resume it
    ABANDONED = "abandoned"
    IN_PROGRESS = "in_progress"


class WishOutcome(enum.StrEnum):
    CONFIRMED = "confirmed"  # the person confirmed a need behind the wish
    UNRESOLVED = "unresolved"  # closed without a need (probe budget, "none of these", skip)
    OPEN = "open"  # still being asked about, or left when the interview stopped


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class WishFigures:
    position: int
    code: str | None
    need: str | None  # the confirmed need
    outcome: WishOutcome
    probes: int
    wrong_proposals: int


@dataclass(frozen=True)
class ProbeCount:
    """How many confirmed wishes needed this many probes."""

    probes: int
    wishes: int


@dataclass(frozen=True, kw_only=True)
class Tally:
    """What one interview or several count, and the rates that follow from the counts."""

    wishes: int = 0
    confirmed: int = 0
    unresolved: int = 0
    wrong_proposals: int = 0
    probe_counts: tuple[ProbeCount, ...] = ()  # confirmed wishes by probes asked, fewest first
    answers: int = 0
    answer_words: int = 0
    answer_bits: float = 0.0
    bot_utterances: int = 0
    repeated_bot_utterances: int = 0

    @property
    def open(self) -> int:
        return self.wishes - self.confirmed - self.unresolved

    @property
    def confirmation_rate(self) -> float | None:
        return _ratio(self.confirmed, self.wishes)

    @property
    def unresolved_share(self) -> float | None:
        return _ratio(self.unresolved, self.wishes)

    @property
    def probes_to_confirmation(self) -> list[int]:
        """The probes of each confirmed wish, fewest first."""
        return [c.probes for c in self.probe_counts for _ in range(c.wishes)]

    @property
    def probes_to_confirmation_mean(self) -> float | None:
        probes = self.probes_to_confirmation
        return statistics.fmean(probes) if probes else None

    @property
    def probes_to_confirmation_median(self) -> float | None:
        probes = self.probes_to_confirmation
        return float(statistics.median(probes)) if probes else None

    @property
    def words_per_answer(self) -> float | None:
        return _ratio(self.answer_words, self.answers)

    @property
    def bits_per_answer(self) -> float | None:
        return _ratio(self.answer_bits, self.answers)

    @property
    def repetition_rate(self) -> float | None:
        return _ratio(self.repeated_bot_utterances, self.bot_utterances)


def probe_counts(probes: Iterable[int]) -> tuple[ProbeCount, ...]:
    counts = Counter(probes)
    return tuple(ProbeCount(p, counts[p]) for p in sorted(counts))


@dataclass(frozen=True, kw_only=True)
class InterviewFigures(Tally):
    """The measured quality of one interview (build it with `interview_figures`)."""

    status: InterviewStatus
    wish_figures: tuple[WishFigures, ...] = ()
    first_turn_at: datetime | None = None
    last_turn_at: datetime | None = None

    @property
    def duration_seconds(self) -> float | None:
        if self.first_turn_at is None or self.last_turn_at is None:
            return None
        return (self.last_turn_at - self.first_turn_at).total_seconds()

    def outcome(self, now: datetime) -> Outcome:
        if self.status is InterviewStatus.COMPLETED:
            return Outcome.COMPLETED
        if self.status is InterviewStatus.PAUSED:
            return Outcome.PAUSED
        if self.last_turn_at is None or abandoned(self.status, self.last_turn_at, now):
            return Outcome.ABANDONED
        return Outcome.IN_PROGRESS


def interview_figures(
    status: InterviewStatus,
    wish_figures: Iterable[WishFigures],
    *,
    answers: int,
    answer_words: int,
    answer_bits: float,
    bot_utterances: int,
    repeated_bot_utterances: int,
    first_turn_at: datetime | None,
    last_turn_at: datetime | None,
) -> InterviewFigures:
    """One interview's figures, with its wish counts taken from `wish_figures`."""
    wishes = tuple(wish_figures)
    confirmed = [w for w in wishes if w.outcome is WishOutcome.CONFIRMED]
    return InterviewFigures(
        status=status,
        wish_figures=wishes,
        wishes=len(wishes),
        confirmed=len(confirmed),
        unresolved=sum(w.outcome is WishOutcome.UNRESOLVED for w in wishes),
        wrong_proposals=sum(w.wrong_proposals for w in wishes),
        probe_counts=probe_counts(w.probes for w in confirmed),
        answers=answers,
        answer_words=answer_words,
        answer_bits=answer_bits,
        bot_utterances=bot_utterances,
        repeated_bot_utterances=repeated_bot_utterances,
        first_turn_at=first_turn_at,
        last_turn_at=last_turn_at,
    )


def _wish_figures(
    position: int,
    code: str | None,
    closed: tuple[FindingStatus, str | None] | None,
    probes: Iterable[str],
    wrong_proposals: int,
) -> WishFigures:
    """A wish's figures from its code, the status and need of the finding that closed it
    (None while open), its ladder's probe kinds and its rejected proposals."""
    if closed is None:
        outcome, need = WishOutcome.OPEN, None
    elif closed[0] == FindingStatus.CONFIRMED:
        outcome, need = WishOutcome.CONFIRMED, closed[1]
    else:
        outcome, need = WishOutcome.UNRESOLVED, None
    return WishFigures(
        position=position,
        code=code,
        need=need,
        outcome=outcome,
        probes=sum(probe != CLARIFY for probe in probes),
        wrong_proposals=wrong_proposals,
    )


def wish_figures(position: int, wish: WishState) -> WishFigures:
    """The figures `measure` finds for a wish, from the wish's dialogue state (its rows are
    written from it)."""
    closed = wish.outcome
    return _wish_figures(
        position,
        wish.code,
        (closed.status, closed.code) if closed else None,
        (step.probe for step in wish.ladder),
        sum(f.status == FindingStatus.REJECTED for f in wish.findings),
    )


def answer_figures(typed: str) -> tuple[int, int, float]:
    """What a message the person typed adds to answers, answer words and answer bits: a
    button's payload is no answer."""
    if parse_payload(typed) is not None:
        return 0, 0, 0.0
    return 1, len(words(typed)), informativeness(typed)


def measure(record: InterviewRecord) -> InterviewFigures:
    """The quality figures of a recorded interview."""
    answers = [answer_figures(t.text) for t in record.turns if t.speaker == "user"]
    bot = [t.text.strip() for t in record.turns if t.speaker == "bot"]
    return interview_figures(
        record.status,
        (
            _wish_figures(
                i,
                w["code"],
                (FindingStatus(w["need"]["status"]), w["need"]["code"]) if w["need"] else None,
                (step["probe"] for step in w["ladder"]),
                len(w["rejected"]),
            )
            for i, w in enumerate(record.wishes)
        ),
        answers=sum(n for n, _, _ in answers),
        answer_words=sum(n for _, n, _ in answers),
        answer_bits=sum(bits for _, _, bits in answers),
        bot_utterances=len(bot),
        repeated_bot_utterances=sum(n - 1 for n in Counter(bot).values()),
        first_turn_at=record.turns[0].created_at if record.turns else None,
        last_turn_at=record.turns[-1].created_at if record.turns else None,
    )


@dataclass(frozen=True, kw_only=True)
class QualitySummary(Tally):
    """The quality figures of several interviews, pooled."""

    interviews: int = 0
    completed: int = 0
    paused: int = 0
    abandoned: int = 0
    in_progress: int = 0
    # Of completed interviews only: an abandoned one's length says when the person left.
    median_duration_seconds: float | None = None

    @property
    def wrong_proposals_per_interview(self) -> float | None:
        return _ratio(self.wrong_proposals, self.interviews)


def summarise(interviews: Iterable[InterviewFigures], now: datetime) -> QualitySummary:
    """The pooled figures of `interviews`; outcomes as of `now`. (The store computes the
    same in SQL: `assistant.reports.quality_store.quality_summary`.)"""
    figures = list(interviews)
    outcomes = Counter(f.outcome(now) for f in figures)
    durations = [
        d
        for f in figures
        if f.status is InterviewStatus.COMPLETED and (d := f.duration_seconds) is not None
    ]
    return QualitySummary(
        interviews=len(figures),
        completed=outcomes[Outcome.COMPLETED],
        paused=outcomes[Outcome.PAUSED],
        abandoned=outcomes[Outcome.ABANDONED],
        in_progress=outcomes[Outcome.IN_PROGRESS],
        median_duration_seconds=float(statistics.median(durations)) if durations else None,
        wishes=sum(f.wishes for f in figures),
        confirmed=sum(f.confirmed for f in figures),
        unresolved=sum(f.unresolved for f in figures),
        wrong_proposals=sum(f.wrong_proposals for f in figures),
        probe_counts=probe_counts(p for f in figures for p in f.probes_to_confirmation),
        answers=sum(f.answers for f in figures),
        answer_words=sum(f.answer_words for f in figures),
        answer_bits=sum(f.answer_bits for f in figures),
        bot_utterances=sum(f.bot_utterances for f in figures),
        repeated_bot_utterances=sum(f.repeated_bot_utterances for f in figures),
    )
