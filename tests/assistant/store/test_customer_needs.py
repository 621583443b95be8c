"""The write path keeps `customer_need` and the wishes' copied columns exact, every turn."""

from __future__ import annotations

from sqlalchemy import select

from assistant.customers import erase_customer
from assistant.store.models import Customer, CustomerNeed, NeedFinding, Wish
from assistant.store.signature import parameters_signature
from assistant.turns import IncomingMessage

D = "demand_uncertainty"


def say(service, text, i, intent=None, conversation="c1", **metadata):
    return service.handle_message(
        IncomingMessage(conversation, text, "rest", f"{conversation}-{i}", metadata, intent=intent)
    )


def confirm_lead_time(service, conversation="c1", start=1, **metadata):
    say(service, "we need shorter lead times", start, conversation=conversation, **metadata)
    say(service, "it would just be easier", start + 1, conversation=conversation)
    say(service, "our sales jump around every week", start + 2, conversation=conversation)
    say(service, f'/confirm_need{{"need":"{D}"}}', start + 3, conversation=conversation)


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


def test_a_customer_named_mid_conversation_gets_the_needs(service, sessions):
    say(service, "hello", 1, role="sales_rep")  # the assistant asks which customer
    say(service, "Nordic Bakeries", 2)
    confirm_lead_time(service, start=3)

    assert needs(sessions) == [("Nordic Bakeries", D, 1)]
    with sessions() as session:
        customer_ids = set(session.scalars(select(NeedFinding.customer_id)))
        assert customer_ids == {session.scalars(select(Customer.id)).one()}


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
        erase_customer(session, acme, tracker=None)

    assert needs(sessions) == [("Other", D, 1)]
