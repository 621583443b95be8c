"""Access to the management pages in Chromium: the login form and its cookie."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from api.deps import KEY_COOKIE
from assistant.access import create_key
from assistant.config import Settings
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import ApiRole
from tests.web.conftest import serve

pytestmark = pytest.mark.web


@pytest.fixture
def locked(tmp_path):
    """An API whose database has a sales key: the pages are no longer open."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        secret = create_key(session, "web test", ApiRole.SALES).secret
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
