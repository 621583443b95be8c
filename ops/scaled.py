"""Scaled mode: N Rasa servers and M action servers behind HAProxy, under one supervisor.

Start order (each step waits for the previous one to answer, so nothing depends on luck):

1. PostgreSQL accepts connections (the database is created if missing) and is migrated;
   Redis answers PING.
2. HAProxy, with every replica in its configuration; a replica joins the rotation only
   once its health check passes.
3. The action servers, each ready when its need model is loaded (`GET /health`).
4. The Rasa servers, each ready when its model is loaded and its tracker store
   (PostgreSQL) and lock store (Redis) answer (`GET /webhooks/rest/ready`).
5. The API; then "ready" once HAProxy reports every replica up.

A replica that dies is restarted by the supervisor; HAProxy routes around it meanwhile.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assistant.config import PROJECT_ROOT, Settings
from ops import haproxy
from ops.layout import Layout, Replica
from ops.migrate import migrate
from ops.probes import ensure_database, http_problem, postgres_problem, redis_problem, wait_until
from ops.processes import check_ready, process_env
from ops.supervisor import Program, StartError, Supervisor

__all__ = ["build_supervisor", "prepare", "problems", "run_scaled", "scaled_env", "start"]

SERVICE_TIMEOUT_S = 60
START_TIMEOUT_S = 300
LOCK_STORE_CLASS = "channels.lock_store.RedisLockStore"


def problems(settings: Settings) -> list[str]:
    """What keeps the scaled mode from starting (empty when nothing)."""
    missing = check_ready(settings)
    if not settings.database_url.startswith("postgresql"):
        missing.append(
            "PostgreSQL as DATABASE_URL (several servers share the database and Rasa's "
            "tracker store), e.g. postgresql+psycopg://postgres@127.0.0.1:5432/needfinder"
        )
    if problem := haproxy.missing():
        missing.append(problem)
    return missing


def scaled_env(settings: Settings, layout: Layout) -> dict[str, str]:
    """Environment of every process: the shared one, with HAProxy's addresses and Redis."""
    return {
        **os.environ,
        **process_env(settings),
        "RASA_PORT": str(layout.chat_port),
        "ACTION_PORT": str(layout.action_port),
        "API_PORT": str(layout.api_port),
        "ACTION_ENDPOINT_URL": f"{layout.url(layout.action_port)}/webhook",
        "LOCK_STORE_TYPE": LOCK_STORE_CLASS,
        "LOCK_STORE_URL": settings.redis_url,
        # Rasa sends the conversation's events with every action call: compressed, a call
        # fits in one HAProxy buffer and can be replayed on another action server.
        "COMPRESS_ACTION_SERVER_REQUEST": "true",
        # HAProxy names the client in X-Forwarded-For: the chat's rate limits count per client,
        # not per HAProxy (one more if another proxy stands in front of HAProxy).
        "SANIC_PROXIES_COUNT": os.environ.get("SANIC_PROXIES_COUNT", "1"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }


def _replica(replica: Replica, layout: Layout, env: dict[str, str]) -> Program:
    if replica.kind == "actions":
        argv = [
            sys.executable, "-m", "ops.action_server",
            "--host", layout.host, "--port", str(replica.port),
        ]  # fmt: skip
        ready = f"{layout.url(replica.port)}/health"
        return Program(replica.name, argv, env, ready=lambda: http_problem(ready))

    ready = f"{layout.url(replica.port)}/webhooks/rest/ready"
    socket = layout.haproxy_socket

    def drain() -> None:  # no new conversations; the running turns finish (SIGTERM)
        for backend in ("rasa", "rasa_socketio"):
            for server in (replica.server, f"{replica.server}_unchecked"):
                haproxy.runtime(socket, f"set server {backend}/{server} state drain")

    return Program(
        replica.name,
        [sys.executable, "-m", "ops.cli", "proc", "rasa"],
        {**env, "RASA_PORT": str(replica.port)},
        ready=lambda: http_problem(ready),
        before_stop=drain,
    )


def build_supervisor(settings: Settings, layout: Layout, *, out: TextIO = sys.stdout) -> Supervisor:
    """The supervisor with HAProxy, the action servers, the Rasa servers and the API."""
    env = scaled_env(settings, layout)
    config = haproxy.write_config(layout)
    stats = f"{layout.url(layout.stats_port)}/stats"
    api = f"{layout.url(layout.api_port)}/health"
    programs = [
        Program(
            "haproxy",
            haproxy.command(config),
            env,
            ready=lambda: http_problem(stats),
            stop_timeout_s=5,
        ),  # fmt: skip
        *(_replica(r, layout, env) for r in layout.actions),
        *(_replica(r, layout, env) for r in layout.rasa),
        Program(
            "api",
            [sys.executable, "-m", "ops.cli", "proc", "api"],
            env,
            ready=lambda: http_problem(api, timeout_s=5),
        ),  # fmt: skip
    ]
    return Supervisor(programs, cwd=PROJECT_ROOT, state_file=layout.run_dir / "state.json", out=out)


def prepare(settings: Settings, say: Callable[[str], None]) -> None:
    """Step 1: PostgreSQL up (database created, migrated) and Redis up."""
    say(f"waiting for PostgreSQL at {settings.database_url.split('@')[-1]}")
    wait_until(lambda: postgres_problem(settings.database_url), "PostgreSQL", SERVICE_TIMEOUT_S)
    if ensure_database(settings.database_url):
        say("created the database")
    if measured := migrate(settings.database_url):
        say(f"stored the quality figures of {measured} earlier interview(s)")
    say(f"waiting for Redis at {settings.redis_url}")
    wait_until(lambda: redis_problem(settings.redis_url), "Redis", SERVICE_TIMEOUT_S)


def _all_up(layout: Layout) -> str | None:
    try:
        states = haproxy.server_states(layout.haproxy_socket)
    except OSError as exc:
        return f"HAProxy runtime API: {exc}"
    down = sorted(k for k, v in states.items() if not v.startswith("UP"))
    return f"not yet up in HAProxy: {', '.join(down)}" if down else None


def start(supervisor: Supervisor, layout: Layout) -> None:
    """Steps 2-5: start everything in order; StartError if something does not come up."""
    supervisor.start("haproxy")
    supervisor.wait_ready(["haproxy"], SERVICE_TIMEOUT_S)
    for group in (layout.actions, layout.rasa):
        for replica in group:
            supervisor.start(replica.name)
        supervisor.wait_ready([r.name for r in group], START_TIMEOUT_S)
    supervisor.start("api")
    supervisor.wait_ready(["api"], SERVICE_TIMEOUT_S)
    try:
        wait_until(lambda: _all_up(layout), "HAProxy's view", SERVICE_TIMEOUT_S)
    except TimeoutError as exc:
        raise StartError(str(exc)) from exc
    supervisor.mark_ready()


def run_scaled(settings: Settings, layout: Layout) -> int:
    """`needfinder run --rasa N --actions M`: start, announce, supervise until stopped."""
    if missing := problems(settings):
        print("Cannot start the scaled mode, missing:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 2
    supervisor = build_supervisor(settings, layout)

    def say(line: str) -> None:
        supervisor.say("supervisor", line)

    # Until the supervisor's own handlers take over, SIGTERM stops the start like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        prepare(settings, say)
        start(supervisor, layout)
    except (StartError, TimeoutError) as exc:
        say(f"cannot start: {exc}")
        supervisor.stop_all()
        return 1
    except KeyboardInterrupt:
        supervisor.stop_all()
        return 130
    say(
        f"Needfinder is ready: {len(layout.rasa)} Rasa and {len(layout.actions)} action "
        f"servers behind HAProxy\n"
        f"  chat (REST)  {layout.url(layout.chat_port)}/webhooks/rest/webhook\n"
        f"  API          {layout.url(layout.api_port)}/api/v1\n"
        f"  health       {layout.url(layout.api_port)}/health, "
        f"{layout.url(layout.stats_port)}/health\n"
        f"  HAProxy      {layout.url(layout.stats_port)}/stats\n"
        "Press Ctrl-C to stop."
    )
    supervisor.run()
    return 0
