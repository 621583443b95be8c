"""Factories that insert Customer/Interview/Wish/NeedFinding rows, random where it does not
matter, and a session on each real database (SQLite and PostgreSQL).

Wishes go through the write path's own helpers (`assistant.store.wishes`), so their copied
columns and the customers' `customer_need` rows are what a real interview would store."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from assistant.interview import state
from assistant.interview.vocabulary import FindingStatus, Role
from assistant.needs.results import Candidate
from assistant.store.models import Customer, Interview, InterviewStatus, Wish
from assistant.store.wishes import refresh_customer_needs, wish_row
from assistant.taxonomy import Taxonomy, load_taxonomy

Finding = tuple[str | None, str] | tuple[str | None, str, str, float]


class Factory:
    """Builds rows in one session; every helper flushes so ids are available at once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rng = random.Random()

    def customer(self, **fields: Any) -> Customer:
        tag = uuid.uuid4().hex[:8]
        values = {
            "external_id": f"ext-{tag}",
            "name": f"Customer {tag}",
            "industry": self.rng.choice(["food", "retail", "pharma"]),
            "region": self.rng.choice(["north", "south"]),
            "size": self.rng.choice(["small", "large"]),
        }
        customer = Customer(**(values | fields))
        self.session.add(customer)
        self.session.flush()
        return customer

    def interview(
        self,
        customer: Customer | None,
        *,
        started_at: datetime | None = None,
        role: Role | None = Role.CUSTOMER,
        interviewer: str | None = None,
        status: InterviewStatus = InterviewStatus.COMPLETED,
        updated_at: datetime | None = None,
    ) -> Interview:
        started = started_at or datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
            minutes=self.rng.randrange(100_000)
        )
        interview = Interview(
            conversation_id=uuid.uuid4().hex,
            customer=customer,
            role=role,
            interviewer=interviewer,
            channel=self.rng.choice(["rest", "socketio"]),
            status=status,
            started_at=started,
            updated_at=updated_at or started,
        )
        self.session.add(interview)
        self.session.flush()
        return interview

    def wish(
        self,
        interview: Interview,
        code: str | None,
        findings: Sequence[Finding] = (),
        *,
        text: str | None = None,
        parameters: Sequence[dict[str, Any]] = (),
        candidates: Sequence[Candidate] = (),
        ruled_out: Sequence[str] = (),
    ) -> Wish:
        """A wish with findings given as (code, status[, evidence, confidence]) in order."""
        stated = state.WishState(
            code=code,
            text=text or f"We would like {code or 'something'} ({uuid.uuid4().hex[:6]}).",
            parameters=list(parameters),
        )
        for finding in findings:
            need, status, *rest = finding
            evidence, confidence = rest if rest else ("", round(self.rng.uniform(0.5, 1), 2))
            stated.findings.append(state.Finding(need, confidence, FindingStatus(status), evidence))
        if candidates or ruled_out:
            stated.ladder.append(
                state.LadderStep("why", "Why?", "...", list(candidates), list(ruled_out))
            )
        wish = wish_row(len(interview.wishes), stated, interview.customer_id, counted=False)
        interview.wishes.append(wish)
        # As the turn service does: the interview counts once any of its wishes has a finding.
        interview.counted = any(w.findings for w in interview.wishes)
        for each in interview.wishes:
            each.counted = interview.counted
        self.session.flush()
        if interview.customer_id is not None:
            refresh_customer_needs(self.session, interview.customer_id)
        return wish

    def customer_with_needs(self, *needs: str, **fields: Any) -> Customer:
        """A customer with one interview whose wishes confirmed `needs` (one wish each)."""
        customer = self.customer(**fields)
        interview = self.interview(customer)
        for need in needs:
            self.wish(interview, "shorter_lead_time", [(need, "confirmed")])
        return customer


def parameter(kind: str, text: str, value: dict[str, Any], start: int | None = None) -> dict:
    """A stored parameter as Parameter.to_dict() writes it (random offsets by default)."""
    begin = random.randrange(50) if start is None else start
    return {"kind": kind, "text": text, "start": begin, "end": begin + len(text), "value": value}


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


@pytest.fixture
def factory(session: Session) -> Factory:
    return Factory(session)


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()
