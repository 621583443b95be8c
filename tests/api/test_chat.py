"""The chat page's opening: the greeting it shows, and the invitation check behind it."""

from __future__ import annotations

import json
import re
import time

import jwt
import pytest
from sqlalchemy import select

from api.chat_session import (
    REP_ROLE,
    REP_SESSION_S,
    SESSION_AUDIENCE,
    issue_session,
    session_claims,
)
from api.deps import KEY_COOKIE
from assistant.access import Caller, hash_secret, revoke_key
from assistant.interview import wording, wording_da
from assistant.interview.language import LANGUAGES
from assistant.invitations import create_invitation
from assistant.store.db import transaction
from assistant.store.models import ApiKey, ApiRole
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
    assert used.json()["detail"] == wording.invitation_notice("used")
    assert used.json()["detail"] == (
        "This invitation link was already used for another conversation. "
        "Please ask your contact at the supplier for a new link; you may still answer."
    )


def labels(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="labels">(.*?)</script>', page, re.S)
    assert found, "the page carries its labels"
    return json.loads(found[1])


def test_a_danish_customers_invitation_greets_in_danish_and_says_the_language(
    anonymous, client, sales
):
    danish = make(client, "J1", "Jensen Byg", language="da")
    unknown = make(client, "A1", "Acme Foods")
    tokens = [
        sales.post(f"/api/v1/customers/{c['id']}/invitations").json()["token"]
        for c in (danish, unknown)
    ]

    da, en = (check(anonymous, token).json() for token in tokens)

    assert da["language"] == "da"
    assert da["greeting"]["text"] == wording_da.welcome(invited=True, customer="Jensen Byg")
    assert da["greeting"]["text"].startswith("Velkommen, og tak fordi du er med på vegne af")
    assert en["language"] is None  # not known: English, until the interview tells
    assert en["greeting"]["text"] == wording.welcome(invited=True, customer="Acme Foods")


def test_the_page_carries_its_labels_in_each_language_the_interviews_speak(anonymous):
    page = anonymous.get("/chat").text
    shown = labels(page)

    assert set(shown) == set(LANGUAGES)
    assert all(shown[language].keys() == shown["en"].keys() for language in LANGUAGES)
    assert all(text.strip() for words in shown.values() for text in words.values())
    # Rendered in English; the script switches when it learns the interview's language.
    assert 'placeholder="Type your answer…"' in page and '<html lang="en">' in page
    assert shown["da"]["placeholder"] == "Skriv dit svar…"


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
    help_ = "Please ask your contact at the supplier for a new link; you may still answer."
    assert all(r.json()["detail"].endswith(help_) for r in answers.values())
    assert all("Acme" not in r.text for r in answers.values())
    assert {k: r.json()["reason"] for k, r in answers.items()} == {
        "expired": "expired", "withdrawn": "withdrawn", "unknown": "unknown",
    }  # fmt: skip


def test_a_refused_link_says_why_in_the_customers_language_or_the_browsers(
    anonymous, client, sales, sessions
):
    danish = make(client, "J1", "Jensen Byg", language="da")
    with sessions() as session, session.begin():
        expired = create_invitation(session, danish["id"], valid_days=-1, actor="test")

    told = check(anonymous, expired.token).json()
    unknown_da = anonymous.post(
        "/chat/invitation", json={"token": "not-a-token", "locale": "da-DK"}
    ).json()
    unknown_en = anonymous.post(
        "/chat/invitation", json={"token": "not-a-token", "locale": "en-GB"}
    ).json()

    day = expired.expires_at
    assert told["language"] == "da"  # the customer's, whatever the browser says
    assert told["detail"] == wording_da.invitation_notice("expired", day.date())
    assert told["detail"].startswith(f"Dette invitationslink udløb den {day.day}. ")
    assert unknown_da == {
        "detail": wording_da.invitation_notice("unknown"), "reason": "unknown", "language": "da",
    }  # fmt: skip
    assert unknown_en["language"] == "en"
    assert unknown_en["detail"].startswith("This invitation link is not valid")


@pytest.mark.parametrize(
    "body", [{}, {"token": ""}, {"token": "x" * 201}, {"token": "t", "session_id": ""}]
)
def test_a_malformed_check_is_refused_naming_the_field(anonymous, keys, body):
    response = anonymous.post("/chat/invitation", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][1] in {"token", "session_id"}


def page_claims(client) -> tuple[str, dict]:
    page = client.get("/chat").text
    token = re.search(r'data-new-session="([^"]+)"', page)[1]
    return page, jwt.decode(token, CHAT_SECRET, algorithms=["HS256"], audience=SESSION_AUDIENCE)


@pytest.mark.parametrize("role", ["sales", "admin"])
def test_a_viewer_signed_in_with_a_key_gets_a_reps_session_and_sees_it(
    anonymous, keys, sessions, role
):
    anonymous.cookies.set(KEY_COOKIE, keys[role])

    page, claims = page_claims(anonymous)

    key_id = _key_id(sessions, keys[role])
    assert claims["role"] == REP_ROLE and claims["key_role"] == role
    assert (claims["name"], claims["actor"]) == (f"test {role}", f"key {key_id} (test {role})")
    assert claims["sub"].startswith("web-")
    assert 0 < claims["exp"] - time.time() <= REP_SESSION_S
    assert re.search(rf"Signed in as <strong>test {role}</strong> \({role}\)", page)
    assert greetings(page)["open"] == {"text": wording.rep_welcome(f"test {role}"), "buttons": []}
    assert 'data-identity="rep-' in page and 'id="sign-in"' not in page


@pytest.mark.parametrize("cookie", [None, "nf_not-a-key", "revoked"])
def test_without_a_valid_key_the_session_names_nobody(anonymous, keys, sessions, cookie):
    if cookie == "revoked":
        with transaction(sessions) as session:
            revoke_key(session, _key_id(sessions, keys["sales"]), actor="test")
        cookie = keys["sales"]
    if cookie:
        anonymous.cookies.set(KEY_COOKIE, cookie)

    page, claims = page_claims(anonymous)

    assert set(claims) == {"sub", "aud"}  # no role, no name, no expiry
    assert "Signed in as" not in page and 'data-identity="open"' in page
    assert greetings(page)["open"]["text"] == wording.WELCOME
    assert 'href="/ui/login?next=/chat"' in page


def test_open_access_is_no_sign_in(anonymous):
    # No key issued yet: the workspace is open to anyone, the chat stays anonymous.
    _, claims = page_claims(anonymous)

    assert "role" not in claims


def test_signing_in_from_the_chat_comes_back_to_it(anonymous, keys):
    response = anonymous.post(
        "/ui/login", data={"key": keys["sales"], "next": "/chat"}, follow_redirects=False
    )

    assert response.status_code == 303 and response.headers["location"] == "/chat"


def test_a_reps_session_is_signed_like_any_other():
    _, token = issue_session(CHAT_SECRET, Caller(ApiRole.SALES, "key 7 (Jo)", "Jo"))

    assert session_claims(token, CHAT_SECRET)["name"] == "Jo"
    # Claims anyone could write (another key, or none) are no session at all.
    forged = jwt.encode(
        {"sub": "web-x", "aud": SESSION_AUDIENCE, "role": REP_ROLE}, "not ours" * 4, "HS256"
    )
    unsigned = jwt.encode({"sub": "web-x", "aud": SESSION_AUDIENCE, "role": REP_ROLE}, None, "none")
    expired = jwt.encode(
        {"sub": "web-x", "aud": SESSION_AUDIENCE, "role": REP_ROLE, "exp": int(time.time()) - 1},
        CHAT_SECRET, "HS256",
    )  # fmt: skip
    assert [session_claims(t, CHAT_SECRET) for t in (forged, unsigned, expired)] == [None] * 3


def _key_id(sessions, secret: str) -> int:
    with sessions() as session:
        return session.scalar(select(ApiKey.id).where(ApiKey.key_hash == hash_secret(secret)))
