"""An invited Danish customer in Chromium, against the real Rasa server, action server and
API: the admin imports the customer with their language, the link opens a Danish chat (the
interviewer's words and the page's own labels), and what they typed is stored as typed."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from api.chat_labels import LABELS
from assistant.interview import wording_da
from assistant.interview.language import detect
from assistant.taxonomy import load_taxonomy
from tests.web.conftest import DESKTOP, PHONE
from tests.web.test_chat import (
    WIDTHS,
    answered,
    bot_count,
    connected,
    expire,
    interview,
    latest_in_view,
    new_context,
    shot,
)

pytestmark = pytest.mark.web

DA = LABELS["da"]
WISH = "kan I få leveringstiden ned på to dage?"
SHALLOW = "det ville bare være rart"
REVEAL = "vores salg svinger vildt fra uge til uge, så vi ved aldrig hvad vi skal bruge"
YES = "Ja, det er det"


def danish_customer(stack, browser: Browser) -> tuple[int, str, str]:
    """A Danish customer imported by an admin on the customer list, and an invitation link
    for them (made through the API: the pages have no invitation form)."""
    external_id = f"DK-{uuid.uuid4().hex[:6]}"
    name = f"Ærø Tømrer {external_id[3:]}"
    spreadsheet = f"\ufeffexternal_id;name;language\r\n{external_id};{name};da\r\n"
    admin = browser.new_context(viewport=DESKTOP)
    page = admin.new_page()
    page.goto(f"{stack.api_url}/ui/customers")
    page.get_by_label("CSV file to import").set_input_files(
        files=[{"name": "kunder.csv", "mimeType": "text/csv", "buffer": spreadsheet.encode()}]
    )
    page.get_by_role("button", name="Import file").click()
    expect(page.locator("#import-result")).to_have_text("Imported: 1 new customer, 0 updated.")
    page.goto(f"{stack.api_url}/ui/customers?q={external_id}")
    row = page.locator(f'tr[data-customer="{external_id}"]')
    expect(row.locator(".customer-name")).to_have_text(name)
    expect(row.locator('[data-label="Language"]')).to_have_text("Danish")
    admin.close()

    api = f"{stack.api_url}/api/v1/customers"
    (customer,) = httpx.get(api, params={"q": external_id}, timeout=10).json()["data"]
    assert customer["language"] == "da"
    invitation = httpx.post(f"{api}/{customer['id']}/invitations", timeout=10)
    invitation.raise_for_status()
    return customer["id"], name, invitation.json()["url"]


def sig(page: Page, text: str) -> None:
    """Type `text` in the Danish message box, send it and wait for the answer, in view."""
    before = bot_count(page)
    box = page.get_by_label(DA["message"])
    box.fill(text)
    box.press("Enter")
    expect(page.locator("#messages .message-user").last).to_contain_text(text)
    answered(page, before)


def speaks_danish(page: Page) -> None:
    """The page's own labels are Danish."""
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page).to_have_title(DA["title"])
    expect(page.get_by_role("heading", level=1)).to_have_text(DA["heading"])
    expect(page.get_by_label(DA["message"])).to_have_attribute("placeholder", DA["placeholder"])
    expect(page.get_by_role("button", name=DA["send"], exact=True)).to_be_visible()
    expect(page.get_by_role("log", name=DA["conversation"])).to_be_visible()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_an_invited_danish_customer_is_interviewed_in_danish_and_quoted_as_typed(
    stack, browser: Browser, screenshots, viewport
):
    _, name, url = danish_customer(stack, browser)
    context = new_context(browser, viewport, touch=viewport is PHONE)
    chat = context.new_page()
    chat.goto(url)
    connected(chat)

    greeting = chat.locator("#messages .message-bot").first
    expect(greeting).to_contain_text(f"Velkommen, og tak fordi du er med på vegne af {name}!")
    expect(greeting).to_contain_text("Hvad vil du gerne have, at vi gør anderledes")
    speaks_danish(chat)
    latest_in_view(chat)
    shot(chat, screenshots, "chat-da-greeting", viewport)

    for text in (WISH, SHALLOW, REVEAL):
        sig(chat, text)
    need = load_taxonomy().in_language("da").needs["demand_uncertainty"]
    proposal = chat.locator("#messages .message-bot").last
    expect(proposal).to_contain_text(need.customer_explanation)
    expect(proposal).to_contain_text("Passer det?")
    expect(chat.locator("#messages .message-bot").nth(1)).to_contain_text(f'"{WISH[:-1]}"')
    shot(chat, screenshots, "chat-da-proposal", viewport)

    confirm = chat.get_by_role("button", name=YES)
    before = bot_count(chat)
    if viewport is PHONE:
        confirm.tap()
    else:
        confirm.click()
    expect(chat.locator("#messages .message-user").last).to_have_text(f"{DA['you']}{YES}")
    answered(chat, before)
    sig(chat, "nej")
    expect(chat.locator("#messages")).to_contain_text("Her er, hvad jeg har forstået:")
    expect(chat.locator("#messages")).to_contain_text("Tak for din tid!")
    speaks_danish(chat)
    shot(chat, screenshots, "chat-da-summary", viewport)

    body = interview(stack, chat.locator("#chat").get_attribute("data-session-id"))
    context.close()
    assert (body["language"], body["customer"], body["status"]) == ("da", name, "completed")
    (wish,) = body["wishes"]
    assert wish["text"] == WISH  # the Danish quote, letter for letter
    assert [step["answer"] for step in wish["ladder"]] == [SHALLOW, REVEAL]
    assert (wish["need"]["code"], wish["need"]["status"]) == ("demand_uncertainty", "confirmed")
    said = [(t["text"], t["clicked"]) for t in body["turns"] if t["speaker"] == "user"]
    assert [clicked or text for text, clicked in said] == [WISH, SHALLOW, REVEAL, YES, "nej"]


def test_the_chat_pages_labels_follow_a_switch_of_language_and_a_reload(
    stack, browser: Browser, screenshots
):
    _, _, url = danish_customer(stack, browser)
    context = new_context(browser, DESKTOP, touch=False)
    page = context.new_page()
    page.goto(url)
    connected(page)
    speaks_danish(page)

    sig(page, "in English please")

    expect(page.locator("#messages .message-bot").last).to_contain_text(
        "Of course, let's continue in English."
    )
    english = LABELS["en"]
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(english["message"])).to_have_attribute(
        "placeholder", english["placeholder"]
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(english["heading"])
    page.reload()  # the conversation's language, not the invitation's
    connected(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(english["message"])).to_be_visible()
    shot(page, screenshots, "chat-da-switched-to-english", DESKTOP)

    before = bot_count(page)
    page.get_by_label(english["message"]).fill("kan vi tage det på dansk?")
    page.get_by_label(english["message"]).press("Enter")
    answered(page, before)
    expect(page.locator("#messages .message-bot").last).to_contain_text("Selvfølgelig")
    speaks_danish(page)
    body = interview(stack, page.locator("#chat").get_attribute("data-session-id"))
    context.close()
    assert body["language"] == "da"


@pytest.mark.parametrize("viewport", WIDTHS)
def test_a_danish_customers_expired_link_says_why_in_danish(
    stack, browser: Browser, screenshots, viewport
):
    _, name, url = danish_customer(stack, browser)
    expire(stack, url)
    context = new_context(browser, viewport, touch=viewport is PHONE)
    page = context.new_page()
    page.goto(url)
    connected(page)

    banner = page.locator("#invitation-notice")
    expect(banner).to_contain_text("Dette invitationslink udløb den ")
    expect(banner).to_contain_text("Bed din kontakt hos leverandøren om et nyt link")
    speaks_danish(page)
    greeting = page.locator("#messages .message-bot").first
    expect(greeting).to_contain_text(wording_da.WELCOME)  # the role question, in Danish
    expect(greeting.get_by_role("button")).to_have_count(2)
    expect(page.locator("#messages")).not_to_contain_text(name)
    latest_in_view(page)
    shot(page, screenshots, "chat-invitation-expired-da", viewport)

    before = bot_count(page)  # the interview goes on in the page's language
    greeting.get_by_role("button", name="Jeg er kunde").click()
    answered(page, before)
    asked = page.locator("#messages .message-bot").last.inner_text()
    assert detect(asked.removeprefix(DA["assistant"])) == "da", asked
    speaks_danish(page)
    context.close()
