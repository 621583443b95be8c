"""Start the real processes on chosen (free) ports: used by end-to-end tests and benchmarks."""

from __future__ import annotations

import os
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
from ops.processes import check_ready, process_env

__all__ = ["Stack", "free_port", "start_stack"]

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
