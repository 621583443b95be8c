"""The admins' pages: claims to link or discard, and the audit log."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.deps import KEY_COOKIE
from assistant.turns import IncomingMessage


def _claimed(service, conversation: str, company: str) -> None:
    metadata = {"role": "customer"}
    service.handle_message(IncomingMessage(conversation, "hello", "rest", "m1", metadata))
    service.handle_message(IncomingMessage(conversation, company, "rest", "m2"))


def _browser(settings, make_app, key: str) -> TestClient:
    """A browser logged in with `key` (the cookie), on our own pages' origin."""
    client = TestClient(make_app(settings), base_url="http://needs.test")
    client.cookies.set(KEY_COOKIE, key)
    return client


SAME_SITE = {"Origin": "http://needs.test", "Sec-Fetch-Site": "same-origin"}


def form_token(page: str) -> dict[str, str]:
    """The token every page form carries (api.web.FormDep)."""
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match, "the page has no form token"
    return {"form_token": match.group(1)}


def test_claims_page_lists_each_claim_with_the_customers_it_may_mean(
    settings, make_app, keys, client, service
):
    acme = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme Foods"})
    _claimed(service, "web-claim", "Acme")
    _claimed(service, "web-unknown", "Zeta <b>Ltd</b>")

    with _browser(settings, make_app, keys["admin"]) as admin:
        page = admin.get("/ui/claims")

    assert page.status_code == 200
    assert "2 claims waiting" in page.text
    assert f'<option value="{acme.json()["id"]}">Acme Foods (#{acme.json()["id"]})</option>' in (
        page.text
    )
    assert "Zeta &lt;b&gt;Ltd&lt;/b&gt;" in page.text  # typed by anyone: escaped
    assert "No customer's name contains it" in page.text


def test_an_admin_links_and_discards_claims_from_the_page(
    settings, make_app, keys, client, service
):
    acme = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme Foods"})
    _claimed(service, "web-claim", "Acme")
    _claimed(service, "web-junk", "Nobody Ltd")

    with _browser(settings, make_app, keys["admin"]) as admin:
        form = form_token(admin.get("/ui/claims").text)
        linked = admin.post(
            "/ui/claims/web-claim/link", data=form | {"customer_id": str(acme.json()["id"])},
            headers=SAME_SITE, follow_redirects=False,
        )  # fmt: skip
        discarded = admin.post(
            "/ui/claims/web-junk/discard", data=form, headers=SAME_SITE, follow_redirects=False
        )
        after = admin.get(discarded.headers["location"])

    assert (linked.status_code, discarded.status_code) == (303, 303)
    assert client.get("/api/v1/interviews/web-claim").json()["customer"] == "Acme Foods"
    assert client.get("/api/v1/interviews/web-junk").json()["claimed_customer"] is None
    assert "Discarded the claim of web-junk." in after.text and "0 claims waiting" in after.text
    actions = [e["action"] for e in client.get("/api/v1/audit").json()["data"]]
    assert actions[:2] == ["claim.discarded", "conversation.linked"]


def test_a_bad_or_unknown_customer_id_is_told_and_changes_nothing(
    settings, make_app, keys, client, service
):
    _claimed(service, "web-claim", "Acme")

    with _browser(settings, make_app, keys["admin"]) as admin:
        form = form_token(admin.get("/ui/claims").text)
        typed = admin.post(
            "/ui/claims/web-claim/link", data=form | {"customer_id": "12abc"}, headers=SAME_SITE
        )
        unknown = admin.post(
            "/ui/claims/web-claim/link", data=form | {"customer_id": "999999"}, headers=SAME_SITE
        )

    assert typed.status_code == 422 and "is not a customer id" in typed.text
    assert unknown.status_code == 404 and "No customer with id 999999" in unknown.text
    assert client.get("/api/v1/interviews/web-claim").json()["claimed_customer"] == "Acme"


def test_a_form_sent_from_another_site_changes_nothing(settings, make_app, keys, client, service):
    _claimed(service, "web-claim", "Acme")

    with _browser(settings, make_app, keys["admin"]) as admin:
        form = form_token(admin.get("/ui/claims").text)
        forged = admin.post(
            "/ui/claims/web-claim/discard", data=form,
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )  # fmt: skip
        other_origin = admin.post(
            "/ui/claims/web-claim/discard", data=form, headers={"Origin": "https://evil.example"}
        )
        no_token = admin.post("/ui/claims/web-claim/discard", headers=SAME_SITE)

    assert (forged.status_code, other_origin.status_code, no_token.status_code) == (403,) * 3
    assert client.get("/api/v1/interviews/web-claim").json()["claimed_customer"] == "Acme"


def test_claims_and_audit_pages_are_for_admins_only(settings, make_app, keys, service):
    _claimed(service, "web-claim", "Acme")

    with _browser(settings, make_app, keys["sales"]) as sales:
        pages = [sales.get(path) for path in ("/ui/claims", "/ui/audit")]
        post = sales.post("/ui/claims/web-claim/discard", headers=SAME_SITE)

    assert [p.status_code for p in pages] == [403, 403]
    assert "Only an admin key" in pages[0].text
    assert post.status_code == 403


def test_audit_page_shows_who_did_what(settings, make_app, keys, client, service):
    _claimed(service, "web-claim", "Acme")
    client.delete("/api/v1/interviews/web-claim/claim")

    with _browser(settings, make_app, keys["admin"]) as admin:
        page = admin.get("/ui/audit", params={"action": "claim.discarded"})

    assert page.status_code == 200
    assert "1 entry" in page.text
    assert "claim.discarded" in page.text and "(test admin)" in page.text
    assert "conversation web-claim" in page.text and "claimed: Acme" in page.text
