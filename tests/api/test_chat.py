"""The chat page's opening: the greeting it shows, and the invitation check behind it."""

from __future__ import annotations

import json
import re

import jwt
import pytest

from api.chat_session import SESSION_AUDIENCE, issue_session
from assistant.interview import wording
from assistant.invitations import INVITATION_HELP, create_invitation
from assistant.turns import IncomingMessage
from tests.api.conftest import CHAT_SECRET
from tests.api.test_customers import make


def greetings(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="greeting">(.*?)</script>', page, re.S)
    assert found, "the page carries its greeting"
    return json.loads(found[1])


def check(client, token: str, session_id: str | None = None):
    return client.post("/chat/invitation", json={"token": token, "session_id": session_id})


def test_the_page_opens_with_the_role_question_and_its_buttons(anonymous):
    shown = greetings(anonymous.get("/chat").text)

    assert shown["open"]["text"] == wording.WELCOME
    assert shown["open"]["text"] != wording.ASK_ROLE  # a "hello" in reply gets the bot's own
    assert [b["title"] for b in shown["open"]["buttons"]] == ["I'm the customer", "I'm a sales rep"]
    assert [b["payload"] for b in shown["open"]["buttons"]] == [
        '/set_role{"role":"customer"}',
        '/set_role{"role":"sales_rep"}',
    ]
    assert shown["invited"]["text"].startswith("Welcome! I'd like to understand what you need")


def test_a_valid_invitation_greets_the_customer_by_name_and_binds_nothing(
    anonymous, client, sales, service
):
    customer = make(client)
    token = sales.post(f"/api/v1/customers/{customer['id']}/invitations").json()["token"]
    _, first_page = issue_session(CHAT_SECRET)  # the pages' signed session ids
    second, second_page = issue_session(CHAT_SECRET)

    response = check(anonymous, token, first_page)

    assert response.status_code == 200
    assert response.json()["customer"] == "Acme Foods"
    assert response.json()["greeting"] == {
        "text": wording.welcome(invited=True, customer="Acme Foods"),
        "buttons": [],
    }
    assert "on behalf of Acme Foods" in response.json()["greeting"]["text"]
    # Checking bound nothing: the chat that answers first is the invited one.
    service.handle_message(
        IncomingMessage(second, "hello", "socketio", "m1", {"invite": token}, intent="greet")
    )
    assert client.get(f"/api/v1/interviews/{second}").json()["customer"] == "Acme Foods"
    assert check(anonymous, token, second_page).status_code == 200  # the same chat, reloaded
    # The bare conversation id, or a session id signed by anyone else, names no conversation.
    forged = jwt.encode({"sub": second, "aud": SESSION_AUDIENCE}, "not our secret" * 3, "HS256")
    assert check(anonymous, token, second).status_code == 409
    assert check(anonymous, token, forged).status_code == 409
    used = check(anonymous, token, first_page)
    assert used.status_code == 409
    assert used.json()["detail"] == (
        f"This invitation link was already used for another conversation. {INVITATION_HELP}"
    )


def test_an_expired_withdrawn_or_unknown_invitation_is_refused_with_its_reason(
    anonymous, client, sales, sessions
):
    customer = make(client)
    with sessions() as session, session.begin():
        expired = create_invitation(session, customer["id"], valid_days=-1, actor="test").token
    withdrawn = sales.post(f"/api/v1/customers/{customer['id']}/invitations").json()
    sales.delete(f"/api/v1/customers/{customer['id']}/invitations/{withdrawn['id']}")

    answers = {
        "expired": check(anonymous, expired),
        "withdrawn": check(anonymous, withdrawn["token"]),
        "unknown": check(anonymous, "not-a-token"),
    }

    assert {k: r.status_code for k, r in answers.items()} == {
        "expired": 410, "withdrawn": 410, "unknown": 404,
    }  # fmt: skip
    assert answers["expired"].json()["detail"].startswith("This invitation link expired on")
    assert answers["withdrawn"].json()["detail"].startswith("This invitation link has been")
    assert answers["unknown"].json()["detail"].startswith("This invitation link is not valid")
    assert all(r.json()["detail"].endswith(INVITATION_HELP) for r in answers.values())
    assert all("Acme" not in r.text for r in answers.values())


@pytest.mark.parametrize(
    "body", [{}, {"token": ""}, {"token": "x" * 201}, {"token": "t", "session_id": ""}]
)
def test_a_malformed_check_is_refused_naming_the_field(anonymous, keys, body):
    response = anonymous.post("/chat/invitation", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][1] in {"token", "session_id"}
