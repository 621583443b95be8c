"""Finding a customer by what a rep calls them, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.customer_lookup import find_customers, normalise_name
from assistant.store.models import Customer


@pytest.fixture
def session(sessions):
    with sessions() as session:
        for external_id, name in [
            ("ACME-1", "ACME GmbH"),
            ("BF-7", "Baltic Foods"),
            ("MU-2", "Müller & Söhne AG"),
            ("NB-1", "Nordic Bakeries North"),
            ("NB-2", "Nordic Bakeries South"),
            ("PAC", "Pacmen Ltd"),
            ("X-9", "Foods of acme"),
            ("JB-1", "Jensen Byg A/S"),
            ("JB-2", "Jensen Byg Service ApS"),
            ("AT-1", "Århus Tømrer & Søn a.m.b.a."),
            ("ÆR-1", "Ærø Trælast"),
        ]:
            session.add(Customer(external_id=external_id, name=name))
        session.flush()
        yield session


def names(lookup) -> list[str]:
    return [m.name for m in lookup.matches]


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("ACME GmbH", "acme"),
        ("  Müller & Söhne AG ", "muller sohne"),
        ("Baltic Foods, Ltd.", "baltic foods"),
        ("Ltd", "ltd"),  # a name that is only a legal form keeps it
        ("Jensen Byg A/S", "jensen byg"),
        ("Jensen Byg ApS", "jensen byg"),
        ("Århus Tømrer & Søn a.m.b.a.", "aarhus toemrer soen"),
        ("ÆRØ", "aeroe"),
        ("!!!", ""),
    ],
)
def test_names_are_compared_without_case_accents_punctuation_and_legal_form(text, normal):
    assert normalise_name(text) == normal


def test_external_id_matches_exactly_in_any_case(session):
    lookup = find_customers(session, "bf-7")

    assert lookup.found is not None and lookup.found.name == "Baltic Foods"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("acme gmbh", "ACME GmbH"),
        ("Acme", "ACME GmbH"),  # the legal form left out: an exact name before partial ones
        ("muller & sohne", "Müller & Söhne AG"),
        ('"Baltic Foods"?', "Baltic Foods"),
        ("Baltik Foods", "Baltic Foods"),  # a typo
        ("jensen byg", "Jensen Byg A/S"),  # the exact name, not "Jensen Byg Service"
        ("Aarhus Tømrer", "Århus Tømrer & Søn a.m.b.a."),
        ("aarhus toemrer og soen", "Århus Tømrer & Søn a.m.b.a."),  # a typo in "og"
        ("Aeroe Traelast", "Ærø Trælast"),
        ("ærø", "Ærø Trælast"),
    ],
)
def test_a_name_is_found_whatever_its_case_accents_or_legal_form(session, query, name):
    lookup = find_customers(session, query)

    assert names(lookup) == [name]
    assert lookup.found is not None


def test_words_at_word_starts_find_every_customer_they_name(session):
    lookup = find_customers(session, "nordic bak")

    assert lookup.ambiguous and lookup.found is None
    assert names(lookup) == ["Nordic Bakeries North", "Nordic Bakeries South"]


def test_a_word_inside_another_is_no_match(session):
    assert names(find_customers(session, "men")) == []  # inside "Pacmen", not at its start
    assert names(find_customers(session, "foods")) == ["Baltic Foods", "Foods of acme"]


@pytest.mark.parametrize("query", ["Zebra Logistics", "", "   ", "???"])
def test_an_unknown_or_empty_name_finds_nobody(session, query):
    lookup = find_customers(session, query)

    assert lookup.matches == () and lookup.found is None and not lookup.ambiguous


def test_more_matches_than_listed_are_flagged(session):
    lookup = find_customers(session, "nordic", limit=1)

    assert names(lookup) == ["Nordic Bakeries North"] and lookup.more
    assert lookup.ambiguous and lookup.found is None
