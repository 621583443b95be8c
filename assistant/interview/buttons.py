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

__all__ = ["NONE_OF_THESE", "pending", "proposal", "roles", "needs", "wishes"]

NONE_OF_THESE = Button("None of these", "/none_of_these")


def roles() -> tuple[Button, ...]:
    return (
        Button("I'm the customer", make_payload("set_role", role=Role.CUSTOMER)),
        Button("I'm a sales rep", make_payload("set_role", role=Role.SALES_REP)),
    )


def proposal(need: str) -> tuple[Button, ...]:
    """Yes or no to a proposed need."""
    return (
        Button("Yes, that's it", make_payload("confirm_need", need=need)),
        Button("No, not really", make_payload("reject_need", need=need)),
    )


def needs(taxonomy: Taxonomy, codes: Iterable[str], role: Role | None = None) -> tuple[Button, ...]:
    """One button per offered need, then "None of these"."""
    return tuple(_need(taxonomy.need(code), role) for code in codes) + (NONE_OF_THESE,)


def _need(need: Need, role: Role | None) -> Button:
    payload = make_payload("confirm_need", need=need.code)
    if role == Role.SALES_REP:
        return Button(need.label, payload)
    return Button(need.customer_label, payload, explanation=need.customer_explanation)


def wishes(taxonomy: Taxonomy) -> tuple[Button, ...]:
    """Every wish of the taxonomy, then "None of these"."""
    return tuple(
        Button(w.label, make_payload("choose_wish", wish=w.code)) for w in taxonomy.wishes.values()
    ) + (NONE_OF_THESE,)


def pending(state: DialogueState, taxonomy: Taxonomy) -> tuple[Button, ...]:
    """The buttons of the question the interview waits on, to show with it again."""
    if state.phase == Phase.CONFIRM and state.proposed:
        return proposal(state.proposed)
    if state.phase == Phase.ASK_ROLE:
        return roles()
    if state.phase == Phase.OFFER:
        return needs(taxonomy, state.offered, state.role)
    return ()
