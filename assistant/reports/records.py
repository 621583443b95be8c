"""Small frozen records shared by the reports (what the API serialises)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.taxonomy import Taxonomy

__all__ = ["CustomerRef", "NeedRef", "StandardSolution", "need_ref", "standard_solution"]


@dataclass(frozen=True)
class CustomerRef:
    """A customer as reports list it."""

    id: int
    external_id: str
    name: str


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


def need_ref(taxonomy: Taxonomy, code: str) -> NeedRef:
    return NeedRef(code, taxonomy.need_label(code, fallback=code))


def standard_solution(taxonomy: Taxonomy, code: str) -> StandardSolution | None:
    need = taxonomy.needs.get(code)
    if need is None:
        return None
    return StandardSolution(code, need.solution.code, need.solution.label, need.lever)
