"""The language a reader wants a brief in: `?lang=` if given, else the browser's
`Accept-Language`, else English.

Only the choice is made here; the brief itself is written by `assistant.reports` in the
chosen language. A `lang` the briefs are not written in is refused (422, naming the ones
they are), never silently replaced; an `Accept-Language` naming none of them gives English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from fastapi import Depends, Query, Request

__all__ = ["BriefLanguage", "LanguageDep", "ReaderLanguage", "from_accept_language"]

BriefLanguage = Literal["en", "da"]  # assistant.reports.wording.LANGUAGES (a test checks)
LANGUAGES: tuple[str, ...] = get_args(BriefLanguage)
DEFAULT = "en"
_RANGE = re.compile(r"^\s*(?P<tag>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?P<params>;.*)?$")
_QUALITY = re.compile(r";\s*q\s*=\s*(?P<q>[01](?:\.\d{0,3})?)\s*(?:;|$)", re.IGNORECASE)


LangQuery = Annotated[
    BriefLanguage | None,
    Query(
        description="The brief's language: en (English) or da (Danish). Without it, the "
        "request's Accept-Language decides, else English. Quotes are shown as they were said."
    ),
]


@dataclass(frozen=True)
class ReaderLanguage:
    """The language chosen, and whether the reader named it (`?lang=`) rather than their
    browser (links on a page keep a named choice)."""

    code: str
    explicit: bool

    @property
    def headers(self) -> dict[str, str]:
        """What an answer in this language says of itself, and that it depends on the header."""
        return {"Content-Language": self.code, "Vary": "Accept-Language"}


def from_accept_language(header: str | None) -> str:
    """The language of LANGUAGES the header prefers most ("da-DK,da;q=0.9,en;q=0.8" -> "da"),
    the first listed among equals; English when it names none (or only with q=0)."""
    best, best_q = DEFAULT, 0.0
    for part in (header or "").split(",")[:50]:
        match = _RANGE.match(part)
        if match is None:
            continue
        quality = 1.0
        if params := match["params"]:
            found = _QUALITY.search(params)
            if found is None:
                continue  # a malformed weight: not a preference we can read
            quality = float(found["q"])
        primary = match["tag"].split("-", 1)[0].lower()
        if primary in LANGUAGES and quality > best_q:
            best, best_q = primary, quality
    return best


def reader_language(request: Request, lang: LangQuery = None) -> ReaderLanguage:
    if lang is not None:
        return ReaderLanguage(lang, explicit=True)
    return ReaderLanguage(from_accept_language(request.headers.get("accept-language")), False)


LanguageDep = Annotated[ReaderLanguage, Depends(reader_language)]
