"""The Python form of the parameter signature (for a stored `wish.signature` column)."""

from assistant.store.signature import parameters_signature
from tests.assistant.reports.conftest import parameter


def test_signature_ignores_offsets_wording_and_order():
    a = [
        parameter("duration", "48 hours", {"hours": 48}, 3),
        parameter("quantity", "2", {"amount": 2, "unit": "pallet"}),
    ]
    b = [
        parameter("quantity", "two", {"unit": "pallet", "amount": 2}, 0),
        parameter("duration", "48h", {"hours": 48}, 9),
    ]

    assert parameters_signature(a) == parameters_signature(b)
    assert parameters_signature([parameter("duration", "24 hours", {"hours": 24})]) != (
        parameters_signature(a[:1])
    )
    assert parameters_signature([parameter("duration", "Next Day", {})]) == "duration=next day"
    assert parameters_signature([]) == ""
