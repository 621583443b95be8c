"""Parameters: the figures in a wish, found with their exact span and value."""

from __future__ import annotations

import pytest

from assistant.needs.extract import NeedExtractor
from assistant.needs.parameters import ParameterFinder


@pytest.mark.parametrize(
    ("text", "kind", "span", "value"),
    [
        ("We need it within 48 hours please", "duration", "48 hours", {"hours": 48}),
        ("in 48h max", "duration", "48h", {"hours": 48}),
        ("five working days is too long", "duration", "five working days", {"working_days": 5}),
        ("now it takes 2 weeks", "duration", "2 weeks", {"weeks": 2}),
        ("is same day possible?", "duration", "same day", {"days": 0}),
        ("we want next-day delivery", "duration", "next-day", {"days": 1}),
        ("only half pallets fit", "quantity", "half pallets", {"amount": 0.5, "unit": "pallet"}),
        ("at most 20 boxes", "quantity", "20 boxes", {"amount": 20, "unit": "box"}),
        ("500 units per order", "quantity", "500 units", {"amount": 500, "unit": "unit"}),
        ("a quarter pallet", "quantity", "a quarter pallet", {"amount": 0.25, "unit": "pallet"}),
        ("we have 3 pallet places", "quantity", "3 pallet places",
         {"amount": 3, "unit": "pallet_place"}),
        ("deliver twice a week", "frequency", "twice a week", {"times": 2, "per": "week"}),
        ("we'd like daily drops", "frequency", "daily", {"times": 1, "per": "day"}),
        ("come every Tuesday", "frequency", "every Tuesday",
         {"times": 1, "per": "week", "days": ["tuesday"]}),
        ("three times a week", "frequency", "three times a week", {"times": 3, "per": "week"}),
        ("just once a month", "frequency", "once a month", {"times": 1, "per": "month"}),
        ("deliver between 6 and 10", "time_window", "between 6 and 10",
         {"start": "06:00", "end": "10:00"}),
        ("slot 6-10 am please", "time_window", "6-10 am", {"start": "06:00", "end": "10:00"}),
        ("it must be before 7", "time_window", "before 7", {"end": "07:00"}),
        ("be there at 7 sharp", "time_window", "at 7 sharp", {"at": "07:00"}),
        ("open from 06:00 to 10:00", "time_window", "from 06:00 to 10:00",
         {"start": "06:00", "end": "10:00"}),
        ("we would like to pay in 60 days", "payment_term", "60 days", {"days": 60}),
        ("terms of net 30", "payment_term", "net 30", {"days": 30}),
        ("EUR 200k is tied up", "money", "EUR 200k", {"amount": 200000, "currency": "EUR"}),
    ],
)  # fmt: skip
def test_parameter_found_with_exact_span(
    extractor: NeedExtractor, text: str, kind: str, span: str, value: dict[str, object]
) -> None:
    found = [p.to_dict() for p in extractor.extract(text).parameters]
    start = text.index(span)
    expected = {
        "kind": kind,
        "text": span,
        "start": start,
        "end": start + len(span),
        "value": value,
    }
    assert expected in found


@pytest.mark.parametrize(
    "text", ["between 6 and 10 pallets", "I don't know", "the first order", "before 7 days"]
)
def test_no_time_window_where_a_number_is_not_a_time(extractor: NeedExtractor, text: str) -> None:
    assert "time_window" not in {p.kind for p in extractor.extract(text).parameters}


def test_parameter_finder_works_on_a_blank_pipeline() -> None:
    import spacy

    nlp = spacy.blank("en")
    (found,) = ParameterFinder(nlp.vocab)(nlp("Deliver 20 boxes"))
    assert (found.kind, found.start, found.end) == ("quantity", 8, 16)
