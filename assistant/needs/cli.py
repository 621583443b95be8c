"""The `needs` command: train the need model, classify stdin, evaluate, cross-validate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import PROJECT_ROOT, get_settings
from assistant.errors import CorpusError, ModelNotTrained, NeedfinderError
from assistant.needs.corpus import dev_path
from assistant.needs.train import TrainSettings
from assistant.taxonomy import LANGUAGES

if TYPE_CHECKING:
    from assistant.needs.extract import NeedExtractor

__all__ = ["DEFAULT_CORPUS_DIR", "main"]

DEFAULT_CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"
# Per language: the training corpus, and the dev sets of what people say in each interview
# context, written apart from the corpus; the *_test.jsonl files beside them are for the
# README's figures only, never for tuning.
CORPUS_DIRS = {"en": DEFAULT_CORPUS_DIR, "da": DEFAULT_CORPUS_DIR / "da"}
# Corpora a language's model also trains on: the Danish one learns from the English texts too
# (5-fold CV on the Danish corpus, README "Danish need model").
EXTRA_CORPORA: dict[str, tuple[Path, ...]] = {"en": (), "da": (DEFAULT_CORPUS_DIR,)}
_EVAL = {"en": PROJECT_ROOT / "data" / "eval", "da": PROJECT_ROOT / "data" / "eval" / "da"}
# Each context's thresholds are tuned on the dev halves of every writer of that language
# who wrote openings and answers apart from the corpus (English: data/eval, its second,
# eighth-writer and thirteenth-writer; with two writers alone the opening need threshold
# jumped from 0.7 to 0.85 on one corpus change and lost 0.15 F1 on a third writer's openings).
_DEV_FOLDERS = {
    "en": tuple(_EVAL["en"] / f for f in ("", "second", "eighth-writer", "thirteenth-writer")),
    "da": (_EVAL["da"],),
}
CONTEXT_DEV_FILES_BY_LANG = {
    lang: {
        "opening": tuple(folder / "openings_dev.jsonl" for folder in folders),
        "answer": tuple(folder / "answers_dev.jsonl" for folder in folders),
    }
    for lang, folders in _DEV_FOLDERS.items()
}
CONTEXT_DEV_FILES = CONTEXT_DEV_FILES_BY_LANG["en"]
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
    parser = argparse.ArgumentParser(prog="needs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    # --model and --out default to the language's setting: NEEDS_MODEL_DIR (var/models/needs)
    # for English, NEEDS_MODEL_DIR_DA (var/models/needs-da) for Danish.

    train = commands.add_parser("train", help="train the need model from the corpus")
    train.add_argument("--lang", choices=LANGUAGES, default="en", help="default: %(default)s")
    train.add_argument("--corpus", type=Path, help="corpus directory (default: the language's)")
    train.add_argument("--out", type=Path, help="model directory (default: the language's)")
    train.add_argument(
        "--extra-corpus",
        type=Path,
        nargs="*",
        help="corpus directories to train on as well (default: the language's; none: no value)",
    )
    train.add_argument(
        "--epochs",
        type=int,
        default=TrainSettings.max_epochs,
        help="maximum epochs (default: %(default)s)",
    )
    train.add_argument("--quiet", action="store_true", help="print only the final scores")
    train.set_defaults(run=_train)

    classify = commands.add_parser("classify", help="one text per stdin line -> one JSON line")
    classify.add_argument(
        "--lang", choices=LANGUAGES, help="the model's language; refuse a model of another"
    )
    classify.add_argument("--model", type=Path, help="model directory (default: the language's)")
    classify.add_argument("--batch-size", type=int, default=256)
    classify.set_defaults(run=_classify)

    evaluate = commands.add_parser("evaluate", help="score the model on a labelled JSONL file")
    evaluate.add_argument(
        "file", type=Path, nargs="?", help="JSONL file (default for English: the corpus's dev)"
    )
    evaluate.add_argument(
        "--lang", choices=LANGUAGES, help="the model's language; refuse a model of another"
    )
    evaluate.add_argument("--model", type=Path, help="model directory (default: the language's)")
    evaluate.add_argument(
        "--context",
        choices=tuple(CONTEXT_DEV_FILES),
        help="use the thresholds tuned for this interview context (default: the batch ones)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.set_defaults(run=_evaluate)

    crossval = commands.add_parser(
        "crossval", help="k-fold cross-validation on the training corpus (choosing a design)"
    )
    crossval.add_argument("--lang", choices=LANGUAGES, default="en", help="default: %(default)s")
    crossval.add_argument("--corpus", type=Path, help="corpus directory (default: the language's)")
    crossval.add_argument(
        "--extra-corpus",
        type=Path,
        nargs="*",
        help="corpus directories in every fold's training (default: the language's)",
    )
    crossval.add_argument("--folds", type=int, default=5, help="default: %(default)s")
    crossval.add_argument("--seed", type=int, default=0, help="of the folds (default: 0)")
    crossval.set_defaults(run=_crossval)
    return parser


def _model_dir(args: argparse.Namespace) -> Path:
    return Path(args.model or get_settings().needs_model_dir_for(args.lang or "en"))


def _train(args: argparse.Namespace) -> int:
    from assistant.needs.train import train

    settings = TrainSettings.for_language(args.lang, max_epochs=args.epochs)
    log = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))
    dev_files = CONTEXT_DEV_FILES_BY_LANG[args.lang]
    contexts = {
        name: found
        for name, paths in dev_files.items()
        if (found := [p for p in paths if p.is_file()])
    }
    corpus = args.corpus or CORPUS_DIRS[args.lang]
    out = args.out or get_settings().needs_model_dir_for(args.lang)
    extra = EXTRA_CORPORA[args.lang] if args.extra_corpus is None else args.extra_corpus
    result = train(corpus, out, settings, log=log, contexts=contexts, extra_corpora=extra)
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

    extractor = NeedExtractor.load(_model_dir(args), args.lang)
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

    extractor = NeedExtractor.load(_model_dir(args), args.lang)
    if args.context:
        if args.context not in extractor.context_thresholds:
            raise ModelNotTrained(f"the model has no thresholds for the {args.context!r} context")
        thresholds = extractor.context_thresholds[args.context]
        extractor = NeedExtractor(extractor.nlp, thresholds, extractor.context_thresholds)
    file = args.file or _default_eval_file(extractor.lang)
    examples = read_corpus([file])
    evaluation = evaluate_extractor(extractor, examples)
    if args.json:
        print(json.dumps({**evaluation.to_dict(), "examples": len(examples)}, indent=2))
    else:
        print(f"{file}: {len(examples)} texts\n")
        print(
            format_report(
                evaluation.groups,
                evaluation.confusion,
                extractor.need_codes,
                evaluation.calibration,
            )
        )
    return 0


def _default_eval_file(lang: str) -> Path:
    if lang != "en":
        raise CorpusError(
            f"no default evaluation file for a {lang!r} model: name one, "
            f"e.g. data/eval/{lang}/openings_dev.jsonl"
        )
    return dev_path(DEFAULT_CORPUS_DIR)


def _crossval(args: argparse.Namespace) -> int:
    from assistant.needs.crossval import cross_validate_corpus

    settings = TrainSettings.for_language(args.lang)
    corpus = args.corpus or CORPUS_DIRS[args.lang]
    extra = EXTRA_CORPORA[args.lang] if args.extra_corpus is None else args.extra_corpus
    result = cross_validate_corpus(corpus, settings, args.folds, args.seed, extra_corpora=extra)
    print(f"{args.folds}-fold cross-validated macro-F1 at {settings.threshold}: {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
