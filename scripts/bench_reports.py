"""Benchmark the reports on a synthetic dataset: 10,000 customers, 50,000 interviews.

Generates customers with a few confirmed needs each, interviews of 1-3 wishes (parameters
on some, mostly confirmed findings, some rejected and unresolved), bulk-inserted into a
migrated database, then prints p50/p95 of every report over `--runs` runs as a Markdown table.

Usage:
    .venv/bin/python scripts/bench_reports.py                     # a temporary SQLite file
    .venv/bin/python scripts/bench_reports.py --postgres          # a temporary PG database
    .venv/bin/python scripts/bench_reports.py --url DATABASE_URL  # an existing database
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from assistant.reports import brief, complexity, needs_overview, render_markdown, segments
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from assistant.store.models import (
    Customer,
    CustomerNeed,
    FindingStatus,
    Interview,
    InterviewStatus,
    LadderStep,
    NeedFinding,
    Wish,
)
from assistant.store.signature import parameters_signature
from assistant.taxonomy import Taxonomy, load_taxonomy

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
INDUSTRIES = ["food", "retail", "automotive", "pharma", "construction", "chemicals", None]
REGIONS = ["north", "south", "east", "west", "central", None]
SIZES = ["small", "medium", "large", None]
PARAMETERS = [
    ("duration", "{n} hours", lambda n: {"hours": n}, [24, 48, 72]),
    ("duration", "{n} days", lambda n: {"days": n}, [1, 2, 3, 5]),
    ("quantity", "{n} pallets", lambda n: {"amount": n, "unit": "pallet"}, [1, 2, 4, 6]),
    ("frequency", "{n} times a week", lambda n: {"times": n, "per": "week"}, [2, 3, 5]),
    ("payment_term", "{n} days", lambda n: {"days": n}, [30, 60, 90]),
]


def generate(
    engine: Engine, taxonomy: Taxonomy, customers: int, interviews: int, seed: int
) -> None:
    """Bulk-insert the synthetic dataset (ids offset past any existing rows)."""
    rng = random.Random(seed)
    needs = list(taxonomy.need_codes)
    weights = [2**-i for i in range(len(needs))]  # a few needs are common, most are rare
    wishes_for = {
        need: [w.code for w in taxonomy.wishes.values() if need in w.typical_needs] or ["x"]
        for need in needs
    }
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        base = {
            model: session.execute(select(func.coalesce(func.max(model.id), 0))).scalar_one()
            for model in (Customer, Interview, Wish, NeedFinding, LadderStep)
        }
        tag = uuid.uuid4().hex[:6]
        rows_c, profiles = [], []
        for i in range(customers):
            rows_c.append(
                {
                    "id": base[Customer] + i + 1,
                    "external_id": f"bench-{tag}-{i}",
                    "name": f"Customer {i}",
                    "industry": rng.choice(INDUSTRIES),
                    "region": rng.choice(REGIONS),
                    "size": rng.choice(SIZES),
                }
            )
            k = rng.choices([1, 2, 3], [5, 4, 1])[0]
            profiles.append(sorted(set(rng.choices(needs, weights, k=k))))
        session.execute(insert(Customer), rows_c)

        rows_i: list[dict[str, Any]] = []
        rows_w: list[dict[str, Any]] = []
        rows_f: list[dict[str, Any]] = []
        rows_l: list[dict[str, Any]] = []
        confirmed: Counter[tuple[int, str]] = Counter()  # what refresh_customer_needs keeps
        wish_id, finding_id = base[Wish], base[NeedFinding]
        for n in range(interviews):
            interview_id = base[Interview] + n + 1
            customer = rng.randrange(customers) if rng.random() > 0.05 else None
            customer_id = base[Customer] + customer + 1 if customer is not None else None
            rows_i.append(
                {
                    "id": interview_id,
                    "conversation_id": f"bench-{tag}-{n}",
                    "number": 1,
                    "customer_id": customer_id,
                    "channel": "rest",
                    "status": InterviewStatus.COMPLETED,
                    "started_at": start + timedelta(minutes=n * 7),
                }
            )
            profile = profiles[customer] if customer is not None else [rng.choice(needs)]
            first_wish, first_finding = len(rows_w), len(rows_f)
            for position in range(rng.choices([1, 2, 3], [3, 4, 3])[0]):
                wish_id += 1
                need = rng.choice(profile)
                code = rng.choice(wishes_for[need])
                parameters = _parameters(rng) if rng.random() < 0.4 else []
                rows_w.append(
                    {
                        "id": wish_id,
                        "interview_id": interview_id,
                        "position": position,
                        "code": code,
                        "text": f"We would like {code.replace('_', ' ')} please.",
                        "parameters": parameters,
                        "customer_id": customer_id,
                        "signature": parameters_signature(parameters),
                    }
                )
                rows_l.append(
                    {
                        "wish_id": wish_id,
                        "position": 0,
                        "probe": "why",
                        "question": "Why is that important to you?",
                        "answer": "Because of how we work.",
                        "candidates": [{"code": need, "confidence": 0.7}],
                    }
                )
                for f_position, (f_code, status) in enumerate(_findings(rng, need, needs)):
                    finding_id += 1
                    if customer_id is not None and f_code and status == FindingStatus.CONFIRMED:
                        confirmed[customer_id, f_code] += 1
                    rows_f.append(
                        {
                            "id": finding_id,
                            "wish_id": wish_id,
                            "position": f_position,
                            "code": f_code,
                            "confidence": round(rng.uniform(0.5, 0.99), 2),
                            "status": status,
                            "evidence": "Our sales jump around every week.",
                        }
                    )
            # Counted once a wish has a finding (assistant.store.wishes.counts), copied on wishes.
            counted = len(rows_f) > first_finding
            rows_i[-1]["counted"] = counted
            for row in rows_w[first_wish:]:
                row["counted"] = counted
        for model, rows in ((Interview, rows_i), (Wish, rows_w), (NeedFinding, rows_f)):
            for chunk in _chunks(rows, 5_000):
                session.execute(insert(model), chunk)
        for chunk in _chunks(rows_l, 5_000):
            session.execute(insert(LadderStep), chunk)
        rows_n = [
            {"customer_id": c, "need_code": code, "confirmed": count}
            for (c, code), count in confirmed.items()
        ]
        for chunk in _chunks(rows_n, 5_000):
            session.execute(insert(CustomerNeed), chunk)
        print(
            f"generated {customers:,} customers, {len(rows_i):,} interviews, "
            f"{len(rows_w):,} wishes, {len(rows_f):,} findings, {len(rows_l):,} ladder steps, "
            f"{len(rows_n):,} customer needs"
        )


def _parameters(rng: random.Random) -> list[dict[str, Any]]:
    kind, text, value, choices = rng.choice(PARAMETERS)
    n = rng.choice(choices)
    offset = rng.randrange(0, 40)
    shown = text.format(n=n)
    return [
        {
            "kind": kind,
            "text": shown,
            "start": offset,
            "end": offset + len(shown),
            "value": value(n),
        }
    ]


def _findings(rng: random.Random, need: str, needs: list[str]) -> list[tuple[str | None, str]]:
    roll = rng.random()
    other = rng.choice([n for n in needs if n != need])
    if roll < 0.65:
        return [(need, FindingStatus.CONFIRMED)]
    if roll < 0.85:
        return [(other, FindingStatus.REJECTED), (need, FindingStatus.CONFIRMED)]
    if roll < 0.95:
        return [(other, FindingStatus.REJECTED), (None, FindingStatus.UNRESOLVED)]
    return []


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def measure(engine: Engine, call: Callable[[Session], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        with Session(engine) as session:
            began = time.perf_counter()
            call(session)
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def bench(url: str, args: argparse.Namespace) -> None:
    upgrade(url)
    engine = make_engine(url)
    taxonomy = load_taxonomy()
    began = time.perf_counter()
    generate(engine, taxonomy, args.customers, args.interviews, args.seed)
    print(f"generated in {time.perf_counter() - began:.1f} s")
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    with Session(engine) as session:
        ids = session.scalars(select(Customer.id)).all()
    rng = random.Random(args.seed + 1)
    cases: list[tuple[str, Callable[[Session], object], float]] = [
        ("needs_overview()", lambda s: needs_overview(s), 300),
        ("needs_overview(by='industry')", lambda s: needs_overview(s, by="industry"), 300),
        (
            "needs_overview(customer_id=…)",
            lambda s: needs_overview(s, customer_id=rng.choice(ids)),
            300,
        ),
        ("segments()", lambda s: segments(s, taxonomy), 300),
        ("segments(min_size=50)", lambda s: segments(s, taxonomy, min_size=50), 300),
        ("complexity()", lambda s: complexity(s, taxonomy), 300),
        ("brief(random customer)", lambda s: brief(s, taxonomy, rng.choice(ids)), 50),
        (
            "render_markdown(brief(…))",
            lambda s: render_markdown(brief(s, taxonomy, rng.choice(ids))),
            50,
        ),
    ]
    print(f"\n{engine.dialect.name}, {args.runs} runs each\n")
    print("| report | p50 ms | p95 ms | target ms | ok |")
    print("|---|---:|---:|---:|---|")
    for name, call, target in cases:
        measure(engine, call, 1)  # warm caches and compiled statements
        p50, p95 = measure(engine, call, args.runs)
        print(
            f"| {name} | {p50:.1f} | {p95:.1f} | {target:.0f} | {'yes' if p95 < target else 'NO'} |"
        )
    engine.dispose()


@contextmanager
def temporary_postgres() -> Iterator[str]:
    name = f"needfinder_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_URL.format(name=name)
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="an existing DATABASE_URL (rows are added to it)")
    where.add_argument("--postgres", action="store_true", help="a temporary PostgreSQL database")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.url:
        bench(args.url, args)
    elif args.postgres:
        with temporary_postgres() as url:
            bench(url, args)
    else:
        with tempfile.TemporaryDirectory() as folder:
            bench(f"sqlite:///{Path(folder) / 'bench.db'}", args)


if __name__ == "__main__":
    main()
