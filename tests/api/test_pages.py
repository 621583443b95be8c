"""Web pages served by the API: access through the login cookie, rendering, errors."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.chat_session import session_conversation
from api.deps import KEY_COOKIE
from api.routes.login import WRONG_KEY
from assistant.access import create_key
from assistant.store.db import transaction
from assistant.store.models import ApiRole
from assistant.turns import IncomingMessage
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


# --- The landing page, the customer list, key management, deleting interviews ---------


def login(client: TestClient, key: str) -> TestClient:
    response = client.post("/ui/login", data={"key": key}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def token(page: str) -> str:
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match, "the page has no form token"
    return match.group(1)


def test_landing_page_explains_itself_to_strangers_and_guides_viewers(anonymous, keys):
    stranger = anonymous.get("/")

    assert stranger.status_code == 200 and stranger.headers["content-type"].startswith("text/html")
    assert 'href="/ui/login"' in stranger.text and 'href="/chat"' in stranger.text
    assert 'href="/ui/customers"' not in stranger.text

    viewer = login(anonymous, keys["sales"]).get("/").text
    for target in ("/ui/customers", "/ui/interviews", "/ui/segments", "/docs"):
        assert f'href="{target}"' in viewer, target
    assert 'href="/ui/keys"' not in viewer  # sales never sees key management


def test_pages_lead_with_customers_and_show_keys_to_admins_only(client, sales):
    admin_nav = client.get("/ui/segments").text
    sales_nav = sales.get("/ui/segments").text

    assert admin_nav.index('href="/ui/customers"') < admin_nav.index('href="/ui/interviews"')
    for admins_only in ("/ui/keys", "/ui/claims", "/ui/audit"):
        assert f'href="{admins_only}"' in admin_nav and f'href="{admins_only}"' not in sales_nav
    assert client.get("/ui", follow_redirects=False).headers["location"] == "/ui/customers"


def test_customer_list_links_each_customer_and_filters(client, service):
    for external_id, name, industry in (("A1", "Acme", "food"), ("B2", "Beta", "retail")):
        client.post(
            "/api/v1/customers",
            json={"external_id": external_id, "name": name, "industry": industry},
        )
    said = IncomingMessage("c1", "we need shorter lead times", "rest", "m1", {"customer": "A1"})
    service.handle_message(said)
    acme = client.get("/api/v1/customers", params={"q": "Acme"}).json()["data"][0]["id"]

    page = client.get("/ui/customers").text
    food = client.get("/ui/customers", params={"industry": "food", "q": "", "open": ""}).text
    searched = client.get("/ui/customers", params={"q": "b2"}).text
    open_only = client.get("/ui/customers", params={"open": "yes"}).text

    assert f'href="/ui/customers/{acme}/brief"' in page
    assert f'href="/ui/interviews?customer={acme}"' in page
    assert 'data-customer="A1"' in page and 'data-customer="B2"' in page
    assert 'data-customer="A1"' in food and 'data-customer="B2"' not in food
    assert 'data-customer="B2"' in searched and 'data-customer="A1"' not in searched
    assert 'data-customer="A1"' in open_only and 'data-customer="B2"' not in open_only
    assert '<option value="retail"' in page  # the filters offer what the data holds
    assert client.get("/ui/customers", params={"sort": "-open_questions"}).status_code == 200
    assert "No customers on this page" in client.get("/ui/customers", params={"page": 9}).text
    assert client.get("/ui/customers", params={"sort": "bogus"}).status_code == 422
    assert client.get("/ui/customers", params={"last_from": "yesterday"}).status_code == 422


def test_the_pages_show_the_customers_and_the_interviews_languages(client, service):
    client.post("/api/v1/customers", json={"external_id": "J1", "name": "Jensen Byg",
                                           "language": "da"})  # fmt: skip
    client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme"})
    said = IncomingMessage(
        "c1", "vi vil gerne have halvpaller", "rest", "m1", {"customer": "J1", "role": "customer"}
    )
    service.handle_message(said)

    customers = client.get("/ui/customers").text
    listed = client.get("/ui/interviews").text
    shown = client.get("/ui/interviews/c1").text

    cells = re.findall(r'<td data-label="Language" data-language="(\w*)">([^<]*)</td>', customers)
    assert sorted(cells) == [("", "—"), ("da", "Danish")]  # Acme's is not known
    assert '<td data-label="Language" data-language="da">Danish</td>' in listed
    assert '<dd id="interview-language" data-language="da">Danish</dd>' in shown
    assert "“vi vil gerne have halvpaller”" in shown  # the quote as it was typed


def test_importing_on_the_page_shows_errors_by_line_or_the_counts(anonymous, keys):
    admin = login(anonymous, keys["admin"])
    form = {"form_token": token(admin.get("/ui/customers").text)}

    bad = admin.post(
        "/ui/customers/import", data=form,
        files={"file": ("c.csv", b"\xef\xbb\xbfexternal_id;name\nA1;Alpha\n;Nameless\n")},
    )  # fmt: skip
    good = admin.post(
        "/ui/customers/import", data=form,
        files={"file": ("c.csv", b"\xef\xbb\xbfexternal_id;name\nA1;Alpha\nB2;Beta\n")},
        follow_redirects=False,
    )  # fmt: skip

    assert bad.status_code == 422
    assert "Line 3:" in bad.text and "external_id is empty" in bad.text
    assert good.status_code == 303
    assert good.headers["location"] == "/ui/customers?created=2&updated=0"
    assert "Imported: 2 new customers, 0 updated." in admin.get(good.headers["location"]).text


def test_sales_may_export_but_not_import_on_the_page(anonymous, keys):
    sales = login(anonymous, keys["sales"])
    page = sales.get("/ui/customers").text

    assert 'href="/api/v1/customers/export"' in page
    assert 'action="/ui/customers/import"' not in page
    response = sales.post(
        "/ui/customers/import", data={"form_token": "any"},
        files={"file": ("c.csv", b"external_id,name\nA1,Alpha\n")},
    )  # fmt: skip
    assert response.status_code == 403 and "Only an admin key" in response.text
    assert sales.get("/api/v1/customers").json()["count"] == 0
    assert sales.get("/api/v1/customers/export").content.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site too
        {"Origin": "https://evil.example"},
    ],
)
def test_forms_sent_from_another_site_are_refused(anonymous, keys, headers):
    admin = login(anonymous, keys["admin"])
    form = {"form_token": token(admin.get("/ui/keys").text), "name": "planted", "role": "admin"}

    response = admin.post("/ui/keys", data=form, headers=headers)
    login_elsewhere = anonymous.post("/ui/login", data={"key": keys["sales"]}, headers=headers)

    assert response.status_code == 403 and "another site" in response.text
    assert login_elsewhere.status_code == 403
    assert "planted" not in admin.get("/ui/keys").text


def test_forms_without_the_viewers_own_token_are_refused(
    anonymous, keys, settings, make_app, sessions
):
    admin = login(anonymous, keys["admin"])
    with transaction(sessions) as session:
        second = create_key(session, "second admin", ApiRole.ADMIN, actor="test").secret
    with TestClient(make_app(settings)) as other:
        others_token = token(login(other, second).get("/ui/keys").text)
    form = {"name": "planted", "role": "admin"}

    missing = admin.post("/ui/keys", data=form)
    wrong = admin.post("/ui/keys", data=form | {"form_token": others_token})
    ours = admin.post(
        "/ui/keys", data=form | {"form_token": token(admin.get("/ui/keys").text)},
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"},
    )  # fmt: skip

    assert missing.status_code == wrong.status_code == 403
    assert ours.status_code == 201


def test_key_page_issues_shows_once_and_revokes(anonymous, keys):
    admin = login(anonymous, keys["admin"])
    form = {"form_token": token(admin.get("/ui/keys").text)}

    issued = admin.post("/ui/keys", data=form | {"name": "Dana", "role": "sales"})

    assert issued.status_code == 201 and issued.headers["cache-control"] == "no-store"
    secret = re.search(r'value="(nf_[^"]+)"', issued.text).group(1)  # type: ignore[union-attr]
    assert anonymous.get("/api/v1/customers", headers={"X-API-Key": secret}).status_code == 200
    listing = admin.get("/ui/keys").text
    assert secret not in listing and "Dana" in listing
    assert "(your key)" in listing
    key_id = re.search(r'data-key="(\d+)">\s*<td data-label="Name">Dana', listing).group(1)  # type: ignore[union-attr]

    revoked = admin.post(f"/ui/keys/{key_id}/revoke", data=form, follow_redirects=False)

    assert revoked.headers["location"] == f"/ui/keys?revoked={key_id}"
    assert anonymous.get("/api/v1/customers", headers={"X-API-Key": secret}).status_code == 401
    listed = admin.get("/api/v1/keys", headers={"X-API-Key": keys["admin"]}).json()
    (own,) = [k["id"] for k in listed if k["name"] == "test admin"]
    refused = admin.post(f"/ui/keys/{own}/revoke", data=form)
    assert refused.status_code == 409 and "you are using" in refused.text
    # The audit log names the page's viewer, as for the API and the command line.
    audit = admin.get("/api/v1/audit", headers={"X-API-Key": keys["admin"]}).json()["data"]
    entries = [
        (e["action"], e["target"], e["actor"]) for e in audit if e["target"] == f"key {key_id}"
    ]
    assert entries == [
        ("key.revoked", f"key {key_id}", f"key {own} (test admin)"),
        ("key.created", f"key {key_id}", f"key {own} (test admin)"),
    ]


def test_key_page_is_for_admins_only(anonymous, keys):
    sales = login(anonymous, keys["sales"])

    assert sales.get("/ui/keys").status_code == 403
    assert sales.post("/ui/keys", data={"name": "x", "role": "admin"}).status_code == 403


def test_an_admin_deletes_an_interview_after_confirming(anonymous, keys, service):
    service.handle_message(IncomingMessage("test-run", "hello", "rest", "m1", {}, intent="greet"))
    admin = login(anonymous, keys["admin"])

    interview = admin.get("/ui/interviews/test-run").text
    confirm = admin.get("/ui/interviews/test-run/delete")
    deleted = admin.post(
        "/ui/interviews/test-run/delete", data={"form_token": token(confirm.text)},
        follow_redirects=False,
    )  # fmt: skip

    assert 'href="/ui/interviews/test-run/delete"' in interview
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert deleted.headers["location"] == "/ui/interviews?deleted=test-run"
    assert "was deleted" in admin.get(deleted.headers["location"]).text
    assert admin.get("/ui/interviews/test-run").status_code == 404
    (entry,) = admin.get(
        "/api/v1/audit", params={"action": "conversation.erased"},
        headers={"X-API-Key": keys["admin"]},
    ).json()["data"]  # fmt: skip
    assert entry["actor"].endswith("(test admin)") and "test-run" not in entry["target"]


def test_sales_cannot_delete_interviews(anonymous, keys, service):
    service.handle_message(IncomingMessage("kept", "hello", "rest", "m1", {}, intent="greet"))
    sales = login(anonymous, keys["sales"])

    assert "/delete" not in sales.get("/ui/interviews/kept").text
    assert sales.get("/ui/interviews/kept/delete").status_code == 403
    assert sales.post("/ui/interviews/kept/delete", data={"form_token": "x"}).status_code == 403
    assert sales.get("/ui/interviews/kept").status_code == 200


def test_page_links_keep_the_other_parameters_and_vanish_on_one_page():
    from api.web import templates

    render = templates.env.from_string(
        '{% from "macros.html" import pagination %}{{ pagination(page, pages, query) }}'
    ).render

    middle = render(page=2, pages=3, query="sort=name&q=acme")
    assert 'href="?page=1&amp;sort=name&amp;q=acme" rel="prev"' in middle
    assert 'href="?page=3&amp;sort=name&amp;q=acme" rel="next"' in middle
    assert "Page 2 of 3" in middle
    assert 'href="?page=2" rel="next"' in render(page=1, pages=2, query="")
    assert render(page=1, pages=1, query="x=1").strip() == ""


def test_an_admin_edits_a_customer_on_its_page(client, anonymous, keys):
    made = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme"}).json()
    client.post("/api/v1/customers", json={"external_id": "B2", "name": "Bolt"})
    admin = login(anonymous, keys["admin"])
    brief = admin.get(f"/ui/customers/{made['id']}/brief").text
    assert f'href="/ui/customers/{made["id"]}/edit"' in brief
    page = admin.get(f"/ui/customers/{made['id']}/edit")
    assert page.status_code == 200 and 'value="Acme"' in page.text
    url, form = f"/ui/customers/{made['id']}/edit", {"form_token": token(page.text)}

    saved = admin.post(url, data=form | {"external_id": " A1 ", "name": "Acme Foods A/S",
                       "industry": "food", "region": "", "size": "", "language": "da"},
                       follow_redirects=False)  # fmt: skip
    stored = client.get(f"/api/v1/customers/{made['id']}").json()
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/ui/customers/{made['id']}/brief?saved=1"
    assert "The customer's details are saved." in admin.get(saved.headers["location"]).text
    assert (stored["external_id"], stored["name"], stored["industry"], stored["language"]) == (
        "A1",
        "Acme Foods A/S",
        "food",
        "da",
    )
    assert stored["region"] is None  # a blank field forgets it

    taken = admin.post(url, data=form | {"external_id": "B2", "name": "Acme"})
    blank = admin.post(url, data=form | {"external_id": "A1", "name": "  ", "language": "fr"})

    assert taken.status_code == blank.status_code == 422
    assert "Nothing was saved" in taken.text and "already exists" in taken.text
    assert 'value="B2"' in taken.text  # what was typed stays in the form
    assert '<p class="field-error" id="name-error">This is required.</p>' in blank.text
    assert "Choose English, Danish or Not known." in blank.text
    assert client.get(f"/api/v1/customers/{made['id']}").json() == stored  # nothing changed


def test_only_an_admin_edits_a_customer_and_an_unknown_one_is_404(client, anonymous, keys):
    made = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme"}).json()
    sales = login(anonymous, keys["sales"])
    url = f"/ui/customers/{made['id']}/edit"

    assert (
        'href="/ui/customers/' + str(made["id"]) + '/edit"'
        not in sales.get(f"/ui/customers/{made['id']}/brief").text
    )
    assert sales.get(url).status_code == 403
    refused = sales.post(url, data={"form_token": "x", "external_id": "A1", "name": "Hacked"})
    assert refused.status_code == 403
    assert client.get(f"/api/v1/customers/{made['id']}").json()["name"] == "Acme"
    assert client.get("/ui/customers/999/edit").status_code == 404
