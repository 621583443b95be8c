"""A bag-of-features text classifier: NORM n-grams, PREFIX/SUFFIX unigrams and taxonomy cues."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from spacy import registry
from spacy.attrs import IDS
from spacy.ml.models.textcat import NEG_VALUE, resize_and_set_ref
from spacy.tokens import Doc
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, with_cpu
from thinc.layers.resizable import resize_linear_weighted
from thinc.types import ArrayXd, Floats2d

__all__ = ["ARCHITECTURE", "build_feature_bow", "extract_features"]

ARCHITECTURE = "needfinder.TextCatFeatureBOW.v1"


# Salts the cue labels so a cue of "storage_constraint" and the word itself get separate weights.
_CUE_SALT = 0xC2B2AE3D27D4EB4F

# What SparseLinear reads: every doc's hashed keys and their counts, and the keys per doc.
_Features = tuple[ArrayXd, ArrayXd, ArrayXd]


def extract_features(
    ngram_size: int, attrs: Sequence[str], skip_stop: bool, cues_key: str | None = None
) -> Model[list[Doc], _Features]:
    """Hash keys: n-grams (1..ngram_size) of the first attribute, unigrams of the others, and
    one key per cue match in doc.spans[cues_key] (the match's label, i.e. its code)."""
    model: Model[list[Doc], _Features] = Model("extract_features", _forward)
    model.attrs["ngram_size"] = ngram_size
    model.attrs["attrs"] = [IDS[attr.upper()] for attr in attrs]
    model.attrs["skip_stop"] = skip_stop
    model.attrs["cues_key"] = cues_key
    return model


def _forward(
    model: Model[list[Doc], _Features], docs: list[Doc], is_train: bool
) -> tuple[_Features, Callable[[Any], list[Any]]]:
    xp = model.ops.xp
    attrs = model.attrs["attrs"]
    batch_keys, batch_vals = [], []
    for doc in docs:
        # numpy/cupy code (xp): thinc's array types do not model 2-d indexing, spaCy's stub
        # calls this uint64 array float64.
        columns: Any = doc.to_array([*attrs, IDS["IS_STOP"], IDS["IS_PUNCT"]])
        columns = columns.reshape((len(doc), -1))
        if model.attrs["skip_stop"]:
            columns = columns[(columns[:, -1] == 0) & (columns[:, -2] == 0)]
        columns = model.ops.asarray(columns[:, : len(attrs)])
        first = xp.ascontiguousarray(columns[:, 0])
        sizes = range(2, min(model.attrs["ngram_size"], len(first)) + 1)
        keys = [first] + [model.ops.ngrams(n, first) for n in sizes]
        for index in range(1, len(attrs)):
            # Salt each attribute so "ing" as a suffix and "ing" as a word get separate weights.
            keys.append(columns[:, index] ^ xp.uint64(0x9E3779B97F4A7C15 * index % 2**64))
        cues_key = model.attrs["cues_key"]
        if cues_key is not None and doc.spans.get(cues_key):
            labels = [span.label for span in doc.spans[cues_key]]
            keys.append(xp.asarray(labels, dtype="uint64") ^ xp.uint64(_CUE_SALT))
        unique, counts = xp.unique(xp.concatenate(keys).astype("uint64"), return_counts=True)
        batch_keys.append(unique)
        batch_vals.append(counts)
    lengths = model.ops.asarray([len(keys) for keys in batch_keys], dtype="int32")
    keys = xp.concatenate(batch_keys) if batch_keys else xp.zeros((0,), dtype="uint64")
    vals = model.ops.asarray(
        xp.concatenate(batch_vals) if batch_vals else xp.zeros((0,)), dtype="f"
    )
    return (keys, vals, lengths), lambda d_output: []


@registry.architectures(ARCHITECTURE)
def build_feature_bow(
    ngram_size: int = 2,
    attrs: Sequence[str] = ("NORM", "PREFIX", "SUFFIX"),
    length: int = 262144,
    skip_stop: bool = False,
    cues_key: str | None = None,
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    """Multi-label linear classifier over hashed features (TextCatBOW.v3 with richer features).

    With `cues_key`, the cue matches that the needfinder_cues component stored are features too.
    """
    sparse = SparseLinear_v2(nO=nO, length=2 ** (length - 1).bit_length())
    resizable_layer: Model[_Features, Floats2d] = resizable(
        sparse,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    features: Model[list[Doc], Floats2d] = chain(
        extract_features(ngram_size, attrs, skip_stop, cues_key), resizable_layer
    )
    output = Logistic()
    model: Model[list[Doc], Floats2d] = chain(
        with_cpu(features, features.ops), with_cpu(output, output.ops)
    )
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
