"""Benchmark the scaled mode: 1 vs 2 replicas at 10, 40 and 100 concurrent conversations.

For each layout (1 Rasa + 1 action server, then 2 + 2, both behind HAProxy on PostgreSQL
and Redis, started with `needfinder run --rasa N --actions N` on a fresh database) and each
level of concurrency, conversations of `--customers` customers send turns back to back for
`--seconds`; turns finished after the warm-up count. Printed: turns/s, p50/p95 latency,
failed turns, then what the API stored (every answered turn once, in order: ops/load.py),
and the CPU time each component spent per turn (from /proc/<pid>/stat, PostgreSQL: the
backends serving this database), which tells what a further core or machine would add.

Usage: .venv/bin/python scripts/bench_scale.py [--seconds 30] [--levels 10 40 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from ops.load import Conversation, percentile, run_conversations, storage_problems
from ops.probes import drop_database, ensure_database
from ops.stack import ScaledStack, start_scaled_stack

PG = os.environ.get("NEEDFINDER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
TICKS = os.sysconf("SC_CLK_TCK")
WARM_UP_S = 5.0


@dataclass
class Level:
    replicas: int
    conversations: int
    turns_per_s: float
    p50_ms: float
    p95_ms: float
    failed: int
    answered: int  # over the whole run, warm-up included (the CPU figures' denominator)
    cpu_ms: dict[str, float]  # component -> CPU ms per answered turn


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _postgres_backends(database: str) -> list[int]:
    with psycopg.connect(PG.replace("+psycopg", "") + "/postgres") as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,))
        return [pid for (pid,) in rows]


def _redis_pid() -> int | None:
    found = subprocess.run(["pgrep", "-x", "redis-server"], capture_output=True, text=True)
    return int(found.stdout.split()[0]) if found.stdout.strip() else None


def _components(stack: ScaledStack, database: str) -> dict[str, list[int]]:
    processes = stack.state()["processes"]
    groups: dict[str, list[int]] = {}
    for name, info in processes.items():
        groups.setdefault(name.split(".")[0], []).append(info["pid"])
    groups["postgresql"] = _postgres_backends(database)
    if (redis := _redis_pid()) is not None:
        groups["redis"] = [redis]
    return groups


def _cpu(groups: dict[str, list[int]]) -> dict[tuple[str, int], float]:
    return {(name, pid): _cpu_s(pid) for name, pids in groups.items() for pid in pids}


def _cpu_spent(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per component between two readings (a process new since: all of it)."""
    spent: dict[str, float] = {}
    for (name, pid), seconds in after.items():
        spent[name] = spent.get(name, 0.0) + seconds - before.get((name, pid), 0.0)
    return spent


def _level(
    stack: ScaledStack, database: str, replicas: int, count: int, args: argparse.Namespace
) -> tuple[Level, list[Conversation]]:
    run = uuid.uuid4().hex[:6]
    conversations = [
        Conversation(f"bench-{run}-{i}", f"Bench customer {i % args.customers}")
        for i in range(count)
    ]
    before = _cpu(_components(stack, database))
    client_before, started = time.process_time(), time.monotonic()
    asyncio.run(
        run_conversations(
            stack.chat_url, conversations, duration_s=args.seconds, headers=stack.rest_headers
        )
    )
    elapsed = time.monotonic() - started
    spent = _cpu_spent(before, _cpu(_components(stack, database)))
    spent["load generator"] = time.process_time() - client_before

    turns = [t for c in conversations for t in c.turns]
    counted = [t for t in turns if t.started >= started + WARM_UP_S]
    answered = [t for t in counted if t.answered]
    window = elapsed - WARM_UP_S
    all_answered = sum(t.answered for t in turns)
    cpu = {name: seconds * 1000 / max(all_answered, 1) for name, seconds in spent.items()}
    latencies = [t.latency_s * 1000 for t in answered]
    level = Level(
        replicas=replicas,
        conversations=count,
        turns_per_s=len(answered) / window,
        p50_ms=percentile(latencies, 0.5),
        p95_ms=percentile(latencies, 0.95),
        failed=len(turns) - all_answered,
        answered=all_answered,
        cpu_ms=cpu,
    )
    return level, conversations


def _layout(replicas: int, args: argparse.Namespace) -> tuple[list[Level], list[str]]:
    database = f"needfinder_bench_{uuid.uuid4().hex[:8]}"
    url = f"{PG}/{database}"
    ensure_database(url)
    levels, problems = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            stack = start_scaled_stack(Path(tmp), url, rasa=replicas, actions=replicas)
            try:
                for count in args.levels:
                    level, conversations = _level(stack, database, replicas, count, args)
                    levels.append(level)
                    problems += storage_problems(stack.api_url, conversations)
                    print(
                        f"  {replicas} replica(s), {count} conversations: "
                        f"{level.turns_per_s:.1f} turns/s, p50 {level.p50_ms:.0f} ms, "
                        f"p95 {level.p95_ms:.0f} ms, failed {level.failed}",
                        flush=True,
                    )
            finally:
                stack.stop()
    finally:
        drop_database(url)
    return levels, problems


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _print(levels: list[Level], problems: list[str]) -> None:
    print("\n| concurrent conversations | replicas | turns/s | p50 ms | p95 ms | failed turns |")
    print("|---:|---:|---:|---:|---:|---:|")
    for level in sorted(levels, key=lambda x: (x.conversations, x.replicas)):
        print(
            f"| {level.conversations} | {level.replicas} | {level.turns_per_s:.1f} | "
            f"{level.p50_ms:,.0f} | {level.p95_ms:,.0f} | {level.failed} |"
        )
    by = {(x.conversations, x.replicas): x for x in levels}
    for count in sorted({x.conversations for x in levels}):
        if (count, 1) in by and (count, 2) in by:
            ratio = by[(count, 2)].turns_per_s / max(by[(count, 1)].turns_per_s, 1e-9)
            print(f"\n2 vs 1 replica at {count} conversations: {ratio:.2f}x turns/s", end="")
    print("\n\nCPU ms per answered turn (all levels of a layout, summed per component):")
    components = sorted({name for x in levels for name in x.cpu_ms})
    print("| replicas | " + " | ".join(components) + " | total |")
    print("|---:|" + "---:|" * (len(components) + 1))
    for replicas in sorted({x.replicas for x in levels}):
        mine = [x for x in levels if x.replicas == replicas]
        turns = sum(x.answered for x in mine)
        per = {
            c: sum(x.cpu_ms.get(c, 0.0) * x.answered for x in mine) / max(turns, 1)
            for c in components
        }
        cells = " | ".join(f"{per[c]:.1f}" for c in components)
        print(f"| {replicas} | {cells} | {sum(per.values()):.1f} |")
    lost = [p for p in problems if "not stored" in p]
    twice = [p for p in problems if "stored" in p and "times" in p]
    print(f"\nstorage check: {len(problems)} problems ({len(lost)} lost, {len(twice)} duplicated)")
    for problem in problems[:20]:
        print("  " + problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 40, 100])
    parser.add_argument("--customers", type=int, default=10)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"load average before: {_load()}  ({os.cpu_count()} cores)", flush=True)
    levels, problems = [], []
    for replicas in args.replicas:
        mine, found = _layout(replicas, args)
        levels += mine
        problems += found
    print(f"load average after: {_load()}")
    _print(levels, problems)


if __name__ == "__main__":
    main()
