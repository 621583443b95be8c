"""GET /api/v1/interviews/{conversation_id}/quality and GET /api/v1/quality."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from math import log2

import pytest

from assistant.interview.vocabulary import InterviewStatus, Role
from assistant.needs.results import Candidate
from assistant.reports.quality_store import save_quality
from assistant.store.db import transaction
from assistant.store.models import Speaker, Turn
from assistant.turns import IncomingMessage
from tests.assistant.reports.conftest import Factory

START = datetime(2026, 2, 3, 10, tzinfo=UTC)
# wordfreq.word_frequency(word, "en", "large"), wordfreq 3.1.1
FREQ = {"we": 0.00347, "need": 0.000933, "shorter": 1.66e-05, "lead": 0.000158,
        "times": 0.000363, "no": 0.00224, "hi": 0.0001}  # fmt: skip


def _bits(text: str) -> float:
    return sum(log2(1 / FREQ[w]) for w in text.split())


def _record(session, factory, conversation, role, status, started, turns, wishes) -> None:
    interview = factory.interview(None, started_at=started)
    interview.conversation_id, interview.role, interview.status = conversation, role, status
    for code, findings, probed in wishes:
        candidates = [Candidate("demand_uncertainty", 0.8)] if probed else []
        factory.wish(interview, code, findings, candidates=candidates)
    for seq, (speaker, text, seconds) in enumerate(turns, start=1):
        session.add(
            Turn(
                interview=interview, seq=seq, speaker=speaker, text=text, channel="rest",
                source_key=f"{conversation}-{seq}", created_at=started + timedelta(seconds=seconds),
            )
        )  # fmt: skip
    session.flush()
    save_quality(session, interview)


@pytest.fixture
def recorded(sessions) -> None:
    """A rep's completed interview and a customer's abandoned one, with known figures."""
    with transaction(sessions) as session:
        f = Factory(session)
        _record(
            session, f, "done", Role.SALES_REP, InterviewStatus.COMPLETED, START,
            turns=[
                (Speaker.USER, "we need shorter lead times", 0),
                (Speaker.BOT, "Why?", 1),
                (Speaker.USER, '/confirm_need{"need":"demand_uncertainty"}', 30),  # a click
                (Speaker.BOT, "Anything else?", 31),
                (Speaker.USER, "no", 60),
                (Speaker.BOT, "Anything else?", 61),  # a repeat
            ],
            wishes=[
                ("shorter_lead_time",
                 [("storage_constraint", "rejected"), ("demand_uncertainty", "confirmed")], True),
                ("urgent_orders", [(None, "unresolved")], False),
            ],
        )  # fmt: skip
        _record(
            session, f, "left", Role.CUSTOMER, InterviewStatus.IN_PROGRESS,
            START + timedelta(days=1),
            turns=[(Speaker.USER, "hi", 0), (Speaker.BOT, "Why?", 1)],
            wishes=[("small_orders", [], True)],
        )  # fmt: skip


def test_one_interviews_quality(client, recorded):
    response = client.get("/api/v1/interviews/done/quality")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["stored"]) == ("completed", "completed", True)
    per_wish = [
        (w["outcome"], w["need"], w["probes"], w["wrong_proposals"]) for w in body["per_wish"]
    ]
    assert per_wish == [("confirmed", "demand_uncertainty", 1, 1), ("unresolved", None, 0, 0)]
    assert (body["wishes"], body["confirmed"], body["unresolved"], body["open"]) == (2, 1, 1, 0)
    assert body["confirmation_rate"] == 1 / 2 and body["unresolved_share"] == 1 / 2
    assert body["wrong_proposals"] == 1
    assert body["probes_to_confirmation_mean"] == 1 == body["probes_to_confirmation_median"]
    assert (body["answers"], body["answer_words"]) == (2, 5 + 1)  # the click is no answer
    assert body["words_per_answer"] == 6 / 2
    assert body["answer_bits"] == pytest.approx(_bits("we need shorter lead times") + _bits("no"))
    assert (body["bot_utterances"], body["repeated_bot_utterances"]) == (3, 1)
    assert body["repetition_rate"] == 1 / 3
    assert body["duration_seconds"] == 61
    assert body["abandoned_after_hours"] == 24


def test_an_interview_left_for_a_day_is_abandoned(client, recorded):
    body = client.get("/api/v1/interviews/left/quality").json()

    assert (body["status"], body["outcome"]) == ("in_progress", "abandoned")
    assert body["per_wish"][0]["outcome"] == "open"


def test_a_live_interviews_quality_follows_its_turns(client, service):
    for i, text in enumerate(["hello", "we need shorter lead times"]):
        service.handle_message(
            IncomingMessage("live", text, "rest", message_id=f"m{i}",
                            metadata={"customer": "Acme", "role": "customer"})
        )  # fmt: skip

    body = client.get("/api/v1/interviews/live/quality").json()

    assert (body["outcome"], body["stored"], body["answers"]) == ("in_progress", True, 2)
    assert body["wishes"] == 1 and body["per_wish"][0]["outcome"] == "open"


def test_unknown_or_malformed_conversation(client):
    assert client.get("/api/v1/interviews/nobody/quality").status_code == 404
    assert client.get("/api/v1/interviews/" + "x" * 201 + "/quality").status_code == 422


def test_the_summary_pools_every_interview(client, recorded):
    response = client.get("/api/v1/quality")

    assert response.status_code == 200
    body = response.json()
    outcomes = ("completed", "paused", "abandoned", "in_progress")
    assert (body["interviews"], *(body[o] for o in outcomes)) == (2, 1, 0, 1, 0)
    assert (body["wishes"], body["confirmed"], body["unresolved"], body["open"]) == (3, 1, 1, 1)
    assert body["confirmation_rate"] == 1 / 3
    assert body["wrong_proposals_per_interview"] == 1 / 2
    assert body["probe_counts"] == [{"probes": 1, "wishes": 1}]
    assert (body["answers"], body["answer_words"]) == (2 + 1, 6 + 1)
    assert body["words_per_answer"] == 7 / 3
    assert body["bits_per_answer"] == pytest.approx(
        (_bits("we need shorter lead times") + _bits("no") + _bits("hi")) / 3
    )
    assert body["repetition_rate"] == 1 / (3 + 1)
    assert body["median_duration_seconds"] == 61  # of the completed interview only


def test_the_summary_takes_the_interview_filters(client, recorded):
    def summary(**params) -> dict:
        response = client.get("/api/v1/quality", params=params)
        assert response.status_code == 200
        return response.json()

    assert summary(role="sales_rep")["interviews"] == 1
    assert summary(role="customer")["abandoned"] == 1
    assert summary(status="completed")["confirmed"] == 1
    assert summary(started_from="2026-02-04")["interviews"] == 1
    assert summary(started_to="2026-02-01")["interviews"] == 0
    assert summary(started_to="2026-02-01")["confirmation_rate"] is None
    assert summary(counted="false")["interviews"] == 1  # "left" has no finding


@pytest.mark.parametrize(
    "params", [{"role": "manager"}, {"status": "done"}, {"started_from": "123"}, {"customer_id": 0}]
)
def test_bad_summary_filters_are_422(client, params):
    response = client.get("/api/v1/quality", params=params)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]


def test_quality_needs_a_key_and_any_role_reads_it(anonymous, keys):
    assert anonymous.get("/api/v1/quality").status_code == 401
    assert anonymous.get("/api/v1/quality", headers={"X-API-Key": keys["sales"]}).status_code == 200


# -- pages ------------------------------------------------------------------------------------


def _section(html: str, element_id: str) -> str:
    """The text of the element with this id, up to its closing tag (tags kept)."""
    start = html.index(f'id="{element_id}"')
    tag = html[html.rindex("<", 0, start) + 1 : start].split()[0]
    return html[start : html.index(f"</{tag}>", start)]


def test_the_interview_page_shows_how_it_went(client, recorded):
    page = client.get("/ui/interviews/done")

    assert page.status_code == 200
    quality = " ".join(_section(page.text, "quality").split())
    assert 'badge-completed">completed' in quality
    assert "1 of 2 wishes (50%)" in quality
    assert "1 (50%)" in quality  # unresolved
    assert "1 (median 1.0)" in quality  # probes until confirmed
    assert "2, 3.0 words each" in quality
    assert "1 of 3 messages (33%)" in quality
    assert "1 min 1 s" in quality


def test_the_interview_page_calls_a_forgotten_interview_abandoned(client, recorded):
    page = client.get("/ui/interviews/left")

    assert 'badge-abandoned">abandoned' in _section(page.text, "quality")


def test_the_quality_page_sums_up_compares_roles_and_lists_interviews(client, recorded):
    page = client.get("/ui/quality")

    assert page.status_code == 200
    summary = " ".join(_section(page.text, "summary").split())
    assert "2: 1 completed, 0 paused, 1 abandoned, 0 in progress" in summary
    assert "1 of 3 wishes (33%)" in summary
    assert "1 (0.50 per interview)" in summary
    roles = _section(page.text, "by-role")  # columns: customers, sales reps, all
    assert '<th scope="row">Abandoned</th><td>1</td><td>0</td><td>1</td>' in roles
    assert '<th scope="row">Needs confirmed</th><td>0%</td><td>50%</td><td>33%</td>' in roles
    assert "1 of 4 messages (25%)" in summary
    listed = _section(page.text, "interview-quality")
    assert 'href="/ui/interviews/done"' in listed and 'href="/ui/interviews/left"' in listed


def test_the_quality_page_filters_by_role_and_whole_days(client, recorded):
    def listed(**params) -> list[str]:
        page = client.get("/ui/quality", params=params)
        assert page.status_code == 200
        return [c for c in ("done", "left") if f'href="/ui/interviews/{c}"' in page.text]

    assert listed(role="customer") == ["left"]
    assert listed(started_to="2026-02-03") == ["done"]  # the "to" day counts whole
    assert listed(started_from="2026-02-04") == ["left"]
    assert listed(role="", status="", started_from="", started_to="") == ["done", "left"]
    assert 'id="by-role"' not in client.get("/ui/quality", params={"role": "customer"}).text


def test_the_quality_page_refuses_a_malformed_date(client):
    assert client.get("/ui/quality", params={"started_from": "soon"}).status_code == 422
