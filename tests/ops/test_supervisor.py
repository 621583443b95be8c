"""The supervisor restarts a child that dies and stops all children, last started first."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time

import pytest

from ops.supervisor import Program, StartError, Supervisor

SLEEPER = [sys.executable, "-c", "import time; print('up', flush=True); time.sleep(60)"]


def _supervisor(tmp_path, *programs: Program) -> tuple[Supervisor, io.StringIO]:
    out = io.StringIO()
    return Supervisor(list(programs), cwd=tmp_path, state_file=tmp_path / "s.json", out=out), out


def test_a_killed_child_is_started_again(tmp_path):
    supervisor, out = _supervisor(tmp_path, Program("a", SLEEPER, dict(os.environ)))
    supervisor.start("a")
    first = supervisor.programs["a"].process.pid
    try:
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while supervisor.programs["a"].process.pid == first and time.monotonic() < deadline:
            supervisor._restart_exited()
            time.sleep(0.1)

        state = json.loads((tmp_path / "s.json").read_text())
        assert state["processes"]["a"]["pid"] != first
        assert state["processes"]["a"]["restarts"] == 1
        assert "a exited with code -9; restarting in 1 s" in out.getvalue()
    finally:
        supervisor.stop_all()


def test_stop_all_stops_children_in_reverse_order_of_start(tmp_path):
    env = dict(os.environ)
    supervisor, out = _supervisor(
        tmp_path, Program("first", SLEEPER, env), Program("second", SLEEPER, env)
    )
    supervisor.start("first")
    supervisor.start("second")

    supervisor.stop_all()

    stops = [line.split("stopping ")[1].split()[0] for line in out.getvalue().splitlines()
             if "stopping " in line]  # fmt: skip
    assert stops == ["second", "first"]
    assert all(p.process.poll() is not None for p in supervisor.programs.values())


def test_a_child_exiting_while_it_starts_stops_the_start(tmp_path):
    crash = Program("crash", [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ))
    crash.ready = lambda: "never ready"
    supervisor, _ = _supervisor(tmp_path, crash)
    supervisor.start("crash")

    with pytest.raises(StartError, match="crash exited while starting"):
        supervisor.wait_ready(["crash"], timeout_s=10)
