"""How a question with buttons is laid out for Teams and Slack: every button offered and
shown (Teams shows six to a hero card, Slack 25 to an actions block), the question whole,
and each button's explanation (a customer's need buttons have one) beside the question.

The channel modules run in Rasa's Python, so each case runs there in a subprocess; the
e2e tests in test_teams.py and test_slack.py check the same through the real servers."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

from assistant.config import PROJECT_ROOT
from ops.processes import RASA_PYTHON

LAYOUT = """
import asyncio, json, sys
from channels.botframework import hero_cards
from channels.slack import SlackOutput

buttons = json.loads(sys.argv[1])
posted = []
class Recorder(SlackOutput):
    async def _post_message(self, channel, **kwargs):
        posted.append(kwargs)
asyncio.run(Recorder("xoxb-t").send_text_with_buttons("c1", sys.argv[2], buttons))
print(json.dumps({"teams": hero_cards(sys.argv[2], buttons), "slack": posted[0]["blocks"]}))
"""


def layout(text: str, buttons: list[dict]) -> dict:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(LAYOUT), json.dumps(buttons), text],
        cwd=PROJECT_ROOT,
        env={**os.environ, "SLACK_API_URL": "http://127.0.0.1:9/"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


WISHES = [{"title": f"Wish {i}", "payload": f'/choose_wish{{"wish": "w{i}"}}'} for i in range(11)]
NONE = {"title": "None of these", "payload": "/none_of_these"}


def test_twelve_buttons_come_six_to_a_teams_card_with_the_question_on_the_first():
    question = "Which of these comes closest to what you'd like? Tom & Co's “<b>” order"
    cards = layout(question, [*WISHES, NONE])["teams"]

    assert [len(c["content"]["buttons"]) for c in cards] == [6, 6]
    titles = [b["title"] for c in cards for b in c["content"]["buttons"]]
    assert titles == [*(w["title"] for w in WISHES), "None of these"]
    assert all(c["contentType"] == "application/vnd.microsoft.card.hero" for c in cards)
    # The whole question as the card's text (a subtitle is cut after two lines), HTML-escaped.
    assert cards[0]["content"]["text"] == (
        "Which of these comes closest to what you'd like? Tom &amp; Co's “&lt;b&gt;” order"
    )
    assert "text" not in cards[1]["content"] and "subtitle" not in cards[0]["content"]
    click = cards[1]["content"]["buttons"][-1]
    assert click == {"type": "messageBack", "title": "None of these",
                     "text": "/none_of_these", "displayText": "None of these"}  # fmt: skip


def test_line_breaks_of_a_question_stay_line_breaks_in_the_cards_html():
    [card] = layout("Segment A: 4 customers\nSegment B: 2 customers", WISHES[:1])["teams"]
    assert card["content"]["text"] == "Segment A: 4 customers<br>Segment B: 2 customers"


def test_a_question_with_up_to_six_buttons_is_one_card():
    cards = layout("Customer or sales rep?", WISHES[:6])["teams"]
    assert [len(c["content"]["buttons"]) for c in cards] == [6]


def test_explanations_are_listed_under_the_question_on_both_channels():
    needs = [
        {"title": "Little room", "payload": "/n1", "explanation": "Your store <room> is small"},
        {"title": "Cash tied up", "payload": "/n2", "explanation": "Stock ties up money"},
        NONE,
    ]
    shown = layout("Which of these comes closest?", needs)

    [card] = shown["teams"]
    assert card["content"]["text"] == (
        "<p>Which of these comes closest?</p><ul>"
        "<li><strong>Little room</strong>: Your store &lt;room&gt; is small</li>"
        "<li><strong>Cash tied up</strong>: Stock ties up money</li></ul>"
    )
    question, explained, actions = shown["slack"]
    assert question["text"] == {"type": "plain_text", "text": "Which of these comes closest?"}
    assert explained["text"] == {
        "type": "mrkdwn",
        "text": "*Little room*: Your store &lt;room&gt; is small\n"
        "*Cash tied up*: Stock ties up money",
    }
    assert [e["value"] for e in actions["elements"]] == ["/n1", "/n2", "/none_of_these"]


def test_buttons_without_explanations_get_no_list():
    shown = layout("Is that right?", [{"title": "Yes", "payload": "/affirm"}])
    assert shown["teams"][0]["content"]["text"] == "Is that right?"
    assert [b["type"] for b in shown["slack"]] == ["section", "actions"]
