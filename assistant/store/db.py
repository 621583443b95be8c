"""Engine and session factory; SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "READ_ONLY",
    "forget_deleted",
    "forget_deleted_on_commit",
    "is_retryable",
    "make_engine",
    "make_sessionmaker",
    "transaction",
]

READ_ONLY = "needfinder_read_only"  # execution option of engines whose transactions only read

# PostgreSQL's serialization_failure and deadlock_detected: the server rolled the transaction
# back and says that running it again may well succeed.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def make_engine(url: str, **kwargs: object) -> Engine:
    """Create an engine; for SQLite the file's folder is created and WAL is switched on.

    A database error never carries the statement's values (`hide_parameters`): they are
    what people typed, and errors end up in logs.
    """
    parsed = make_url(url)
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left
        cursor.close()
        # SQLite's own lower() folds ASCII letters only ("Ærø" stays "Ærø"), so a search for
        # "ærø" would miss what a Danish customer wrote; Python's folds every letter, as
        # PostgreSQL's does. No index is built on lower().
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _begin_immediate).
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front: two deferred transactions that both upgrade
        # to writing fail with "database is locked" instead of waiting for each other.
        # Readers do not: under WAL a reader neither blocks a writer nor waits for one.
        read_only = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def make_sessionmaker(
    bind: Engine | Connection, *, read_only: bool = False
) -> sessionmaker[Session]:
    """Sessions on an engine (or on one connection, as the tests' rolled-back transaction).

    `read_only` sessions never take SQLite's write lock, so a slow reader (a streamed
    export) cannot stall writers; they must not write.
    """
    if read_only and isinstance(bind, Engine):
        bind = bind.execution_options(**{READ_ONLY: True})
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def is_retryable(exc: BaseException) -> bool:
    """Whether a failed transaction may succeed when run again from the start.

    True for a deadlock or serialization failure, and for an integrity error (a concurrent
    transaction created the same row first; the next attempt finds it).
    """
    if isinstance(exc, IntegrityError):
        return True
    if isinstance(exc, DBAPIError):
        return getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES
    return False


def forget_deleted(engine: Engine) -> None:
    """Let a SQLite file forget rows deleted and committed: checkpoint and truncate the WAL.

    With `secure_delete` on, deleted rows are zeroed in the pages written, but the write-ahead
    log still holds older copies of those pages until it is checkpointed and truncated.
    Best effort and never waiting: while another transaction is open, the checkpoint stops
    short (the next erasure, or SQLite's own checkpoint, completes it). Nothing to do for
    other databases.
    """
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
    finally:
        raw.close()


def forget_deleted_on_commit(session: Session) -> None:
    """Call `forget_deleted` once `session` has committed (the rows are gone for good)."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    event.listen(session, "after_commit", lambda _session: forget_deleted(engine), once=True)
