"""Scoring a need model: calibration of its confidences, computed by hand."""

from __future__ import annotations

import pytest

from assistant.needs.evaluate import calibration


def test_calibration_by_hand():
    # Two pairs in the 0.9 bin (mean 0.9, one right: gap 0.4), two in the 0.2 bin (mean 0.2,
    # none right: gap 0.2). ECE = 2/4 * 0.4 + 2/4 * 0.2 = 0.3.
    # Brier = ((0.9-1)^2 + (0.9-0)^2 + (0.2-0)^2 + (0.2-0)^2) / 4 = (0.01+0.81+0.04+0.04)/4
    pairs = [(0.9, True), (0.9, False), (0.2, False), (0.2, False)]

    c = calibration(pairs, confident=0.7)

    assert c.brier == pytest.approx(0.225)
    assert c.ece == pytest.approx(0.3)
    assert (c.confident_count, c.confident_right) == (2, 0.5)


def test_perfect_confidences_and_none():
    perfect = calibration([(1.0, True), (0.0, False)])
    assert (perfect.brier, perfect.ece, perfect.confident_right) == (0.0, 0.0, 1.0)
    assert calibration([]).confident_count == 0
