"""The brief in the reader's language over HTTP (`?lang=`, else `Accept-Language`, else
English), and what people said in Danish or English byte for byte in every format: the JSON
and Markdown brief, the brief page, the interview page, the interviews list, the transcript
and the customers' CSV. The interviews are recorded by the real turn service and need models.
"""

from __future__ import annotations

import re
from typing import get_args

import pytest

from api.language import BriefLanguage, from_accept_language
from assistant.reports.wording import LANGUAGES
from assistant.turns import IncomingMessage

NAME = "Jensen Byg Ærøskøbing ApS"
# A Danish customer's own interview, and an English one a rep held about them.
DANISH_WISH = "Vi vil gerne have varerne inden for 48 timer – ellers står værkstedet på Ærø stille."
DANISH_WHY = "Vores salg svinger fra uge til uge, og prognosen rammer aldrig rigtigt."
ENGLISH_WISH = "They need deliveries before 7 – the café opens at 7:30 and a late drop costs €200."
ENGLISH_WHY = "Their dock is only staffed from six to ten in the morning, so later trucks wait."
DANISH_SCRIPT = [DANISH_WISH, f"{DANISH_WHY} Øv!", "ja, præcis", "nej"]
ENGLISH_SCRIPT = [ENGLISH_WISH, ENGLISH_WHY, "yes", "no"]


def _interview(service, conversation: str, script: list[str], **metadata: str) -> None:
    for n, text in enumerate(script):
        said = IncomingMessage(
            conversation, text, "rest", f"{conversation}-{n}", metadata, authenticated=True
        )
        service.handle_message(said)


@pytest.fixture
def jensen(client, service) -> int:
    """The customer, interviewed once in Danish (themself) and once in English (a rep)."""
    customer = client.post("/api/v1/customers", json={"external_id": "JB-1", "name": NAME})
    assert customer.status_code == 201, customer.text
    _interview(service, "da-1", DANISH_SCRIPT, customer="JB-1", role="customer", locale="da-DK")
    _interview(service, "en-1", ENGLISH_SCRIPT, customer="JB-1", role="sales_rep")
    return customer.json()["id"]


def _brief(client, customer_id: int, params=None, headers=None, suffix: str = ""):
    return client.get(
        f"/api/v1/customers/{customer_id}/brief{suffix}", params=params or {}, headers=headers
    )


@pytest.mark.parametrize(
    ("params", "accept", "language"),
    [
        ({}, None, "en"),
        ({"lang": "da"}, None, "da"),
        ({}, "da-DK,da;q=0.9,en;q=0.8", "da"),
        ({"lang": "en"}, "da-DK,da;q=0.9", "en"),  # the reader's explicit choice wins
        ({"lang": "da"}, "en-GB", "da"),
        ({}, "en-GB,da;q=0.5", "en"),
        ({}, "fr-FR,de;q=0.9", "en"),  # neither language: English
        ({}, "da;q=0, en;q=0.1", "en"),  # q=0 means "not Danish"
    ],
)
def test_the_brief_is_in_the_language_the_reader_asks_for(sales, jensen, params, accept, language):
    headers = {"Accept-Language": accept} if accept else None

    response = _brief(sales, jensen, params, headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == language
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    labels = {w["label"] for w in body["wishes"]}
    needs = {w["need"]["label"] for w in body["wishes"]}
    if language == "da":
        assert labels == {"Kortere leveringstid", "Præcist leveringstidspunkt"}
        assert needs == {"Usikker efterspørgsel", "Begrænset varemodtagelse"}
        assert body["summary"]["headline"].startswith("1 behov bekræftet af kunden")
        trade = body["summary"]["needs"][0]["trades"][0]
        assert trade["instead_of"] == "kortere leveringstider"
        assert trade["text"].endswith("i stedet for kortere leveringstider.")
    else:
        assert labels == {"Shorter lead time", "Exact delivery time"}
        assert body["summary"]["headline"].startswith("1 need confirmed by the customer")


@pytest.mark.parametrize("suffix", ["", ".md"])
def test_a_language_briefs_are_not_written_in_is_refused_clearly(sales, jensen, suffix):
    for wrong in ("de", "DA", ""):
        response = _brief(sales, jensen, {"lang": wrong}, suffix=suffix)

        assert response.status_code == 422
        (error,) = response.json()["detail"]
        assert error["loc"] == ["query", "lang"]
        assert "'en' or 'da'" in error["msg"]
    page = sales.get(f"/ui/customers/{jensen}/brief", params={"lang": "sv"})
    assert page.status_code == 422


@pytest.mark.parametrize("language", ["en", "da"])
def test_quotes_stay_byte_for_byte_as_said_in_every_brief(sales, jensen, language):
    """A Danish quote in an English brief and an English one in a Danish brief, never
    translated, and their letters (æ, ø, å, é, –, €) as UTF-8 in JSON, Markdown and HTML."""
    params = {"lang": language}
    as_json = _brief(sales, jensen, params)
    markdown = _brief(sales, jensen, params, suffix=".md")
    page = sales.get(f"/ui/customers/{jensen}/brief", params=params)

    assert as_json.headers["content-type"] == "application/json"
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    quotes = {w["quote"] for w in as_json.json()["wishes"]}
    evidence = {w["need"]["evidence"] for w in as_json.json()["wishes"]}
    assert quotes == {DANISH_WISH, ENGLISH_WISH}
    assert evidence == {DANISH_WHY, ENGLISH_WHY}
    for said in (DANISH_WISH, ENGLISH_WISH, DANISH_WHY, ENGLISH_WHY, NAME):
        encoded = said.encode("utf-8")
        assert encoded in as_json.content  # not \u-escaped
        assert encoded in markdown.content
        assert encoded in page.content
    assert f"> {DANISH_WISH}\n".encode() in markdown.content
    assert b'<meta charset="utf-8">' in page.content


def test_the_danish_markdown_file_is_named_for_its_language(sales, jensen):
    danish = _brief(sales, jensen, headers={"Accept-Language": "da"}, suffix=".md")
    english = _brief(sales, jensen, suffix=".md")

    assert f'filename="brief-{jensen}-da.md"' in danish.headers["content-disposition"]
    assert danish.headers["content-language"] == "da"
    assert danish.text.startswith(f"# Kundebrief: {NAME}\n")
    assert "## Overblik før forhandlingen" in danish.text
    assert f'filename="brief-{jensen}.md"' in english.headers["content-disposition"]
    assert english.text.startswith(f"# Customer brief: {NAME}\n")


def test_the_brief_page_switches_language_and_says_which_it_speaks(sales, jensen):
    url = f"/ui/customers/{jensen}/brief"

    danish = sales.get(url, params={"lang": "da"})
    english = sales.get(url)

    assert danish.headers["content-language"] == "da"
    assert danish.text.startswith('<!doctype html>\n<html lang="da">')
    assert '<header class="site-header" lang="en">' in danish.text  # the English menu
    assert "<h1>Forhandlingsbrief: Jensen Byg Ærøskøbing ApS</h1>" in danish.text
    assert "Overblik før forhandlingen" in danish.text and "Begrundelse" in danish.text
    assert re.search(r'<a href="\?lang=en" lang="en" hreflang="en">English</a>', danish.text)
    assert re.search(r'href="\?lang=da"[^>]*aria-current="true">Dansk</a>', danish.text)
    # A language the reader named is kept by the page's links; the file is in it too.
    assert f'href="/api/v1/customers/{jensen}/brief.md?lang=da"' in danish.text
    assert english.text.startswith('<!doctype html>\n<html lang="en">')
    assert '<header class="site-header">' in english.text
    assert "Negotiation summary" in english.text
    assert re.search(r'href="\?lang=en"[^>]*aria-current="true">English</a>', english.text)
    assert f'href="/api/v1/customers/{jensen}/brief.md"' in english.text
    by_browser = sales.get(url, headers={"Accept-Language": "da-DK"})
    assert by_browser.text.startswith('<!doctype html>\n<html lang="da">')
    assert f'href="/api/v1/customers/{jensen}/brief.md"' in by_browser.text  # the browser's


def test_the_language_switch_keeps_the_interviews_left_out_or_taken_in(sales, jensen):
    page = sales.get(
        f"/ui/customers/{jensen}/brief", params={"lang": "da", "include_empty": "true"}
    ).text

    assert 'href="?include_empty=true&amp;lang=en"' in page
    assert 'href="?lang=da">Udelad dem</a>' in page
    assert "brief.md?include_empty=true&amp;lang=da" in page


def test_management_pages_show_danish_quotes_and_find_them(sales, jensen):
    interview = sales.get("/ui/interviews/da-1")
    listed = sales.get("/ui/interviews")
    transcript = sales.get("/api/v1/interviews/da-1/transcript")
    exported = sales.get("/api/v1/customers/export")
    record = sales.get("/api/v1/interviews/da-1")

    for said in (DANISH_WISH, f"{DANISH_WHY} Øv!", "ja, præcis", NAME):
        assert said.encode() in interview.content, said
    assert NAME.encode() in listed.content
    assert "text/plain; charset=utf-8" == transcript.headers["content-type"]
    assert f"user: {DANISH_WISH}\n".encode() in transcript.content
    assert exported.content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets expect
    assert f"JB-1,{NAME},".encode() in exported.content
    assert DANISH_WISH.encode() in record.content
    assert record.json()["wishes"][0]["text"] == DANISH_WISH
    # Found by its Danish letters in either case, on SQLite as on PostgreSQL.
    for query in ("Ærø", "ærø", "VÆRKSTEDET"):
        found = sales.get("/ui/interviews", params={"q": query}).text
        assert "/ui/interviews/da-1" in found, query


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("da", "da"),
        ("da-DK", "da"),
        ("DA-dk;q=0.8, en;q=0.7", "da"),
        ("en-US,en;q=0.9,da;q=0.8", "en"),
        ("nb-NO, da;q=0.5, en;q=0.4", "da"),
        ("de, *;q=0.5", "en"),
        ("da;q=0.5, en;q=0.5", "da"),  # the first listed among equals
        ("da;q=abc, en", "en"),  # a weight that cannot be read counts for nothing
        ("da;q=0", "en"),
        ("!!!, da", "da"),
    ],
)
def test_accept_language_is_read_as_browsers_send_it(header, language):
    assert from_accept_language(header) == language


def test_the_api_offers_the_languages_briefs_are_written_in():
    assert get_args(BriefLanguage) == LANGUAGES
