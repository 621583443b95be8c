"""What a brief says, per language: its headings, field names and sentences.

A brief is written in one language (`brief(..., language="da")`): its need and wish labels,
solutions and alternatives come from the taxonomy in that language
(`Taxonomy.in_language`), everything else from `BriefWording` (English, here) or
`wording_da.DanishBriefWording`, which overrides every name (a test checks). What people
said (quotes, evidence, names) is never translated. The Markdown file, the page and the
chat message all take their words from here, so they say the same.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from assistant.errors import UnsupportedLanguage
from assistant.interview.vocabulary import Role
from assistant.taxonomy import UNCLASSIFIED_WISH, UNIDENTIFIED_NEED

__all__ = ["LANGUAGES", "BriefWording", "brief_wording"]

# The languages a brief is written in; the first is the default.
LANGUAGES: tuple[str, ...] = ("en", "da")


class BriefWording:
    """The brief's words in English."""

    language: ClassVar[str] = "en"
    NAME: ClassVar[str] = "English"  # the language's own name, for a language switch

    # -- headings and field names ------------------------------------------------------
    TITLE = "Negotiation brief"  # the page's title
    FILE_TITLE = "Customer brief"  # the Markdown file's
    AS_OF = "Needfinder brief as of"
    DOWNLOAD = "Download the brief (Markdown)"
    PRINT = "Print or save as PDF"
    CUSTOMER = "Customer"
    EXTERNAL_ID = "External id"
    INDUSTRY = "Industry"
    REGION = "Region"
    SIZE = "Size"
    INTERVIEWS = "Interviews"
    LAST_INTERVIEW = "Last interview"
    SUMMARY = "Negotiation summary"
    TOP_NEEDS = "Top needs"
    TOP_NEEDS_OFFERS = "Top needs, and what to offer first"
    REP_ONLY = "Rep only, to check"
    BEHIND = "Behind"
    OFFER_FIRST = "Offer first"
    TRADE = "Trade"
    TALKING_POINTS = "Talking points"
    QUESTIONS = "Questions to ask"
    ASK_KINDS: ClassVar[dict[str, str]] = {
        "why": "Ask why",
        "check": "Check",
        "conflict": "Conflict",
    }
    WISHES = "Wishes and the needs beneath them"
    TRANSCRIPT = "transcript"
    DETAILS = "Details"
    PARAMETERS = "Parameters"
    REAL_NEED = "Real need"
    BECAUSE = "Because"
    EVIDENCE = "Evidence"
    SOLUTION = "Standard solution"
    LEVER = "lever"
    TRADES = "Trades"
    WORTH_NEGOTIATING = "Worth negotiating"
    REJECTED = "Rejected needs"
    RULED_OUT = "Ruled out"
    OPEN_QUESTION = "Open question"
    NO_WISHES = "No wishes recorded yet."
    NO_WISH_PAGE = "No wish recorded for this customer yet."
    INCLUDED = "Interviews without any need finding are included."
    LEAVE_OUT = "Leave them out"
    UNCLASSIFIED_WISH = UNCLASSIFIED_WISH
    UNIDENTIFIED_NEED = UNIDENTIFIED_NEED
    LEVERS: ClassVar[dict[str, str]] = {
        "logistics": "logistics",
        "commercial": "commercial",
        "information": "information",
        "administration": "administration",
    }
    PARAMETER_KINDS: ClassVar[dict[str, str]] = {
        "duration": "duration",
        "quantity": "quantity",
        "frequency": "frequency",
        "time_window": "time_window",
        "payment_term": "payment_term",
        "money": "money",
    }
    MONTHS: ClassVar[tuple[str, ...]] = (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    )  # fmt: skip
    QUOTE = ("“", "”")  # quotation marks around a person's words in a sentence

    # -- small words ---------------------------------------------------------------------

    def day(self, moment: datetime | date) -> str:
        """A date people read: "1 Mar 2025"."""
        return f"{moment.day} {self.MONTHS[moment.month - 1]} {moment.year}"

    def lever(self, code: str) -> str:
        return self.LEVERS.get(code, code)

    def parameter_kind(self, kind: str) -> str:
        return self.PARAMETER_KINDS.get(kind, kind)

    def quoted(self, text: str) -> str:
        opening, closing = self.QUOTE
        return f"{opening}{text}{closing}"

    def count(self, n: int, noun: str) -> str:
        """ "1 need", "3 open questions": nouns are "need", "interview", "open question"."""
        return f"{n} {noun}{'s' * (n != 1)}"

    def left_out_file(self, n: int) -> str:
        """The Markdown file's note on the interviews it leaves out."""
        return (
            f"Left out: {self.count(n, 'interview')} without any need finding "
            "(greetings, wishes stated and left)."
        )

    def left_out(self, n: int) -> str:
        verb = "is" if n == 1 else "are"
        return (
            f"{self.count(n, 'interview')} without any need finding (a greeting, a wish "
            f"stated and left) {verb} left out."
        )

    def include_left_out(self, n: int) -> str:
        return "Include it" if n == 1 else "Include them"

    def more(self, n: int) -> str:
        """After the first of several confirmations: "(and 2 more)"."""
        return f"(and {n} more)"

    def give_instead_of(self) -> tuple[str, str]:
        """The words around a trade's halves on the page: "Give <offer> instead of <asked>"."""
        return "Give", "instead of"

    def interview_of(self, day: str, speaker: str) -> str:
        return f"Interview of {day} with {speaker}"

    # -- who said so ---------------------------------------------------------------------

    def rep(self, person: str | None) -> str:
        """A sales rep by their id if known: "sales rep U07", else "a sales rep"."""
        return f"sales rep {person}" if person else "a sales rep"

    def speaker(self, role: Role | None, person: str | None) -> str:
        """Who spoke: "the customer", "sales rep U07", "a sales rep", or that it is unknown."""
        if role == Role.CUSTOMER:
            return "the customer"
        if role == Role.SALES_REP:
            return self.rep(person)
        return "someone whose role was not recorded"

    def confirmer(self, role: Role | None, person: str | None, day: str) -> str:
        """Who settled something in an interview, and when, as a sentence start."""
        if role == Role.CUSTOMER:
            who = f" ({person})" if person else ""
            return f"Confirmed by the customer{who} on {day}"
        if role == Role.SALES_REP:
            return f"Stated by {self.rep(person)} on {day}"
        return f"Confirmed on {day} (who was speaking was not recorded)"

    def stated_by(self, role: Role | None, person: str | None) -> str:
        """Who stated a need when it was not the customer: "sales rep U07", "a sales rep"."""
        if role == Role.SALES_REP:
            return self.rep(person)
        return "an interview whose speaker was not recorded"

    # -- the summary's sentences ---------------------------------------------------------

    def headline(self, by_customer: int, by_rep: int, questions: int) -> str:
        if not (by_customer or by_rep or questions):
            return "Nothing recorded for this customer yet."
        parts = []
        if by_customer:
            parts.append(f"{self.count(by_customer, 'need')} confirmed by the customer")
        if by_rep:
            parts.append(f"{self.count(by_rep, 'need')} stated by a sales rep only")
        if not (by_customer or by_rep):
            parts.append("no need confirmed yet")
        ask = self.count(questions, "open question") if questions else "no open question"
        text = ", ".join(parts) + f"; {ask}."
        return text[:1].upper() + text[1:]

    def why(self, label: str | None, quote: str, candidates: list[str]) -> str:
        """The open question of a wish without a need: about its `label`, or the person's
        words (`quote`) when the wish has no known code; `candidates` are need labels."""
        subject = label.lower() if label else f'"{quote.strip()}"'
        question = f"Why does the customer want {subject}?"
        if candidates:
            question += " Candidates: " + ", ".join(c.lower() for c in candidates) + "."
        return question

    def conflict(
        self, need: str, wish: str, rejected_on: str, who: str, stated_on: str, offer: str
    ) -> str:
        return (
            f"The customer rejected {need.lower()} as the reason for {wish.lower()} on "
            f"{rejected_on}, but {who} stated it on {stated_on}: ask which it is before "
            f"offering {offer}."
        )

    def check(self, need: str, wish: str, stated: str) -> str:
        return (
            f"Check with the customer: is {need.lower()} the reason behind their wish for "
            f"{wish.lower()}? {stated}, not yet confirmed by the customer."
        )

    def a_solution(self) -> str:
        return "a solution"

    def talking_point(
        self,
        wish: str,
        details: str,
        need: str,
        evidence: str | None,
        by_customer: bool,
        lead_with: str | None,
    ) -> str:
        """`wish` with `details` (" (48 hours)"), the need behind it in the person's words,
        and what to lead with (None: not yet confirmed by the customer)."""
        because = f"the reason is {need.lower()}"
        if evidence:
            whose = "in their words" if by_customer else "as the rep put it"
            because += f" ({whose}: {self.quoted(evidence)})"
        if not by_customer:
            then = " Not yet confirmed by the customer."
        elif lead_with:
            then = f" Lead with {lead_with.lower()}."
        else:
            then = ""
        return f"They ask for {wish.lower()}{details}; {because}.{then}"

    def ruled_out(self, need: str, wish: str, solution: str | None) -> str:
        instead = solution.lower() if solution else "its solution"
        return (
            f"Not {need.lower()}: the customer said it is not why they want {wish.lower()}, "
            f"so do not lead with {instead}."
        )

    # -- the chat message ----------------------------------------------------------------

    CHAT_BRIEF = "Brief"
    CHAT_NO_INTERVIEWS = "No interviews with this customer yet."
    CHAT_NO_NEED = "No need confirmed yet."
    CHAT_TOP_NEEDS = "Top needs:"
    CHAT_OFFER_FIRST = "Offer first:"
    CHAT_TRADE = "What to trade:"
    CHAT_CONFIRMED = "confirmed"

    def chat_day(self, on: date) -> str:
        """A date in the chat message: "2025-03-09"."""
        return on.isoformat()

    def chat_interviews(self, n: int, last: datetime | None) -> str:
        count = self.count(n, "interview")
        return f"{count}, the last on {self.chat_day(last.date())}." if last else f"{count}."

    def chat_behind(self, n: int) -> str:
        return f"behind {n} wishes" if n > 1 else "behind 1 wish"

    def chat_more(self, n: int) -> str:
        return f"… and {n} more in the full brief."

    def chat_offer(self, solution: str, lever: str, need: str) -> str:
        return f"{solution} ({self.lever(lever)}), for {need.lower()}"

    def chat_open_questions(self, n: int) -> str:
        return f"Open questions ({n}):"

    def chat_by_customer(self, times: int, on: str) -> str:
        """ "confirmed by the customer 2 times, last on 2026-12-02" (`on`: `chat_day`)."""
        several = f" {times} times, last" if times > 1 else ""
        return f"confirmed by the customer{several} on {on}"

    def chat_by_reps(self, names: list[str], on: str) -> str:
        """ "stated by a sales rep (U1) on 2026-11-30", "stated by sales reps (U1, U2) on …"."""
        who = f" ({', '.join(names)})" if names else ""
        rep = "sales reps" if len(names) > 1 else "a sales rep"
        return f"stated by {rep}{who} on {on}"

    # -- a customer's segment, in the chat -------------------------------------------------

    def segment_none(self, name: str) -> str:
        return f"No need is confirmed for {name} yet, so it is in no segment."

    def segment_individual(self, name: str, needs: str, min_size: int) -> str:
        return (
            f"{name}'s needs ({needs}) fit no segment of {min_size} or more customers: "
            "an individual customer."
        )

    def segment_member(self, name: str, segment: str, size: int) -> str:
        customers = "1 customer" if size == 1 else f"{size} customers"
        return f"{name} is in the segment {segment} ({customers})."

    def segment_needs(self, needs: str) -> str:
        return f"Its needs: {needs}."

    def segment_package(self, offers: str) -> str:
        return f"Standard package: {offers}."


def brief_wording(language: str = "en") -> BriefWording:
    """The brief's words in `language` (one of LANGUAGES), else `UnsupportedLanguage`."""
    if language == "en":
        return _ENGLISH
    if language == "da":
        from assistant.reports.wording_da import DANISH

        return DANISH
    raise UnsupportedLanguage(
        f"a brief is written in {' or '.join(LANGUAGES)}, not in {language!r}"
    )


_ENGLISH = BriefWording()
