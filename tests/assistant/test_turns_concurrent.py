"""Many conversations of one customer at once: every turn is answered and stored exactly once.

On PostgreSQL these turns used to deadlock (each turn's foreign keys share-lock the customer
row, then the need-profile refresh asked for an exclusive lock on it) and lose turns.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from assistant.errors import UnknownInterview
from assistant.store.models import Customer, Interview
from assistant.turns import IncomingMessage

SCRIPT = (
    "we need shorter lead times",
    "our sales jump around every week and the forecast is always wrong",
    "yes",
    "no",
)


def _converse(service, conversation: str) -> int:
    answered = 0
    for i, text in enumerate(SCRIPT):
        replies = service.handle_message(
            IncomingMessage(
                conversation,
                text,
                "rest",
                f"{conversation}-m{i}",
                {"customer": "Acme Foods", "role": "customer"},
            )  # fmt: skip
        )
        answered += bool(replies)
    return answered


@pytest.mark.fresh_database(reason="eight threads race real transactions on their connections")
def test_concurrent_conversations_of_one_customer_lose_no_turn(fresh_service, fresh_sessions):
    service, sessions = fresh_service, fresh_sessions
    _converse(service, "warm-up")  # the customer exists before the rush, as in real use
    conversations = [f"conv-{i}" for i in range(8)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answered = list(pool.map(lambda c: _converse(service, c), conversations))

    assert answered == [len(SCRIPT)] * len(conversations)
    for conversation in conversations:
        turns = service.get_interview(conversation).turns
        user_turns = [t.text for t in turns if t.speaker == "user"]
        assert user_turns == list(SCRIPT), conversation  # each once, in order
        assert [t.seq for t in turns] == list(range(1, len(turns) + 1))
    with sessions() as session:
        assert session.scalars(select(Customer.name)).all() == ["Acme Foods"]
        customer_ids = set(session.scalars(select(Interview.customer_id)).all())
        assert len(customer_ids) == 1


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_turn_that_loses_a_deadlock_runs_again_and_is_stored_once(
    service, interviewer, monkeypatch
):
    respond = interviewer.respond
    failures = iter([OperationalError("SELECT ...", {}, _Deadlock("deadlock detected"))])

    def deadlock_once(*args, **kwargs):
        if (failure := next(failures, None)) is not None:
            raise failure
        return respond(*args, **kwargs)

    monkeypatch.setattr(interviewer, "respond", deadlock_once)
    replies = service.handle_message(
        IncomingMessage("c1", "we need shorter lead times", "rest", "m1", {"role": "customer"})
    )

    turns = service.get_interview("c1").turns
    assert [t.text for t in turns] == ["we need shorter lead times", replies[0].text]


def test_a_failure_that_cannot_succeed_again_is_raised_at_once(service, interviewer, monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OperationalError("SELECT ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(interviewer, "respond", broken)
    with pytest.raises(OperationalError):
        service.handle_message(IncomingMessage("c1", "hello", "rest", "m1"))
    assert len(calls) == 1
    with pytest.raises(UnknownInterview):
        service.get_interview("c1")  # nothing half-saved
