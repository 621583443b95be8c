"""Shared fixtures: real databases (SQLite file and PostgreSQL), migrated with Alembic, and
the real stack (Rasa, action server, API), started once per session for tests/e2e and tests/web.

Database isolation: each backend's database is created and migrated once per session
(`database_url`); every test then runs inside one transaction on one connection
(`connection`), rolled back at its end. The `sessions` the code under test receives join
that transaction with SAVEPOINTs, so their commits only release a savepoint and the next
test starts from the empty, migrated database again. A test that needs what a rolled-back
transaction cannot give (Alembic itself, several connections or threads writing at once,
another process reading committed rows) asks for `fresh_database_url` / `fresh_sessions`:
a database of its own, migrated for it, which it must justify with
`@pytest.mark.fresh_database(reason=...)`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.store.db import make_engine, make_sessionmaker
from assistant.store.migrate import upgrade
from assistant.store.models import Base
from ops.stack import Stack, start_stack

PG_ADMIN_DSN = os.environ.get("NEEDFINDER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
FRESH_DATABASE = (
    "fresh_database(reason): the test gets a freshly migrated database of its own "
    "(fresh_database_url, fresh_sessions) instead of a rolled-back transaction on the shared one"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", FRESH_DATABASE)


@contextmanager
def _postgres_database() -> Iterator[str]:
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(
            f"POSTGRESQL NOT REACHABLE at {PG_ADMIN_DSN} ({exc}); PostgreSQL tests SKIPPED. "
            "Start it with: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    name = f"needfinder_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            + f"/{name}"
        )
    finally:
        # A connection of its own: the fault tests restart PostgreSQL in between, which ends
        # every connection opened before.
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def _migrated_database(kind: str, folder: Path) -> Iterator[str]:
    """A new database of `kind`, migrated to head; PostgreSQL's is dropped afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'needfinder.db'}"
        upgrade(url)
        yield url
        return
    with _postgres_database() as url:
        upgrade(url)
        yield url


def _rows_left(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        counts = {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }
    return {name: count for name, count in counts.items() if count}


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The database of each supported kind that the whole session shares, migrated once.

    Reach it through `sessions` (or `connection`): an engine of a test's own that commits
    here would leak rows into every later test, which the check at the end reports.
    """
    with _migrated_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url
        engine = make_engine(url)
        try:
            left = _rows_left(engine)
        finally:
            engine.dispose()
        if left:
            pytest.fail(
                f"rows were committed to the shared {request.param} database: {left}; a test "
                "used its own engine instead of `sessions` (or needs `fresh_database_url`)"
            )


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection in one transaction (on SQLite BEGIN IMMEDIATE), rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    """The production session factory, joined to the test's transaction: each session runs in
    a SAVEPOINT, so a commit by the code under test releases it and a rollback undoes only it.
    """
    factory = make_sessionmaker(connection)
    factory.configure(join_transaction_mode="create_savepoint")
    return factory


@pytest.fixture(params=BACKENDS)
def fresh_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A freshly migrated database of each kind for this test alone (dropped afterwards)."""
    if request.node.get_closest_marker("fresh_database") is None:
        pytest.fail(
            "a test using a fresh database says why: @pytest.mark.fresh_database(reason=...)"
        )
    with _migrated_database(request.param, tmp_path_factory.mktemp("fresh-db")) as url:
        yield url


@pytest.fixture
def fresh_sessions(fresh_database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh database with a real engine: committed rows are committed."""
    engine = make_engine(fresh_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@contextmanager
def running_stack(workdir: Path, **options: Any) -> Iterator[Stack]:
    """`start_stack(workdir, **options)` for a fixture: failing clearly if it cannot start,
    stopped afterwards."""
    try:
        stack = start_stack(workdir, **options)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa, the action server and the API on free ports with a fresh SQLite database."""
    with running_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack


@pytest.fixture(scope="session")
def need_extractor():
    """The need model `make models` trained from the project's corpus."""
    from assistant.config import get_settings
    from assistant.errors import ModelNotTrained
    from assistant.needs.extract import NeedExtractor

    try:
        return NeedExtractor.load(get_settings().needs_model_dir)
    except ModelNotTrained as exc:
        pytest.fail(f"{exc} (`make test` trains it first)")


@pytest.fixture(scope="session")
def interviewer(need_extractor):
    from assistant.interview.dialogue import Interviewer
    from assistant.taxonomy import load_taxonomy

    return Interviewer.for_model(
        load_taxonomy(), need_extractor.thresholds, need_extractor.context_thresholds
    )


@pytest.fixture(scope="session")
def danish():
    """The Danish need model `make models` trained, with its interviewer, as `TurnService`
    takes them."""
    from assistant.config import get_settings
    from assistant.errors import ModelNotTrained
    from assistant.interview.dialogue import Interviewer
    from assistant.needs.extract import NeedExtractor
    from assistant.taxonomy import load_taxonomy
    from assistant.turns import LanguageModel

    try:
        extractor = NeedExtractor.load(get_settings().needs_model_dir_da, "da")
    except ModelNotTrained as exc:
        pytest.fail(f"{exc} (`make test` trains it first)")
    interviewer = Interviewer.for_model(
        load_taxonomy(), extractor.thresholds, extractor.context_thresholds
    )
    return {"da": LanguageModel(extractor, interviewer)}


@pytest.fixture
def service(sessions, need_extractor, interviewer, danish):
    from assistant.turns import TurnService

    return TurnService(
        sessions, need_extractor, interviewer, max_message_chars=100, languages=danish
    )


@pytest.fixture
def fresh_service(fresh_sessions, need_extractor, interviewer, danish):
    """The interview service on a fresh database, for tests that race real transactions."""
    from assistant.turns import TurnService

    return TurnService(
        fresh_sessions, need_extractor, interviewer, max_message_chars=100, languages=danish
    )
