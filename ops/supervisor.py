"""A small process supervisor: start in order, restart what dies, stop gracefully.

Each program runs as a child process whose output is prefixed with its name. A child that
exits while the supervisor is running is started again (after 1 s, doubling up to 30 s
while it keeps dying within a minute of its start). SIGTERM or SIGINT (Ctrl-C) stops the
children in reverse order of start: each gets SIGTERM, time to finish what it is doing,
then SIGKILL. Children die with the supervisor (Linux parent-death signal), so none is
left behind if it is killed itself.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ops.probes import Probe

__all__ = ["Program", "StartError", "Supervisor"]

BACKOFF_S = (1, 2, 4, 8, 16, 30)
STABLE_AFTER_S = 60  # a child up this long is healthy again: the next restart is quick


class StartError(RuntimeError):
    """A program exited or did not become ready while being started."""


@dataclass
class Program:
    """One long-running process and how to tell that it is ready."""

    name: str
    argv: list[str]
    env: dict[str, str]
    ready: Probe | None = None
    stop_timeout_s: float = 25.0
    before_stop: Callable[[], None] | None = None
    # Filled in while running:
    process: subprocess.Popen | None = field(default=None, repr=False)
    output: threading.Thread | None = field(default=None, repr=False)
    started_at: float = 0.0
    restarts: int = 0
    crashes_in_a_row: int = 0
    restart_at: float | None = None


def _die_with_parent() -> None:  # runs in the child, between fork and exec
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Supervisor:
    """Runs `programs` (in the given order) until told to stop."""

    def __init__(
        self,
        programs: list[Program],
        *,
        cwd: Path,
        state_file: Path | None = None,
        out: TextIO = sys.stdout,
    ):
        self.programs = {p.name: p for p in programs}
        self._cwd = cwd
        self._state_file = state_file
        self._out = out
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ready = False

    # -- output -------------------------------------------------------------------------

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self._out.write(f"{time.strftime('%H:%M:%S')} {name:<10} | {line.rstrip()}\n")
            self._out.flush()

    def _pump(self, name: str, stream: TextIO) -> None:
        with stream:
            for line in stream:
                self.say(name, line)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self, name: str) -> None:
        program = self.programs[name]
        program.process = subprocess.Popen(
            program.argv,
            env=program.env,
            cwd=self._cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # Ctrl-C reaches the supervisor, which stops them in order
            preexec_fn=_die_with_parent,
        )
        program.started_at = time.monotonic()
        program.restart_at = None
        program.output = threading.Thread(
            target=self._pump, args=(name, program.process.stdout), daemon=True
        )
        program.output.start()
        self.say("supervisor", f"started {name} (pid {program.process.pid})")
        self.write_state()

    def wait_ready(self, names: list[str], timeout_s: float) -> None:
        """Wait until every program in `names` is ready; StartError if one exits or is late."""
        deadline = time.monotonic() + timeout_s
        pending = [n for n in names if self.programs[n].ready is not None]
        problems: dict[str, str] = {}
        while pending:
            for name in list(pending):
                program = self.programs[name]
                if program.process is None or program.process.poll() is not None:
                    raise StartError(f"{name} exited while starting (see its output above)")
                assert program.ready is not None
                if (problem := program.ready()) is None:
                    pending.remove(name)
                    self.say("supervisor", f"{name} is ready")
                else:
                    problems[name] = problem
            if pending and time.monotonic() > deadline:
                late = "; ".join(f"{n}: {problems.get(n)}" for n in pending)
                raise StartError(f"not ready after {timeout_s:.0f} s: {late}")
            if pending:
                time.sleep(0.5)

    def mark_ready(self) -> None:
        self._ready = True
        self.write_state()

    def run(self) -> None:
        """Restart children that exit, until SIGTERM/SIGINT; then stop them all."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self._stopping.set())
        try:
            while not self._stopping.wait(0.25):
                self._restart_exited()
        finally:
            self.stop_all()

    def request_stop(self) -> None:
        self._stopping.set()

    def _restart_exited(self) -> None:
        now = time.monotonic()
        for name, program in self.programs.items():
            if program.process is None or program.process.poll() is None:
                continue
            if program.restart_at is None:
                if now - program.started_at > STABLE_AFTER_S:
                    program.crashes_in_a_row = 0
                delay = BACKOFF_S[min(program.crashes_in_a_row, len(BACKOFF_S) - 1)]
                program.restart_at = now + delay
                self.say(
                    "supervisor",
                    f"{name} exited with code {program.process.returncode}; "
                    f"restarting in {delay} s",
                )
            elif now >= program.restart_at:
                program.restarts += 1
                program.crashes_in_a_row += 1
                self.start(name)

    def stop_all(self) -> None:
        """Stop every child, last started first."""
        self._stopping.set()
        for name in reversed(list(self.programs)):
            self.stop(name)
        self.write_state()

    def stop(self, name: str) -> None:
        program = self.programs[name]
        process = program.process
        if process is None or process.poll() is not None:
            return
        if program.before_stop is not None:
            try:
                program.before_stop()
            except Exception as exc:  # noqa: BLE001 - stopping goes on regardless
                self.say("supervisor", f"before stopping {name}: {exc}")
        self.say("supervisor", f"stopping {name} (pid {process.pid})")
        process.terminate()
        try:
            process.wait(timeout=program.stop_timeout_s)
        except subprocess.TimeoutExpired:
            self.say("supervisor", f"{name} still running after {program.stop_timeout_s} s: kill")
            process.kill()
            process.wait()
        if program.output is not None:
            program.output.join(timeout=2)  # its last lines

    # -- state for tools and tests ---------------------------------------------------------

    def write_state(self) -> None:
        """The children's pids (and readiness) as JSON, for tests and operators."""
        if self._state_file is None:
            return
        state = {
            "supervisor": os.getpid(),
            "ready": self._ready,
            "processes": {
                name: {
                    "pid": p.process.pid if p.process else None,
                    "running": bool(p.process and p.process.poll() is None),
                    "restarts": p.restarts,
                }
                for name, p in self.programs.items()
            },
        }
        partial = self._state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(state, indent=2))
        partial.replace(self._state_file)
