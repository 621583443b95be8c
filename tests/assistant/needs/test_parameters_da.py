"""Danish parameters: the same normalised values as the English words for the same figure."""

from __future__ import annotations

import pytest
import spacy

from assistant.errors import UnsupportedLanguage
from assistant.needs.parameters import ParameterFinder

DANISH = spacy.blank("da")
ENGLISH = spacy.blank("en")
FIND_DA = ParameterFinder(DANISH.vocab, "da")
FIND_EN = ParameterFinder(ENGLISH.vocab, "en")


def found(finder: ParameterFinder, nlp: spacy.language.Language, text: str) -> list[dict]:
    return [p.to_dict() for p in finder(nlp(text))]


@pytest.mark.parametrize(
    ("danish", "english"),
    [
        ("vi skal have det på 3 dage", "we need it in 3 days"),
        ("inden for 48 timer", "within 48 hours"),
        ("senest 5 arbejdsdage", "at most 5 working days"),
        ("det tager 2 uger nu", "it takes 2 weeks now"),
        ("levering samme dag", "delivery same day"),
        ("levering næste dag", "delivery next day"),
        ("levering inden kl. 7", "delivery before 7"),
        ("vi tager imod mellem 6 og 11", "we receive between 6 and 11"),
        ("fra kl. 6 til 10", "from 6 to 10"),
        ("bilen skal være her kl. 7.30", "the truck must be here at 7.30"),
        ("to gange om ugen", "twice a week"),
        ("tre gange om ugen", "three times a week"),
        ("en gang om måneden", "once a month"),
        ("dagligt", "daily"),
        ("hver anden uge", "every other week"),
        ("hver tirsdag", "every Tuesday"),
        ("halve paller", "half pallets"),
        ("en halv palle", "a half pallet"),
        ("højst 20 kasser", "at most 20 boxes"),
        ("500 stk. pr. ordre", "500 pieces per order"),
        ("vi har 3 pallepladser", "we have 3 pallet places"),
        ("netto 60 dage", "net 60 days"),
        ("vi vil gerne betale om 60 dage", "we would like to pay in 60 days"),
        ("200.000 euro er bundet", "200,000 euros is tied up"),
        ("EUR 200k er bundet", "EUR 200k is tied up"),
    ],
)  # fmt: skip
def test_danish_figure_means_what_its_english_counterpart_means(danish: str, english: str) -> None:
    danish_values = [(p["kind"], p["value"]) for p in found(FIND_DA, DANISH, danish)]
    english_values = [(p["kind"], p["value"]) for p in found(FIND_EN, ENGLISH, english)]
    assert danish_values == english_values and danish_values


@pytest.mark.parametrize(
    ("text", "kind", "span", "value"),
    [
        ("Kan I levere på 3 dage?", "duration", "3 dage", {"days": 3}),
        ("det skal være inden kl. 7", "time_window", "inden kl. 7", {"end": "07:00"}),
        ("åbent mellem 6 og 11", "time_window", "mellem 6 og 11",
         {"start": "06:00", "end": "11:00"}),
        ("mellem kl. 6 og 11.30", "time_window", "mellem kl. 6 og 11.30",
         {"start": "06:00", "end": "11:30"}),
        ("kl. 6-10 passer", "time_window", "kl. 6-10", {"start": "06:00", "end": "10:00"}),
        ("efter kl. 14", "time_window", "efter kl. 14", {"start": "14:00"}),
        ("ikke senere end kl. 7", "time_window", "ikke senere end kl. 7", {"end": "07:00"}),
        ("levering to gange om ugen", "frequency", "to gange om ugen", {"times": 2, "per": "week"}),
        ("2x om ugen", "frequency", "2x om ugen", {"times": 2, "per": "week"}),
        ("2 gange ugentligt", "frequency", "2 gange ugentligt", {"times": 2, "per": "week"}),
        ("hver 14. dag", "frequency", "hver 14. dag", {"times": 1, "per": "day", "every": 14}),
        ("hver mandag og torsdag", "frequency", "hver mandag og torsdag",
         {"times": 2, "per": "week", "days": ["monday", "thursday"]}),
        ("om fredagen", "frequency", "om fredagen",
         {"times": 1, "per": "week", "days": ["friday"]}),
        ("kun halve paller", "quantity", "halve paller", {"amount": 0.5, "unit": "pallet"}),
        ("gerne halvpaller", "quantity", "halvpaller", {"amount": 0.5, "unit": "pallet"}),
        ("gerne delpaller", "quantity", "delpaller", {"unit": "pallet", "partial": True}),
        ("48t er for lang tid", "duration", "48t", {"hours": 48}),
        ("en halv time", "duration", "en halv time", {"hours": 0.5}),
        ("netto 60 dage", "payment_term", "netto 60 dage", {"days": 60}),
        ("60 dages kredit", "payment_term", "60 dages kredit", {"days": 60}),
        ("betale om 2 måneder", "payment_term", "2 måneder", {"days": 60}),
        ("løbende måned + 30", "payment_term", "løbende måned + 30",
         {"days": 30, "from": "month_end"}),
        ("vi vil have lb. md. + 30 dage", "payment_term", "lb. md. + 30 dage",
         {"days": 30, "from": "month_end"}),
        ("lb.md.+30 tak", "payment_term", "lb.md.+30", {"days": 30, "from": "month_end"}),
        ("200.000 kr. er bundet", "money", "200.000 kr.", {"amount": 200000, "currency": "DKK"}),
        ("2,5 mio. kr. på lager", "money", "2,5 mio. kr.", {"amount": 2500000, "currency": "DKK"}),
    ],
)  # fmt: skip
def test_danish_parameter_found_with_exact_span(
    text: str, kind: str, span: str, value: dict[str, object]
) -> None:
    start = text.index(span)
    expected = {"kind": kind, "text": span, "start": start, "end": start + len(span),
                "value": value}  # fmt: skip
    assert expected in found(FIND_DA, DANISH, text)


@pytest.mark.parametrize(
    "text", ["mellem 6 og 10 paller", "det ved jeg ikke", "inden 7 dage", "til 7 personer"]
)
def test_no_danish_time_window_where_a_number_is_not_a_time(text: str) -> None:
    assert "time_window" not in {p["kind"] for p in found(FIND_DA, DANISH, text)}


def test_a_language_without_rules_is_refused() -> None:
    with pytest.raises(UnsupportedLanguage, match="no parameter rules for language 'sv'"):
        ParameterFinder(DANISH.vocab, "sv")
