"""Messages in and out: button payloads and what the model is asked to read."""

from __future__ import annotations

import pytest

from assistant.interview.messages import make_payload, parse_payload, understand
from tests.assistant.interview.conftest import CannedModel


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (
            '/confirm_need{"need":"storage_constraint"}',
            ("confirm_need", {"need": "storage_constraint"}),
        ),
        ("/none_of_these", ("none_of_these", {})),
        ("/broken{not json}", None),
        ('/list["x"]', None),
        ("we need smaller orders", None),
    ],
)
def test_parse_payload(text, parsed):
    assert parse_payload(text) == parsed


def test_make_payload_is_what_parse_payload_reads():
    assert parse_payload(make_payload("set_role", role="sales_rep")) == (
        "set_role",
        {"role": "sales_rep"},
    )


def test_a_payload_never_reaches_the_model_but_typed_text_does():
    model = CannedModel()
    model.reads("smaller orders", wishes={"smaller_orders": 0.9})

    button = understand('/choose_wish{"wish":"smaller_orders"}', model)
    typed = understand("smaller orders", model, "inform", {"x": "y"})

    assert (button.intent, button.entities, button.extraction.text) == (
        "choose_wish", {"wish": "smaller_orders"}, ""
    )  # fmt: skip
    # A wish in the text makes it an answer, whatever Rasa's intent: content comes first.
    assert (typed.intent, typed.entities) == (None, {"x": "y"})
    assert typed.extraction.wishes[0].code == "smaller_orders"
    assert model.asked == ["smaller orders"]
