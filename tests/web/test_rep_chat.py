"""Asking the web chat for a customer's brief (Chromium against the real servers): the chat is
not signed in, so the answer is a refusal that says so, and the interview goes on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.rep_chat import BACK, NOT_HERE, SIGN_IN
from tests.helpers import customer_with_a_confirmed_need
from tests.web.conftest import DESKTOP, PHONE
from tests.web.test_chat import WISH, connected, invitation, say

pytestmark = pytest.mark.web


@pytest.fixture(scope="module")
def customer(stack) -> dict:
    return customer_with_a_confirmed_need(stack)


def bot_texts(page: Page) -> list[str]:
    return [
        t.removeprefix("Assistant: ")
        for t in page.locator("#messages .message-bot p").all_text_contents()
    ]


def ask(page: Page, text: str, replies: int) -> list[str]:
    """Send `text` and wait for `replies` bot messages; their texts."""
    before = len(bot_texts(page))
    say(page, text)
    page.wait_for_function(
        "n => document.querySelectorAll('#messages .message-bot').length >= n",
        arg=before + replies,
    )
    return bot_texts(page)[before:]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_anonymous_web_chat_is_asked_to_sign_in_and_the_interview_goes_on(
    stack, browser: Browser, screenshots, customer, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{stack.api_url}/chat")
    connected(page)
    [question] = ask(page, "hello", 1)

    refusal, back = ask(page, f"brief me on {customer['name']}", 2)

    assert refusal == SIGN_IN and back == f"{BACK} {question}"
    expect(page.locator("#messages")).not_to_contain_text(customer["name"].split()[-1] + " (")
    rep = page.locator("#messages .message-bot").last.get_by_role("button", name="I'm a sales rep")
    expect(rep).to_be_enabled()
    expect(rep).to_be_in_viewport()
    page.screenshot(path=screenshots / f"chat-brief-refused-{viewport['width']}.png")
    rep.click()
    expect(page.locator("#messages .message-bot").last).to_contain_text("Which customer")
    context.close()


def test_invited_customer_is_not_told_about_other_customers(stack, page: Page, customer):
    _, name, url = invitation(stack)
    page.goto(url)
    connected(page)
    # The greeting waits for the invitation check; a message sent before it would race it.
    expect(page.locator("#messages .message-bot").first).to_contain_text(name)
    [question] = ask(page, WISH, 1)

    refusal, back = ask(page, f"What does {customer['name']} need?", 2)

    assert refusal == NOT_HERE and back == f"{BACK} {question}"
    assert customer["name"] not in " ".join(bot_texts(page))
