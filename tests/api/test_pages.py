"""Web pages served by the API: access through the login cookie, rendering, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.chat_session import session_conversation
from api.deps import KEY_COOKIE
from api.routes.login import WRONG_KEY
from tests.api.conftest import CHAT_SECRET


def test_chat_page_points_the_browser_at_rasa_and_carries_the_invitation(settings, make_app):
    configured = settings.model_copy(update={"rasa_public_url": "https://chat.example.com/"})
    with TestClient(make_app(configured)) as client:
        response = client.get("/chat", params={"invite": "tok-123"})

    assert response.status_code == 200
    assert 'data-rasa-url="https://chat.example.com"' in response.text
    assert 'data-invite="tok-123"' in response.text
    assert 'aria-live="polite"' in response.text


def test_chat_page_defaults_to_rasas_own_url(anonymous, settings):
    assert f'data-rasa-url="{settings.rasa_url}"' in anonymous.get("/chat").text


def _new_session(page: str) -> str:
    return re.search(r'data-new-session="([^"]+)"', page).group(1)


def test_every_chat_page_brings_a_new_session_signed_by_the_server(anonymous):
    first, second = anonymous.get("/chat"), anonymous.get("/chat")

    sessions = [_new_session(first.text), _new_session(second.text)]
    conversations = [session_conversation(s, CHAT_SECRET) for s in sessions]
    assert all(c and c.startswith("web-") for c in conversations)
    assert conversations[0] != conversations[1]
    assert session_conversation(sessions[0], "another-secret-of-enough-length-too") is None
    assert first.headers["cache-control"] == "no-store"  # no cache hands it to someone else


def test_chat_page_without_a_session_secret_says_the_chat_is_not_configured(settings, make_app):
    unconfigured = settings.model_copy(update={"chat_session_secret": None})
    with TestClient(make_app(unconfigured)) as client:
        response = client.get("/chat")

    assert response.status_code == 503
    assert "CHAT_SESSION_SECRET" in response.text


def test_pages_are_open_until_the_first_key_exists(anonymous):
    for path in ("/ui/interviews", "/ui/segments"):
        assert anonymous.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/ui/interviews", "/ui/segments", "/ui/customers/1/brief"])
def test_pages_without_a_key_redirect_to_login_once_keys_exist(anonymous, keys, path):
    response = anonymous.get(path, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/ui/login?next=%2Fui%2F")


def test_login_sets_an_httponly_strict_cookie_and_returns_to_the_page(anonymous, keys):
    response = anonymous.post(
        "/ui/login",
        data={"key": keys["sales"], "next": "/ui/segments"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/ui/segments"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert anonymous.get("/ui/segments", follow_redirects=False).status_code == 200


def test_wrong_key_is_refused_with_the_form_again(anonymous, keys):
    response = anonymous.post("/ui/login", data={"key": "nf_guess"}, follow_redirects=False)

    assert response.status_code == 401
    assert WRONG_KEY.replace("'", "&#39;") in response.text
    assert KEY_COOKIE not in response.headers.get("set-cookie", "")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/ui/", "/api/v1/x"])
def test_login_never_redirects_off_the_pages(anonymous, keys, target):
    response = anonymous.post(
        "/ui/login", data={"key": keys["sales"], "next": target}, follow_redirects=False
    )

    assert response.headers["location"] == "/ui/interviews"


def test_the_cookie_reads_the_api_but_never_changes_anything(anonymous, keys):
    anonymous.cookies.set(KEY_COOKIE, keys["admin"])

    assert anonymous.get("/api/v1/customers").status_code == 200
    response = anonymous.post("/api/v1/customers", json={"external_id": "C1", "name": "Acme"})
    assert response.status_code == 401


def test_logout_forgets_the_key(anonymous, keys):
    anonymous.post("/ui/login", data={"key": keys["sales"]}, follow_redirects=False)

    anonymous.post("/ui/logout", follow_redirects=False)

    assert anonymous.get("/ui/interviews", follow_redirects=False).status_code == 303


def test_brief_page_links_the_markdown_download(client):
    customer = client.post("/api/v1/customers", json={"external_id": "B1", "name": "Briefed"})
    customer_id = customer.json()["id"]

    page = client.get(f"/ui/customers/{customer_id}/brief")

    assert page.status_code == 200
    assert f'href="/api/v1/customers/{customer_id}/brief.md"' in page.text
    assert "Briefed" in page.text


def test_unknown_interview_page_is_an_html_404(client):
    response = client.get("/ui/interviews/never-seen")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "never-seen" in response.text


def test_interviews_page_accepts_empty_filters_and_refuses_unknown_ones(client):
    assert client.get("/ui/interviews", params={"status": "", "role": ""}).status_code == 200
    assert client.get("/ui/interviews", params={"status": "bogus"}).status_code == 422


def test_segments_page_shows_the_complexity_figure(client):
    page = client.get("/ui/segments")

    assert page.status_code == 200
    assert "From 0 special arrangements to 0 standard solutions." in page.text
