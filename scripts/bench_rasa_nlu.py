"""Cross-validate Rasa's intent classifier and report intent F1 per language.

Runs `rasa test nlu --cross-validation` (config.yml, 5 folds) `--runs` times on the NLU data
and scores every held-out prediction by the language of its example: Danish when it comes
from a `*_da.yml` file, English otherwise. Rasa shuffles its folds without a seed, so the
figures are the mean (and spread) over the runs.

Usage: .venv/bin/python scripts/bench_rasa_nlu.py [--nlu data/nlu] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
# Intents that arrive as button payloads: typed examples of them are few and say little.
PAYLOAD_INTENTS = {"confirm_need", "reject_need", "choose_wish", "ping"}


def example_languages(nlu: Path) -> dict[str, str]:
    """Each example's text (without entity marks, as Rasa reports it) -> "da" or "en"."""
    languages = {}
    for path in sorted(nlu.glob("*.yml")):
        language = "da" if path.stem.endswith("_da") else "en"
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in block["examples"].splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    languages[_plain(text)] = language
    return languages


def _plain(text: str) -> str:
    """`[customer](role)` -> `customer`, as Rasa writes examples in its reports."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", text)


def cross_validate(nlu: Path, out: Path) -> list[dict]:
    """One 5-fold run; every held-out prediction (text, intent, predicted)."""
    subprocess.run(
        [str(RASA), "test", "nlu", "--nlu", str(nlu), "--config", str(ROOT / "config.yml"),
         "--cross-validation", "--folds", "5", "--successes", "--no-plot", "--out", str(out)],
        check=True, cwd=ROOT, capture_output=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "2"},
    )  # fmt: skip
    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        if (out / name).exists():
            predictions += json.loads((out / name).read_text())
    return predictions


def f1_by_intent(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """F1 of each true intent, from (true, predicted) pairs."""
    intents = {true for true, _ in pairs}
    scores = {}
    for intent in sorted(intents):
        tp = sum(t == p == intent for t, p in pairs)
        fp = sum(p == intent and t != intent for t, p in pairs)
        fn = sum(t == intent and p != intent for t, p in pairs)
        scores[intent] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nlu", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    languages = example_languages(args.nlu)
    per_run: dict[str, list[dict[str, float]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            predictions = cross_validate(args.nlu, Path(tmp) / str(run))
            by_language: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for p in predictions:
                language = languages.get(p["text"], "en")
                by_language[language].append((p["intent"], p["intent_prediction"]["name"]))
            for language, pairs in by_language.items():
                per_run[language].append(f1_by_intent(pairs))
    for language, runs in sorted(per_run.items()):
        intents = sorted(runs[0])
        print(f"\n{language}: intent F1, mean of {len(runs)} runs of 5-fold cross-validation")
        for intent in intents:
            print(f"  {intent:20} {statistics.mean(r.get(intent, 0.0) for r in runs):.3f}")
        typed = [i for i in intents if i not in PAYLOAD_INTENTS]
        macros = [statistics.mean(r.get(i, 0.0) for i in typed) for r in runs]
        spread = statistics.stdev(macros) if len(macros) > 1 else 0.0
        print(f"  macro-F1 of typed intents: {statistics.mean(macros):.3f} (sd {spread:.3f})")


if __name__ == "__main__":
    main()
