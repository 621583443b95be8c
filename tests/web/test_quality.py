"""Interview quality in Chromium, at desktop and phone width: one interview's figures and
the overview of all, after an interview played over the real Rasa and action servers."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.web.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.web

SAID = [
    "we need shorter lead times",
    "our sales jump around every week and the forecast is always wrong",
]


def play(stack) -> str:
    """A rep's interview over REST: a wish, the reason, the proposal confirmed, no more."""
    sender = f"quality-{uuid.uuid4().hex[:8]}"
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"

    def say(text: str, **metadata: str) -> list[dict]:
        body = {"sender": sender, "message": text, "metadata": metadata}
        response = httpx.post(url, json=body, headers=stack.rest_headers, timeout=60)
        response.raise_for_status()
        return response.json()

    say("hello", customer="Quality Foods", role="sales_rep")
    replies = [say(text) for text in SAID][-1]
    confirm = [
        b["payload"] for r in replies for b in r.get("buttons", []) if "confirm" in b["payload"]
    ]
    say(confirm[0])
    say("no")
    return sender


def test_quality_of_one_interview_and_of_all(stack, browser: Browser, screenshots):
    conversation = play(stack)

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{stack.api_url}/ui/interviews/{conversation}")
        quality = page.locator("#quality")
        expect(quality).to_contain_text("completed")
        expect(quality).to_contain_text("1 of 1 wish (100%)")
        expect(quality).to_contain_text("0 of")  # the bot repeated nothing
        page.screenshot(path=screenshots / f"interview-quality-{name}.png", full_page=True)

        page.get_by_role("link", name="All interviews' quality").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Interview quality")
        link = page.locator(f'a[href="/ui/interviews/{conversation}"]')
        expect(page.locator("#interview-quality tr", has=link)).to_contain_text("completed")
        expect(page.locator("#by-role")).to_contain_text("Sales reps")
        # the page never scrolls sideways: wide tables scroll inside their own box
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=screenshots / f"quality-{name}.png", full_page=True)
        context.close()
