"""Small frozen records shared by the reports (what the API serialises)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.interview.vocabulary import Role
from assistant.taxonomy import Taxonomy

__all__ = [
    "CustomerInfo",
    "CustomerRef",
    "NeedRef",
    "Source",
    "StandardSolution",
    "need_ref",
    "standard_solution",
]


@dataclass(frozen=True)
class CustomerRef:
    """A customer as reports list it."""

    id: int
    external_id: str
    name: str


@dataclass(frozen=True)
class CustomerInfo:
    """A customer with the attributes a brief shows."""

    id: int
    external_id: str
    name: str
    industry: str | None
    region: str | None
    size: str | None


@dataclass(frozen=True)
class NeedRef:
    """A need code with its label (the code itself when the taxonomy does not know it)."""

    code: str
    label: str


@dataclass(frozen=True)
class StandardSolution:
    """The standard offer for a need and the lever that pulls it."""

    need: str
    code: str
    label: str
    lever: str
    definition: str = ""


@dataclass(frozen=True)
class Source:
    """The interview something was said in: who spoke, for which side, and when."""

    conversation_id: str
    role: Role | None  # the customer themself, or a sales rep speaking about them
    person: str | None  # the interviewer when the channel names them (a rep's Slack user id)
    channel: str
    at: datetime  # when the interview started

    @property
    def by_customer(self) -> bool:
        return self.role == Role.CUSTOMER


def need_ref(taxonomy: Taxonomy, code: str) -> NeedRef:
    return NeedRef(code, taxonomy.need_label(code, fallback=code))


def standard_solution(taxonomy: Taxonomy, code: str) -> StandardSolution | None:
    need = taxonomy.needs.get(code)
    if need is None:
        return None
    solution = need.solution
    return StandardSolution(code, solution.code, solution.label, need.lever, solution.definition)
