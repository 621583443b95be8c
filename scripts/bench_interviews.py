"""Benchmark the laddering interview against the real Rasa + action server stack.

Quality: the scripted interviews of tests/e2e/interviews.yml (share reaching the right
confirmed need, probes before confirmation, verbatim repeats, bot turns per interview), and
the interview quality the system stored for them (`GET /api/v1/quality`).
Latency: turn p50/p95 at 1 and 20 concurrent conversations, for an interview turn and for
turns that run a do-nothing custom action, measured in the same run: "/ping" (a payload,
which Rasa takes without its NLU) and "ping" (typed, read by the NLU as any message is).

Usage: .venv/bin/python scripts/bench_interviews.py [--turns 40] [--no-latency]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import yaml

from ops.stack import Stack, start_stack

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = yaml.safe_load((ROOT / "tests" / "e2e" / "interviews.yml").read_text())
EXTRA_SHALLOW = ["it's just how we work", "hard to say really"]
TURNS = [
    "we need shorter lead times",
    "it would just be easier",
    "our sales jump around every week and the forecast is always wrong",
    "no",
]
# Do-nothing turns (`action_ping`): "/ping" is a payload, which Rasa takes without its NLU;
# "ping" goes through the NLU pipeline as every typed message does.
BASELINES = (("ping", "/ping"), ("ping_nlu", "ping"))


async def send(
    client: httpx.AsyncClient, url: str, sender: str, text: str, **meta: str
) -> list[dict]:
    payload: dict = {"sender": sender, "message": text}
    if meta:
        payload["metadata"] = meta
    response = await client.post(url, json=payload, timeout=120)
    response.raise_for_status()
    return response.json()


def buttons(replies: list[dict]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


async def run_script(client: httpx.AsyncClient, stack: Stack, script: dict) -> dict:
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    sender = f"bench-{uuid.uuid4().hex[:8]}"
    bot: list[str] = []
    said = [script["say"], script["shallow"], script["reveal"], *EXTRA_SHALLOW]
    replies = await send(client, url, sender, said[0], customer="Bench", role="customer")
    bot += [r.get("text", "") for r in replies]
    for text in said[1:]:
        if buttons(replies):
            break
        replies = await send(client, url, sender, text)
        bot += [r.get("text", "") for r in replies]
    choice = next((p for p in buttons(replies) if p.startswith("/confirm_need")), "/none_of_these")
    replies = await send(client, url, sender, choice)
    bot += [r.get("text", "") for r in replies]
    replies = await send(client, url, sender, "no")
    bot += [r.get("text", "") for r in replies]
    body = (await client.get(f"{stack.api_url}/api/v1/interviews/{sender}")).json()
    wish = body["wishes"][0] if body["wishes"] else {"need": None, "ladder": []}
    need = wish["need"] or {}
    right = need.get("status") == "confirmed" and need.get("code") == script["need"]
    return {
        "right": right,
        "probes": len(wish["ladder"]) if right else None,
        "repeats": len(bot) - len(set(bot)),
        "bot_turns": len(bot),
    }


async def latency(stack: Stack, concurrency: int, turns: int) -> dict[str, list[float]]:
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    timings: dict[str, list[float]] = {kind: [] for kind in (*dict(BASELINES), "interview")}

    async def conversation(client: httpx.AsyncClient) -> None:
        sender = f"lat-{uuid.uuid4().hex[:8]}"
        for i in range(turns):
            for kind, text in (("interview", TURNS[i % len(TURNS)]), *BASELINES):
                meta = {"customer": "Bench", "role": "customer"} if i == 0 else {}
                start = time.perf_counter()
                await send(client, url, f"{sender}-{kind}", text, **meta)
                timings[kind].append((time.perf_counter() - start) * 1000)

    limits = httpx.Limits(max_connections=concurrency * 2)
    async with httpx.AsyncClient(limits=limits, headers=stack.rest_headers) as client:
        await asyncio.gather(*(conversation(client) for _ in range(concurrency)))
    return timings


def print_quality(q: dict) -> None:
    """The interview quality the system stored for the scripted interviews."""

    def num(value: float | None, digits: int = 2) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    print("\n## Stored interview quality (GET /api/v1/quality)")
    print(
        f"- interviews: {q['interviews']} ({q['completed']} completed, {q['paused']} paused, "
        f"{q['abandoned']} abandoned, {q['in_progress']} in progress)"
    )
    print(
        f"- confirmation rate: {num(q['confirmation_rate'])}; unresolved share: "
        f"{num(q['unresolved_share'])}; wrong proposals per interview: "
        f"{num(q['wrong_proposals_per_interview'])}"
    )
    print(
        f"- probes until confirmation: median {num(q['probes_to_confirmation_median'], 1)}, "
        f"mean {num(q['probes_to_confirmation_mean'])}"
    )
    print(
        f"- answers: {num(q['words_per_answer'], 1)} words, "
        f"{num(q['bits_per_answer'], 1)} bits each"
    )
    print(
        f"- bot repetition rate: {num(q['repetition_rate'], 3)}; median duration of "
        f"completed interviews: {num(q['median_duration_seconds'], 1)} s"
    )


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20, help="turns per conversation")
    parser.add_argument("--no-latency", action="store_true", help="the scripted interviews only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stack = start_stack(Path(workdir), names=("actions", "rasa", "api"))
        try:
            async with httpx.AsyncClient(timeout=120, headers=stack.rest_headers) as client:
                results = [await run_script(client, stack, s) for s in SCRIPTS]
            right = [r for r in results if r["right"]]
            print("## Interview quality (scripted interviews)")
            print(f"- right confirmed need: {len(right)}/{len(results)}")
            probes = [r["probes"] for r in right]
            median = statistics.median(probes) if probes else "-"
            print(f"- median probes before confirmation: {median}")
            print(f"- verbatim repeated bot messages: {sum(r['repeats'] for r in results)}")
            print(f"- most bot messages in one interview: {max(r['bot_turns'] for r in results)}")
            stored = httpx.get(f"{stack.api_url}/api/v1/quality", timeout=60).raise_for_status()
            print_quality(stored.json())
            if args.no_latency:
                return
            print("\n## Turn latency (ms)\n")
            print("| concurrency | turn | p50 | p95 | ratio p50 to /ping | ratio p50 to ping |")
            print("|---|---|---|---|---|---|")
            for concurrency in (1, 20):
                t = await latency(stack, concurrency, args.turns)
                bases = [pct(t[kind], 50) for kind, _ in BASELINES]
                for kind in (*(k for k, _ in BASELINES), "interview"):
                    p50, p95 = pct(t[kind], 50), pct(t[kind], 95)
                    ratios = " | ".join(f"{p50 / base:.2f}" for base in bases)
                    print(f"| {concurrency} | {kind} | {p50:.0f} | {p95:.0f} | {ratios} |")
        finally:
            stack.stop_all()


if __name__ == "__main__":
    asyncio.run(main())
