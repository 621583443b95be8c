"""Benchmark an interview turn in process: `TurnService.handle_message` without HTTP or Rasa.

Plays conversations of the latency benchmark's four messages (scripts/bench_interviews.py)
against a fresh, migrated database and prints the turn's p50/p95, the SQL statements it ran,
and where its time went (each part timed around the method that does it; parts nest:
"respond" includes "rewrite wish rows", "record" includes "quality figures").

Usage: .venv/bin/python scripts/bench_turn.py [--turns 40] [--conversations 10]
           [--database-url postgresql+psycopg://127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event

import assistant.turns as turns
from assistant.config import get_settings
from assistant.interview.dialogue import Interviewer
from assistant.needs.extract import NeedExtractor
from assistant.reports import informativeness
from assistant.store.db import make_engine, make_sessionmaker
from assistant.store.migrate import upgrade
from assistant.taxonomy import load_taxonomy
from assistant.turns import IncomingMessage, TurnService

__all__ = ["main"]

MESSAGES = [  # as scripts/bench_interviews.py's interview turn
    "we need shorter lead times",
    "it would just be easier",
    "our sales jump around every week and the forecast is always wrong",
    "no",
]
# (where, name, label): the methods timed for the breakdown
PARTS = [
    (TurnService, "_understand", "understand (need model)"),
    (TurnService, "_current", "load the interview"),
    (TurnService, "_replies_to", "retry lookup"),
    (TurnService, "_respond", "respond (dialogue + wish rows)"),
    (turns, "rewrite_wishes", "  rewrite wish rows"),
    (TurnService, "_record", "record (turns + quality)"),
    (turns, "add_turn", "  quality figures"),
]


def _timed(spent: dict[str, float], label: str, function: Callable[..., Any]) -> Callable:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40, help="turns per conversation")
    parser.add_argument("--conversations", type=int, default=10, help="measured conversations")
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        statements = [0]
        event.listen(
            engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1)
        )
        extractor = NeedExtractor.load(get_settings().needs_model_dir, "en")
        informativeness.load()
        interviewer = Interviewer.for_model(
            load_taxonomy(), extractor.thresholds, extractor.context_thresholds
        )
        service = TurnService(make_sessionmaker(engine), extractor, interviewer)

        def conversation() -> list[tuple[float, int]]:
            sender, measured = f"bench-{uuid.uuid4().hex[:8]}", []
            for i in range(args.turns):
                before, start = statements[0], time.perf_counter()
                service.handle_message(
                    IncomingMessage(
                        sender, MESSAGES[i % len(MESSAGES)], "rest", message_id=f"m{i}",
                        metadata={"customer": "Bench", "role": "customer"} if i == 0 else {},
                        received_at=time.time(),
                    )
                )  # fmt: skip
                measured.append(((time.perf_counter() - start) * 1000, statements[0] - before))
            return measured

        for _ in range(2):
            conversation()  # warm-up
        spent: dict[str, float] = defaultdict(float)
        originals = [(owner, name, vars(owner)[name]) for owner, name, _ in PARTS]
        for (owner, name, label), (_, _, original) in zip(PARTS, originals, strict=True):
            if isinstance(original, staticmethod):
                setattr(owner, name, staticmethod(_timed(spent, label, original.__func__)))
            else:
                setattr(owner, name, _timed(spent, label, original))
        try:
            runs = [t for _ in range(args.conversations) for t in conversation()]
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)
        engine.dispose()

    times = [ms for ms, _ in runs]
    print(f"database: {engine.dialect.name}; {len(runs)} turns, {args.turns} per conversation")
    print(
        f"turn p50 {statistics.median(times):.2f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[-1]:.2f} ms, "
        f"statements per turn: median {statistics.median(n for _, n in runs):.0f}"
    )
    for _, _, label in PARTS:
        print(f"  {label:34s} {spent[label] / len(runs) * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
