"""Score predicted wish and need codes against gold labels: per-code P/R/F1, macro-F1, confusion,
and how far the need confidences can be taken at their word (calibration)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.needs.corpus import LabelledText
    from assistant.needs.extract import NeedExtractor

__all__ = [
    "NONE",
    "Calibration",
    "CodeScore",
    "Evaluation",
    "GroupScore",
    "calibration",
    "confusion",
    "evaluate_extractor",
    "format_report",
    "score_group",
]

NONE = "none"


@dataclass(frozen=True)
class CodeScore:
    """Precision, recall and F1 of one code, with its gold support."""

    code: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class GroupScore:
    """Scores of one label group; macro-F1 averages the codes seen in gold or predicted."""

    codes: tuple[CodeScore, ...]
    macro_f1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "macro_f1": round(self.macro_f1, 4),
            "codes": {
                c.code: {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                         "f1": round(c.f1, 4), "support": c.support}
                for c in self.codes
            },
        }  # fmt: skip


@dataclass(frozen=True)
class Calibration:
    """Whether a need's confidence means what it says, over every (text, need) pair.

    `brier`: mean squared gap between confidence and truth (0 is perfect). `ece`: expected
    calibration error over ten equal-width bins (the bins' mean |confidence - share right|,
    weighted by their size). `confident_right`: of the needs scored at least `confident`,
    the share that is right, of `confident_count`.
    """

    brier: float
    ece: float
    confident: float
    confident_right: float
    confident_count: int

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Evaluation:
    """Scores of an extractor on labelled texts: per group, the need confusion table and the
    calibration of the need confidences."""

    groups: dict[str, GroupScore]
    confusion: dict[str, dict[str, int]]
    calibration: Calibration | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **{name: g.to_dict() for name, g in self.groups.items()},
            "confusion": self.confusion,
            "calibration": self.calibration.to_dict() if self.calibration else None,
        }


def evaluate_extractor(extractor: NeedExtractor, examples: Sequence[LabelledText]) -> Evaluation:
    """Run the extractor over the texts once and score wishes, needs and the top need."""
    results = extractor.extract_many(example.text for example in examples)
    groups = {
        "wishes": score_group(
            [e.wishes for e in examples], [[s.code for s in r.wishes] for r in results],
            extractor.wish_codes,
        ),
        "needs": score_group(
            [e.needs for e in examples], [[s.code for s in r.needs] for r in results],
            extractor.need_codes,
        ),
    }  # fmt: skip
    top = [r.needs[0].code if r.needs else None for r in results]
    pairs = [
        (candidate.confidence, candidate.code in example.needs)
        for example, result in zip(examples, results, strict=True)
        for candidate in result.candidates
    ]
    return Evaluation(groups, confusion([e.needs for e in examples], top), calibration(pairs))


def calibration(pairs: Sequence[tuple[float, bool]], confident: float = 0.7) -> Calibration:
    """Calibration of (confidence, right) pairs; see `Calibration`."""
    if not pairs:
        return Calibration(0.0, 0.0, confident, 0.0, 0)
    brier = sum((p - right) ** 2 for p, right in pairs) / len(pairs)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for p, right in pairs:
        bins.setdefault(min(int(p * 10), 9), []).append((p, right))
    ece = sum(
        len(b) / len(pairs) * abs(sum(p for p, _ in b) / len(b) - sum(r for _, r in b) / len(b))
        for b in bins.values()
    )
    sure = [right for p, right in pairs if p >= confident]
    share = sum(sure) / len(sure) if sure else 0.0
    return Calibration(brier, ece, confident, share, len(sure))


def score_group(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], codes: Sequence[str]
) -> GroupScore:
    """Per-code scores of multi-label predictions; each item is the set of codes of one text."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_codes, predicted_codes in zip(gold, predicted, strict=True):
        gold_set, predicted_set = set(gold_codes), set(predicted_codes)
        tp.update(gold_set & predicted_set)
        fp.update(predicted_set - gold_set)
        fn.update(gold_set - predicted_set)
    scores = []
    for code in codes:
        precision = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else 0.0
        recall = tp[code] / (tp[code] + fn[code]) if tp[code] + fn[code] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(CodeScore(code, precision, recall, f1, tp[code] + fn[code]))
    seen = [s for s in scores if s.support or fp[s.code]]
    macro = sum(s.f1 for s in seen) / len(seen) if seen else 0.0
    return GroupScore(tuple(scores), macro)


def confusion(
    gold: Sequence[Sequence[str]], top: Sequence[str | None]
) -> dict[str, dict[str, int]]:
    """Counts of gold need (rows, NONE when a text has none) vs the predicted top need (columns)."""
    table: dict[str, dict[str, int]] = {}
    for gold_codes, predicted in zip(gold, top, strict=True):
        for code in gold_codes or [NONE]:
            row = table.setdefault(code, {})
            row[predicted or NONE] = row.get(predicted or NONE, 0) + 1
    return table


def format_report(
    groups: dict[str, GroupScore],
    table: dict[str, dict[str, int]],
    codes: Sequence[str],
    calibrated: Calibration | None = None,
) -> str:
    """A plain-text report: one score table per group, the need confusion table, calibration."""
    lines = []
    for name, group in groups.items():
        lines.append(f"{name:<28} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}")
        for s in group.codes:
            lines.append(
                f"  {s.code:<26} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d}"
            )
        lines.append(f"  {'macro-F1':<26} {'':>6} {'':>6} {group.macro_f1:6.3f}\n")
    labels = [*codes, NONE]
    short = {code: code[:6] for code in labels}
    lines.append("gold need \\ predicted top need")
    lines.append(" " * 22 + " ".join(f"{short[c]:>6}" for c in labels))
    for row in labels:
        counts = table.get(row, {})
        lines.append(f"{row[:21]:<22}" + " ".join(f"{counts.get(c, 0):>6}" for c in labels))
    if calibrated is not None:
        c = calibrated
        lines.append(
            f"\nneed confidences: Brier {c.brier:.3f}, ECE {c.ece:.3f}; scored >= {c.confident}:"
            f" {c.confident_count}, right {c.confident_right:.0%}"
        )
    return "\n".join(lines)
