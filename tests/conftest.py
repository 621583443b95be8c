"""Shared fixtures: real databases (SQLite file and PostgreSQL), migrated with Alembic, and
the real stack (Rasa, action server, API), started once per session for tests/e2e and tests/web.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.store.db import make_engine, make_sessionmaker
from assistant.store.migrate import upgrade
from ops.stack import Stack, start_stack

PG_ADMIN_DSN = os.environ.get("NEEDFINDER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


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
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A freshly migrated database of each supported kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'needfinder.db'}"
        upgrade(url)
        yield url
        return
    for url in _postgres_database():
        upgrade(url)
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa, the action server and the API on free ports with a fresh SQLite database."""
    try:
        stack = start_stack(tmp_path_factory.mktemp("stack"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        stack.stop_all()


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

    return Interviewer.for_model(load_taxonomy(), need_extractor.thresholds)


@pytest.fixture
def service(sessions, need_extractor, interviewer):
    from assistant.interviews import InterviewService

    return InterviewService(sessions, need_extractor, interviewer, max_message_chars=100)
