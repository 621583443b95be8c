"""Danish word stems for the need model's features: Snowball's Danish stemmer, to a fixed point.

Snowball strips one ending at a time, so its stems are not stable: "likviditeten" gives
"likviditet", which gives "likvidit". Stemming again until nothing changes puts every form of a
word on one stem, so a cue ("likviditet") matches all of them. Chosen by 5-fold
cross-validation on the Danish training corpus (README "Danish need model"): with the letter
n-grams of the Danish model it scored as well as spaCy's Danish lemma table (spacy-lookups-data,
a 98 MB package and 90 MB of memory) and a single Snowball pass.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

__all__ = ["stem_da"]

_DIGITS = re.compile(r"\d+")
_SNOWBALL = snowballstemmer.stemmer("danish")
_LOCK = threading.Lock()  # a Snowball stemmer keeps its word in itself while it works
_MAX_PASSES = 5  # no Danish word has more endings than that


@lru_cache(maxsize=65536)
def stem_da(word: str) -> str:
    """The idempotent stem of a lower-case Danish word; numbers become "0" as in English."""
    if _DIGITS.search(word):
        return _DIGITS.sub("0", word)
    if not word.isalpha():
        return word
    with _LOCK:
        for _ in range(_MAX_PASSES):
            stemmed = str(_SNOWBALL.stemWord(word))
            if stemmed == word:
                break
            word = stemmed
    return word
