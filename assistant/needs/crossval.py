"""K-fold cross-validation of the need model on its training corpus, to choose a design.

Each fold trains a pipeline from blank on the other folds (as `needs train` does) and scores the
held-out texts; the out-of-fold scores of all folds are pooled and scored once per group, at the
settings' fixed threshold and at the best threshold of the grid (which shows how well a design
ranks, apart from how its scores are calibrated). No dev or test file is read.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.needs.corpus import LabelledText, read_corpus, train_paths
from assistant.needs.evaluate import GroupScore, score_group
from assistant.needs.train import THRESHOLD_GRID, TrainSettings, _fit
from assistant.taxonomy import Taxonomy, load_taxonomy

__all__ = ["CrossValidation", "cross_validate", "cross_validate_corpus"]


@dataclass(frozen=True)
class CrossValidation:
    """Pooled out-of-fold scores per group ("wishes", "needs")."""

    at_threshold: dict[str, GroupScore]  # at the settings' threshold (0.5 when it is None)
    best: dict[str, tuple[float, GroupScore]]  # the grid threshold with the best macro-F1

    def summary(self) -> str:
        parts = []
        for group, score in self.at_threshold.items():
            threshold, best = self.best[group]
            parts.append(f"{group} {score.macro_f1:.4f} (best {best.macro_f1:.4f} at {threshold})")
        return ", ".join(parts)


def cross_validate_corpus(
    corpus_dir: Path,
    settings: TrainSettings,
    folds: int = 5,
    seed: int = 0,
    extra_corpora: Sequence[Path] = (),
) -> CrossValidation:
    """Cross-validate on corpus_dir/train/*.jsonl; `extra_corpora` are in every fold's training."""
    taxonomy = load_taxonomy()
    examples = read_corpus(train_paths(corpus_dir), taxonomy)
    extra = [e for corpus in extra_corpora for e in read_corpus(train_paths(corpus), taxonomy)]
    return cross_validate(examples, settings, taxonomy, folds, seed, always_fit=extra)


def cross_validate(
    examples: Sequence[LabelledText],
    settings: TrainSettings,
    taxonomy: Taxonomy,
    folds: int = 5,
    seed: int = 0,
    log: Callable[[str], None] = lambda message: None,
    always_fit: Sequence[LabelledText] = (),
) -> CrossValidation:
    """Train `folds` pipelines, each without one fold, and score the pooled held-out texts.

    `always_fit` texts (another language's corpus) are trained on in every fold, never scored.
    """
    if folds < 2 or folds > len(examples):
        raise ValueError(f"folds must be between 2 and the number of texts, not {folds}")
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    fold_of = {index: position % folds for position, index in enumerate(order)}
    cats: list[dict[str, float]] = [{} for _ in examples]
    for fold in range(folds):
        fit = [e for i, e in enumerate(examples) if fold_of[i] != fold] + list(always_fit)
        held = [i for i in range(len(examples)) if fold_of[i] == fold]
        nlp = _fit(fit, [], settings, taxonomy, log)[0]
        for index, doc in zip(held, nlp.pipe(examples[i].text for i in held), strict=True):
            cats[index] = dict(doc.cats)
        log(f"fold {fold + 1}/{folds} done")
    fixed = settings.threshold if settings.threshold is not None else 0.5
    at_threshold, best = {}, {}
    for group, codes in (("wishes", taxonomy.wish_codes), ("needs", taxonomy.need_codes)):
        gold = [e.wishes if group == "wishes" else e.needs for e in examples]

        def scored(
            threshold: float, codes: Sequence[str] = codes, gold: list[tuple[str, ...]] = gold
        ) -> GroupScore:
            predicted = [[c for c in codes if doc_cats[c] >= threshold] for doc_cats in cats]
            return score_group(gold, predicted, codes)

        at_threshold[group] = scored(fixed)
        threshold = max(THRESHOLD_GRID, key=lambda t: (scored(t).macro_f1, -abs(t - 0.5)))
        best[group] = (threshold, scored(threshold))
    return CrossValidation(at_threshold, best)
