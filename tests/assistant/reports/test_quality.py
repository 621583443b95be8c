"""Interview quality figures, checked against values worked out by hand.

Word frequencies are those of wordfreq's "large" English list as pinned in
requirements/app.lock (3.1.1); they are written out so that the arithmetic can be followed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from math import log2
from typing import Any

import pytest

from assistant.interview.vocabulary import InterviewStatus
from assistant.reports.informativeness import informativeness, word_bits, words
from assistant.reports.quality import (
    Outcome,
    ProbeCount,
    WishFigures,
    WishOutcome,
    interview_figures,
    measure,
    summarise,
)
from assistant.store.interviews import InterviewRecord, TurnRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# wordfreq.word_frequency(word, "en", "large") for the words below
FREQ = {
    "hi": 0.0001,
    "we": 0.00347,
    "need": 0.000933,
    "shorter": 1.66e-05,
    "lead": 0.000158,
    "times": 0.000363,
    "the": 0.0537,
    "forklift": 7.41e-07,
    "breaks": 2.88e-05,
    "on": 0.00813,
    "mondays": 2.4e-06,
    "yes": 0.000316,
}


def bits(*words: str) -> float:
    return sum(log2(1 / FREQ[w]) for w in words)


def test_informativeness_sums_log2_of_one_over_each_words_frequency():
    # the: log2(1/0.0537) = 4.219; forklift: log2(1/7.41e-07) = 20.364
    assert word_bits("the") == pytest.approx(4.2190, abs=1e-4)
    assert word_bits("forklift") == pytest.approx(20.3640, abs=1e-4)
    assert informativeness("The forklift breaks on Mondays!") == pytest.approx(
        log2(1 / 0.0537) + log2(1 / 7.41e-07) + log2(1 / 2.88e-05)
        + log2(1 / 0.00813) + log2(1 / 2.4e-06)
    )  # fmt: skip


def test_an_unknown_word_counts_as_rare_as_the_lists_rarest():
    # floor 1e-8: log2(1e8) = 26.575 bits, whatever the made-up word
    assert word_bits("qzxvplorb") == pytest.approx(log2(1e8))
    assert word_bits("blorptastic") == pytest.approx(log2(1e8))


def test_words_drop_punctuation_and_empty_text_has_none():
    assert words("Yes, that's all.") == ["yes", "that's", "all"]
    assert words("  ") == []
    assert informativeness("...") == 0.0


def _turn(seq: int, speaker: str, text: str, seconds: int) -> TurnRecord:
    return TurnRecord(seq, speaker, text, "rest", T0 + timedelta(seconds=seconds))


def _wish(code: str, need: tuple[str | None, str] | None, rejected: list[str], probes: list[str]):
    return {
        "code": code,
        "text": code,
        "parameters": [],
        "need": (
            {"code": need[0], "status": need[1], "confidence": 0.8, "evidence": ""}
            if need
            else None
        ),
        "rejected": rejected,
        "ladder": [{"probe": p, "question": "?", "answer": "a", "candidates": []} for p in probes],
    }


def _record(status: InterviewStatus = InterviewStatus.COMPLETED) -> InterviewRecord:
    turns = [
        _turn(1, "user", "hi, we need shorter lead times", 0),
        _turn(2, "bot", "Why is that important to you?", 1),
        _turn(3, "user", "the forklift breaks on Mondays", 60),
        _turn(4, "bot", "Is it about storage space?", 61),
        _turn(5, "user", '/reject_need{"need":"storage_constraint"}', 90),  # a button
        _turn(6, "bot", "Why is that important to you?", 91),  # said before: a repeat
        _turn(7, "user", "yes", 200),
        _turn(8, "bot", "Anything else?", 201),
        _turn(9, "user", "qzxvplorb", 260),
        _turn(10, "bot", "Anything else?", 270),  # a repeat
    ]
    wishes = [
        _wish("shorter_lead_time", ("demand_uncertainty", "confirmed"), ["storage_constraint"],
              ["why", "clarify", "today"]),
        _wish("urgent_orders", (None, "unresolved"), [], ["why", "today", "incident"]),
        _wish("exact_delivery_time", None, [], ["why"]),
        _wish("small_orders", ("receiving_window", "confirmed"),
              ["handling_effort", "admin_effort"], ["why", "today", "incident", "enables"]),
    ]  # fmt: skip
    return InterviewRecord(
        conversation_id="q1", number=1, customer="Acme", role=None, channel="rest",
        interviewer=None, status=status, started_at=T0, turns=tuple(turns), wishes=tuple(wishes),
    )  # fmt: skip


def test_wishes_probes_and_wrong_proposals_of_one_interview():
    figures = measure(_record())

    assert [(w.outcome, w.need, w.probes, w.wrong_proposals) for w in figures.wish_figures] == [
        (WishOutcome.CONFIRMED, "demand_uncertainty", 2, 1),  # why, today: "clarify" is no probe
        (WishOutcome.UNRESOLVED, None, 3, 0),
        (WishOutcome.OPEN, None, 1, 0),
        (WishOutcome.CONFIRMED, "receiving_window", 4, 2),
    ]
    assert (figures.wishes, figures.confirmed, figures.unresolved, figures.open) == (4, 2, 1, 1)
    assert figures.confirmation_rate == 2 / 4
    assert figures.unresolved_share == 1 / 4
    assert figures.wrong_proposals == 1 + 0 + 0 + 2
    assert figures.probes_to_confirmation == [2, 4]
    assert figures.probes_to_confirmation_mean == (2 + 4) / 2
    assert figures.probes_to_confirmation_median == 3.0


def test_answer_length_and_informativeness_count_typed_messages_only():
    figures = measure(_record())

    assert figures.answers == 4  # the button click is no answer
    assert figures.answer_words == 6 + 5 + 1 + 1
    assert figures.words_per_answer == 13 / 4
    expected = (
        bits("hi", "we", "need", "shorter", "lead", "times")
        + bits("the", "forklift", "breaks", "on", "mondays")
        + bits("yes")
        + log2(1e8)  # "qzxvplorb": not in the list
    )
    assert figures.answer_bits == pytest.approx(expected)
    assert figures.bits_per_answer == pytest.approx(expected / 4)


def test_repetition_rate_duration_and_outcome():
    figures = measure(_record())

    assert figures.bot_utterances == 5
    assert figures.repeated_bot_utterances == 2  # turn 6 repeats 2, turn 10 repeats 8
    assert figures.repetition_rate == 2 / 5
    assert figures.duration_seconds == 270  # 09:00:00 to 09:04:30
    assert figures.outcome(T0 + timedelta(days=30)) is Outcome.COMPLETED


def test_an_interview_in_progress_is_abandoned_after_a_day_of_silence():
    figures = measure(_record(InterviewStatus.IN_PROGRESS))
    last = T0 + timedelta(seconds=270)

    assert figures.outcome(last + timedelta(hours=24)) is Outcome.IN_PROGRESS
    assert figures.outcome(last + timedelta(hours=24, seconds=1)) is Outcome.ABANDONED


def test_a_paused_interview_stays_paused_however_long():
    figures = measure(_record(InterviewStatus.PAUSED))

    assert figures.outcome(T0 + timedelta(days=90)) is Outcome.PAUSED


def test_an_interview_without_wishes_or_turns_has_no_rates():
    empty = InterviewRecord(
        "e", 1, None, None, "rest", None, InterviewStatus.IN_PROGRESS, T0, (), ()
    )

    figures = measure(empty)

    assert (figures.wishes, figures.answers, figures.bot_utterances) == (0, 0, 0)
    assert figures.confirmation_rate is None and figures.repetition_rate is None
    assert figures.words_per_answer is None and figures.probes_to_confirmation_median is None
    assert figures.duration_seconds is None
    assert figures.outcome(T0) is Outcome.ABANDONED  # never said anything


def _figures(status: InterviewStatus, wishes: list[tuple[WishOutcome, int, int]], **kw: Any):
    values: dict[str, Any] = dict(
        answers=0, answer_words=0, answer_bits=0.0, bot_utterances=0, repeated_bot_utterances=0,
        first_turn_at=T0, last_turn_at=T0 + timedelta(minutes=5),
    ) | kw  # fmt: skip
    return interview_figures(
        status,
        (
            WishFigures(i, "w", "n" if o is WishOutcome.CONFIRMED else None, o, p, r)
            for i, (o, p, r) in enumerate(wishes)
        ),
        **values,
    )


def test_a_summary_pools_the_interviews():
    c, u, o = WishOutcome.CONFIRMED, WishOutcome.UNRESOLVED, WishOutcome.OPEN
    now = T0 + timedelta(days=2)
    done = _figures(
        InterviewStatus.COMPLETED, [(c, 2, 1), (c, 2, 0), (u, 5, 2)],
        answers=4, answer_words=20, answer_bits=100.0, bot_utterances=8,
        repeated_bot_utterances=1, last_turn_at=T0 + timedelta(minutes=4),
    )  # fmt: skip
    done_later = _figures(
        InterviewStatus.COMPLETED, [(c, 3, 0)],
        answers=2, answer_words=4, answer_bits=30.0, bot_utterances=4,
        last_turn_at=T0 + timedelta(minutes=10),
    )  # fmt: skip
    left = _figures(
        InterviewStatus.IN_PROGRESS, [(o, 1, 0)],
        answers=1, answer_words=1, answer_bits=5.0, bot_utterances=3, repeated_bot_utterances=2,
    )  # fmt: skip
    going = _figures(InterviewStatus.PAUSED, [], last_turn_at=now - timedelta(hours=1))

    s = summarise([done, done_later, left, going], now)

    assert (s.interviews, s.completed, s.paused, s.abandoned, s.in_progress) == (4, 2, 1, 1, 0)
    assert (s.wishes, s.confirmed, s.unresolved, s.open) == (5, 3, 1, 1)
    assert s.confirmation_rate == 3 / 5
    assert s.unresolved_share == 1 / 5
    assert s.wrong_proposals == 1 + 2
    assert s.wrong_proposals_per_interview == 3 / 4
    assert s.probes_to_confirmation == [2, 2, 3]
    assert s.probes_to_confirmation_mean == pytest.approx((2 + 2 + 3) / 3)
    assert s.probes_to_confirmation_median == 2.0
    assert s.probe_counts == (ProbeCount(2, 2), ProbeCount(3, 1))
    assert s.words_per_answer == (20 + 4 + 1) / (4 + 2 + 1)
    assert s.bits_per_answer == (100 + 30 + 5) / 7
    assert s.repetition_rate == (1 + 0 + 2) / (8 + 4 + 3)
    assert s.median_duration_seconds == (4 * 60 + 10 * 60) / 2  # of the completed two


def test_a_summary_of_nothing_is_empty():
    s = summarise([], T0)

    assert (s.interviews, s.wishes, s.answers) == (0, 0, 0)
    assert s.confirmation_rate is None and s.repetition_rate is None
    assert s.probe_counts == () and s.median_duration_seconds is None
