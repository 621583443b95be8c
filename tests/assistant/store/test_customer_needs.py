"""The write path keeps `customer_need` and the wishes' copied columns exact, every turn."""

from __future__ import annotations

from sqlalchemy import select

from assistant.customers import discard_claim, erase_customer, link_conversation
from assistant.store.models import Customer, CustomerNeed, NeedFinding, Wish
from assistant.store.signature import parameters_signature
from assistant.turns import IncomingMessage

D = "demand_uncertainty"


def say(service, text, i, intent=None, conversation="c1", slack=False, **metadata):
    """One message over REST, or as an authenticated Slack user with `slack=True`."""
    channel = "slack" if slack else "rest"
    return service.handle_message(
        IncomingMessage(conversation, text, channel, f"{conversation}-{i}", metadata,
                        intent=intent, authenticated=slack)
    )  # fmt: skip


def confirm_lead_time(service, conversation="c1", start=1, slack=False, **metadata):
    for i, text in enumerate(
        ["we need shorter lead times", "it would just be easier",
         "our sales jump around every week", f'/confirm_need{{"need":"{D}"}}'],
    ):  # fmt: skip
        say(service, text, start + i, conversation=conversation, slack=slack,
            **(metadata if i == 0 else {}))  # fmt: skip


def needs(sessions) -> list[tuple[str, str, int]]:
    with sessions() as session:
        rows = session.execute(
            select(Customer.name, CustomerNeed.need_code, CustomerNeed.confirmed)
            .join(Customer, Customer.id == CustomerNeed.customer_id)
            .order_by(Customer.name, CustomerNeed.need_code)
        ).all()
        return [tuple(r) for r in rows]


def test_a_confirmed_need_is_in_the_profile_and_the_rows_carry_copies(service, sessions):
    say(service, "we need shorter lead times", 1, customer="Acme", role="customer")
    assert needs(sessions) == []

    confirm_lead_time(service, start=2)

    assert needs(sessions) == [("Acme", D, 1)]
    with sessions() as session:
        wish = session.scalars(select(Wish)).one()
        [finding] = [f for f in wish.findings if f.code == D]
        customer = session.scalars(select(Customer)).one()
        assert (wish.customer_id, wish.confirmed) == (customer.id, True)
        assert wish.signature == parameters_signature(wish.parameters)
        assert (finding.customer_id, finding.wish_code) == (customer.id, wish.code)


def test_a_customer_named_by_an_authenticated_rep_gets_the_needs(service, sessions):
    for i, text in enumerate(["hello", "Nordic Bakeries"], start=1):  # asked which customer
        say(service, text, i, slack=True, role="sales_rep")
    confirm_lead_time(service, start=3, slack=True)

    assert needs(sessions) == [("Nordic Bakeries", D, 1)]
    with sessions() as session:
        customer_ids = set(session.scalars(select(NeedFinding.customer_id)))
        assert customer_ids == {session.scalars(select(Customer.id)).one()}


def test_a_company_typed_in_an_anonymous_chat_is_a_claim_until_an_admin_links_it(service, sessions):
    with sessions() as session, session.begin():
        nordic = Customer(external_id="N1", name="Nordic Bakeries")
        session.add(nordic)
    say(service, "hello", 1, role="customer")
    say(service, "Nordic Bakeries", 2)  # typed by anyone who found the chat
    confirm_lead_time(service, start=3)

    assert needs(sessions) == []  # nothing written into Nordic's record
    record = service.get_interview("c1")
    assert (record.customer, record.claimed_customer) == (None, "Nordic Bakeries")
    with sessions() as session:
        assert session.scalars(select(Customer.name)).all() == ["Nordic Bakeries"]

    with sessions() as session, session.begin():
        assert link_conversation(session, "c1", nordic.id, actor="test") == 1

    assert needs(sessions) == [("Nordic Bakeries", D, 1)]
    linked = service.get_interview("c1")
    assert (linked.customer, linked.claimed_customer) == ("Nordic Bakeries", None)


def test_a_discarded_claim_leaves_the_conversation_without_a_customer(service, sessions):
    say(service, "hello", 1, role="customer")
    say(service, "Some Company", 2)

    with sessions() as session, session.begin():
        discard_claim(session, "c1", actor="test")

    assert service.get_interview("c1").claimed_customer is None
    with sessions() as session:
        assert session.scalars(select(Customer)).all() == []


def test_restart_keeps_earlier_needs_and_counts_new_ones(service, sessions):
    confirm_lead_time(service, customer="Acme", role="customer")
    say(service, "start over", 10, intent="restart_interview")
    assert needs(sessions) == [("Acme", D, 1)]

    confirm_lead_time(service, start=11)

    assert needs(sessions) == [("Acme", D, 2)]


def test_erasure_removes_the_profile(service, sessions):
    confirm_lead_time(service, customer="Acme", role="customer")
    confirm_lead_time(service, conversation="c2", customer="Other", role="customer")

    with sessions() as session, session.begin():
        acme = session.scalar(select(Customer.id).where(Customer.name == "Acme"))
        erase_customer(session, acme, tracker=None, actor="test")

    assert needs(sessions) == [("Other", D, 1)]
