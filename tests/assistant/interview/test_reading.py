"""Reading a message beyond the model: candidates, reasons, roles and corrections."""

from __future__ import annotations

import pytest

from assistant.interview.messages import Understanding
from assistant.interview.reading import (
    account_named,
    asks_for_something,
    candidates,
    company_said,
    opening_candidates,
    referred,
    role_in,
    role_said,
    role_stated,
    sounds_like_correction,
    stated_wish,
)
from assistant.interview.vocabulary import Role
from assistant.needs.results import Candidate, Parameter
from tests.assistant.interview.conftest import canned


def test_candidates_keep_needs_above_the_floor_with_their_evidence():
    extraction = canned(
        "Cash is tight. The store room is full.",
        needs={"storage_constraint": 0.7, "capital_constraint": 0.2, "admin_burden": 0.01},
        evidence={"storage_constraint": "The store room is full."},
    )

    assert candidates(extraction) == [
        Candidate("storage_constraint", 0.7, "The store room is full."),
        Candidate("capital_constraint", 0.2),
    ]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("could you keep consignment stock?", False),
        ("smaller orders please", False),
        ("smaller orders because the store room is tiny", True),
        ("smaller orders - the store room is tiny", True),
        ("Smaller orders. The store room is tiny.", True),
    ],
)
def test_needs_in_a_wish_statement_count_only_with_a_reason(text, counts):
    u = Understanding(text, canned(text, needs={"storage_constraint": 0.8}))

    assert bool(opening_candidates(u)) is counts


def test_a_stated_wish_keeps_its_words_parameters_and_reasons():
    text = "2 pallets at most, because the store room is tiny"
    parameter = Parameter("quantity", "2 pallets", 0, 9, {"amount": 2, "unit": "pallet"})
    u = Understanding(
        text, canned(text, needs={"storage_constraint": 0.8}, parameters=(parameter,))
    )

    wish = stated_wish("smaller_orders", u)

    assert (wish.code, wish.text, wish.parameters) == (
        "smaller_orders",
        text,
        [parameter.to_dict()],
    )
    assert wish.opening == [Candidate("storage_constraint", 0.8, text)]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I'm in sales", Role.SALES_REP),
        ("account manager here", Role.SALES_REP),
        ("I am the buyer", Role.CUSTOMER),
        ("purchasing", Role.CUSTOMER),
        ("I'm buying for a chain of three garden centres", Role.CUSTOMER),
        ("I do the ordering for our kitchen, we order from you every week", Role.CUSTOMER),
        ("we run two bakeries in Leeds", Role.CUSTOMER),
        ("store manager", Role.CUSTOMER),
        ("jeg driver et bageri", Role.CUSTOMER),
        ("I look after their account", Role.SALES_REP),
        ("I'm on your team", Role.SALES_REP),
        ("our customers order on fridays", None),  # customers have customers too
        # Sales someone owns are their takings: no role ("customer or sales rep?" asked again).
        ("our sales jump around every week and we need shorter lead times", None),
        ("their sales are seasonal", None),
        ("vores salg svinger hele tiden", None),
        ("vores salget svinger meget", None),
        ("we're a bakery, our weekly sales swing a lot", None),
        ("I'm the sales rep, our sales team covers them", Role.SALES_REP),
        ("I work in sales", Role.SALES_REP),
        ("I work in our sales team", Role.SALES_REP),
        ("I run our sales department", Role.SALES_REP),
        ("I am from your sales team", Role.SALES_REP),
        ("jeg sidder i vores salgsafdeling", Role.SALES_REP),
        ("hello", None),
        ("we'd like deliveries on saturdays", None),
    ],
)
def test_role_in_words(text, role):
    assert role_in(text) == role


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "morning! I look after the Harbour Brewing account, they want smaller lots",
            "Harbour Brewing",
        ),
        ("I handle the K&B Builders account", "K&B Builders"),
        ("I took over the ACME account last month", "ACME"),
        ("I look after their account", None),
        ("I handle the big account in Leeds", None),
    ],
)
def test_a_rep_names_the_account_they_look_after(text, name):
    assert account_named(text) == name


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("customer, Brodie's Bakery", Role.CUSTOMER, "Brodie's Bakery"),
        ("I'm the buyer at Brodie's Bakery", Role.CUSTOMER, "Brodie's Bakery"),
        ("customer - Pine Street Pharmacy", Role.CUSTOMER, "Pine Street Pharmacy"),
        ("I'm the buyer at Brodie's Bakery in Leeds", Role.CUSTOMER, "Brodie's Bakery"),
        ("I'm the buyer at the Harbour Hotel", Role.CUSTOMER, "Harbour Hotel"),
        ("preparing for Harbour Hotel's renewal", Role.SALES_REP, "Harbour Hotel"),
        ("preparing for Harbour Hotel tomorrow", Role.SALES_REP, "Harbour Hotel"),
        ("customer of 3M", Role.CUSTOMER, "3M"),
        ("customer: Acme Ltd, we need half pallets", Role.CUSTOMER, "Acme Ltd"),
        ("I'm the owner of The Blue Door", Role.CUSTOMER, "The Blue Door"),
        ("jeg er indkøber hos Bageriet Brød", Role.CUSTOMER, "Bageriet Brød"),
        ("sales rep, preparing for Harbour Hotel", Role.SALES_REP, "Harbour Hotel"),
        ("I'm a rep, prepping for a call with K&B Builders", Role.SALES_REP, "K&B Builders"),
        ("I look after the Harbour Brewing account", Role.SALES_REP, "Harbour Brewing"),
        # no name: a pronoun, a wish, a place that is no name, or the rep's employer
        ("I'm a customer of yours", Role.CUSTOMER, None),
        ("customer, and we want smaller orders", Role.CUSTOMER, None),
        ("I'm a customer, we'd like smaller orders", Role.CUSTOMER, None),
        ("i am the owner of the shop", Role.CUSTOMER, None),
        ("I'm the customer", Role.CUSTOMER, None),
        ("I'm a rep for Acme Supplies", Role.SALES_REP, None),
        # written small, it may be anything: the company is asked for
        ("customer - pine street pharmacy", Role.CUSTOMER, None),
        ("customer, smaller orders", Role.CUSTOMER, None),
        ("I'm the buyer for dry goods", Role.CUSTOMER, None),
        ("kunde, mindre ordrer tak", Role.CUSTOMER, None),
        # capitalised, and still no company
        ("customer, Hi", Role.CUSTOMER, None),
        ("customer, Yes", Role.CUSTOMER, None),
        ("customer, Monday", Role.CUSTOMER, None),
        ("I've been a customer for 10 years", Role.CUSTOMER, None),
        ("I'm the customer, from Leeds", Role.CUSTOMER, None),
        ("sales rep, Acme Supplies", Role.SALES_REP, None),  # maybe the rep's employer
        ("I'm a rep, prepping for a call with them", Role.SALES_REP, None),
        ("I'm the buyer, and I manage the Premium account", Role.CUSTOMER, None),
        ("customer, ...", Role.CUSTOMER, None),
        ("I'm the owner-manager", Role.CUSTOMER, None),
    ],
)
def test_the_company_said_with_the_role(text, role, name):
    assert company_said(text, role) == name


def test_a_company_said_with_the_role_is_cut_to_the_length_of_a_typed_one():
    assert company_said("customer, " + "X" * 300, Role.CUSTOMER) == "X" * 200


@pytest.mark.parametrize(
    ("entities", "role"),
    [({"role": "sales_rep"}, Role.SALES_REP), ({"role": "manager"}, Role.CUSTOMER), ({}, None)],
)
def test_role_said_with_a_button(entities, role):
    u = Understanding("/set_role", canned(""), "set_role", entities)

    assert role_said(u) == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I'm a sales rep", Role.SALES_REP),
        ("jeg er sælger", Role.SALES_REP),
        ("jeg arbejder i salg", Role.SALES_REP),
        ("jeg er kundeansvarlig hos Jensen Byg", Role.SALES_REP),
        ("jeg er kunde", Role.CUSTOMER),
        ("jeg er indkøber", Role.CUSTOMER),
        ("I'm buying for a chain of garden centres", Role.CUSTOMER),
        ("we run a small hotel", Role.CUSTOMER),
        ("morning! I look after the Kraus Construction account, they want 7am", Role.SALES_REP),
        ("I handle the K&B Builders account", Role.SALES_REP),
    ],
)
def test_a_typed_role_rasa_reads_as_set_role_is_read_from_its_words(text, role):
    """Rasa extracts no entity from typed text: its set_role alone names no role."""
    u = Understanding(text, canned(text), "set_role", {})

    assert role_said(u) == role
    assert role_stated(u) == role


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("no, I meant smaller orders", True),
        ("Actually, faster", True),
        ("we also want more", False),
    ],
)
def test_sounds_like_correction(text, correction):
    assert sounds_like_correction(text) is correction


@pytest.mark.parametrize(
    ("clause", "asks"),
    [
        ("we'd like a message when the van leaves", True),
        ("they want the chlorine in 25 kg drums", True),
        ("could you put our item numbers on the notes please", True),
        ("yes, could the fish come in 5 kilo blocks?", True),
        ("a text the day b4 the box comes would be nice", True),
        ("it would be great if someone rang reception first", True),
        ("it would help a lot if the driver called ahead", True),
        ("our shop is on the high street by the station", False),
        ("the lorry would be late again", False),
        ("we would be fine with that", False),
        ("vi vil gerne have en sms", False),  # English only
    ],
)
def test_a_clause_worded_as_a_request(clause, asks):
    assert asks_for_something(clause) is asks


BOWLING = [
    "mostly for the snack bar, wings, fries, kegs",
    "we tried ordering extra every week but then the wings sit there. and btw it'd help a ton if "
    "your guys told us when the truck's actually coming, but thats a separate thing",
]
KEBAB = [
    "next day wud be ideal. and tbh while im on, payin u every week is a killer an all",
    "ive one chest freezer and a fridge. with 4 days i order a weeks worth of cones",
]


@pytest.mark.parametrize(
    ("text", "earlier", "meant"),
    [
        ("so the truck thing i mentioned", BOWLING,
         "it'd help a ton if your guys told us when the truck's actually coming"),
        ("oh yeh the payin every week thing", KEBAB, "payin u every week is a killer an all"),
        ("the freezer business I was on about", KEBAB, "ive one chest freezer and a fridge"),
        ("like i said, the wings", BOWLING, "then the wings sit there"),
        ("Right so the feed sacks I was on about",
         ["the pellet feed, though 40 sacks of it landing at once, thats a whole other story"],
         "40 sacks of it landing at once"),  # what was set aside for later, without its marker
        # no pointing back, or nothing it points at
        ("the drivers could be a bit more polite to my staff", BOWLING, None),
        ("they said something about wanting a rep visit every quarter", KEBAB, None),
        ("we'd like the truck to come earlier", BOWLING, None),
        ("the other thing I mentioned", BOWLING, None),
        ("the invoices thing I mentioned", BOWLING, None),
        ("so the truck thing i mentioned", [], None),
    ],
)  # fmt: skip
def test_what_a_message_points_back_at(text, earlier, meant):
    assert referred(text, earlier) == meant
