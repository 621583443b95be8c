"""The need model's result types: plain data, and the stored shape of need candidates."""

from __future__ import annotations

from assistant.needs.results import Candidate, candidates_from_json, candidates_to_json


def test_candidates_are_stored_with_evidence_only_when_there_is_one():
    stored = candidates_to_json([Candidate("storage_constraint", 0.8, "tiny"), Candidate("x", 0.1)])

    assert stored == [
        {"code": "storage_constraint", "confidence": 0.8, "evidence": "tiny"},
        {"code": "x", "confidence": 0.1},
    ]
    assert candidates_from_json(stored) == [
        Candidate("storage_constraint", 0.8, "tiny"),
        Candidate("x", 0.1),
    ]


def test_stored_candidates_without_code_are_skipped_and_confidence_defaults_to_zero():
    assert candidates_from_json([{"confidence": 0.9}, {"code": ""}, {"code": "x"}]) == [
        Candidate("x", 0.0)
    ]
    assert candidates_from_json(None) == []
