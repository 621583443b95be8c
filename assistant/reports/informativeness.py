"""How much a person's words say: their number, and their informativeness in bits.

Informativeness as in iChatProfile (Xiao et al. 2020, "If I Hear You Correctly"): the sum
over a text's words of log2(1 / frequency of the word), so common words add little and rare,
specific ones add much ("it would be easier" says less than "the forklift breaks down on
Mondays"). Words and frequencies come from `wordfreq` (its English tokenizer and its "large"
list, pinned in requirements/app.lock so figures stay comparable between runs).

A word the list does not know (a typo, a product code, an emoji) counts as rare as the
list's rarest words: frequency 1e-8, which `wordfreq` itself suggests as the floor of its
"large" lists, that is log2(1e8) ≈ 26.58 bits.
"""

from __future__ import annotations

import math

import wordfreq

__all__ = [
    "FREQUENCY_FLOOR",
    "LANGUAGE",
    "WORDLIST",
    "informativeness",
    "load",
    "word_bits",
    "words",
]

LANGUAGE = "en"
WORDLIST = "large"  # frequencies down to 1e-8, from at least five sources
FREQUENCY_FLOOR = 1e-8  # the frequency of a word the list does not know


def words(text: str) -> list[str]:
    """The text's words as `wordfreq` splits them (lower case, punctuation dropped)."""
    return wordfreq.tokenize(text, LANGUAGE)


def word_bits(word: str) -> float:
    """log2(1 / frequency) of one word, with unknown words at the floor."""
    return -math.log2(wordfreq.word_frequency(word, LANGUAGE, WORDLIST, FREQUENCY_FLOOR))


def informativeness(text: str) -> float:
    """The sum over the text's words of log2(1 / word frequency), in bits."""
    return sum(word_bits(w) for w in words(text))


def load() -> None:
    """Read the word list now (about 0.3 s and 37 MB, once per process), not in a turn."""
    word_bits("the")
