"""Training the need model: what it writes next to the pipeline."""

from __future__ import annotations

import json

from assistant.needs.extract import META_FILE
from assistant.needs.train import TrainResult


def test_training_writes_meta_with_fingerprint_and_dev_scores(tiny_model: TrainResult) -> None:
    meta = json.loads((tiny_model.output_dir / META_FILE).read_text())
    assert meta["corpus"]["train_files"] == ["needs.jsonl", "wishes.jsonl"]
    assert len(meta["corpus"]["train_sha256"]) == 64
    assert set(meta["dev_scores"]) == {"wishes_macro_f1", "needs_macro_f1"}
    assert meta["thresholds"] == {"wishes": 0.5, "needs": 0.5}
