"""Word stems and taxonomy cues as model features: the `needfinder_cues` pipeline component.

The component runs before the classifiers. It sets each token's NORM to a light stem of the
word (so "forecasts", "forecasting" and "forecast" share features) and marks every cue phrase of
the taxonomy in `doc.spans[CUES_KEY]`, labelled with its code; the classifiers' featuriser turns
each mark into a feature, so the model learns how far to trust each code's cues.

The stemmer follows the pipeline's language (`nlp.lang`): our own light English stemmer for
"en", `assistant.needs.stem_da.stem_da` for "da".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from assistant.errors import UnsupportedLanguage
from assistant.needs.stem_da import stem_da

__all__ = ["CUES_COMPONENT", "CUES_KEY", "STEMMERS", "CueMarker", "stem"]

CUES_COMPONENT = "needfinder_cues"
CUES_KEY = "cues"

# Contractions whose lower-case form says little; the tokenizer splits "don't" into "do" + "n't".
_WORDS = {
    "n't": "not", "nt": "not", "'re": "be", "'m": "be", "'s": "'s", "'ve": "have", "'d": "would",
    "'ll": "will", "ca": "can", "wo": "will", "is": "be", "are": "be", "was": "be", "were": "be",
    "am": "be", "been": "be", "has": "have", "had": "have", "did": "do", "does": "do",
    "kept": "keep", "held": "hold", "sold": "sell", "bought": "buy", "took": "take",
    "ran": "run", "went": "go", "gone": "go", "got": "get", "gotten": "get", "paid": "pay",
    "sent": "send", "brought": "bring", "made": "make", "told": "tell", "knew": "know",
    "known": "know", "came": "come", "left": "leave", "lost": "lose", "spent": "spend",
}  # fmt: skip
# British and American spellings meet in the stem ("organise"/"organize", "centre"/"center").
_SPELLING = ((re.compile(r"our$"), "or"), (re.compile(r"is(e|ed|es|ing|ation)$"), r"iz\1"),
             (re.compile(r"([^aeiou])re$"), r"\1er"), (re.compile(r"ll(ed|ing)$"), r"l\1"),
             (re.compile(r"^e-?mail"), "email"))  # fmt: skip
_DOUBLE = re.compile(r"([bdfgklmnprt])\1$")
_VOWEL = re.compile(r"[aeiouy]")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, idempotent stem of a lower-case word: inflections off, numbers as "0"."""
    if word in _WORDS:
        return _WORDS[word]
    if _DIGITS.search(word):
        return _DIGITS.sub("0", word)
    if len(word) <= 3 or not word.isalpha():
        return word
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""),
                                ("ly", ""), ("es", "e"), ("s", "")):  # fmt: skip
        base = word[: -len(suffix)] + replacement
        if word.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = _DOUBLE.sub(r"\1", base) if suffix in ("ing", "ed") else base
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


STEMMERS: dict[str, Callable[[str], str]] = {"en": stem, "da": stem_da}


@Language.factory(
    CUES_COMPONENT,
    default_config={"cues": {}, "stem": True},
    requires=["token.lower"],
    assigns=["token.norm", "doc.spans"],
)
def make_cue_marker(
    nlp: Language, name: str, cues: Mapping[str, Iterable[str]], stem: bool
) -> CueMarker:
    return CueMarker(nlp, cues, stem=stem)


class CueMarker:
    """Stems the tokens' NORM and marks the taxonomy's cue phrases, labelled with their code."""

    def __init__(self, nlp: Language, cues: Mapping[str, Iterable[str]], stem: bool = True) -> None:
        if nlp.lang not in STEMMERS:
            raise UnsupportedLanguage(f"no stemmer for language {nlp.lang!r}")
        self.stem = stem
        self._stem = STEMMERS[nlp.lang]
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for code, phrases in cues.items():
            patterns = [self.normalise(nlp.make_doc(phrase)) for phrase in phrases]
            self.matcher.add(code, [doc for doc in patterns if len(doc)])

    def __call__(self, doc: Doc) -> Doc:
        self.normalise(doc)
        matches = self.matcher(doc)
        doc.spans[CUES_KEY] = [Span(doc, start, end, label=key) for key, start, end in matches]
        return doc

    def normalise(self, doc: Doc) -> Doc:
        """Set each token's NORM to the stem of its lower-case form (when stemming is on)."""
        if self.stem:
            for token in doc:
                token.norm_ = self._stem(token.lower_)
        return doc
