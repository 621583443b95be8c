"""The language of a conversation: from a locale, from the words of a message, or a switch.

An interview speaks English ("en") or Danish ("da"). Its language is chosen once, in this
order: the invited customer's language, the channel's locale (Slack, Teams), the first
message that says enough to tell; and a person can switch at any time ("kan vi tage det på
dansk?", "in English please"). Detection is a small word-and-letter heuristic: only the two
languages the interview speaks are told apart, and a message too short to tell ("ok", "hej",
"ja") decides nothing.
"""

from __future__ import annotations

import re

__all__ = [
    "DEFAULT", "LANGUAGES", "detect", "from_locale", "known", "switch_first", "switch_to",
]  # fmt: skip

LANGUAGES: tuple[str, ...] = ("en", "da")
DEFAULT = "en"
NAMES = {"en": "English", "da": "dansk"}

# Frequent words of one language that are rare in the other (no shared spellings such as
# "i", "a", "at", "for", "to", "under", "hold", "kind").
_DANISH = frozenset(
    """og ikke det er jeg vi du de den har kan skal vil med på af til fra som om men eller
    hvis når så også meget mere mindre nogle noget ingen hvorfor hvad hvordan hvornår hvem
    fordi derfor altid aldrig tit ofte gerne bare lige nu her der være været blive bliver
    var havde have kunne skulle ville får fået mange hver uge dag dage dagen ugen måned
    vores jeres deres min mit mine din dit dine sin sit sine os jer dem ham hende mig dig
    sig en et ét to tre fire fem seks syv otte ni ti tak hej ja nej jo nok godt dårligt
    leveringer levering varer lager plads ordre ordrer bestilling ønsker ønske tror synes
    gang gange ved ikk nej, mellem inden efter før senere allerede""".split()
)
_ENGLISH = frozenset(
    """the and not is are was were be been being have has had do does did we you they it
    our your their my his her them us me what why how when who which because so also more
    less some any no yes would could should will can must this that these those there here
    with without from of on in into at by about than then too very just only please thanks
    deliver delivery deliveries order orders stock space week weeks day days month need want
    like much many often every each time we're don't can't it's i'm""".split()
)
_DANISH_LETTERS = re.compile(r"[æøå]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
MIN_WORDS = 3  # fewer words than this tell nothing ("ok", "hej", "ja tak")

_TO_DANISH = re.compile(
    r"\b(?:på dansk|paa dansk|in danish|dansk,? tak|dansk,? please|danish,? please"
    r"|kan vi (?:tale|skrive|tage det på) dansk|speak danish|tal dansk|skriv dansk"
    r"|jeg (?:vil|foretrækker) (?:gerne )?(?:tale |skrive )?dansk)\b",
    re.IGNORECASE,
)
_TO_ENGLISH = re.compile(
    r"\b(?:in english|på engelsk|paa engelsk|english,? please|engelsk,? tak"
    r"|can we (?:speak|talk|write|do this|do it|continue) (?:in )?english|speak english"
    r"|kan vi (?:tale|skrive|tage det på) engelsk|tal engelsk|skriv engelsk"
    r"|i (?:would )?prefer english)\b",
    re.IGNORECASE,
)


def known(language: str | None) -> str | None:
    """`language` when the interview speaks it, else None."""
    return language if language in LANGUAGES else None


def from_locale(locale: object) -> str | None:
    """The language of a locale such as "da-DK", "da_DK", "da" or "en-GB"; None for others."""
    if not isinstance(locale, str) or not locale.strip():
        return None
    return known(re.split(r"[-_.]", locale.strip().lower(), maxsplit=1)[0])


def switch_to(text: str) -> str | None:
    """The language a message asks to switch to ("kan vi tage det på dansk?"), if any.

    Only a short message asks: a long answer that happens to name a language ("our invoices
    come in English") does not switch.
    """
    if len(text.split()) > 10:
        return None
    if _TO_DANISH.search(text):
        return "da"
    if _TO_ENGLISH.search(text):
        return "en"
    return None


_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])\s+(\S.*)$", re.DOTALL)
_ASKING = re.compile(
    r"\?|\b(?:please|tak|can we|could we|kan vi|prefer|foretrækker|vil gerne)\b", re.IGNORECASE
)


def switch_first(text: str) -> tuple[str, str] | None:
    """A request to switch asked in a longer message's first sentence, and the rest of the
    message: "Sorry, kan vi tage det på dansk? Det er nemmere for mig. Vi vil gerne …" gives
    ("da", "Det er nemmere for mig. Vi vil gerne …").

    The first sentence must ask ("?", "please", "kan vi"), and the rest be in the language
    asked for (or too short to tell): "Our invoices come in English. We can't read them"
    asks nothing.
    """
    match = _FIRST_SENTENCE.match(text.strip())
    if not match or not _ASKING.search(match[1]):
        return None
    language = switch_to(match[1])
    if language is None or detect(match[2]) not in (language, None):
        return None
    return language, match[2]


def detect(text: str) -> str | None:
    """ "da" or "en" when the message says enough to tell, else None.

    A Danish letter (æ, ø, å) in a message of at least MIN_WORDS words is Danish; otherwise
    the language whose frequent words outnumber the other's by two or more, or that alone
    has any.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    danish = sum(w in _DANISH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if _DANISH_LETTERS.search(text) and danish >= english:
        return "da"
    if danish >= english + 2 or (danish and not english):
        return "da"
    if english >= danish + 2 or (english and not danish):
        return "en"
    return None
