"""The interview's vocabulary: phases, roles and statuses, one set for engine, store and API.

String enums: each member equals its value ("sales_rep" == Role.SALES_REP), which is what
the dialogue JSON, the database columns and the API carry.
"""

from __future__ import annotations

import enum

__all__ = ["FindingStatus", "InterviewStatus", "Phase", "Role", "role_named", "role_or_customer"]


class Phase(enum.StrEnum):
    """What the interview waits for next."""

    START = "start"
    ASK_ROLE = "ask_role"
    ASK_CUSTOMER = "ask_customer"
    ASK_WISH = "ask_wish"
    CLARIFY_WISH = "clarify_wish"
    LADDER = "ladder"
    CONFIRM = "confirm"
    OFFER = "offer"
    ANYTHING_ELSE = "anything_else"
    DONE = "done"


class Role(enum.StrEnum):
    """Who is speaking: the customer, or a sales rep preparing a negotiation with them."""

    CUSTOMER = "customer"
    SALES_REP = "sales_rep"


class InterviewStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"


class FindingStatus(enum.StrEnum):
    """What the person said of a need proposed for a wish (unresolved: no need was settled)."""

    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    UNRESOLVED = "unresolved"


def role_named(value: object) -> Role | None:
    """The role with this value, None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return Role(value)
    except ValueError:
        return None


def role_or_customer(value: object) -> Role | None:
    """A role the person gave: None if none; an unknown one counts as the customer's."""
    if not value:
        return None
    return role_named(value) or Role.CUSTOMER
