"""The buttons under the interviewer's questions, and the payloads they send back.

Need buttons follow the role, as `wording` does: a sales rep sees the need's label; a
customer (or a person whose role is not known yet) its customer label, with the customer
explanation beneath it.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.interview.messages import Button, make_payload
from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import Phase, Role
from assistant.taxonomy import Need, Taxonomy

__all__ = [
    "NONE_OF_THESE",
    "TITLES",
    "none_of_these",
    "pending",
    "proposal",
    "roles",
    "needs",
    "wishes",
]

# Button titles per language; the payloads are the same in every language.
TITLES: dict[str, dict[str, str]] = {
    "en": {
        "none": "None of these",
        "customer": "I'm the customer",
        "sales_rep": "I'm a sales rep",
        "yes": "Yes, that's it",
        "no": "No, not really",
    },
    "da": {
        "none": "Ingen af dem",
        "customer": "Jeg er kunde",
        "sales_rep": "Jeg er sælger",
        "yes": "Ja, det er det",
        "no": "Nej, ikke rigtig",
    },
}
NONE_OF_THESE = Button(TITLES["en"]["none"], "/none_of_these")


def _titles(language: str) -> dict[str, str]:
    return TITLES.get(language, TITLES["en"])


def none_of_these(language: str = "en") -> Button:
    return Button(_titles(language)["none"], "/none_of_these")


def roles(language: str = "en") -> tuple[Button, ...]:
    titles = _titles(language)
    return (
        Button(titles["customer"], make_payload("set_role", role=Role.CUSTOMER)),
        Button(titles["sales_rep"], make_payload("set_role", role=Role.SALES_REP)),
    )


def proposal(need: str, language: str = "en") -> tuple[Button, ...]:
    """Yes or no to a proposed need."""
    titles = _titles(language)
    return (
        Button(titles["yes"], make_payload("confirm_need", need=need)),
        Button(titles["no"], make_payload("reject_need", need=need)),
    )


def needs(taxonomy: Taxonomy, codes: Iterable[str], role: Role | None = None) -> tuple[Button, ...]:
    """One button per offered need (in the taxonomy's language), then "None of these"."""
    return tuple(_need(taxonomy.need(code), role) for code in codes) + (
        none_of_these(taxonomy.language),
    )


def _need(need: Need, role: Role | None) -> Button:
    payload = make_payload("confirm_need", need=need.code)
    if role == Role.SALES_REP:
        return Button(need.label, payload)
    return Button(need.customer_label, payload, explanation=need.customer_explanation)


def wishes(taxonomy: Taxonomy) -> tuple[Button, ...]:
    """Every wish of the taxonomy, then "None of these"."""
    return tuple(
        Button(w.label, make_payload("choose_wish", wish=w.code)) for w in taxonomy.wishes.values()
    ) + (none_of_these(taxonomy.language),)


def pending(state: DialogueState, taxonomy: Taxonomy) -> tuple[Button, ...]:
    """The buttons of the question the interview waits on, to show with it again, in the
    interview's language."""
    taxonomy = taxonomy.in_language(state.language)
    if state.phase == Phase.CONFIRM and state.proposed:
        return proposal(state.proposed, state.language)
    if state.phase == Phase.ASK_ROLE:
        return roles(state.language)
    if state.phase == Phase.OFFER:
        return needs(taxonomy, state.offered, state.role)
    if state.phase == Phase.CLARIFY_WISH:
        return wishes(taxonomy)
    return ()
