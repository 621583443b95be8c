"""What the interviewer says in Danish: the same names and signatures as `wording`.

Informal "du", business tone. A sales rep hears the supplier's terms, a customer the
taxonomy's customer wording (its Danish texts: `Taxonomy.in_language("da")`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from assistant.interview.vocabulary import Role
from assistant.taxonomy import Need

PAUSED = (
    "Gemt. Du kan vende tilbage når som helst via samme link eller chat, "
    "så fortsætter vi, hvor vi slap."
)
COMPLETE = 'Interviewet er afsluttet, tak for det. Skriv "forfra", hvis du vil starte et nyt.'
CHITCHAT = "Vi kan sagtens snakke en anden gang! Tilbage til interviewet:"
GREETED = "Hej!"
GREETED_AGAIN = "Hej igen!"
SKIPPED = "Fint, så springer vi den over."
ROLE_FIRST = (
    "Noteret, det vender jeg tilbage til. Først: Er du kunde, eller er du sælger og "
    "forbereder en forhandling? Vælg nedenfor."
)
NEEDED_TO_START = "Det skal jeg vide for at gemme dine svar det rigtige sted."
STALE_BUTTON = "Den knap hører til et tidligere spørgsmål."
NOTHING_TO_DROP = "Forstået."
NOT_CAUGHT = "Undskyld, det fangede jeg ikke helt."
ASK_ROLE = (
    "Hej! Jeg hjælper med at finde behovene bag logistikønsker. Er du kunde, "
    "eller er du sælger og forbereder en forhandling?"
)
ASK_ROLE_WELCOMED = (
    "Hej! Er du kunde, eller er du sælger og forbereder en forhandling? Vælg nedenfor."
)
ASK_MORE = "Hvad kunne du ellers tænke dig fra os?"
LEAVE_IT = "Så lader vi den ligge."
COME_BACK = "Resten af din besked vender jeg tilbage til bagefter."
NOTED_AS_IS = "Jeg noterer det, som det er."
NOTED_OPEN = "Forstået, jeg noterer den som åben."
MOVE_ON = "Intet problem, lad os gå videre."
ASK_DIFFERENTLY = "Intet problem, jeg spørger på en anden måde."
CORRECTED = "Tak fordi du retter mig."
OPEN_AFTER_OFFER = "Tak, jeg noterer den her som åben."
OPEN_NO_OPTIONS = "Jeg noterer den her som åben."
WHICH_NEED = "Hvilken af dem er tættest på den egentlige grund?"
DIRECT_NEED = "Et behov sagt direkte"
SWITCHED = "Selvfølgelig, vi fortsætter på dansk."

REPHRASE = (
    "Jeg er ikke sikker på, hvilket logistikønske det er. Kan du sige det på en anden måde, "
    'fx "vi vil gerne have leveret to gange om ugen"?',
    "Undskyld, den forstod jeg ikke. Hvad vil du gerne have, at vi ændrer, "
    'fx "mindre minimumsordrer"?',
)


def welcome_back(last_question: str | None) -> str:
    if last_question is None:
        return "Velkommen tilbage!"
    return f"Velkommen tilbage! Vi slap her: {last_question}"


def rephrase(asked: Sequence[str]) -> str:
    return next((q for q in REPHRASE if q not in asked), f"En gang til: {REPHRASE[0]}")


def which_need(asked: Sequence[str]) -> str:
    variants = (
        WHICH_NEED,
        "Og her, hvilken af dem er tættest på?",
        "Hvilken af disse passer bedst her?",
    )
    return next((v for v in variants if v not in asked), variants[-1])


def also_said(quote: str | None) -> str:
    """Asking which wish a request was that the interview could not place."""
    if quote is None:
        return "Du nævnte også noget andet tidligere. Hvilket af disse ønsker er det tættest på?"
    return f"Du skrev også: “{quote}”. Hvilket af disse ønsker er det tættest på?"


def said_earlier(quote: str | None) -> str:
    if quote is None:
        return "Hvilket af disse ønsker kommer tættest på det, du skrev tidligere?"
    return f"Du skrev tidligere: “{quote}”. Hvilket af disse ønsker er det tættest på?"


def which_wish(asked: Sequence[str]) -> str:
    question = "Hvilken af disse er tættest på det, du mener?"
    return "Hvilken af dem ligner det mest?" if question in asked else question


def ask_customer(role: Role | None) -> str:
    if role == Role.SALES_REP:
        return "Hvilken kunde forbereder vi?"
    return "Hvilken virksomhed er du fra?"


def ask_customer_again(role: Role | None) -> str:
    if role == Role.SALES_REP:
        return "Det kommer vi til om lidt. Først: Hvad hedder kunden?"
    return "Det kommer vi til om lidt. Først: Hvad hedder din virksomhed?"


def opening(
    role: Role | None, customer: str | None, asked: Sequence[str], welcomed: bool = False
) -> str:
    greeting = "Tak! " if asked else "Hej! "
    if welcomed and customer and not asked and role != Role.SALES_REP:
        return f"{greeting}Hvad vil du gerne have, at vi gør anderledes, når vi leverer til dig?"
    if role == Role.SALES_REP:
        return (
            f"{greeting}Lad os forberede din forhandling med {customer}. "
            "Hvilke logistikvilkår beder de os om?"
        )
    if customer and not asked:
        greeting = f"Hej! Tak fordi du er med på vegne af {customer}. "
    return (
        f"{greeting}Jeg vil gerne forstå, hvad du har brug for fra os som leverandør. "
        "Hvad vil du gerne have, at vi gør anderledes, når vi leverer til dig?"
    )


WELCOME = (
    "Velkommen! Jeg hjælper med at finde behovene bag logistikønsker. Først: Er du kunde, "
    "eller er du sælger og forbereder en forhandling?"
)


MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def day(moment: date) -> str:
    """ "1. marts 2025"."""
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def invitation_reason(kind: str, expired_on: date | None = None) -> str:
    return {
        "withdrawn": "Dette invitationslink er trukket tilbage.",
        "expired": f"Dette invitationslink udløb den {day(expired_on)}."
        if expired_on
        else "Dette invitationslink er udløbet.",
        "used": "Dette invitationslink er allerede brugt til en anden samtale.",
    }.get(kind, "Dette invitationslink er ikke gyldigt; tjek adressen.")


def invitation_notice(kind: str, expired_on: date | None = None) -> str:
    reason = invitation_reason(kind, expired_on)
    return f"{reason} Bed din kontakt hos leverandøren om et nyt link; du kan stadig svare."


def welcome(invited: bool, customer: str | None = None) -> str:
    if not invited:
        return WELCOME
    thanks = f", og tak fordi du er med på vegne af {customer}" if customer else ""
    return (
        f"Velkommen{thanks}! Jeg vil gerne forstå, hvad du har brug for fra os som leverandør. "
        "Hvad vil du gerne have, at vi gør anderledes, når vi leverer til dig?"
    )


def several_wishes(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return ""
    named = " og ".join(label.lower() for label in labels)
    count = {2: "to", 3: "tre", 4: "fire"}.get(len(labels), str(len(labels)))
    return f"Du nævnte {count} ting: {named}. Lad os tage dem én ad gangen."


def corrected_wish(label: str) -> str:
    return f"Forstået: {label.lower()}."


def proposal(need: Need, role: Role | None = None, again: bool = False, still: bool = False) -> str:
    lead = "Også her lyder det" if again else "Det lyder stadig" if still else "Det lyder"
    if role == Role.SALES_REP:
        return (
            f"{lead}, som om det egentlige behov bag det er {need.label.lower()}: "
            f"{need.definition} Er det rigtigt?"
        )
    return (
        f"{lead}, som om den egentlige grund er, at {as_clause(need.customer_label)}. "
        f"{need.customer_explanation} Passer det?"
    )


def unconfirmed(need: Need, role: Role | None = None) -> str:
    if role == Role.SALES_REP:
        return (
            "Jeg kunne ikke høre, om det var et ja. Jeg har noteret "
            f"{need.label.lower()} som det sandsynlige behov, men ikke bekræftet."
        )
    return (
        "Jeg kunne ikke høre, om det var et ja. Jeg har noteret som sandsynligt, men ikke "
        f"bekræftet, at {as_clause(need.customer_label)}."
    )


def confirmed(need: Need, role: Role | None = None) -> str:
    if role == Role.SALES_REP:
        return f"Tak! Noteret; det har vi et standardsvar på: {need.solution.label.lower()}."
    return f"Tak! Jeg har noteret, at {as_clause(need.customer_label)}."


def covered(label: str) -> str:
    return f"{label} har vi allerede talt om."


def next_wish(note: str, label: str) -> str:
    return f"{note} Så til {label.lower()}."


def anything_else(role: Role | None, asked: Sequence[str], wishes_so_far: int) -> str:
    subject = "kunden gerne vil have" if role == Role.SALES_REP else "du gerne vil have"
    variants = (
        f"Er der andet, {subject} fra os som leverandør?",
        "Er der mere, du vil tilføje?",
        "Andre ønsker?",
    )
    question = next((q for q in variants if q not in asked), variants[-1])
    if question in asked:
        question = f"{question} ({wishes_so_far} indtil nu)"
    return question


def summary(
    wishes: Sequence[tuple[str, Need | None]],
    role: Role | None = None,
    likely: Mapping[int, Need] | None = None,
) -> list[str]:
    if not wishes:
        return ["Så ingen ønsker i dag. Tak for din tid!"]
    line, likely = _rep_line if role == Role.SALES_REP else _customer_line, likely or {}
    lines = [
        _likely_line(label, likely[i], role) if need is None and i in likely
        else line(label, need)
        for i, (label, need) in enumerate(wishes)
    ]  # fmt: skip
    return ["Her er, hvad jeg har forstået:\n" + "\n".join(lines), "Tak for din tid!"]


def _rep_line(label: str, need: Need | None) -> str:
    if need is None:
        return f"- {label} → det egentlige behov er stadig åbent"
    return (
        f"- {label} → egentligt behov: {need.label} → standardløsning: "
        f"{need.solution.label} ({_LEVERS.get(need.lever, need.lever)})"
    )


_LEVERS = {
    "logistics": "logistik",
    "commercial": "kommercielt",
    "information": "information",
    "administration": "administration",
}


def _likely_line(label: str, need: Need, role: Role | None) -> str:
    if role == Role.SALES_REP:
        return f"- {label} → sandsynligt behov: {need.label} (ikke bekræftet)"
    if label == DIRECT_NEED:
        return f"- Sandsynligvis: {as_clause(need.customer_label)} (ikke bekræftet)"
    return f"- {label}: sandsynligvis fordi {as_clause(need.customer_label)} (ikke bekræftet)"


def _customer_line(label: str, need: Need | None) -> str:
    if need is None:
        return f"- {label}: grunden er stadig åben"
    if label == DIRECT_NEED:
        return f"- {need.customer_label}"
    return f"- {label}, fordi {as_clause(need.customer_label)}"


# A main clause's finite verb and the sentence adverb after it: "Du kan kun …".
_V2_ADVERB = re.compile(
    r"^(\w+(?: \w+)?) (kan|skal|er|har|vil|må|tager|får) (kun|ikke|altid|aldrig|også) "
)


def as_clause(text: str) -> str:
    """A label as a subordinate clause, after "at" or "fordi": "Du mangler …" -> "du mangler
    …", and the adverb before the verb ("Du kan kun tage …" -> "du kun kan tage …"); "EDI"
    keeps its capitals."""
    text = _V2_ADVERB.sub(r"\1 \3 \2 ", text, count=1)
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def dropped(label: str) -> str:
    return f"Undskyld, min fejl: Jeg har fjernet {label.lower()}."


def ask_role_again(asked: Sequence[str]) -> str:
    variants = (
        f"{NOT_CAUGHT} Er du kunde eller sælger? Vælg nedenfor.",
        "Jeg skal vide, hvem jeg taler med: kunden eller en sælger?",
    )
    return next((v for v in variants if v not in asked), variants[-1])
