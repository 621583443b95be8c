"""Access to the management pages in Chromium: the login form and its cookie."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from api.deps import KEY_COOKIE
from assistant.access import create_key
from assistant.config import Settings
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import ApiRole
from tests.web.conftest import DESKTOP, PHONE, serve

pytestmark = pytest.mark.web


@pytest.fixture
def locked(tmp_path):
    """An API whose database has a sales key: the pages are no longer open."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        secret = create_key(session, "web test", ApiRole.SALES, actor="test").secret
    engine.dispose()
    with serve(Settings(database_url=url)) as base:
        yield base, secret


def test_pages_without_a_key_go_to_the_login_form_once_a_key_exists(locked, page: Page):
    base, _ = locked

    for path in ("/ui/interviews", "/ui/segments", "/ui/customers/1/brief"):
        response = httpx.get(base + path, timeout=10)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/ui/login?next=")
    page.goto(f"{base}/ui/segments")

    expect(page).to_have_url(f"{base}/ui/login?next=%2Fui%2Fsegments")
    expect(page.get_by_label("API key")).to_be_visible()


def test_login_with_a_key_keeps_it_in_an_httponly_strict_cookie(
    locked, page: Page, context: BrowserContext
):
    base, secret = locked
    page.goto(f"{base}/ui/segments")

    page.get_by_label("API key").fill("nf_wrong")
    page.get_by_label("API key").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("unknown or revoked")
    page.get_by_label("API key").fill(secret)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{base}/ui/segments")
    expect(page.get_by_role("heading", level=1)).to_have_text("Segments")
    (cookie,) = [c for c in context.cookies() if c["name"] == KEY_COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert KEY_COOKIE not in page.evaluate("document.cookie")

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{base}/ui/interviews")
    expect(page).to_have_url(f"{base}/ui/login?next=%2Fui%2Finterviews")


def _claim(stack, company: str) -> str:
    """A conversation over the REST channel without the secret, naming a company."""
    conversation = f"claim-{uuid.uuid4().hex[:8]}"
    for text in ("hello", '/set_role{"role":"customer"}', company):
        httpx.post(
            f"{stack.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": conversation, "message": text}, timeout=60,
        ).raise_for_status()  # fmt: skip
    return conversation


def test_an_admin_links_one_claim_and_discards_another_on_the_claims_page(
    stack, browser: Browser, screenshots
):
    suffix = uuid.uuid4().hex[:6]
    name = f"Harbour Foods {suffix}"
    customer = httpx.post(
        f"{stack.api_url}/api/v1/customers", json={"external_id": name, "name": name}, timeout=10
    ).json()
    to_link, to_discard = _claim(stack, f"Harbour Foods {suffix}"), _claim(stack, "Who Knows")

    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{stack.api_url}/ui/claims")
        expect(page.locator(f'tr[data-conversation="{to_link}"]')).to_be_visible()
        page.screenshot(path=screenshots / f"claims-{label}.png", full_page=True)
        context.close()

    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{stack.api_url}/ui/claims")
    row = page.locator(f'tr[data-conversation="{to_link}"]')
    expect(row.get_by_label("Customer")).to_have_value(str(customer["id"]))
    row.get_by_role("button", name="Link").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Linked {to_link}")
    expect(page.locator(f'tr[data-conversation="{to_link}"]')).to_have_count(0)
    page.locator(f'tr[data-conversation="{to_discard}"]').get_by_role("button").last.click()
    expect(page.get_by_role("status").first).to_contain_text(f"Discarded the claim of {to_discard}")

    linked = httpx.get(f"{stack.api_url}/api/v1/interviews/{to_link}", timeout=10).json()
    assert linked["customer"] == name
    page.goto(f"{stack.api_url}/ui/audit")
    expect(page.locator("table.audit")).to_contain_text("conversation.linked")
    expect(page.locator("table.audit")).to_contain_text("claim.discarded")
    page.screenshot(path=screenshots / "audit-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "audit-phone.png", full_page=True)
    page.close()
