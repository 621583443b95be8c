"""What the interviewer says: questions, intros, notes and the closing summary.

The probes' wordings live in `probes.py`, button titles in `buttons.py`. Where a question
may come up twice, the wording takes the questions already `asked` and picks one not yet
said: the bot never repeats a message verbatim.

Other languages have a module of their own with the same names (`wording_da`); the
interview picks one with `in_language`. Needs are named by role: a sales rep hears the
supplier's terms (the need's label and definition, its standard solution and lever); a
customer, or anyone whose role is not known yet, hears the taxonomy's customer wording,
addressed to them as "you".
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from types import ModuleType

from assistant.interview.vocabulary import Role
from assistant.taxonomy import Need

__all__ = [
    "SWITCHED",
    "in_language",
    "ASK_DIFFERENTLY",
    "ASK_MORE",
    "ASK_ROLE",
    "ASK_ROLE_WELCOMED",
    "CHITCHAT",
    "NEEDED_TO_START",
    "ROLE_FIRST",
    "ask_role_again",
    "ask_customer_again",
    "STALE_BUTTON",
    "GREETED",
    "GREETED_AGAIN",
    "WELCOME",
    "welcome",
    "invitation_notice",
    "invitation_reason",
    "NOTHING_TO_DROP",
    "SKIPPED",
    "dropped",
    "COMPLETE",
    "CORRECTED",
    "DIRECT_NEED",
    "LEAVE_IT",
    "COME_BACK",
    "also_said",
    "said_earlier",
    "MOVE_ON",
    "NOTED_AS_IS",
    "NOTED_OPEN",
    "NOT_CAUGHT",
    "OPEN_AFTER_OFFER",
    "OPEN_NO_OPTIONS",
    "PAUSED",
    "WHICH_NEED",
    "which_need",
    "anything_else",
    "ask_customer",
    "confirmed",
    "corrected_wish",
    "covered",
    "next_wish",
    "opening",
    "proposal",
    "rephrase",
    "several_wishes",
    "summary",
    "unconfirmed",
    "welcome_back",
    "which_wish",
]

PAUSED = (
    "Saved. Come back any time through the same link or chat and we'll continue where we stopped."
)
COMPLETE = 'This interview is complete, thank you. Say "restart" to begin a new one.'
CHITCHAT = "Happy to chat another time! Back to our interview:"
GREETED = "Hello!"
GREETED_AGAIN = "Hello again!"  # to a second greeting, before a question that greets
SKIPPED = "Fine, let's skip that one."
ROLE_FIRST = (
    "Noted, I'll come back to that. First: are you the customer, or a sales rep preparing "
    "a negotiation? Please pick one below."
)
NEEDED_TO_START = "I need this to file your answers in the right place."
STALE_BUTTON = "That button belongs to an earlier question."
NOTHING_TO_DROP = "Understood."
NOT_CAUGHT = "Sorry, I didn't catch that."
ASK_ROLE = (
    "Hello! I help find the needs behind logistics wishes. Are you a customer, "
    "or a sales rep preparing a negotiation?"
)
# The role question to a greeting after the web chat's own welcome, which asked it already.
ASK_ROLE_WELCOMED = (
    "Hello! Are you a customer, or a sales rep preparing a negotiation? Please pick one below."
)
ASK_MORE = "What else would you like from us?"
LEAVE_IT = "Let's leave that one."
COME_BACK = "I'll come back to the rest of your message afterwards."
NOTED_AS_IS = "I'll note that as it is."
NOTED_OPEN = "Understood, I'll note it as open."
MOVE_ON = "No problem, let's move on."
ASK_DIFFERENTLY = "No problem, let me ask it differently."
CORRECTED = "Thanks for correcting me."
OPEN_AFTER_OFFER = "Thank you, I'll note this one as open."
OPEN_NO_OPTIONS = "I'll note this one as open."
WHICH_NEED = "Which of these comes closest to the real reason?"
DIRECT_NEED = "A need stated directly"  # the label of a "wish" that was a need stated directly
SWITCHED = "Of course, let's continue in English."


def in_language(language: str | None) -> ModuleType:
    """The wording module of `language`: this one for English, `wording_da` for Danish.

    Each language's module has the same names and signatures; tests check they match.
    """
    if language == "da":
        from assistant.interview import wording_da

        return wording_da
    return sys.modules[__name__]


REPHRASE = (
    "I'm not sure which logistics wish that is. Could you put it another way, "
    'for example "we would like deliveries twice a week"?',
    "Sorry, I didn't get that one. What would you like us to change, "
    'for example "smaller minimum orders"?',
)


def welcome_back(last_question: str | None) -> str:
    if last_question is None:
        return "Welcome back!"
    return f"Welcome back! Where we stopped: {last_question}"


def rephrase(asked: Sequence[str]) -> str:
    """Asking again for a wish that was not recognised."""
    return next((q for q in REPHRASE if q not in asked), f"Once more: {REPHRASE[0]}")


def which_need(asked: Sequence[str]) -> str:
    """The question above the need buttons (once more for a later wish: another wording)."""
    variants = (
        WHICH_NEED,
        "And here, which of these comes closest?",
        "Which of these fits this one best?",
    )
    return next((v for v in variants if v not in asked), variants[-1])


def also_said(quote: str | None) -> str:
    """Asking which wish a request was that the interview could not place (None: too long
    to quote)."""
    if quote is None:
        return "You also mentioned something else earlier. Which of these comes closest to it?"
    return f"You also said: “{quote}”. Which of these comes closest to it?"


def said_earlier(quote: str | None) -> str:
    """Asking which wish something said earlier was, that the person points back at (None:
    too long to quote)."""
    if quote is None:
        return "Which of these comes closest to what you said earlier?"
    return f"You said earlier: “{quote}”. Which of these comes closest to it?"


def which_wish(asked: Sequence[str]) -> str:
    """The question above the wish-list buttons."""
    question = "Which of these comes closest to what you mean?"
    return "Which of these is it closest to?" if question in asked else question


def ask_customer(role: Role | None) -> str:
    if role == Role.SALES_REP:
        return "Which customer are we preparing for?"
    return "Which company are you with?"


def ask_customer_again(role: Role | None) -> str:
    """A sentence came where a company's name was asked for: noted, and the name asked again."""
    if role == Role.SALES_REP:
        return "We'll come to that in a moment. First: what is the customer's name?"
    return "We'll come to that in a moment. First: what is the name of your company?"


def opening(
    role: Role | None, customer: str | None, asked: Sequence[str], welcomed: bool = False
) -> str:
    """The first question about wishes, once role and customer are known.

    A customer who came with an invitation (nothing asked yet, the company known) is
    greeted in their company's name, unless the chat page's welcome did so already
    (`welcomed`): then a greeting gets the question alone.
    """
    greeting = "Thanks! " if asked else "Hello! "
    if welcomed and customer and not asked and role != Role.SALES_REP:
        return f"{greeting}What would you like us to do differently in how we deliver to you?"
    if role == Role.SALES_REP:
        return (
            f"{greeting}Let's prepare your negotiation with {customer}. "
            "What logistics terms are they asking us for?"
        )
    if customer and not asked:
        greeting = f"Hello! Thank you for taking part on behalf of {customer}. "
    return (
        f"{greeting}I'd like to understand what you need from us as a supplier. "
        "What would you like us to do differently in how we deliver to you?"
    )


WELCOME = (
    "Welcome! I help find the needs behind logistics wishes. First: are you a customer, "
    "or a sales rep preparing a negotiation?"
)


def rep_welcome(name: str) -> str:
    """The chat page's first message for a sales rep signed in to the workspace."""
    return (
        f"Welcome, {name}! You are signed in as a sales rep. Ask me for a customer's brief "
        '("brief me on Acme" or "/brief Acme"), or say hello to start an interview.'
    )


def welcome(invited: bool, customer: str | None = None) -> str:
    """The chat page's first message, shown before anything is said: the role question
    (with the role buttons), or for an invitation the first question, in the customer's
    name when the page knows it. Not a verbatim twin of the interview's own first turn,
    which a "hello" typed in reply gets."""
    if not invited:
        return WELCOME
    thanks = f", and thank you for taking part on behalf of {customer}" if customer else ""
    return (
        f"Welcome{thanks}! I'd like to understand what you need from us as a supplier. "
        "What would you like us to do differently in how we deliver to you?"
    )


def invitation_reason(kind: str, expired_on: date | None = None) -> str:
    """Why an invitation link does not open the person's interview (`kind`: "unknown",
    "withdrawn", "expired", "used")."""
    return {
        "withdrawn": "This invitation link has been withdrawn.",
        "expired": f"This invitation link expired on {expired_on:%d %B %Y}."
        if expired_on
        else "This invitation link has expired.",
        "used": "This invitation link was already used for another conversation.",
    }.get(kind, "This invitation link is not valid; please check the address.")


def invitation_notice(kind: str, expired_on: date | None = None) -> str:
    """`invitation_reason`, and what the person can do."""
    reason = invitation_reason(kind, expired_on)
    return f"{reason} Please ask your contact at the supplier for a new link; you may still answer."


def several_wishes(labels: Sequence[str]) -> str:
    """The intro when one message stated more than one wish (an empty string for one)."""
    if len(labels) <= 1:
        return ""
    named = " and ".join(label.lower() for label in labels)
    return f"You mentioned {len(labels)} things: {named}. Let's take them one at a time."


def corrected_wish(label: str) -> str:
    return f"Got it: {label.lower()}."


def proposal(need: Need, role: Role | None = None, again: bool = False, still: bool = False) -> str:
    """The need put to the person for a yes or no; `again`: put for an earlier wish too;
    `still`: put for this wish once more, after an answer that said neither yes nor no."""
    lead = (
        "Here too, it sounds like"
        if again
        else "It still sounds like"
        if still
        else "It sounds like"
    )
    if role == Role.SALES_REP:
        return (
            f"{lead} the real need behind this is {need.label.lower()}: "
            f"{need.definition} Is that right?"
        )
    return (
        f"{lead} the real reason behind this is that {_clause(need.customer_label)}. "
        f"{need.customer_explanation} Is that right?"
    )


def unconfirmed(need: Need, role: Role | None = None) -> str:
    """The note when a need put twice got neither a yes nor a no: kept as likely, open."""
    if role == Role.SALES_REP:
        return (
            "I couldn't tell whether that was a yes. I've noted "
            f"{need.label.lower()} as the likely need, but not confirmed."
        )
    return (
        "I couldn't tell whether that was a yes. I've noted it as likely, but not confirmed, "
        f"that {_clause(need.customer_label)}."
    )


def confirmed(need: Need, role: Role | None = None) -> str:
    """The note once the person confirmed a need."""
    if role == Role.SALES_REP:
        return (
            f"Thank you! Noted; we have a standard answer for that: {need.solution.label.lower()}."
        )
    return f"Thank you! I've noted that {_clause(need.customer_label)}."


def covered(label: str) -> str:
    """A wish picked that the interview has already taken up."""
    return f"We've already talked about {label.lower()}."


def next_wish(note: str, label: str) -> str:
    """The note on the closed wish, then the move to the next one."""
    return f"{note} Now to {label.lower()}."


def anything_else(role: Role | None, asked: Sequence[str], wishes_so_far: int) -> str:
    subject = "the customer would" if role == Role.SALES_REP else "you would"
    variants = (
        f"Is there anything else {subject} like from us as a supplier?",
        "Anything more you would like to add?",
        "Any other wish?",
    )
    question = next((q for q in variants if q not in asked), variants[-1])
    if question in asked:
        question = f"{question} ({wishes_so_far} so far)"
    return question


def summary(
    wishes: Sequence[tuple[str, Need | None]],
    role: Role | None = None,
    likely: Mapping[int, Need] | None = None,
) -> list[str]:
    """The closing messages: each wish's label with its confirmed need (None: still open;
    `likely`, by position: the need put to it that got neither a yes nor a no).

    A sales rep gets the need, its standard solution and lever; a customer what they wished
    for and why, in their own terms.
    """
    if not wishes:
        return ["No wishes today, then. Thank you for your time!"]
    line, likely = _rep_line if role == Role.SALES_REP else _customer_line, likely or {}
    lines = [
        _likely_line(label, likely[i], role) if need is None and i in likely
        else line(label, need)
        for i, (label, need) in enumerate(wishes)
    ]  # fmt: skip
    return ["Here is what I understood:\n" + "\n".join(lines), "Thank you for your time!"]


def _rep_line(label: str, need: Need | None) -> str:
    if need is None:
        return f"- {label} → real need still open"
    return (
        f"- {label} → real need: {need.label} → standard solution: "
        f"{need.solution.label} ({need.lever})"
    )


def _likely_line(label: str, need: Need, role: Role | None) -> str:
    if role == Role.SALES_REP:
        return f"- {label} → likely need: {need.label} (not confirmed)"
    if label == DIRECT_NEED:
        return f"- Likely: {_clause(need.customer_label)} (not confirmed)"
    return f"- {label}: likely because {_clause(need.customer_label)} (not confirmed)"


def _customer_line(label: str, need: Need | None) -> str:
    if need is None:
        return f"- {label}: the reason is still open"
    if label == DIRECT_NEED:
        return f"- {need.customer_label}"
    return f"- {label}, because {_clause(need.customer_label)}"


def _clause(text: str) -> str:
    """A label as part of a sentence: "Your demand is …" -> "your demand is …" (an
    abbreviation such as "EDI" keeps its capitals)."""
    first = text.split(" ", 1)[0]
    keep = first.isupper() and (len(first) > 1 or first == "I")
    return text if keep else text[:1].lower() + text[1:]


def dropped(label: str) -> str:
    """The note after a wish was taken back ("they never asked for that")."""
    return f"Sorry, my mistake: I've removed {label.lower()}."


def ask_role_again(asked: Sequence[str]) -> str:
    """The role question again, in words not yet used (never the whole greeting twice)."""
    variants = (
        f"{NOT_CAUGHT} Are you the customer, or a sales rep? Please pick one below.",
        "I need to know who I'm talking to: the customer, or a sales rep?",
    )
    return next((v for v in variants if v not in asked), variants[-1])
