"""Faults while conversations run; afterwards every conversation is checked through the API.

Scaled mode (2 Rasa servers, 2 action servers behind HAProxy, PostgreSQL, Redis): each test
runs conversations, injects one fault a few seconds in, and then checks conversation by
conversation that every turn answered 200 is stored exactly once and in order, that a failed
turn failed visibly and fast (an error status with a message, never an empty 200) and is
stored once or not at all, and that every conversation goes on afterwards.

Single-process mode (`make run`): with the action server killed, a turn fails at once with
a clear message instead of hanging.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest

from ops.haproxy import UNAVAILABLE
from ops.load import Conversation, Turn, run_conversations, storage_problems
from ops.probes import postgres_problem, wait_until
from ops.stack import ScaledStack, Stack

pytestmark = pytest.mark.e2e

CONVERSATIONS = 8
CUSTOMERS = 2  # several conversations per customer: they contend for the same rows
RUN_S = 14.0
FAULT_AT_S = 4.0
FAIL_FAST_S = 8.0  # a failed turn is answered within this, never after a long hang
SETTLE_S = 5.0  # once a fault is over, turns started this much later must all be answered


def scaled_fault(test: Callable) -> Callable:
    """Marks of the tests that need the scaled stack."""
    return pytest.mark.scaled(pytest.mark.postgres(test))


def _conversations(tag: str) -> list[Conversation]:
    run = uuid.uuid4().hex[:6]
    return [
        Conversation(f"{tag}-{run}-{i}", f"Fault {tag} {run} {i % CUSTOMERS}")
        for i in range(CONVERSATIONS)
    ]


def _run_with_fault(
    stack: ScaledStack, tag: str, fault: Callable[[], None]
) -> tuple[list[Conversation], float]:
    """Conversations for RUN_S seconds, `fault` run at FAULT_AT_S; when the fault was over."""
    conversations = _conversations(tag)
    over = []

    async def main() -> None:
        load = asyncio.create_task(
            run_conversations(
                stack.chat_url, conversations, duration_s=RUN_S, headers=stack.rest_headers
            )
        )
        await asyncio.sleep(FAULT_AT_S)
        await asyncio.to_thread(fault)
        over.append(time.monotonic())
        await load

    asyncio.run(main())
    return conversations, over[0]


def _turns(conversations: list[Conversation]) -> list[Turn]:
    return [t for c in conversations for t in c.turns]


def _assert_nothing_lost(stack: ScaledStack, conversations: list[Conversation]) -> None:
    turns = _turns(conversations)
    failed = [t for t in turns if not t.answered]
    outcomes = Counter(f"{t.status} {t.error or ''}".strip() for t in turns)
    print(f"{conversations[0].sender.split('-')[0]}: {dict(outcomes)}")  # shown with -rP
    assert sum(t.answered for t in turns) >= 2 * len(conversations), "too little got through"
    assert [t for t in failed if t.latency_s > FAIL_FAST_S] == [], "a failed turn hung"
    assert [t for t in failed if t.error is None] == [], "a failure without an error"
    assert storage_problems(stack.api_url, conversations) == []

    asyncio.run(
        run_conversations(stack.chat_url, conversations, turns=1, headers=stack.rest_headers)
    )

    assert [c.sender for c in conversations if not c.turns[-1].answered] == []
    assert storage_problems(stack.api_url, conversations) == []


def _failed_after(conversations: list[Conversation], moment: float) -> list[tuple]:
    """Turns started SETTLE_S after `moment` that were not answered (there should be none)."""
    return [
        (t.text, t.status, t.error)
        for t in _turns(conversations)
        if t.started > moment + SETTLE_S and not t.answered
    ]


@scaled_fault
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_rasa_server_stopped_mid_run_loses_no_turn(scaled: ScaledStack, signum: signal.Signals):
    pid = scaled.pid("rasa.1")

    conversations, _ = _run_with_fault(scaled, f"rasa-{signum.name}", lambda: os.kill(pid, signum))

    _assert_nothing_lost(scaled, conversations)
    if signum == signal.SIGTERM:  # a graceful stop finishes its turns: none even failed
        assert [(t.text, t.status) for t in _turns(conversations) if not t.answered] == []
    scaled.wait_all_up()
    assert scaled.pid("rasa.1") != pid, "the supervisor restarts a stopped Rasa server"


@scaled_fault
def test_action_server_killed_mid_run_is_restarted_and_loses_no_turn(scaled: ScaledStack):
    pid = scaled.pid("actions.1")

    conversations, over = _run_with_fault(scaled, "actions", lambda: os.kill(pid, signal.SIGKILL))

    _assert_nothing_lost(scaled, conversations)
    assert _failed_after(conversations, over) == []
    scaled.wait_all_up()
    assert scaled.pid("actions.1") != pid, "the supervisor restarts a killed action server"


def _postgres_cluster() -> tuple[str, str]:
    """Version and name of the local PostgreSQL cluster (Debian's pg_ctlcluster)."""
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    version, name, port, *_ = listed.stdout.split()
    if port != "5432":
        pytest.skip(f"the local cluster listens on {port}, not the tests' 5432")
    return version, name


@contextmanager
def _postgres_running_afterwards(url: str) -> Iterator[Callable[[], None]]:
    """A restart of the local PostgreSQL; it runs again afterwards, whatever happens."""
    version, name = _postgres_cluster()
    ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]

    def restart() -> None:
        for _ in (1, 2):  # a restart by someone else at the same moment makes it fail
            done = subprocess.run([*ctl, "restart"], capture_output=True, text=True, timeout=120)
            if done.returncode == 0:
                return
            wait_until(lambda: postgres_problem(url), "PostgreSQL", 60)
        raise RuntimeError(f"pg_ctlcluster restart failed: {done.stderr.strip()}")

    try:
        yield restart
    finally:
        if postgres_problem(url):
            subprocess.run([*ctl, "start"], capture_output=True, timeout=120)
        wait_until(lambda: postgres_problem(url), "PostgreSQL", 60)


@scaled_fault
def test_postgres_restarted_mid_run_reconnects_without_losing_turns(scaled: ScaledStack):
    if not scaled.database_url.startswith("postgresql"):
        pytest.skip("the scaled stack runs on PostgreSQL")
    with _postgres_running_afterwards(scaled.database_url) as restart:
        conversations, over = _run_with_fault(scaled, "postgres", restart)

    _assert_nothing_lost(scaled, conversations)
    assert _failed_after(conversations, over) == [], "errors went on after PostgreSQL was back"


def _redis_pid(host: str = "127.0.0.1", port: int = 6379) -> int:
    with socket.create_connection((host, port), timeout=3) as conn:
        conn.sendall(b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")
        time.sleep(0.2)
        info = conn.recv(65536).decode()
    return int(info.split("process_id:")[1].split()[0])


@scaled_fault
def test_redis_unavailable_for_seconds_fails_visibly_then_serves(scaled: ScaledStack):
    pid = _redis_pid()

    def pause_redis() -> None:
        os.kill(pid, signal.SIGSTOP)
        try:
            time.sleep(4)
        finally:
            os.kill(pid, signal.SIGCONT)  # never leave Redis stopped

    try:
        conversations, over = _run_with_fault(scaled, "redis", pause_redis)
    finally:
        os.kill(pid, signal.SIGCONT)

    _assert_nothing_lost(scaled, conversations)
    assert _failed_after(conversations, over) == [], "errors went on after Redis was back"


def test_turn_fails_at_once_with_a_message_while_the_action_server_is_dead(stack: Stack):
    """The single-process layout: a killed action server closes its port (no hung turns)."""
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    sender = f"dead-actions-{uuid.uuid4().hex[:8]}"
    assert (
        httpx.post(url, json={"sender": sender, "message": "hello"}, timeout=60).status_code == 200
    )

    stack.processes["actions"].kill()  # SIGKILL, like the out-of-memory killer
    stack.processes.pop("actions").wait()
    started = time.monotonic()
    failed = httpx.post(url, json={"sender": sender, "message": "shorter lead times"}, timeout=60)
    took = time.monotonic() - started
    stack.start("actions")
    stack.wait_ready()
    again = httpx.post(url, json={"sender": sender, "message": "shorter lead times"}, timeout=60)

    assert took < 5, f"a turn without action server took {took:.1f} s"
    assert failed.status_code == 503
    assert [(m["text"], m["error"]) for m in failed.json()] == [(UNAVAILABLE, "unavailable")]
    assert again.status_code == 200 and again.json()
    turns = httpx.get(f"{stack.api_url}/api/v1/interviews/{sender}", timeout=10).json()["turns"]
    assert [t["text"] for t in turns if t["speaker"] == "user"] == ["hello", "shorter lead times"]
