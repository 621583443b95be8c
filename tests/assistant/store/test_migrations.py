"""Migrations on each real database: reversible, backfilling, and matching the models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from assistant.config import PROJECT_ROOT
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from assistant.store.models import Base
from assistant.store.signature import parameters_signature

NOW = datetime(2025, 5, 1, 12, tzinfo=UTC)
H48 = [{"kind": "duration", "text": "48 hours", "start": 3, "end": 11, "value": {"hours": 48}}]


def _downgrade(url: str, revision: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    command.downgrade(config, revision)


def _table(name: str, *columns: str, json: str | None = None) -> sa.TableClause:
    return sa.table(name, *map(sa.column, columns), *([sa.column(json, sa.JSON())] if json else []))


def _rows_before_0004(connection: sa.Connection) -> None:
    """A customer with two interviews and an interview without customer, as 0003 stored them."""
    customer = _table("customer", "id", "external_id", "name", "created_at", "updated_at")
    interview = _table(
        "interview", "id", "conversation_id", "number", "customer_id", "channel", "status",
        "started_at", "updated_at",
    )  # fmt: skip
    wish = _table(
        "wish", "id", "interview_id", "position", "code", "text", "created_at", json="parameters"
    )
    finding = _table(
        "need_finding", "id", "wish_id", "position", "code", "confidence", "status", "evidence"
    )
    connection.execute(sa.insert(customer), [dict(id=1, external_id="c1", name="Rossi",
                                                  created_at=NOW, updated_at=NOW)])  # fmt: skip
    connection.execute(
        sa.insert(interview),
        [
            dict(
                id=i,
                conversation_id=f"c-{i}",
                number=1,
                customer_id=c,
                channel="rest",
                status="completed",
                started_at=NOW,
                updated_at=NOW,
            )  # fmt: skip
            for i, c in ((1, 1), (2, 1), (3, None))
        ],
    )
    connection.execute(
        sa.insert(wish),
        [
            dict(
                id=1,
                interview_id=1,
                position=0,
                code="shorter_lead_time",
                text="48 h",
                created_at=NOW,
                parameters=H48,
            ),  # fmt: skip
            dict(
                id=2,
                interview_id=2,
                position=0,
                code="urgent_orders",
                text="urgent",
                created_at=NOW,
                parameters=[],
            ),  # fmt: skip
            dict(
                id=3,
                interview_id=3,
                position=0,
                code="urgent_orders",
                text="urgent",
                created_at=NOW,
                parameters=[],
            ),  # fmt: skip
        ],
    )
    connection.execute(
        sa.insert(finding),
        [
            dict(id=i, wish_id=w, position=p, code=c, status=s, confidence=0.9, evidence="")
            for i, w, p, c, s in (
                (1, 1, 0, "storage_constraint", "rejected"),
                (2, 1, 1, "demand_uncertainty", "confirmed"),
                (3, 2, 0, "demand_uncertainty", "confirmed"),
                (4, 3, 0, "supply_reliability", "confirmed"),
            )
        ],
    )


@pytest.mark.fresh_database(
    reason="Alembic downgrades and upgrades it: DDL outside a test transaction"
)
def test_migrations_round_trip_and_backfill(fresh_database_url):
    _downgrade(fresh_database_url, "0003")
    engine = make_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            _rows_before_0004(connection)

        upgrade(fresh_database_url)
        with engine.connect() as connection:
            wishes = connection.execute(
                sa.text("SELECT id, customer_id, signature FROM wish ORDER BY id")
            ).all()
            needs = connection.execute(
                sa.text("SELECT customer_id, need_code, confirmed FROM customer_need")
            ).all()
        assert [tuple(w) for w in wishes] == [
            (1, 1, parameters_signature(H48)),
            (2, 1, ""),
            (3, None, ""),
        ]
        assert [tuple(n) for n in needs] == [(1, "demand_uncertainty", 2)]
        with engine.connect() as connection:
            confirmed = connection.execute(
                sa.text("SELECT id FROM wish WHERE confirmed ORDER BY id")
            ).scalars()
            copies = connection.execute(
                sa.text("SELECT id, wish_code, customer_id FROM need_finding ORDER BY id")
            ).all()
            assert list(confirmed) == [1, 2, 3]
        assert [tuple(c) for c in copies] == [
            (1, "shorter_lead_time", 1),
            (2, "shorter_lead_time", 1),
            (3, "urgent_orders", 1),
            (4, "urgent_orders", None),
        ]

        _downgrade(fresh_database_url, "0003")  # keeps every finding (no table copy on SQLite)
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT COUNT(*) FROM need_finding")) == 4
            assert "customer_need" not in sa.inspect(connection).get_table_names()
        upgrade(fresh_database_url)
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT COUNT(*) FROM customer_need")) == 1
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []  # the models match the migrations
    finally:
        engine.dispose()


def _rows_before_0008(connection: sa.Connection) -> None:
    """Two customers, the second (the highest id) with an interview, an invitation and a need."""
    customer = _table("customer", "id", "external_id", "name", "created_at", "updated_at")
    interview = _table(
        "interview", "id", "conversation_id", "number", "customer_id", "channel", "status",
        "started_at", "updated_at",
    )  # fmt: skip
    invitation = _table("invitation", "id", "customer_id", "token_hash", "created_at", "expires_at")
    need = _table("customer_need", "customer_id", "need_code", "confirmed")
    connection.execute(
        sa.insert(customer),
        [dict(id=i, external_id=f"c{i}", name=f"C{i}", created_at=NOW, updated_at=NOW)
         for i in (1, 2)],
    )  # fmt: skip
    connection.execute(
        sa.insert(interview),
        [dict(id=1, conversation_id="c-1", number=1, customer_id=2, channel="rest",
              status="completed", started_at=NOW, updated_at=NOW)],
    )  # fmt: skip
    connection.execute(
        sa.insert(invitation),
        [dict(id=1, customer_id=2, token_hash="h" * 64, created_at=NOW, expires_at=NOW)],
    )
    connection.execute(
        sa.insert(need), [dict(customer_id=2, need_code="demand_uncertainty", confirmed=1)]
    )
    if connection.dialect.name == "postgresql":  # as if the ids had come from the sequence
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('customer', 'id'), 2)"))


@pytest.mark.fresh_database(
    reason="Alembic downgrades and upgrades it: DDL outside a test transaction"
)
def test_customer_ids_are_never_reused_and_every_row_survives_0008(fresh_database_url):
    _downgrade(fresh_database_url, "0005")
    engine = make_engine(fresh_database_url)
    count = "SELECT COUNT(*) FROM {}"
    tables = ("customer", "interview", "invitation", "customer_need")
    try:
        with engine.begin() as connection:
            _rows_before_0008(connection)

        upgrade(fresh_database_url)
        with engine.begin() as connection:
            kept = {t: connection.scalar(sa.text(count.format(t))) for t in tables}
            connection.execute(sa.text("DELETE FROM customer WHERE id = 2"))  # cascades
            left = {t: connection.scalar(sa.text(count.format(t))) for t in tables}
            connection.execute(
                sa.text(
                    "INSERT INTO customer (external_id, name, created_at, updated_at) "
                    "VALUES ('c3', 'C3', :now, :now)"
                ),
                {"now": NOW},
            )
            new_id = connection.scalar(sa.text("SELECT id FROM customer WHERE external_id = 'c3'"))
    finally:
        engine.dispose()

    assert kept == {"customer": 2, "interview": 1, "invitation": 1, "customer_need": 1}
    # Foreign keys still cascade after the rebuild.
    assert left == {"customer": 1, "interview": 0, "invitation": 0, "customer_need": 0}
    assert new_id == 3  # never 2 again


@pytest.mark.fresh_database(
    reason="Alembic downgrades and upgrades it: DDL outside a test transaction"
)
def test_0006_marks_interviews_with_findings_as_counted(fresh_database_url):
    _downgrade(fresh_database_url, "0005")
    engine = make_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            _rows_before_0004(connection)  # three interviews, each with a finding
            connection.execute(
                sa.text(
                    "INSERT INTO interview (id, conversation_id, number, channel, status, "
                    "started_at, updated_at) VALUES (4, 'hello', 1, 'rest', 'in_progress', "
                    ":now, :now)"
                ),
                {"now": NOW},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO wish (id, interview_id, position, text, parameters, "
                    "signature, confirmed, created_at) VALUES (4, 4, 0, 'Hi', '[]', '', "
                    ":no, :now)"
                ),
                {"now": NOW, "no": False},
            )

        upgrade(fresh_database_url)
        with engine.connect() as connection:
            interviews = connection.execute(
                sa.text("SELECT id, counted FROM interview ORDER BY id")
            ).all()
            wishes = connection.execute(sa.text("SELECT id, counted FROM wish ORDER BY id")).all()
        assert [tuple(i) for i in interviews] == [(1, True), (2, True), (3, True), (4, False)]
        assert [tuple(w) for w in wishes] == [(1, True), (2, True), (3, True), (4, False)]

        _downgrade(fresh_database_url, "0005")
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT COUNT(*) FROM wish")) == 4
    finally:
        engine.dispose()


def _interviews_before_0009(connection: sa.Connection) -> None:
    """A Danish customer's interview switched to Danish, one from before Danish, one with a
    state no interview speaks, and one without a stored state."""
    _rows_before_0008(connection)  # customers 1 and 2, interview 1
    states = {
        2: {"phase": "asking", "language": "da", "language_source": "switched"},
        3: {"phase": "asking"},  # written before interviews spoke Danish
        4: {"phase": "asking", "language": "xx"},
        5: None,
    }
    interview = _table(
        "interview", "id", "conversation_id", "number", "customer_id", "channel", "status",
        "started_at", "updated_at", json="dialogue",
    )  # fmt: skip
    connection.execute(
        sa.insert(interview),
        [dict(id=i, conversation_id=f"c-{i}", number=1, customer_id=1, channel="rest",
              status="in_progress", started_at=NOW, updated_at=NOW, dialogue=state)
         for i, state in states.items()],
    )  # fmt: skip
    # Interview 1 has no state at all (the column left out: SQL NULL).


@pytest.mark.fresh_database(
    reason="Alembic downgrades and upgrades it: DDL outside a test transaction"
)
def test_0009_takes_each_interviews_language_from_its_stored_state(fresh_database_url):
    _downgrade(fresh_database_url, "0008")
    engine = make_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            _interviews_before_0009(connection)

        upgrade(fresh_database_url)
        with engine.begin() as connection:
            languages = connection.execute(
                sa.text("SELECT id, language FROM interview ORDER BY id")
            ).all()
            customers = connection.execute(
                sa.text("SELECT id, language FROM customer ORDER BY id")
            ).all()
            connection.execute(sa.text("UPDATE customer SET language = 'da' WHERE id = 2"))
        assert [tuple(row) for row in languages] == [
            (1, None), (2, "da"), (3, "en"), (4, None), (5, None),
        ]  # fmt: skip
        assert [tuple(row) for row in customers] == [(1, None), (2, None)]  # not known yet

        _downgrade(fresh_database_url, "0008")  # drops the columns, keeps every row
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT COUNT(*) FROM interview")) == 5
            assert connection.scalar(sa.text("SELECT COUNT(*) FROM customer")) == 2
            columns = {c["name"] for c in sa.inspect(connection).get_columns("customer")}
            assert "language" not in columns
        upgrade(fresh_database_url)
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT language FROM interview WHERE id = 2")) == "da"
    finally:
        engine.dispose()
