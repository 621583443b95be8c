"""Benchmark the need model: batch throughput through nlp.pipe and single extract() latency."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.config import get_settings
from assistant.needs.cli import DEFAULT_CORPUS_DIR
from assistant.needs.corpus import dev_path, read_corpus
from assistant.needs.extract import NeedExtractor

__all__ = ["main"]


def main() -> None:
    """Print texts/s for batch extraction and p50/p95 latency of one extract() call."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=get_settings().needs_model_dir)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--texts", type=int, default=5000, help="texts in the batch run")
    parser.add_argument("--calls", type=int, default=500, help="single extract() calls")
    args = parser.parse_args()

    extractor = NeedExtractor.load(args.model)
    samples = [example.text for example in read_corpus([dev_path(args.corpus)])]
    texts = (samples * (args.texts // len(samples) + 1))[: args.texts]
    extractor.extract_many(texts[:200])  # warm-up

    started = time.perf_counter()
    docs = list(extractor.nlp.pipe(texts, batch_size=256))
    pipe_rate = len(docs) / (time.perf_counter() - started)
    started = time.perf_counter()
    extractor.extract_many(texts, batch_size=256)
    extract_rate = len(texts) / (time.perf_counter() - started)

    latencies = []
    for index in range(args.calls):
        started = time.perf_counter()
        extractor.extract(samples[index % len(samples)])
        latencies.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    mean_chars = sum(map(len, samples)) / len(samples)
    print(f"texts: {len(texts)} (dev texts repeated, mean {mean_chars:.0f} chars)")
    print(f"batch nlp.pipe:      {pipe_rate:8.0f} texts/s")
    print(f"batch extract_many:  {extract_rate:8.0f} texts/s (with parameters and evidence)")
    print(f"single extract():    p50 {cuts[49]:.2f} ms, p95 {cuts[94]:.2f} ms ({args.calls} calls)")


if __name__ == "__main__":
    main()
