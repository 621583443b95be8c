"""Is PostgreSQL, Redis or an HTTP endpoint ready? Each probe returns None or the problem.

Used to start the scaled mode in an order that does not depend on luck: nothing is started
before the services it needs answer.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

__all__ = [
    "drop_database",
    "ensure_database",
    "http_problem",
    "postgres_problem",
    "redis_problem",
    "wait_until",
]

Probe = Callable[[], str | None]


def wait_until(probe: Probe, what: str, timeout_s: float, interval_s: float = 0.5) -> None:
    """Return once `probe` reports no problem; TimeoutError naming the last one otherwise."""
    deadline = time.monotonic() + timeout_s
    while (problem := probe()) is not None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout_s:.0f} s: {problem}")
        time.sleep(interval_s)


def _conninfo(url: str, database: str | None = None) -> str:
    """psycopg's connection string for SQLAlchemy URL `url` (or its server's `database`)."""
    parsed = make_url(url)
    return make_conninfo(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname=database or parsed.database,
        connect_timeout=3,
    )


def _database(url: str) -> str:
    if not (name := make_url(url).database):
        raise ValueError(f"no database named in {make_url(url)!r}")
    return name


def postgres_problem(url: str) -> str | None:
    """None when the PostgreSQL server of `url` accepts connections (any database)."""
    try:
        psycopg.connect(_conninfo(url, "postgres")).close()
    except psycopg.Error as exc:
        return f"PostgreSQL at {make_url(url).host}: {str(exc).strip()}"
    return None


def ensure_database(url: str) -> bool:
    """Create the database of `url` when it does not exist yet; True if it was created."""
    name = _database(url)
    with psycopg.connect(_conninfo(url, "postgres"), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def drop_database(url: str) -> None:
    """Drop the database of `url` (tests), disconnecting whoever still uses it."""
    name = _database(url)
    with psycopg.connect(_conninfo(url, "postgres"), autocommit=True) as admin:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))


def redis_problem(url: str, timeout_s: float = 2.0) -> str | None:
    """None when the Redis server of `url` (redis://host:port/db) answers PING."""
    parsed = urlsplit(url)
    address = (parsed.hostname or "127.0.0.1", parsed.port or 6379)
    try:
        with socket.create_connection(address, timeout=timeout_s) as conn:
            conn.sendall(b"*1\r\n$4\r\nPING\r\n")
            answer = conn.recv(64)
    except OSError as exc:
        return f"Redis at {address[0]}:{address[1]}: {exc}"
    if answer.startswith(b"+PONG") or answer.startswith(b"-NOAUTH"):
        return None  # NOAUTH: it answers; Rasa authenticates with the URL's password
    return f"Redis at {address[0]}:{address[1]} answered {answer[:40]!r}"


def http_problem(url: str, timeout_s: float = 2.0) -> str | None:
    """None when `url` answers 200."""
    try:
        response = httpx.get(url, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return f"{url}: {type(exc).__name__}"
    return None if response.status_code == 200 else f"{url}: HTTP {response.status_code}"
