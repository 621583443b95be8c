"""The web chat's rate limit in Chromium, said in the page's language (api/chat_labels.py):
a stack of its own with a small limit per conversation."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from api.chat_labels import LABELS
from ops.stack import Stack
from tests.web.test_chat import answered, bot_count, connected

pytestmark = pytest.mark.web

PER_SESSION = 3
DA = LABELS["da"]


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from tests.conftest import running_stack

    limits = {"CHAT_LIMIT_PER_SESSION": str(PER_SESSION), "CHAT_LIMIT_PER_ADDRESS": "100"}
    with running_stack(tmp_path_factory.mktemp("limited-web"), extra_env=limits) as stack:
        yield stack


def test_the_rate_limit_is_said_in_the_pages_language(limited: Stack, page: Page, screenshots):
    page.goto(f"{limited.api_url}/chat")
    connected(page)
    box = page.locator("#message")
    for text in ("kan vi tage det på dansk?", "jeg er kunde", "Bageriet Ærø"):
        before = bot_count(page)
        box.fill(text)
        box.press("Enter")
        answered(page, before)
    expect(page.locator("html")).to_have_attribute("lang", "da")  # the interview is Danish

    before = bot_count(page)
    box.fill("vi vil gerne have mindre ordrer")  # the 4th message within a minute: refused
    box.press("Enter")
    answered(page, before)

    refusal = page.locator("#messages .message-bot").last
    said = DA["rate_limited"].split("{wait}")
    expect(refusal).to_contain_text(said[0])
    expect(refusal).to_contain_text(re.compile(r"Vent \d+ sekunder"))
    expect(refusal).not_to_contain_text("faster than we can read")
    page.screenshot(path=screenshots / "chat-rate-limited-da-1280px.png")
