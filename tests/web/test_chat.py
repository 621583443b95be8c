"""The chat page in Chromium against the real Rasa server, action server and API."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.taxonomy import load_taxonomy
from tests.helpers import free_port
from tests.web.conftest import DESKTOP, PHONE, serve

pytestmark = pytest.mark.web

WISH = "we need shorter lead times"
SHALLOW = "it would just be easier"
REVEAL = "our sales jump around every week and the forecast is always wrong"
HEADLINE = re.compile(r"From [\d,]+ special arrangements? to [\d,]+ standard solutions?\.")


def bot_count(page: Page) -> int:
    return page.locator("#messages .message-bot").count()


def say(page: Page, text: str) -> None:
    """Type `text`, send it with Enter and wait for the assistant's answer."""
    before = bot_count(page)
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")
    expect(page.locator("#messages .message-user").last).to_contain_text(text)
    page.wait_for_function(
        "n => document.querySelectorAll('#messages .message-bot').length > n", arg=before
    )


def connected(page: Page) -> None:
    expect(page.locator("#chat")).to_have_attribute("data-connected", "true")


def invitation(stack) -> tuple[int, str, str]:
    """A new customer and an invitation link for them, made through the API."""
    name = f"Web Foods {uuid.uuid4().hex[:6]}"
    api = stack.api_url + "/api/v1"
    customer = httpx.post(
        f"{api}/customers", json={"external_id": name, "name": name}, timeout=10
    ).json()
    invite = httpx.post(f"{api}/customers/{customer['id']}/invitations", timeout=10)
    invite.raise_for_status()
    return customer["id"], name, invite.json()["url"]


def test_invited_customer_completes_an_interview_seen_on_every_page(
    stack, browser: Browser, screenshots
):
    customer_id, name, url = invitation(stack)
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    chat = phone.new_page()
    chat.goto(url)
    connected(chat)

    say(chat, WISH)
    say(chat, SHALLOW)
    say(chat, REVEAL)
    confirm = chat.get_by_role("button", name="Yes, that's it")
    expect(confirm).to_be_visible()
    confirm.click()
    expect(chat.locator("#messages .message-user").last).to_have_text("You: Yes, that's it")
    expect(confirm).to_be_disabled()
    expect(chat.get_by_label("Your message")).to_be_focused()
    chat.wait_for_function("() => document.getElementById('typing').hidden")
    say(chat, "no")
    expect(chat.locator("#messages")).to_contain_text("real need")
    chat.screenshot(path=screenshots / "chat-phone.png", full_page=True)
    conversation = chat.locator("#chat").get_attribute("data-session-id")
    phone.close()

    desk = browser.new_context(viewport=DESKTOP)
    page = desk.new_page()
    page.goto(f"{stack.api_url}/ui/interviews?status=completed&role=customer")
    row = page.locator("tr", has=page.get_by_role("link", name=conversation))
    expect(row.locator("[data-channel]")).to_have_text("socketio")
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("completed")
    page.screenshot(path=screenshots / "interviews.png", full_page=True)
    page.goto(f"{stack.api_url}/ui/interviews?status=paused")
    expect(page.get_by_role("link", name=conversation)).to_have_count(0)

    taxonomy = load_taxonomy()
    wish_label = taxonomy.wishes["shorter_lead_time"].label
    need_label = taxonomy.needs["demand_uncertainty"].label
    page.goto(f"{stack.api_url}/ui/interviews/{conversation}")
    expect(page.locator("table.data")).to_contain_text(need_label)
    expect(page.locator(".transcript")).to_contain_text(REVEAL)
    page.screenshot(path=screenshots / "interview.png", full_page=True)

    page.get_by_role("link", name=name).click()
    expect(page).to_have_url(f"{stack.api_url}/ui/customers/{customer_id}/brief")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("article.wish")).to_contain_text(WISH)
    expect(page.locator("article.wish")).to_contain_text(need_label)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the brief")).click()
    assert name in download.value.path().read_text()
    page.screenshot(path=screenshots / "brief.png", full_page=True)

    page.goto(f"{stack.api_url}/ui/segments")
    expect(page.locator("#complexity")).to_have_text(HEADLINE)
    expect(page.get_by_role("link", name=name).first).to_be_visible()
    flow = page.locator("#flows tr", has_text=wish_label).filter(has_text=need_label)
    expect(flow).to_have_count(1)
    expect(page.locator("#segment-chart")).to_have_attribute("data-drawn", "true")
    page.screenshot(path=screenshots / "segments.png", full_page=True)
    desk.close()


def test_keyboard_alone_sends_and_answers_with_buttons(stack, page: Page):
    page.goto(f"{stack.api_url}/chat")
    connected(page)
    expect(page.get_by_label("Your message")).to_be_focused()

    page.keyboard.type("hello")
    page.keyboard.press("Enter")

    expect(page.locator("#messages .message-user")).to_have_text(["You: hello"])
    role_button = page.get_by_role("button", name="I'm a sales rep")
    expect(role_button).to_be_visible()
    page.keyboard.press("Tab")  # from the message box to the send button
    for _ in range(10):
        if page.evaluate("document.activeElement.textContent") == "I'm a sales rep":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message-user").last).to_have_text("You: I'm a sales rep")
    expect(page.locator("#messages .message-bot").last).to_contain_text("customer")


def test_reload_resumes_the_same_conversation(stack, page: Page):
    page.goto(f"{stack.api_url}/chat")
    connected(page)
    say(page, "hello")
    session = page.locator("#chat").get_attribute("data-session-id")

    page.reload()
    connected(page)

    expect(page.locator("#chat")).to_have_attribute("data-session-id", session)
    expect(page.locator("#messages .message-user")).to_have_text(["You: hello"])
    say(page, "Nordic Bakeries")  # the role question again: the same interview goes on
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{session}", timeout=10).json()
    assert [t["text"] for t in body["turns"] if t["speaker"] == "user"] == [
        "hello",
        "Nordic Bakeries",
    ]


def test_unreachable_rasa_shows_an_error_and_sends_nothing(stack, page: Page):
    closed = f"http://127.0.0.1:{free_port()}"
    settings = stack.settings.model_copy(update={"rasa_public_url": closed})
    with serve(settings) as url:
        page.goto(f"{url}/chat")

        error = page.get_by_role("alert")
        expect(error).to_be_visible()
        expect(error).to_contain_text("Cannot reach the chat server")
        expect(page.get_by_role("button", name="Send")).to_be_disabled()
        page.get_by_label("Your message").fill("hello")
        page.get_by_label("Your message").press("Enter")
        expect(page.locator("#messages .message-user")).to_have_count(0)


def test_a_kept_session_the_server_did_not_sign_starts_a_new_chat(stack, page: Page):
    page.goto(f"{stack.api_url}/chat")
    connected(page)
    kept = {"session": "web-forged", "history": [{"speaker": "bot", "text": "someone's words"}]}
    page.evaluate(
        "kept => localStorage.setItem('needfinder.chat.open', JSON.stringify(kept))", kept
    )

    page.reload()
    connected(page)

    expect(page.locator("#messages .message")).to_have_count(0)
    conversation = page.locator("#chat").get_attribute("data-session-id")
    assert conversation and conversation.startswith("web-")
    say(page, "hello")
    body = httpx.get(f"{stack.api_url}/api/v1/interviews/{conversation}", timeout=10).json()
    assert [t["text"] for t in body["turns"] if t["speaker"] == "user"] == ["hello"]
