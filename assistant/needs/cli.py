"""The `needs` command: train the need model, classify texts from stdin, evaluate on a corpus."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import PROJECT_ROOT, get_settings
from assistant.errors import NeedfinderError
from assistant.needs.train import TrainSettings

if TYPE_CHECKING:
    from assistant.needs.extract import NeedExtractor

__all__ = ["DEFAULT_CORPUS_DIR", "main"]

DEFAULT_CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"
# Dev sets of what people say in each interview context, written apart from the corpus; the
# *_test.jsonl files beside them are for the README's figures only, never for tuning.
CONTEXT_DEV_FILES = {
    "opening": PROJECT_ROOT / "data" / "eval" / "openings_dev.jsonl",
    "answer": PROJECT_ROOT / "data" / "eval" / "answers_dev.jsonl",
}
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `needs` console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except NeedfinderError as exc:
        print(f"needs: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `needs classify | head`
        return 0


def _parser() -> argparse.ArgumentParser:
    model_dir = get_settings().needs_model_dir  # NEEDS_MODEL_DIR, default var/models/needs
    parser = argparse.ArgumentParser(prog="needs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train the need model from the corpus")
    train.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_DIR, help="corpus directory")
    train.add_argument("--out", type=Path, default=model_dir, help="model directory")
    train.add_argument(
        "--epochs",
        type=int,
        default=TrainSettings.max_epochs,
        help="maximum epochs (default: %(default)s)",
    )
    train.add_argument("--quiet", action="store_true", help="print only the final scores")
    train.set_defaults(run=_train)

    classify = commands.add_parser("classify", help="one text per stdin line -> one JSON line")
    classify.add_argument("--model", type=Path, default=model_dir, help="model directory")
    classify.add_argument("--batch-size", type=int, default=256)
    classify.set_defaults(run=_classify)

    evaluate = commands.add_parser("evaluate", help="score the model on a labelled JSONL file")
    evaluate.add_argument("file", type=Path, nargs="?", default=DEFAULT_CORPUS_DIR / "dev.jsonl")
    evaluate.add_argument("--model", type=Path, default=model_dir, help="model directory")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.set_defaults(run=_evaluate)
    return parser


def _train(args: argparse.Namespace) -> int:
    from assistant.needs.train import train

    settings = TrainSettings(max_epochs=args.epochs)
    log = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))
    contexts = {name: path for name, path in CONTEXT_DEV_FILES.items() if path.is_file()}
    result = train(args.corpus, args.out, settings, log=log, contexts=contexts)
    scores = result.meta["dev_scores"]
    print(f"model written to {result.output_dir} in {result.meta['train_seconds']} s")
    if scores is None:
        print("no dev.jsonl: dev macro-F1 not measured")
    else:
        print(
            f"dev macro-F1: wishes {scores['wishes_macro_f1']:.4f}, "
            f"needs {scores['needs_macro_f1']:.4f}"
        )
    for context, thresholds in result.meta["context_thresholds"].items():
        print(f"{context} thresholds: {thresholds}")
    return 0


def _classify(args: argparse.Namespace) -> int:
    from assistant.needs.extract import NeedExtractor

    extractor = NeedExtractor.load(args.model)
    batch: list[str] = []
    for line in sys.stdin:
        batch.append(line.rstrip("\r\n"))
        if len(batch) >= args.batch_size:
            _write_batch(extractor, batch, args.batch_size)
            batch = []
    _write_batch(extractor, batch, args.batch_size)
    return 0


def _write_batch(extractor: NeedExtractor, texts: list[str], batch_size: int) -> None:
    for extraction in extractor.extract_many(texts, batch_size=batch_size):
        record = extraction.to_dict(evidence=False)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _evaluate(args: argparse.Namespace) -> int:
    from assistant.needs.corpus import read_corpus
    from assistant.needs.evaluate import evaluate_extractor, format_report
    from assistant.needs.extract import NeedExtractor

    extractor = NeedExtractor.load(args.model)
    examples = read_corpus([args.file])
    evaluation = evaluate_extractor(extractor, examples)
    if args.json:
        print(json.dumps({**evaluation.to_dict(), "examples": len(examples)}, indent=2))
    else:
        print(f"{args.file}: {len(examples)} texts\n")
        print(
            format_report(
                evaluation.groups,
                evaluation.confusion,
                extractor.need_codes,
                evaluation.calibration,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
