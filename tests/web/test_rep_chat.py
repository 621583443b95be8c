"""Asking the web chat for a customer's brief (Chromium against the real servers): a rep who
signed in to the workspace with a sales key gets the summary and its buttons; a chat not
signed in gets a refusal that says so, and the interview goes on."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.rep_chat import BACK, NOT_HERE, SIGN_IN
from tests.helpers import customer_with_a_confirmed_need, passing_key
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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_rep_signed_in_to_the_workspace_gets_the_brief_in_the_web_chat(
    stack, browser: Browser, screenshots, customer, viewport
):
    name = f"Rep {uuid.uuid4().hex[:6]}"
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    page = context.new_page()
    with passing_key(stack.settings.database_url, name) as key:
        page.goto(f"{stack.api_url}/chat")
        page.get_by_role("link", name="Sign in").click()
        page.get_by_label("API key").fill(key)
        page.get_by_label("API key").press("Enter")
        expect(page).to_have_url(f"{stack.api_url}/chat")
        expect(page.locator("#signed-in")).to_have_text(
            re.compile(rf"Signed in as {name} \(sales\)")
        )
        connected(page)
        expect(page.locator("#messages .message-bot").first).to_contain_text(
            "signed in as a sales rep"
        )

        summary, actions = ask(page, f"brief me on {customer['name']}", 2)

        assert summary.startswith(f"Brief: {customer['name']} ({customer['external_id']})")
        assert customer["name"] in actions
        link = page.get_by_role("link", name="Open the full brief")
        expect(link).to_have_attribute(
            "href", f"{stack.api_url}/ui/customers/{customer['id']}/brief?lang=en"
        )
        expect(link).to_be_in_viewport()
        interview = page.get_by_role("button", name=f"Interview about {customer['name']}")
        expect(interview).to_be_enabled()
        page.screenshot(path=screenshots / f"chat-brief-rep-{viewport['width']}.png")
    context.close()
