"""One vocabulary of phases, roles and statuses for the engine, the store and the API."""

from __future__ import annotations

from assistant.interview import vocabulary
from assistant.interview.state import DialogueState, Finding
from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Phase, Role
from assistant.store import models


def test_the_store_uses_the_engines_enums_with_the_stored_values():
    assert models.Role is Role and models.InterviewStatus is InterviewStatus
    assert models.FindingStatus is FindingStatus
    # The values the migrations' enum columns hold.
    assert [r.value for r in Role] == ["customer", "sales_rep"]
    assert [s.value for s in InterviewStatus] == ["in_progress", "paused", "completed"]
    assert [s.value for s in FindingStatus] == ["confirmed", "rejected", "unresolved"]


def test_role_named_knows_only_the_roles():
    assert vocabulary.role_named("sales_rep") is Role.SALES_REP
    assert vocabulary.role_named("manager") is None
    assert vocabulary.role_named(None) is None


def test_plain_values_become_members():
    state = DialogueState(phase="ladder", role="sales_rep")  # type: ignore[arg-type]
    finding = Finding("x", 0.5, "rejected")  # type: ignore[arg-type]

    assert (state.phase, state.role, finding.status) == (
        Phase.LADDER,
        Role.SALES_REP,
        FindingStatus.REJECTED,
    )
    assert type(state.to_json()["phase"]) is str


def test_an_unknown_stored_role_counts_as_the_customer():
    assert DialogueState.from_json({"role": "manager"}).role is Role.CUSTOMER
    assert DialogueState.from_json({"role": None}).role is None
