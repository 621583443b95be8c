"""Finding a customer by what a person calls them in a chat: a name or an external id.

Case, punctuation, accents and a legal form at the end do not matter ("acme gmbh" finds
"ACME GmbH", "Müller" finds "Muller", "jensen byg" finds "Jensen Byg A/S"), and Danish
letters may be typed the way a keyboard without them does ("Aeroe" finds "Ærø", "Aarhus"
finds "Århus"). In order, the first rule that finds anything wins:

1. the external id, exactly (ignoring case): one customer, as external ids are unique;
2. the name, normalised as above: every customer of that name;
3. names or external ids that contain the words asked for, at word starts ("acme" finds
   "Acme Foods" and "Foods of Acme", not "Pacmen");
4. names within a few typos (difflib's ratio of the normalised names at least 0.8).

More than one customer found is ambiguous: the person is asked which one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.store.models import Customer

__all__ = ["CustomerMatch", "Lookup", "find_customers", "normalise_name"]

MAX_MATCHES = 5  # an ambiguous answer lists this many at most
TYPO_RATIO = 0.8
# Legal forms left out when comparing names ("Acme GmbH" is "Acme").
_LEGAL_FORMS = frozenset(
    "ab ag as bv co corp corporation company gmbh inc incorporated kg llc llp ltd limited "
    "nv oy plc sa sarl sas se spa srl aps ivs ks ps amba fmba smba".split()
)
_WORD = re.compile(r"[^\W_]+")
# Danish legal forms written with a slash or dots: "A/S" is "as", "a.m.b.a." is "amba".
_SLASHED_FORM = re.compile(r"(?<!\w)([akp])\s*/\s*s(?!\w)")
_DOTTED_FORM = re.compile(r"(?<!\w)([afs])\.m\.b\.a\.?")
# Danish letters as typed without them; å would otherwise lose its ring and become "a".
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@dataclass(frozen=True)
class CustomerMatch:
    id: int
    external_id: str
    name: str


@dataclass(frozen=True)
class Lookup:
    """What a query found: nothing, one customer, or several (ambiguous)."""

    query: str
    matches: tuple[CustomerMatch, ...]
    more: bool = False  # more matched than are listed

    @property
    def found(self) -> CustomerMatch | None:
        return self.matches[0] if len(self.matches) == 1 and not self.more else None

    @property
    def ambiguous(self) -> bool:
        return len(self.matches) > 1 or self.more


def _words(text: str) -> list[str]:
    plain = text.casefold().translate(_DANISH_LETTERS)
    plain = _DOTTED_FORM.sub(r"\1mba", _SLASHED_FORM.sub(r"\1s", plain))
    plain = unicodedata.normalize("NFKD", plain)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain)


def normalise_name(text: str) -> str:
    """`text` as names are compared: lower case, no accents or punctuation, no legal form."""
    words = _words(text)
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _contains(haystack: str, words: list[str]) -> bool:
    """Whether the words follow each other in `haystack`, each at the start of a word there."""
    target = _words(haystack)
    for start in range(len(target) - len(words) + 1):
        window = target[start : start + len(words)]
        if all(t.startswith(w) if i == len(words) - 1 else t == w
               for i, (t, w) in enumerate(zip(window, words, strict=True))):  # fmt: skip
            return True
    return False


def find_customers(session: Session, query: str, *, limit: int = MAX_MATCHES) -> Lookup:
    """The customers `query` names (see the module docstring); never raises for a bad query."""
    query = " ".join(query.split())[:200]
    wanted = normalise_name(query)
    if not wanted:
        return Lookup(query, ())
    by_id = session.execute(
        select(Customer.id, Customer.external_id, Customer.name).where(
            func.lower(Customer.external_id) == query.lower()
        )
    ).first()
    if by_id is not None:
        return Lookup(query, (CustomerMatch(*by_id),))
    # Names are compared in Python: accents and legal forms are beyond portable SQL, and the
    # columns read are small (10,000 customers are well under a megabyte).
    rows = [
        CustomerMatch(*row)
        for row in session.execute(
            select(Customer.id, Customer.external_id, Customer.name).order_by(Customer.id)
        )
    ]
    names = {row.id: normalise_name(row.name) for row in rows}
    exact = [row for row in rows if names[row.id] == wanted]
    if not exact:
        words = wanted.split()
        exact = [
            row for row in rows if _contains(row.name, words) or _contains(row.external_id, words)
        ]
    if not exact:
        close = {
            name
            for name in difflib.get_close_matches(
                wanted, set(names.values()), n=limit + 1, cutoff=TYPO_RATIO
            )
        }
        exact = [row for row in rows if names[row.id] in close]
    return Lookup(query, tuple(exact[:limit]), more=len(exact) > limit)
