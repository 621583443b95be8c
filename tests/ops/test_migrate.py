"""`needfinder db upgrade` (and `run`): migrations, then the quality rows older interviews lack."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assistant.store.db import transaction
from assistant.store.models import Interview, InterviewQuality, InterviewStatus, Speaker, Turn
from ops.migrate import migrate

STARTED = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.mark.fresh_database(reason="migrate() opens its own engine and commits")
def test_upgrade_stores_the_quality_of_interviews_recorded_before(
    fresh_sessions, fresh_database_url
):
    with transaction(fresh_sessions) as session:  # as a version without quality rows left it
        interview = Interview(
            conversation_id="old", channel="rest", status=InterviewStatus.COMPLETED,
            started_at=STARTED,
        )  # fmt: skip
        interview.turns = [
            Turn(seq=1, speaker=Speaker.USER, text="we need pallets", channel="rest",
                 source_key="a", created_at=STARTED),
            Turn(seq=2, speaker=Speaker.BOT, text="Why?", channel="rest", source_key="a:bot:1",
                 created_at=STARTED),
        ]  # fmt: skip
        session.add(interview)

    assert migrate(fresh_database_url) == 1
    assert migrate(fresh_database_url) == 0  # nothing left the second time

    with fresh_sessions() as session:
        row = session.scalars(select(InterviewQuality)).one()
        assert (row.answers, row.answer_words, row.bot_utterances) == (1, 3, 1)
