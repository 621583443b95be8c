"""What a brief says in Danish: every name of `wording.BriefWording`, overridden.

Business Danish for a sales rep before a meeting ("du" to the rep, "kunden" for the
customer); the taxonomy's Danish texts give the labels, solutions and alternatives.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from assistant.interview import wording_da as interview_da
from assistant.interview.vocabulary import Role
from assistant.reports.wording import BriefWording

__all__ = ["DANISH", "DanishBriefWording"]

# Singular and plural of the nouns the brief counts.
_NOUNS = {
    "need": ("behov", "behov"),
    "interview": ("interview", "interviews"),
    "open question": ("åbent spørgsmål", "åbne spørgsmål"),
}


class DanishBriefWording(BriefWording):
    """The brief's words in Danish."""

    language: ClassVar[str] = "da"
    NAME: ClassVar[str] = "Dansk"

    # -- headings and field names ------------------------------------------------------
    TITLE = "Forhandlingsbrief"
    FILE_TITLE = "Kundebrief"
    AS_OF = "Needfinder-brief pr."
    DOWNLOAD = "Hent briefen (Markdown)"
    PRINT = "Udskriv eller gem som PDF"
    CUSTOMER = "Kunde"
    EXTERNAL_ID = "Eksternt id"
    INDUSTRY = "Branche"
    REGION = "Region"
    SIZE = "Størrelse"
    INTERVIEWS = "Interviews"
    LAST_INTERVIEW = "Seneste interview"
    SUMMARY = "Overblik før forhandlingen"
    TOP_NEEDS = "Vigtigste behov"
    TOP_NEEDS_OFFERS = "Vigtigste behov, og hvad du tilbyder først"
    REP_ONLY = "Kun fra sælger, skal tjekkes"
    BEHIND = "Ligger bag"
    OFFER_FIRST = "Tilbyd først"
    TRADE = "Alternativ"
    TALKING_POINTS = "Samtalepunkter"
    QUESTIONS = "Spørgsmål at stille"
    ASK_KINDS: ClassVar[dict[str, str]] = {
        "why": "Spørg hvorfor",
        "check": "Tjek",
        "conflict": "Modstrid",
    }
    WISHES = "Ønskerne og behovene bag dem"
    TRANSCRIPT = "udskrift"
    DETAILS = "Detaljer"
    PARAMETERS = "Detaljer"
    REAL_NEED = "Egentligt behov"
    BECAUSE = "Begrundelse"
    EVIDENCE = "Begrundelse"
    SOLUTION = "Standardløsning"
    LEVER = "greb"
    TRADES = "Alternativer"
    WORTH_NEGOTIATING = "Værd at forhandle om"
    REJECTED = "Afviste behov"
    RULED_OUT = "Udelukket"
    OPEN_QUESTION = "Åbent spørgsmål"
    NO_WISHES = "Ingen ønsker registreret endnu."
    NO_WISH_PAGE = "Der er ikke registreret nogen ønsker for denne kunde endnu."
    INCLUDED = "Interviews uden fundne behov er taget med."
    LEAVE_OUT = "Udelad dem"
    UNCLASSIFIED_WISH = "Uklassificeret ønske"
    UNIDENTIFIED_NEED = "Ikke fundet"
    LEVERS: ClassVar[dict[str, str]] = {
        "logistics": "logistik",
        "commercial": "kommerciel",
        "information": "information",
        "administration": "administration",
    }
    PARAMETER_KINDS: ClassVar[dict[str, str]] = {
        "duration": "varighed",
        "quantity": "mængde",
        "frequency": "hyppighed",
        "time_window": "tidsvindue",
        "payment_term": "betalingsbetingelse",
        "money": "beløb",
    }
    MONTHS: ClassVar[tuple[str, ...]] = interview_da.MONTHS
    QUOTE = ("»", "«")

    # -- small words ---------------------------------------------------------------------

    def day(self, moment: datetime | date) -> str:
        """ "1. marts 2025"."""
        return interview_da.day(moment)

    def count(self, n: int, noun: str) -> str:
        one, many = _NOUNS.get(noun, (noun, noun))
        return f"{n} {one if n == 1 else many}"

    def left_out_file(self, n: int) -> str:
        return (
            f"Udeladt: {self.count(n, 'interview')} uden fundne behov "
            "(hilsner, ønsker nævnt uden opfølgning)."
        )

    def left_out(self, n: int) -> str:
        return (
            f"{self.count(n, 'interview')} uden fundne behov (en hilsen, et ønske nævnt uden "
            "opfølgning) er udeladt."
        )

    def include_left_out(self, n: int) -> str:
        return "Tag det med" if n == 1 else "Tag dem med"

    def more(self, n: int) -> str:
        return f"(og {n} til)"

    def give_instead_of(self) -> tuple[str, str]:
        return "Tilbyd", "i stedet for"

    def interview_of(self, day: str, speaker: str) -> str:
        return f"Interview den {day} med {speaker}"

    # -- who said so ---------------------------------------------------------------------

    def rep(self, person: str | None) -> str:
        return f"sælger {person}" if person else "en sælger"

    def speaker(self, role: Role | None, person: str | None) -> str:
        if role == Role.CUSTOMER:
            return "kunden"
        if role == Role.SALES_REP:
            return self.rep(person)
        return "en person, hvis rolle ikke blev registreret"

    def confirmer(self, role: Role | None, person: str | None, day: str) -> str:
        if role == Role.CUSTOMER:
            who = f" ({person})" if person else ""
            return f"Bekræftet af kunden{who} den {day}"
        if role == Role.SALES_REP:
            return f"Angivet af {self.rep(person)} den {day}"
        return f"Bekræftet den {day} (det blev ikke registreret, hvem der talte)"

    def stated_by(self, role: Role | None, person: str | None) -> str:
        if role == Role.SALES_REP:
            return self.rep(person)
        return "et interview, hvor det ikke blev registreret, hvem der talte"

    # -- the summary's sentences ---------------------------------------------------------

    def headline(self, by_customer: int, by_rep: int, questions: int) -> str:
        if not (by_customer or by_rep or questions):
            return "Intet registreret for denne kunde endnu."
        parts = []
        if by_customer:
            parts.append(f"{self.count(by_customer, 'need')} bekræftet af kunden")
        if by_rep:
            parts.append(f"{self.count(by_rep, 'need')} kun angivet af en sælger")
        if not (by_customer or by_rep):
            parts.append("intet behov bekræftet endnu")
        ask = self.count(questions, "open question") if questions else "ingen åbne spørgsmål"
        text = ", ".join(parts) + f"; {ask}."
        return text[:1].upper() + text[1:]

    def why(self, label: str | None, quote: str, candidates: list[str]) -> str:
        if label:
            question = f"Hvad ligger bag ønsket om {label.lower()}?"
        else:
            question = f"Hvorfor ønsker kunden {self.quoted(quote)}?"
        if candidates:
            question += " Mulige behov: " + ", ".join(c.lower() for c in candidates) + "."
        return question

    def conflict(
        self, need: str, wish: str, rejected_on: str, who: str, stated_on: str, offer: str
    ) -> str:
        return (
            f"Kunden afviste {need.lower()} som grunden til ønsket om {wish.lower()} den "
            f"{rejected_on}, men {who} angav det den {stated_on}: spørg, hvad der gælder, "
            f"før du tilbyder {offer}."
        )

    def check(self, need: str, wish: str, stated: str) -> str:
        return (
            f"Tjek med kunden: Er {need.lower()} grunden til ønsket om {wish.lower()}? "
            f"{stated}, endnu ikke bekræftet af kunden."
        )

    def a_solution(self) -> str:
        return "en løsning"

    def talking_point(
        self,
        wish: str,
        details: str,
        need: str,
        evidence: str | None,
        by_customer: bool,
        lead_with: str | None,
    ) -> str:
        because = f"grunden er {need.lower()}"
        if evidence:
            whose = "med deres egne ord" if by_customer else "som sælgeren udtrykte det"
            because += f" ({whose}: {self.quoted(evidence)})"
        if not by_customer:
            then = " Endnu ikke bekræftet af kunden."
        elif lead_with:
            then = f" Læg ud med {lead_with.lower()}."
        else:
            then = ""
        return f"De beder om {wish.lower()}{details}; {because}.{then}"

    def ruled_out(self, need: str, wish: str, solution: str | None) -> str:
        instead = solution.lower() if solution else "løsningen på det"
        return (
            f"Ikke {need.lower()}: kunden sagde, at det ikke er grunden til ønsket om "
            f"{wish.lower()}, så læg ikke ud med {instead}."
        )

    # -- the chat message ----------------------------------------------------------------

    CHAT_BRIEF = "Brief"
    CHAT_NO_INTERVIEWS = "Ingen interviews med denne kunde endnu."
    CHAT_NO_NEED = "Intet behov bekræftet endnu."
    CHAT_TOP_NEEDS = "Vigtigste behov:"
    CHAT_OFFER_FIRST = "Tilbyd først:"
    CHAT_TRADE = "Alternativer at forhandle med:"
    CHAT_CONFIRMED = "bekræftet"

    def chat_day(self, on: date) -> str:
        return self.day(on)

    def chat_interviews(self, n: int, last: datetime | None) -> str:
        count = self.count(n, "interview")
        return f"{count}, det seneste den {self.day(last)}." if last else f"{count}."

    def chat_behind(self, n: int) -> str:
        return f"bag {n} ønsker" if n > 1 else "bag 1 ønske"

    def chat_more(self, n: int) -> str:
        return f"… og {n} mere i den fulde brief."

    def chat_offer(self, solution: str, lever: str, need: str) -> str:
        return f"{solution} ({self.lever(lever)}), mod {need.lower()}"

    def chat_open_questions(self, n: int) -> str:
        return f"Åbne spørgsmål ({n}):"

    def chat_by_customer(self, times: int, on: str) -> str:
        several = f" {times} gange, senest" if times > 1 else ""
        return f"bekræftet af kunden{several} den {on}"

    def chat_by_reps(self, names: list[str], on: str) -> str:
        who = f" ({', '.join(names)})" if names else ""
        rep = "sælgere" if len(names) > 1 else "en sælger"
        return f"angivet af {rep}{who} den {on}"

    # -- a customer's segment, in the chat -------------------------------------------------

    def segment_none(self, name: str) -> str:
        return f"Der er endnu ikke bekræftet noget behov for {name}, så kunden er i intet segment."

    def segment_individual(self, name: str, needs: str, min_size: int) -> str:
        return (
            f"Behovene hos {name} ({needs}) passer ikke i noget segment med {min_size} eller "
            "flere kunder: en individuel kunde."
        )

    def segment_member(self, name: str, segment: str, size: int) -> str:
        customers = "1 kunde" if size == 1 else f"{size} kunder"
        return f"{name} er i segmentet {segment} ({customers})."

    def segment_needs(self, needs: str) -> str:
        return f"Kundens behov: {needs}."

    def segment_package(self, offers: str) -> str:
        return f"Standardpakke: {offers}."


DANISH = DanishBriefWording()
