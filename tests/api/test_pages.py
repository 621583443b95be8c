"""Web pages served by the API: access through the login cookie, rendering, errors."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.deps import KEY_COOKIE
from api.routes.login import WRONG_KEY


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


def test_every_workspace_page_is_open_until_the_first_key_exists(anonymous):
    assert anonymous.get("/ui/needs").status_code == 200


def _acme(sessions) -> dict[str, object]:
    """A customer with a need the customer confirmed and a greeting-only interview."""
    from datetime import UTC, datetime

    from assistant.interview.vocabulary import InterviewStatus, Role
    from assistant.store.db import transaction
    from tests.assistant.reports.conftest import Factory

    with transaction(sessions) as session:
        f = Factory(session)
        acme = f.customer(name="Acme", industry="food", region="north", size="small")
        own = f.interview(acme, started_at=datetime(2025, 3, 1, 9, tzinfo=UTC), role=Role.CUSTOMER)
        f.wish(
            own, "shorter_lead_time", [("demand_uncertainty", "confirmed", "Sales swing.", 0.23)]
        )
        hello = f.interview(
            acme, started_at=datetime(2025, 3, 2, tzinfo=UTC), status=InterviewStatus.PAUSED
        )
        f.wish(hello, "urgent_orders", text="Hi")
        return {"id": acme.id, "own": own.conversation_id, "hello": hello.conversation_id}


def test_brief_page_shows_who_confirmed_instead_of_a_confidence(client, sessions):
    acme = _acme(sessions)

    page = client.get(f"/ui/customers/{acme['id']}/brief")

    assert page.status_code == 200
    assert 'id="summary"' in page.text
    assert "Confirmed by the customer on 1 Mar 2025" in page.text
    assert "23%" not in page.text and "confidence" not in page.text
    assert "“Hi”" not in page.text and "is left out" in page.text
    assert '<script src="/static/js/print.js" defer></script>' in page.text
    everything = client.get(f"/ui/customers/{acme['id']}/brief", params={"include_empty": "true"})
    assert "“Hi”" in everything.text
    assert "brief.md?include_empty=true" in everything.text


def test_interviews_page_filters_by_customer_dates_text_and_findings(client, sessions):
    acme = _acme(sessions)

    def shown(**params) -> set[str]:
        page = client.get("/ui/interviews", params=params)
        assert page.status_code == 200
        return {c for c in (acme["own"], acme["hello"]) if f'title="{c}"' in page.text}

    assert shown() == {acme["own"], acme["hello"]}
    assert shown(customer_id=acme["id"], started_from="2025-03-02", started_to="2025-03-02") == {
        acme["hello"]
    }
    assert shown(started_to="2025-03-01") == {acme["own"]}  # the end day is included
    assert shown(show="empty") == {acme["hello"]}
    assert shown(show="counted", q="ACME") == {acme["own"]}
    page = client.get("/ui/interviews", params={"show": "empty"}).text
    assert "badge-empty" in page and "Demand uncertainty" not in page
    assert "1 Mar 2025, 09:00" in client.get("/ui/interviews").text


@pytest.mark.parametrize(
    "params",
    [{"started_from": "yesterday"}, {"customer_id": "0"}, {"show": "some"}, {"q": "x" * 201}],
)
def test_interviews_page_refuses_bad_filters(client, params):
    assert client.get("/ui/interviews", params=params).status_code == 422


def test_interviews_page_keeps_filters_across_pages(client, sessions):
    from assistant.store.db import transaction
    from tests.assistant.reports.conftest import Factory

    with transaction(sessions) as session:
        f = Factory(session)
        for _ in range(21):
            f.interview(None)

    page = client.get("/ui/interviews", params={"show": "empty", "q": ""}).text

    assert 'href="?page=2&amp;show=empty"' in page


def test_needs_page_has_a_chart_and_a_table_per_dimension(client, sessions):
    _acme(sessions)

    page = client.get("/ui/needs")

    assert page.status_code == 200
    for by in ("industry", "region", "size"):
        assert f'id="chart-{by}"' in page.text and f'id="chart-{by}-data"' in page.text
    block = re.search(r'id="chart-industry-data">(.*?)</script>', page.text, re.S)
    assert block is not None
    chart = json.loads(block.group(1))
    assert chart["labels"] == ["food"]
    assert [(d["label"], d["data"]) for d in chart["datasets"]] == [("Demand uncertainty", [1])]
    assert "<script>" not in page.text  # data only in JSON blocks, no inline script (CSP)
