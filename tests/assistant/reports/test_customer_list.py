"""The customer list: counts, open questions and segments per customer; search, filters,
sort orders and pages, on a hand-built dataset."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assistant.reports import CustomerListFilter, CustomerSort, customer_facets, customer_page

D, S = "demand_uncertainty", "storage_constraint"


def day(d: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, d, hour, tzinfo=UTC)


@pytest.fixture
def shop(factory):
    """Five customers; what each should show is in the test below."""
    f = factory
    acme = f.customer(external_id="ACME-1", name="Acme Foods", industry="food", region="north")
    for started in (day(1), day(10, 23)):
        f.wish(f.interview(acme, started_at=started), "shorter_lead_time", [(D, "confirmed")])
    beta = f.customer(external_id="B-2", name="beta logistics", industry="retail", region="south")
    interview = f.interview(beta, started_at=day(5))
    f.wish(interview, "shorter_lead_time", [(D, "confirmed")])
    f.wish(interview, "smaller_orders", [(S, "rejected"), (None, "unresolved")])
    f.wish(interview, "urgent_orders")  # still open: no finding yet
    cargo = f.customer(external_id="C-3", name="Cargo 100% Ltd", industry="food", region="south")
    f.wish(f.interview(cargo, started_at=day(20)), "smaller_orders", [(S, "confirmed")])
    f.customer(external_id="D-4", name="Delta", industry="pharma", region="north")  # silent
    echo = f.customer(external_id="E_5", name="Echo", industry="pharma", region="north")
    f.wish(f.interview(echo, started_at=day(2)), "urgent_orders", [(None, "unresolved")])
    f.wish(f.interview(None, started_at=day(3)), "urgent_orders")  # nobody's
    return {"acme": acme, "beta": beta, "cargo": cargo, "echo": echo}


def names(page) -> list[str]:
    return [row.name for row in page.rows]


def listing(session, taxonomy, sort=CustomerSort.NAME, limit=50, offset=0, **where):
    return customer_page(
        session, taxonomy, CustomerListFilter(**where), sort=sort, limit=limit, offset=offset
    )


def test_each_row_counts_interviews_open_questions_and_names_its_segment(session, taxonomy, shop):
    rows = {row.external_id: row for row in listing(session, taxonomy).rows}

    acme, beta, cargo, delta, echo = (rows[k] for k in ("ACME-1", "B-2", "C-3", "D-4", "E_5"))
    assert (acme.interviews, acme.last_interview_at, acme.open_questions) == (2, day(10, 23), 0)
    assert (beta.interviews, beta.last_interview_at, beta.open_questions) == (1, day(5), 2)
    assert (delta.interviews, delta.last_interview_at, delta.open_questions) == (0, None, 0)
    assert echo.open_questions == 1
    # Acme and Beta share {D}: a segment of two; Cargo's {S} is alone: individual.
    assert acme.segment == beta.segment
    assert acme.segment is not None and acme.segment.id == D
    assert acme.segment.name == taxonomy.need_label(D)
    assert cargo.segment is not None and cargo.segment.id is None
    assert delta.segment is None and echo.segment is None


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Customers by their initials: Acme, beta, Cargo, Delta, Echo.
        (CustomerSort.NAME, "abcde"),  # any case
        (CustomerSort.NAME_DESC, "edcba"),
        (CustomerSort.LAST_INTERVIEW_DESC, "cabed"),  # never interviewed last either way
        (CustomerSort.LAST_INTERVIEW, "ebacd"),
        (CustomerSort.INTERVIEWS_DESC, "abced"),  # ties by name
        (CustomerSort.OPEN_QUESTIONS_DESC, "beacd"),
        (CustomerSort.OPEN_QUESTIONS, "acdeb"),
    ],
)
def test_sort_orders(session, taxonomy, shop, sort, expected):
    initials = "".join(name[0].lower() for name in names(listing(session, taxonomy, sort)))

    assert initials == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"q": "BETA"}, ["beta logistics"]),  # any case, in the name
        ({"q": "acme-"}, ["Acme Foods"]),  # or the external id
        ({"q": "100%"}, ["Cargo 100% Ltd"]),  # % and _ are plain characters
        ({"q": "e_"}, ["Echo"]),
        ({"industry": "food"}, ["Acme Foods", "Cargo 100% Ltd"]),
        ({"industry": "food", "region": "south"}, ["Cargo 100% Ltd"]),
        ({"open_questions": True}, ["beta logistics", "Echo"]),
        ({"open_questions": False}, ["Acme Foods", "Cargo 100% Ltd", "Delta"]),
        # The last interview's day, both ends included (Acme's last is the 10th, 23:00).
        ({"last_from": date(2025, 3, 5)}, ["Acme Foods", "beta logistics", "Cargo 100% Ltd"]),
        ({"last_to": date(2025, 3, 5)}, ["beta logistics", "Echo"]),
        ({"last_from": date(2025, 3, 10), "last_to": date(2025, 3, 10)}, ["Acme Foods"]),
        ({"last_from": date(2025, 3, 11), "last_to": date(2025, 3, 19)}, []),
    ],
)
def test_search_and_filters(session, taxonomy, shop, where, expected):
    page = listing(session, taxonomy, **where)

    assert names(page) == expected
    assert page.count == len(expected)


def test_pages_split_the_sorted_list_and_count_all(session, taxonomy, shop):
    first = listing(session, taxonomy, limit=2)
    third = listing(session, taxonomy, limit=2, offset=4)

    assert names(first) == ["Acme Foods", "beta logistics"]
    assert names(third) == ["Echo"]
    assert first.count == third.count == 5


def test_facets_list_the_values_present(session, shop):
    facets = customer_facets(session)

    assert facets.industries == ("food", "pharma", "retail")
    assert facets.regions == ("north", "south")
