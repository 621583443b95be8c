"""The dialogue state's JSON: the stored shape stays readable and is written unchanged."""

from __future__ import annotations

import copy
import json

from assistant.interview.state import DialogueState
from assistant.interview.vocabulary import FindingStatus, Phase, Role
from assistant.needs.results import Candidate

# A state as the interview stored it before candidates were typed (asdict of plain dicts).
STORED = {
    "phase": "confirm",
    "role": "sales_rep",
    "customer": "Acme",
    "wishes": [
        {
            "code": "smaller_orders",
            "text": "we want smaller orders because the store room is tiny",
            "parameters": [
                {
                    "kind": "quantity",
                    "text": "2 pallets",
                    "start": 3,
                    "end": 12,
                    "value": {"amount": 2, "unit": "pallet"},
                },
            ],  # fmt: skip
            "ladder": [
                {
                    "probe": "why",
                    "question": "Why is that important to you?",
                    "answer": "no room for full pallets",
                    "candidates": [
                        {
                            "code": "storage_constraint",
                            "confidence": 0.81,
                            "evidence": "no room for full pallets",
                        },
                        {"code": "cash_flow", "confidence": 0.07},
                    ],  # fmt: skip
                }
            ],
            "findings": [
                {"code": "cash_flow", "confidence": 0.4, "status": "rejected", "evidence": "x"}
            ],
            "opening": [{"code": "storage_constraint", "confidence": 0.6, "evidence": "tiny"}],
            "dont_know": 0,
            "done": False,
        }
    ],
    "current": 0,
    "proposed": "storage_constraint",
    "offered": [],
    "unrecognised": 0,
    "unclear_role": 0,
    "held": [],
    "unclear_text": None,
    "unclear_requests": ["we'd like a text when the van leaves"],
    "asked": ["Why is that important to you?"],
    "welcomed": True,
    "last_question": "Is that right?",
    "language": "en",
    "language_source": "default",
}


def test_stored_json_loads_with_typed_candidates():
    state = DialogueState.from_json(copy.deepcopy(STORED))

    wish = state.wishes[0]
    assert state.phase == Phase.CONFIRM
    assert wish.ladder[0].candidates == [
        Candidate("storage_constraint", 0.81, "no room for full pallets"),
        Candidate("cash_flow", 0.07),
    ]
    assert wish.opening == [Candidate("storage_constraint", 0.6, "tiny")]
    assert wish.rejected == {"cash_flow"}


def test_stored_json_is_written_back_unchanged():
    state = DialogueState.from_json(copy.deepcopy(STORED))

    assert json.loads(json.dumps(state.to_json())) == STORED


def test_state_stored_before_unclear_requests_loads_with_none():
    stored = copy.deepcopy(STORED)
    del stored["unclear_requests"]

    assert DialogueState.from_json(stored).unclear_requests == []


def test_state_written_by_a_newer_version_loads_without_what_it_does_not_know():
    stored = copy.deepcopy(STORED) | {"added_later": [1, 2]}  # a rolling deploy

    state = DialogueState.from_json(stored)

    assert state.to_json() == STORED


def test_wishes_steps_and_findings_written_by_a_newer_version_load_too():
    stored = copy.deepcopy(STORED)
    wish = stored["wishes"][0]
    wish["added_later"] = 1
    wish["ladder"][0]["added_later"] = 2
    wish["findings"][0]["added_later"] = 3

    state = DialogueState.from_json(stored)

    assert state.to_json() == STORED


def test_state_stored_before_welcomes_loads_as_not_welcomed():
    stored = copy.deepcopy(STORED)
    del stored["welcomed"]

    assert DialogueState.from_json(stored).welcomed is False


def test_state_stored_before_languages_loads_as_english_not_yet_settled():
    stored = copy.deepcopy(STORED)
    del stored["language"], stored["language_source"]

    state = DialogueState.from_json(stored)

    assert (state.language, state.language_source) == ("en", "default")


def test_state_without_candidates_or_opening_loads():
    stored = copy.deepcopy(STORED)
    del stored["wishes"][0]["opening"]
    del stored["wishes"][0]["ladder"][0]["candidates"]

    wish = DialogueState.from_json(stored).wishes[0]

    assert wish.opening == [] and wish.ladder[0].candidates == []


def test_empty_json_is_a_fresh_state():
    assert DialogueState.from_json(None) == DialogueState()
    assert DialogueState.from_json({}) == DialogueState()


def test_state_survives_a_json_round_trip(chat, model):
    text = "we need smaller orders because our store room is tiny. Money is tight too."
    model.reads(
        text,
        wishes={"smaller_orders": 0.9},
        needs={"storage_constraint": 0.8, "capital_constraint": 0.3},
        evidence={"storage_constraint": "our store room is tiny."},
    )
    model.reads("it would just be easier", needs={"capital_constraint": 0.2})
    model.reads("that's really it")
    chat.say(text)
    chat.say("that's really it")
    chat.say('/reject_need{"need":"storage_constraint"}')
    chat.say("it would just be easier")  # an answer to the offer: one more rung

    restored = DialogueState.from_json(json.loads(json.dumps(chat.state.to_json())))

    assert restored == chat.state
    wish = restored.wishes[0]
    assert wish.opening[0] == Candidate("storage_constraint", 0.8, "our store room is tiny.")
    assert [f.status for f in wish.findings] == [FindingStatus.REJECTED]
    assert restored.phase == chat.state.phase and restored.role == Role.CUSTOMER


def test_needs_an_answer_ruled_out_are_stored_and_loaded():
    stored = copy.deepcopy(STORED)
    stored["wishes"][0]["ladder"][0]["ruled_out"] = ["capital_constraint"]

    state = DialogueState.from_json(stored)

    assert state.wishes[0].ladder[0].ruled_out == ["capital_constraint"]
    assert "capital_constraint" in state.wishes[0].ruled_out
    assert json.loads(json.dumps(state.to_json())) == stored
