"""Whole laddering interviews in Danish over Rasa's REST channel against the real servers:
each conversation's messages are read by the Danish need model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.interview.language import detect
from assistant.interview.wording_da import as_clause
from assistant.taxonomy import load_taxonomy
from tests.e2e.test_interviews import interview, ladder_to_the_need, new_sender

pytestmark = pytest.mark.e2e

SCRIPTS = yaml.safe_load((Path(__file__).parent / "interviews_da.yml").read_text())
META = {"customer": "Dansk Byg", "role": "customer"}


def danish(replies: list[dict]) -> bool:
    """Every reply that says enough to tell is Danish, and at least one does."""
    said = [detect(r["text"]) for r in replies if r.get("text")]
    return "da" in said and "en" not in said


def _danish(replies: list[dict]) -> None:
    assert danish(replies), replies


def _case(script: dict) -> object:
    return pytest.param(script, id=f"{script['need']}-from-{script['wish']}")


@pytest.mark.parametrize("script", [_case(s) for s in SCRIPTS])
def test_scripted_danish_interview_ends_with_the_right_confirmed_need(stack, chat, script):
    sender = new_sender()
    if script.get("switch"):  # begun in English, then switched
        assert not danish(chat(sender, "hello", **META))
        switched = chat(sender, "kan vi tage det på dansk?")
        assert switched[0]["text"].startswith("Selvfølgelig"), switched
        first = chat(sender, script["say"])
    else:  # the first message's words choose Danish
        first = chat(sender, script["say"], **META)
    summary = ladder_to_the_need(stack, chat, sender, script, first, no="nej", check=_danish)
    need = load_taxonomy().in_language("da").need(script["need"])
    assert as_clause(need.customer_label) in summary[0]["text"], summary


def test_det_ved_jeg_ikke_twice_moves_on_without_a_need(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne have kortere leveringstid", **META)
    second = chat(sender, "det ved jeg ikke")
    assert second[0]["text"].startswith("Intet problem, jeg spørger på en anden måde"), second

    moved_on = chat(sender, "ved ikke")

    assert danish(moved_on), moved_on
    (wish,) = interview(stack, sender)["wishes"]
    assert wish["code"] == "shorter_lead_time"
    assert wish["need"]["status"] == "unresolved"


def test_spring_over_leaves_the_wish_open_and_goes_on_in_danish(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne bestille halvpaller i stedet for hele paller", **META)

    skipped = chat(sender, "spring over")

    assert skipped[0]["text"].startswith("Fint, så springer vi den over."), skipped
    assert danish(skipped), skipped
    (wish,) = interview(stack, sender)["wishes"]
    assert wish["code"] == "smaller_orders"
    assert wish["need"]["status"] == "unresolved"


def test_stop_pauses_and_hej_resumes_in_danish(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne have kortere leveringstid", **META)

    paused = chat(sender, "stop")

    assert paused[0]["text"].startswith("Gemt."), paused
    assert interview(stack, sender)["status"] == "paused"
    back = chat(sender, "hej")
    assert back[0]["text"].startswith("Velkommen tilbage!"), back
    assert interview(stack, sender)["status"] == "in_progress"


def test_forfra_starts_a_new_interview_in_danish(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne have kortere leveringstid", **META)

    again = chat(sender, "forfra")

    assert danish(again), again
    body = interview(stack, sender)
    assert body["number"] == 2 and body["wishes"] == []


def test_a_danish_correction_replaces_the_wish(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne have kortere leveringstid", **META)

    corrected = chat(sender, "nej undskyld jeg mente halvpaller i stedet for hele paller")

    assert corrected[0]["text"].startswith("Forstået:"), corrected
    assert danish(corrected), corrected
    (wish,) = interview(stack, sender)["wishes"]
    assert wish["code"] == "smaller_orders"


def test_nej_det_sagde_jeg_ikke_drops_the_wish(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne bestille halvpaller i stedet for hele paller", **META)

    dropped = chat(sender, "nej, jeg sagde ikke halvpaller")

    assert dropped[0]["text"].startswith("Undskyld, min fejl"), dropped
    assert interview(stack, sender)["wishes"] == []


def test_nej_det_var_det_hele_ends_the_interview(stack, chat):
    sender = new_sender()
    chat(sender, "vi vil gerne bestille halvpaller i stedet for hele paller", **META)
    chat(sender, "spring over")  # "Er der andet?"

    done = chat(sender, "nej det var det hele")

    assert danish(done), done
    assert interview(stack, sender)["status"] == "completed"
