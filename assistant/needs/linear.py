"""A linear multi-label classifier over words, word stems, stem bigrams and taxonomy cues.

The `needfinder_linear_textcat` component scores each label with its own logistic regression
over TF-IDF weighted features: the stems the `needfinder_cues` component put in each token's
NORM, the bigrams of those stems, the words as written (lower case, `W=<word>`), and one
feature per cue match (`CUE=<code>`). Stop words are kept: "not", "no", "we" and "they" carry
meaning in short chat answers. The words beside their stems lifted 5-fold cross-validated
macro-F1 on the training corpus from 0.833 to 0.844 (wishes) and 0.779 to 0.791 (needs);
character 3-4-grams for typos added nothing on top (0.834 / 0.792).

scikit-learn fits it; the fitted weights are stored as plain arrays, and scoring is a sparse
dot product in NumPy, so loading a model needs neither scikit-learn nor pickle.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from assistant.errors import ModelNotTrained
from assistant.needs.cues import CUES_KEY

__all__ = ["LINEAR_FACTORY", "LinearTextCat", "features"]

LINEAR_FACTORY = "needfinder_linear_textcat"
_WEIGHTS = "weights.npz"
_FEATURES = "features.json"


def features(doc: Doc) -> list[str]:
    """The doc's feature names: stems, stem bigrams, words and one `CUE=<code>` per cue match."""
    tokens = [t for t in doc if not (t.is_punct or t.is_space)]
    stems = [t.norm_ for t in tokens]
    names = stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    names += [f"W={t.lower_}" for t in tokens]
    names += [f"CUE={span.label_}" for span in doc.spans.get(CUES_KEY, [])]
    return names


@Language.factory(
    LINEAR_FACTORY,
    default_config={"labels": []},
    requires=["token.norm", "doc.spans"],
    assigns=["doc.cats"],
)
def make_linear_textcat(nlp: Language, name: str, labels: list[str]) -> LinearTextCat:
    return LinearTextCat(name, labels)


class LinearTextCat:
    """Per-label logistic regressions over TF-IDF features; sets `doc.cats` for its labels."""

    def __init__(self, name: str, labels: Sequence[str]) -> None:
        self.name = name
        self.labels = tuple(labels)
        self._index: dict[str, int] = {}
        self._idf = np.zeros(0, dtype=np.float32)
        self._weights = np.zeros((0, len(self.labels)), dtype=np.float32)
        self._bias = np.zeros(len(self.labels), dtype=np.float32)

    @property
    def is_fitted(self) -> bool:
        return bool(self._index)

    def __call__(self, doc: Doc) -> Doc:
        if not self.is_fitted:
            raise ModelNotTrained(f"{self.name}: the classifier was never fitted (`needs train`)")
        scores = self._scores(features(doc))
        doc.cats.update({label: float(s) for label, s in zip(self.labels, scores, strict=True)})
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _scores(self, names: list[str]) -> np.ndarray:
        counts = Counter(self._index[n] for n in names if n in self._index)
        if not counts:
            return _sigmoid(self._bias)
        rows = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.array([1.0 + math.log(c) for c in counts.values()], dtype=np.float32)
        values = tf * self._idf[rows]
        values /= np.linalg.norm(values)
        return _sigmoid(values @ self._weights[rows] + self._bias)

    def fit(self, docs: Sequence[Doc], gold: Sequence[Collection[str]], *, c: float) -> None:
        """Fit one balanced logistic regression per label on the docs and their gold labels."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32)
        matrix = vectoriser.fit_transform([features(doc) for doc in docs])
        weights = np.zeros((matrix.shape[1], len(self.labels)), dtype=np.float32)
        bias = np.zeros(len(self.labels), dtype=np.float32)
        for j, label in enumerate(self.labels):
            target = np.array([label in labels for labels in gold])
            if target.all() or not target.any():
                bias[j] = 10.0 if target.all() else -10.0  # nothing to learn: a constant
                continue
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
            model.fit(matrix, target)
            weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
        self._index = {name: i for i, name in enumerate(vectoriser.get_feature_names_out())}
        self._idf = vectoriser.idf_.astype(np.float32)
        self._weights, self._bias = weights, bias

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez(path / _WEIGHTS, idf=self._idf, weights=self._weights, bias=self._bias)
        names = sorted(self._index, key=self._index.__getitem__)
        (path / _FEATURES).write_text(
            json.dumps({"labels": self.labels, "features": names}), encoding="utf-8"
        )

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> LinearTextCat:
        path = Path(path)
        meta = json.loads((path / _FEATURES).read_text(encoding="utf-8"))
        with np.load(path / _WEIGHTS) as arrays:
            self._idf, self._weights, self._bias = (
                arrays["idf"],
                arrays["weights"],
                arrays["bias"],
            )
        self.labels = tuple(meta["labels"])
        self._index = {name: i for i, name in enumerate(meta["features"])}
        return self


def _identity(names: list[str]) -> list[str]:
    return names


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
