"""Start the real processes on chosen (free) ports: used by end-to-end tests and benchmarks.

`start_stack` runs each process directly (the single-process layout of `make run`);
`start_scaled_stack` runs `needfinder run --rasa N --actions M` (HAProxy, replicas, the
supervisor) and gives handles on its parts for fault tests.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from pydantic import SecretStr

from assistant.config import PROJECT_ROOT, Settings
from assistant.store.migrate import upgrade
from ops import haproxy
from ops.layout import Layout
from ops.processes import check_ready, process_env

__all__ = ["ScaledStack", "Stack", "free_port", "free_ports", "start_scaled_stack", "start_stack"]

START_TIMEOUT_S = 240


@dataclass
class Stack:
    """Handles on the running processes and where to reach them."""

    settings: Settings
    env: dict[str, str]
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def token(self) -> str:
        return self.env["RASA_TOKEN"]

    @property
    def rest_headers(self) -> dict[str, str]:
        """What an integration sends on the REST channel for its metadata to count."""
        return {"Authorization": f"Bearer {self.env['REST_SECRET']}"}

    @property
    def api_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.api_port}"

    def start(self, name: str) -> None:
        with (self.logs / f"{name}.log").open("ab") as log:  # the child keeps its own handle
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", "ops.cli", "proc", name],
                env=self.env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def wait_ready(self) -> None:
        checks = {
            "rasa": f"{self.settings.rasa_url}/status?token={self.token}",
            "actions": f"{self.settings.action_url}/health",
            "api": f"{self.api_url}/health",
        }
        deadline = time.monotonic() + START_TIMEOUT_S
        pending = {name: url for name, url in checks.items() if name in self.processes}
        while pending and time.monotonic() < deadline:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.tail(name)}")
                try:
                    response = httpx.get(url, timeout=2)
                except httpx.HTTPError:
                    continue
                if response.status_code == 200 and (
                    name != "rasa" or response.json().get("model_id")
                ):
                    del pending[name]
            time.sleep(0.5)
        if pending:
            raise RuntimeError("not ready: " + ", ".join(f"{n}:\n{self.tail(n)}" for n in pending))

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_stack(
    workdir: Path,
    names: tuple[str, ...] = ("actions", "rasa", "api"),
    *,
    extra_env: Mapping[str, str] | None = None,
    database_url: str | None = None,
) -> Stack:
    """Migrate the database and start `names`; ready when it returns.

    The database is a fresh SQLite file in `workdir` with the tracker store beside it, or
    `database_url` (an empty PostgreSQL database, which then holds Rasa's tracker too).
    `extra_env` adds to (or overrides) the processes' environment, e.g. channel credentials.
    """
    settings = Settings(
        database_url=database_url or f"sqlite:///{workdir / 'needfinder.db'}",
        tracker_database_url=None if database_url else f"sqlite:///{workdir / 'tracker.db'}",
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        rasa_token=SecretStr("local-" + os.urandom(8).hex()),
        chat_session_secret=SecretStr("local-" + os.urandom(24).hex()),
    )
    if missing := check_ready(settings):
        raise RuntimeError("cannot start the stack, missing: " + "; ".join(missing))
    upgrade(settings.database_url)
    env = {
        **os.environ,
        **process_env(settings),
        "DATABASE_URL": settings.database_url,
        "TRACKER_DATABASE_URL": settings.tracker_database_url or "",
        "RASA_PORT": str(settings.rasa_port),
        "ACTION_PORT": str(settings.action_port),
        "API_PORT": str(settings.api_port),
        "RASA_TOKEN": settings.rasa_token.get_secret_value() if settings.rasa_token else "",
        **(extra_env or {}),
    }
    stack = Stack(settings=settings, env=env, logs=workdir)
    try:
        for name in names:
            stack.start(name)
        stack.wait_ready()
    except BaseException:
        stack.stop_all()
        raise
    return stack


@dataclass
class ScaledStack:
    """`needfinder run --rasa N --actions M` as a child process, and handles on its parts."""

    layout: Layout
    database_url: str
    process: subprocess.Popen
    log: Path
    token: str
    rest_secret: str

    @property
    def rest_headers(self) -> dict[str, str]:
        """What an integration sends on the REST channel for its metadata to count."""
        return {"Authorization": f"Bearer {self.rest_secret}"}

    @property
    def chat_url(self) -> str:
        """HAProxy's address for chat clients (REST, socket.io)."""
        return self.layout.url(self.layout.chat_port)

    @property
    def api_url(self) -> str:
        return self.layout.url(self.layout.api_port)

    def state(self) -> dict:
        return json.loads((self.layout.run_dir / "state.json").read_text())

    def pid(self, name: str) -> int:
        """The current process id of `name` (e.g. `rasa.1`, `actions.2`, `haproxy`)."""
        return self.state()["processes"][name]["pid"]

    def signal(self, name: str, signum: int) -> int:
        """Send `signum` to `name`; returns the pid it went to."""
        pid = self.pid(name)
        os.kill(pid, signum)
        return pid

    def server_states(self) -> dict[str, str]:
        return haproxy.server_states(self.layout.haproxy_socket)

    def wait_all_up(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Until every process runs and HAProxy has every replica up again."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the supervisor exited:\n{self.tail()}")
            try:
                running = all(p["running"] for p in self.state()["processes"].values())
                states = self.server_states()
            except (OSError, ValueError):
                running, states = False, {}
            if running and states and all(s.startswith("UP") for s in states.values()):
                return
            time.sleep(0.5)
        raise RuntimeError(f"not all up after {timeout_s:.0f} s: {states}\n{self.tail()}")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the whole stack (SIGTERM to the supervisor, which stops the rest in order)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_ports(count: int) -> int:
    """The first of `count` consecutive ports nothing listens on right now.

    Taken below Linux's range of ephemeral ports (32768-60999), which outgoing connections
    (HAProxy's health checks, for one) may grab between this choice and the server's bind.
    """
    for _ in range(200):
        first = random.randrange(20_000, 32_000 - count)
        try:
            for port in range(first, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {count} consecutive free ports found")


def start_scaled_stack(
    workdir: Path, database_url: str, *, rasa: int = 2, actions: int = 2
) -> ScaledStack:
    """Start the scaled mode on free ports with `database_url` (PostgreSQL); ready on return."""
    chat = free_ports(rasa + actions + 4)  # HAProxy and replicas of each kind, API, status
    action = chat + rasa + 1
    api, stats = action + actions + 1, action + actions + 2
    settings = Settings(database_url=database_url, rasa_port=chat, action_port=action, api_port=api)
    layout = Layout.from_settings(
        settings, rasa=rasa, actions=actions, run_dir=workdir / "run", stats_port=stats
    )
    token = "local-" + os.urandom(8).hex()
    rest_secret = "local-" + os.urandom(8).hex()
    env = {
        **os.environ,
        "REST_SECRET": rest_secret,
        "DATABASE_URL": database_url,
        "TRACKER_DATABASE_URL": "",
        "RASA_PORT": str(chat),
        "ACTION_PORT": str(action),
        "API_PORT": str(api),
        "RASA_TOKEN": token,
    }
    log = workdir / "scaled.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ops.cli", "run", "--rasa", str(rasa), "--actions",
             str(actions), "--run-dir", str(layout.run_dir), "--stats-port", str(stats)],
            env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    stack = ScaledStack(layout, database_url, process, log, token, rest_secret)
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while not _scaled_ready(stack):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the scaled stack did not start:\n{stack.tail()}")
            time.sleep(1)
    except BaseException:
        stack.stop()
        raise
    return stack


def _scaled_ready(stack: ScaledStack) -> bool:
    try:
        return bool(stack.state()["ready"])
    except (OSError, ValueError):
        return False
