"""Read and validate JSONL corpora of labelled texts: {"text", "wishes": [...], "needs": [...]}."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import CorpusError
from assistant.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "LabelledText",
    "corpus_fingerprint",
    "dev_path",
    "read_corpus",
    "train_paths",
]


@dataclass(frozen=True)
class LabelledText:
    """One corpus line: a customer's words with the wish and need codes they express."""

    text: str
    wishes: tuple[str, ...]
    needs: tuple[str, ...]
    source: str  # "file:line", for messages


def train_paths(corpus_dir: Path) -> list[Path]:
    """The training files of a corpus directory: train/*.jsonl, sorted; CorpusError if none.

    The order is the examples' order before the seeded shuffle, so it shapes the model: a new
    or renamed file changes the model unless its name sorts where the texts were before.
    """
    paths = sorted((Path(corpus_dir) / "train").glob("*.jsonl"))
    if not paths:
        raise CorpusError(f"{_display(Path(corpus_dir) / 'train')}: no *.jsonl training files")
    return paths


def dev_path(corpus_dir: Path) -> Path:
    """The development (evaluation) file of a corpus directory: dev.jsonl."""
    return Path(corpus_dir) / "dev.jsonl"


def read_corpus(paths: Iterable[Path], taxonomy: Taxonomy | None = None) -> list[LabelledText]:
    """Read the files in order as one corpus; CorpusError names the file and line of any fault."""
    taxonomy = taxonomy or load_taxonomy()
    seen: dict[str, str] = {}
    examples: list[LabelledText] = []
    for path in paths:
        for example in _read_file(Path(path), taxonomy):
            first = seen.setdefault(example.text, example.source)
            if first != example.source:
                raise CorpusError(f"{example.source}: duplicate text (first seen at {first})")
            examples.append(example)
    return examples


def corpus_fingerprint(paths: Sequence[Path]) -> str:
    """A sha256 over the names and bytes of the files, to tell which corpus trained a model."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode() + b"\0")
        digest.update(Path(path).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _read_file(path: Path, taxonomy: Taxonomy) -> list[LabelledText]:
    name = _display(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"{name}: cannot read corpus file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{name}: not UTF-8 text") from exc
    examples = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            examples.append(_parse_line(line, f"{name}:{number}", taxonomy))
    return examples


def _parse_line(line: str, source: str, taxonomy: Taxonomy) -> LabelledText:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{source}: malformed JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise CorpusError(f"{source}: expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{source}: missing or empty 'text'")
    wishes = _codes(record, "wishes", "wish", taxonomy.wishes, source)
    needs = _codes(record, "needs", "need", taxonomy.needs, source)
    return LabelledText(text=text.strip(), wishes=wishes, needs=needs, source=source)


def _codes(
    record: dict[str, object], key: str, kind: str, known: Iterable[str], source: str
) -> tuple[str, ...]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise CorpusError(f"{source}: '{key}' must be a list of codes")
    for code in value:
        if code not in known:
            raise CorpusError(f"{source}: unknown {kind} code {code!r}")
    return tuple(dict.fromkeys(value))


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)
