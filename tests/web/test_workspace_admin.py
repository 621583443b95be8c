"""The rep's workspace in Chromium at desktop and phone width: the landing page, the
customer list (search, filters, sort, CSV import), API keys, deleting an interview, and
/docs with no network beyond this machine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from assistant.access import create_key
from assistant.config import Settings
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import ApiRole
from tests.assistant.reports.conftest import Factory
from tests.web.conftest import DESKTOP, PHONE, serve

pytestmark = pytest.mark.web

D, S = "demand_uncertainty", "storage_constraint"
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
LOCAL = {"127.0.0.1", "localhost"}


def day(d: int) -> datetime:
    return datetime(2025, 3, d, 12, tzinfo=UTC)


def seed(session) -> None:
    """Five customers: what each shows is asserted in the tests below."""
    f = Factory(session)
    acme = f.customer(external_id="ACME", name="Acme Foods", industry="food", region="north")
    for started in (day(1), day(10)):
        f.wish(f.interview(acme, started_at=started), "shorter_lead_time", [(D, "confirmed")])
    beta = f.customer(external_id="BETA", name="Beta Logistics", industry="retail", region="south")
    interview = f.interview(beta, started_at=day(5))
    f.wish(interview, "shorter_lead_time", [(D, "confirmed")])
    f.wish(interview, "smaller_orders", [(S, "rejected"), (None, "unresolved")])
    f.wish(interview, "urgent_orders")
    cargo = f.customer(external_id="CARGO", name="Cargo Ltd", industry="food", region="south")
    f.wish(f.interview(cargo, started_at=day(20)), "smaller_orders", [(S, "confirmed")])
    f.customer(external_id="DELTA", name="Delta Pharma", industry="pharma", region="north")
    echo = f.customer(external_id="ECHO", name="Echo Retail", industry="retail", region="north")
    abandoned = f.interview(echo, started_at=day(2))
    abandoned.conversation_id = "test-abandoned"
    f.wish(abandoned, "urgent_orders", [(None, "unresolved")])


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The API on a database with the seeded customers and an admin key: (URL, key)."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        seed(session)
        secret = create_key(session, "Web admin", ApiRole.ADMIN, actor="test").secret
    engine.dispose()
    settings = Settings(database_url=url, tracker_database_url=f"sqlite:///{tmp_path / 't.db'}")
    with serve(settings) as base:
        yield base, secret


@pytest.fixture
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    viewport = request.param
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(30_000)
    yield context
    context.close()


def width(page: Page) -> str:
    return "phone" if page.viewport_size == PHONE else "desktop"


def log_in(page: Page, base: str, key: str, target: str = "/ui/customers") -> None:
    page.goto(f"{base}{target}")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{target}")


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def shown(page: Page, names: list[str]) -> None:
    """The list shows exactly these customers, in this order (waits for the page)."""
    expect(page.locator("#customers .customer-name")).to_have_text(names)


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True)
def test_customer_list_search_filters_and_sort(workspace, sized: BrowserContext, screenshots):
    base, key = workspace
    page = sized.new_page()
    log_in(page, base, key)

    expect(page.get_by_role("heading", level=1)).to_have_text("Customers")
    expect(page.locator("#customer-count")).to_have_text("5 customers")
    shown(page, ["Acme Foods", "Beta Logistics", "Cargo Ltd", "Delta Pharma", "Echo Retail"])
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / f"customers-{width(page)}.png", full_page=True)

    page.get_by_role("searchbox", name="Search").fill("beta")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.locator("#customer-count")).to_have_text("1 customer matches")
    shown(page, ["Beta Logistics"])
    row = page.locator('tr[data-customer="BETA"]')
    expect(row.locator('[data-label="Open questions"]')).to_have_text("2")
    expect(row.locator('[data-label="Interviews"]')).to_have_text("1")
    expect(row.get_by_role("link", name="1 interview with Beta Logistics")).to_have_attribute(
        "href", re.compile(r"^/ui/interviews\?customer=\d+$")
    )
    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("#customer-count")).to_have_text("5 customers")

    page.get_by_role("combobox", name="Industry", exact=True).select_option("food")
    page.get_by_role("combobox", name="Open questions", exact=True).select_option("no")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#customer-count")).to_have_text("2 customers match")
    shown(page, ["Acme Foods", "Cargo Ltd"])

    page.get_by_role("combobox", name="Industry", exact=True).select_option("")
    page.get_by_role("combobox", name="Open questions", exact=True).select_option("")
    page.get_by_label("Last interview from").fill("2025-03-04")
    page.get_by_label("Last interview to").fill("2025-03-12")
    page.get_by_role("combobox", name="Sort by", exact=True).select_option("-open_questions")
    page.get_by_role("button", name="Apply").click()
    shown(page, ["Beta Logistics", "Acme Foods"])  # the 5th and the 10th
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / f"customers-filtered-{width(page)}.png", full_page=True)
    page.locator("#customer-count").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"customers-filtered-rows-{width(page)}.png")

    # Each customer's segment and brief are one click away.
    acme = page.locator('tr[data-customer="ACME"]')
    expect(acme.get_by_role("link", name="Demand uncertainty")).to_have_attribute(
        "href", f"/ui/segments#segment-{D}"
    )
    acme.get_by_role("link", name="Acme Foods", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme Foods")


def test_customer_list_sorts_by_its_column_headers(workspace, page: Page):
    base, key = workspace
    log_in(page, base, key)

    page.get_by_role("link", name="Last interview").click()
    # Newest first; never interviewed last either way.
    shown(page, ["Cargo Ltd", "Acme Foods", "Beta Logistics", "Echo Retail", "Delta Pharma"])
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    page.get_by_role("link", name="Last interview").click()
    shown(page, ["Echo Retail", "Beta Logistics", "Acme Foods", "Cargo Ltd", "Delta Pharma"])
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="Open questions", exact=True).click()
    shown(page, ["Beta Logistics", "Echo Retail", "Acme Foods", "Cargo Ltd", "Delta Pharma"])


# Excel's "CSV UTF-8" where the comma is the decimal mark: byte-order mark, semicolons.
SPREADSHEET = (
    "\ufeffexternal_id;name;industry;region\r\n"
    "K-1;Müller Kühlhaus GmbH;food;Süd\r\n"
    "K-2;Æbleø, Fisk & Co;food;Nord\r\n"
)
BROKEN = "\ufeffexternal_id;name\r\nK-3;Fine\r\nK-4;\r\nK-3;Twice\r\n"


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True)
def test_csv_from_a_spreadsheet_imports_on_the_page(workspace, sized: BrowserContext, screenshots):
    base, key = workspace
    page = sized.new_page()
    log_in(page, base, key)

    page.get_by_label("CSV file to import").set_input_files(
        files=[{"name": "kunden.csv", "mimeType": "text/csv", "buffer": SPREADSHEET.encode()}]
    )
    page.get_by_role("button", name="Import file").click()

    expect(page.locator("#import-result")).to_have_text("Imported: 2 new customers, 0 updated.")
    expect(page.locator("#customer-count")).to_have_text("7 customers")
    expect(page.locator('tr[data-customer="K-1"] .customer-name')).to_have_text(
        "Müller Kühlhaus GmbH"
    )
    expect(page.locator('tr[data-customer="K-2"] [data-label="Region"]')).to_have_text("Nord")

    page.get_by_label("CSV file to import").set_input_files(
        files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": BROKEN.encode()}]
    )
    page.get_by_role("button", name="Import file").click()

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Nothing was imported from broken.csv")
    expect(errors.locator("li")).to_have_text(
        ["Line 3: name is empty", "Line 4: external_id 'K-3' repeats line 2"]
    )
    expect(page.locator("#customer-count")).to_have_text("7 customers")  # nothing of it
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / f"customers-import-errors-{width(page)}.png")


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True)
def test_docs_render_with_no_network(workspace, sized: BrowserContext, screenshots):
    base, _ = workspace
    outside: list[str] = []

    def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    sized.route("**/*", local_only)
    page = sized.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{base}/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Needfinder")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 20
    path = page.locator(".opblock-summary-path", has_text="/api/v1/customers/import")
    expect(path).to_be_visible()
    page.screenshot(path=screenshots / f"docs-offline-top-{width(page)}.png")
    page.locator(".opblock-summary", has_text="/api/v1/keys").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    page.screenshot(path=screenshots / f"docs-offline-{width(page)}.png")
    assert outside == [] and refused == []


def test_an_admin_issues_and_revokes_a_key_on_the_page(workspace, page: Page, screenshots):
    base, key = workspace
    log_in(page, base, key, "/ui/keys")

    page.get_by_label("Name").fill("Dana (sales)")
    page.get_by_role("combobox", name="Role", exact=True).select_option("sales")
    page.get_by_role("button", name="Issue key").click()

    secret = page.get_by_label("Key", exact=True)
    expect(secret).to_have_value(re.compile(r"^nf_.{20,}"))
    issued = secret.input_value()
    page.screenshot(path=screenshots / "keys-issued-desktop.png", full_page=True)
    row = page.locator("#keys tr", has_text="Dana (sales)")
    expect(page.locator("#keys tr", has_text="Web admin")).to_contain_text("(your key)")
    row.get_by_role("button", name="Revoke key Dana (sales)").click()

    expect(page.get_by_role("status")).to_contain_text("revoked")
    expect(page.locator("#keys tr", has_text="Dana (sales)")).to_contain_text("revoked")
    assert issued not in page.content()  # shown that once only


def test_an_admin_deletes_an_abandoned_interview(workspace, page: Page, screenshots):
    base, key = workspace
    log_in(page, base, key, "/ui/interviews/test-abandoned")

    page.get_by_role("link", name="Delete this interview…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete interview")
    page.screenshot(path=screenshots / "interview-delete-desktop.png", full_page=True)
    page.get_by_role("button", name="Delete for good").click()

    expect(page).to_have_url(f"{base}/ui/interviews?deleted=test-abandoned")
    expect(page.locator("#deleted-note")).to_contain_text("test-abandoned")
    page.goto(f"{base}/ui/customers?q=echo")
    expect(page.locator('tr[data-customer="ECHO"] [data-label="Interviews"]')).to_have_text("0")


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True)
def test_landing_page(workspace, sized: BrowserContext, screenshots):
    base, key = workspace
    page = sized.new_page()
    page.goto(base + "/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Open the chat")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / f"home-stranger-{width(page)}.png", full_page=True)

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    page.goto(base + "/")
    tiles = page.get_by_role("list", name="Where to go")
    for name in ("Customers", "Interviews", "Segments", "API documentation", "API keys"):
        expect(tiles.get_by_role("link", name=re.compile(f"^{name} "))).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / f"home-signed-in-{width(page)}.png", full_page=True)


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True)
def test_an_admin_edits_a_customer_from_its_brief(workspace, sized: BrowserContext, screenshots):
    base, key = workspace
    page = sized.new_page()
    log_in(page, base, key)
    page.get_by_role("link", name="Delta Pharma", exact=True).click()
    page.get_by_role("link", name="Edit details").click()

    expect(page.get_by_label("Name")).to_have_value("Delta Pharma")
    page.get_by_label("Name").fill("")
    page.get_by_label("Region").fill("")
    page.get_by_label("Language").select_option(label="Danish")
    page.get_by_label("Name").evaluate("input => input.removeAttribute('required')")
    page.get_by_role("button", name="Save").click()  # the server checks it too
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Language")).to_have_value("da")  # what was chosen stays
    page.screenshot(path=screenshots / f"customer-edit-error-{width(page)}.png", full_page=True)
    no_sideways_scroll(page)

    page.get_by_label("Name").fill("Delta Pharma Nord A/S")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Delta Pharma Nord A/S")
    expect(page.get_by_role("status")).to_contain_text("details are saved")
    expect(page.locator("dl.facts")).not_to_contain_text("north")  # the region left blank
    page.screenshot(path=screenshots / f"customer-edited-{width(page)}.png", full_page=True)
