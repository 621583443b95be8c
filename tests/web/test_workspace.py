"""The rep's workspace in Chromium at 1280 and 390 px: the brief's negotiation summary (who
confirmed what, when), its printed form, the interviews list's filters, and the needs overview
charts. The database is a real SQLite file, filled the way the interview service writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.config import Settings
from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.needs.results import Candidate
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import Speaker, Turn
from assistant.taxonomy import load_taxonomy
from tests.assistant.reports.conftest import Factory, parameter
from tests.web.conftest import DESKTOP, PHONE, serve

pytestmark = pytest.mark.web

SALES_JUMP = "Our sales jump around every week and the forecast is always wrong."
DOCK = "Their dock is only staffed from six to ten in the morning."
DANISH_WISH = "Vi vil have varerne inden for 48 timer – ellers står værkstedet på Ærø stille."
DANISH_WHY = "Når vejret skifter, løber vi tør for grus og fliser, og så må vi sende folk hjem."
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def _fill(factory: Factory) -> dict[str, object]:
    f = factory
    acme = f.customer(name="Acme Foods", industry="food", region="north", size="medium")
    own = f.interview(acme, started_at=datetime(2025, 3, 1, 9, tzinfo=UTC), role=Role.CUSTOMER)
    f.wish(
        own,
        "shorter_lead_time",
        [("storage_constraint", "rejected"), ("demand_uncertainty", "confirmed", SALES_JUMP, 0.23)],
        text="We need the goods within 48 hours of ordering.",
        parameters=[parameter("duration", "48 hours", {"hours": 48})],
    )
    rep = f.interview(
        acme,
        started_at=datetime(2025, 4, 5, 10, tzinfo=UTC),
        role=Role.SALES_REP,
        interviewer="maria.k",
    )
    f.wish(rep, "exact_delivery_time", [("receiving_window", "confirmed", DOCK, 0.9)],
           text="They want every delivery at 7:00 sharp.")  # fmt: skip
    later = f.interview(acme, started_at=datetime(2025, 4, 9, 11, tzinfo=UTC))
    f.wish(later, "urgent_orders", [(None, "unresolved")], text="Sometimes we need it today.",
           candidates=[Candidate("supply_reliability", 0.5)])  # fmt: skip
    hello = f.interview(
        acme,
        started_at=datetime(2025, 4, 10, 8, tzinfo=UTC),
        status=InterviewStatus.IN_PROGRESS,
        updated_at=datetime(2025, 4, 10, 8, 1, tzinfo=UTC),
    )
    f.wish(hello, "urgent_orders", text="Hi")
    f.session.add(Turn(interview=hello, seq=1, speaker=Speaker.USER, text="Hi", channel="rest",
                       source_key="k1"))  # fmt: skip
    jensen = f.customer(name="Jensen Byg Ærøskøbing ApS", industry="pharma", region="east",
                        size="large")  # fmt: skip
    danish = f.interview(jensen, started_at=datetime(2025, 5, 2, 8, tzinfo=UTC), role=Role.CUSTOMER)
    f.wish(danish, "shorter_lead_time", [("supply_reliability", "confirmed", DANISH_WHY, 0.8)],
           text=DANISH_WISH)  # fmt: skip
    # Other customers for the overview: each attribute has several values.
    needs = ["demand_uncertainty", "storage_constraint", "receiving_window", "admin_burden"]
    for i, (industry, region, size) in enumerate(
        [("food", "south", "small"), ("retail", "north", "large"), ("retail", "east", "small"),
         ("pharma", "south", "medium"), ("pharma", "east", "large"), (None, "north", "small")]
    ):  # fmt: skip
        f.customer_with_needs(needs[i % 4], needs[(i + 1) % 4], name=f"Customer {i}",
                              industry=industry, region=region, size=size)  # fmt: skip
    return {
        "acme": acme.id,
        "hello": hello.conversation_id,
        "own": own.conversation_id,
        "jensen": jensen.id,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, dict[str, object]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('workspace') / 'needfinder.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        ids = _fill(Factory(session))
    engine.dispose()
    with serve(Settings(database_url=url)) as base:
        yield base, ids


def _fits_the_width(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


@pytest.mark.parametrize("width", WIDTHS)
def test_brief_opens_with_the_negotiation_summary(
    site, browser: Browser, screenshots: Path, width: str
):
    base, ids = site
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(f"{base}/ui/customers/{ids['acme']}/brief")

    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    needs = summary.locator(".summary-need")
    expect(needs).to_have_count(2)
    first, second = needs.nth(0), needs.nth(1)
    expect(first.get_by_role("heading")).to_have_text("Demand uncertainty")
    expect(first.locator(".confirmer")).to_have_text("Confirmed by the customer on 1 Mar 2025")
    expect(first).not_to_contain_text("Rep only")
    expect(first).to_contain_text("Offer first")
    expect(first).to_contain_text("Collaborative planning")
    trade = load_taxonomy().need("demand_uncertainty").alternatives[0]
    expect(first.locator(".trades li").first).to_have_text(
        f"Give {trade.offer} instead of {trade.instead_of}"
    )
    expect(second.locator(".confirmer")).to_have_text("Stated by sales rep maria.k on 5 Apr 2025")
    expect(second).to_contain_text("Rep only, to check")
    questions = summary.locator(".questions li")
    expect(questions.filter(has_text="Why does the customer want urgent orders?")).to_have_count(1)
    expect(questions.filter(has_text="Check with the customer")).to_have_count(1)
    expect(summary.locator(".points").first).to_contain_text("in their words")
    # The summary is on top: before the first wish card, and in view without scrolling far.
    summary_top = summary.bounding_box()["y"]
    assert summary_top < page.locator("article.wish").first.bounding_box()["y"]
    # A person confirmed it: no model confidence anywhere; the greeting is left out.
    expect(page.locator("main")).not_to_contain_text("confidence")
    expect(page.locator("article.wish blockquote")).to_have_count(3)
    expect(page.locator("#left-out")).to_contain_text("1 interview without any need finding")
    expect(page.locator(".facts div", has_text="Interviews").locator("dd")).to_have_text("3")
    _fits_the_width(page)
    page.screenshot(path=screenshots / f"brief-summary-{width}.png", full_page=True)

    page.get_by_role("link", name="Include it").click()
    expect(page.locator("article.wish blockquote")).to_have_count(4)
    expect(page.locator("article.wish").last).to_contain_text("“Hi”")
    context.close()


def test_printed_brief_is_the_document_alone(site, browser: Browser, screenshots: Path):
    base, ids = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{base}/ui/customers/{ids['acme']}/brief")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.get_by_role("link", name="Download the brief (Markdown)")).to_be_hidden()
    expect(page.locator("#left-out")).to_be_hidden()
    expect(page.locator(".print-only")).to_contain_text("Needfinder brief as of")
    expect(page.locator("#summary")).to_be_visible()
    page.screenshot(path=screenshots / "brief-print.png", full_page=True)
    # What "Save as PDF" in the print dialog gives: Chromium's own PDF of the print layout.
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (screenshots.parent / "brief.pdf").write_bytes(pdf)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_brief_speaks_the_readers_language_and_keeps_the_quotes_as_said(
    site, browser: Browser, screenshots: Path, width: str
):
    base, ids = site
    context = browser.new_context(viewport=WIDTHS[width], locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/ui/customers/{ids['jensen']}/brief")  # the browser asks for Danish

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Forhandlingsbrief: Jensen Byg Ærøskøbing ApS"
    )
    expect(page.locator("#summary-title")).to_have_text("Overblik før forhandlingen")
    expect(page.locator(".summary-need h4")).to_have_text("Leveringssikkerhed")
    expect(page.locator(".confirmer").first).to_have_text("Bekræftet af kunden den 2. maj 2025")
    expect(page.locator("article.wish blockquote")).to_have_text(f"»{DANISH_WISH}«")
    expect(page.locator("article.wish .need")).to_contain_text(DANISH_WHY)
    switch = page.get_by_role("navigation", name="Language / Sprog")
    expect(switch.get_by_role("link", name="Dansk")).to_have_attribute("aria-current", "true")
    _fits_the_width(page)
    page.screenshot(path=screenshots / f"brief-danish-{width}.png", full_page=True)

    switch.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#summary-title")).to_have_text("Negotiation summary")
    expect(page.locator(".summary-need h4")).to_have_text("Supply reliability")
    expect(page.locator("article.wish blockquote")).to_have_text(f"“{DANISH_WISH}”")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the brief (Markdown)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Customer brief: Jensen Byg Ærøskøbing ApS")  # the page's language
    assert f"> {DANISH_WISH}\n" in text
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_interviews_list_filters_and_reads_well(
    site, browser: Browser, screenshots: Path, width: str
):
    base, ids = site
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(f"{base}/ui/interviews")

    expect(page.locator("p.count")).to_have_text("11 interviews")
    hello = page.locator("tr", has=page.get_by_title(str(ids["hello"]), exact=True))
    expect(hello).to_contain_text("abandoned")
    expect(hello).to_contain_text("empty")
    own = page.locator("tr", has=page.get_by_title(str(ids["own"]), exact=True))
    expect(own.locator("time")).to_have_text("1 Mar 2025, 09:00")
    expect(own.locator(".chips li")).to_have_text(["Demand uncertainty"])
    expect(own.get_by_title(str(ids["own"]))).to_have_text(str(ids["own"])[:8] + "…")

    page.get_by_label("Customer").select_option(label="Acme Foods")
    page.get_by_label("From", exact=True).fill("2025-04-01")
    page.get_by_label("To", exact=True).fill("2025-04-09")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("p.count")).to_have_text("2 interviews")  # 5 and 9 April, both days in
    expect(page.get_by_label("Customer")).to_have_value(str(ids["acme"]))  # the form keeps them
    with page.expect_download() as download:  # what the filters found, as CSV
        page.get_by_role("link", name="Download these as CSV").click()
    assert download.value.suggested_filename == "interviews.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert {r["customer"] for r in rows} == {"Acme Foods"}
    assert len({r["conversation_id"] for r in rows}) == 2

    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Search").fill("HI")  # what the person wrote, any case
    page.get_by_label("Show").select_option(label="Without findings")
    page.get_by_label("Search").press("Enter")
    expect(page.locator("p.count")).to_have_text("1 interview")
    expect(page.get_by_title(str(ids["hello"]), exact=True)).to_be_visible()
    page.goto(f"{base}/ui/interviews")
    if width == "desktop":  # on a phone the table scrolls inside its own box
        _fits_the_width(page)
    page.screenshot(path=screenshots / f"interviews-{width}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_needs_overview_has_a_chart_per_dimension(
    site, browser: Browser, screenshots: Path, width: str
):
    base, _ = site
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(f"{base}/ui")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Needs", exact=True
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Needs by industry, region and size")
    for by in ("industry", "region", "size"):
        expect(page.locator(f"#chart-{by}")).to_have_attribute("data-drawn", "true")
    industry = page.locator("#by-industry table")
    food = industry.locator("tr", has=page.get_by_role("rowheader", name="food"))
    expect(food.locator("td").first).to_have_text("2")  # demand: Acme and Customer 0
    values = ["food", "pharma", "retail", "not given"]
    expect(industry.get_by_role("rowheader")).to_have_text(values)
    if width == "desktop":
        _fits_the_width(page)
    page.screenshot(path=screenshots / f"needs-{width}.png", full_page=True)
    context.close()


def test_the_brief_page_reaches_its_interviews(site, page: Page):
    base, ids = site
    page.goto(f"{base}/ui/customers/{ids['acme']}/brief")

    page.locator("article.wish").first.get_by_role("link", name="transcript").click()

    expect(page).to_have_url(f"{base}/ui/interviews/{ids['own']}")
