"""GET /api/v1/interviews/{conversation_id}."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.reports.interview_csv import COLUMNS
from assistant.taxonomy import load_taxonomy
from assistant.turns import IncomingMessage


def record(service, *texts: str, conversation: str = "t1", **metadata) -> None:
    for i, text in enumerate(texts):
        service.handle_message(
            IncomingMessage(conversation, text, "socketio", message_id=f"m{i}", metadata=metadata)
        )


def test_interview_with_its_turns(client, service):
    record(service, "hello", "we need half pallets", customer="Acme", role="customer")

    response = client.get("/api/v1/interviews/t1")

    assert response.status_code == 200
    body = response.json()
    assert body["customer"] == "Acme"
    assert body["role"] == "customer"
    assert body["channel"] == "socketio"
    assert [(t["speaker"], t["text"]) for t in body["turns"]][::2] == [
        ("user", "hello"),
        ("user", "we need half pallets"),
    ]
    assert body["turns"][0]["created_at"].endswith(("+00:00", "Z"))


def test_unknown_conversation_is_404_with_clear_message(client):
    response = client.get("/api/v1/interviews/nobody")

    assert response.status_code == 404
    assert response.json() == {"detail": "No interview with conversation id 'nobody'."}


def test_oversized_conversation_id_is_422(client):
    response = client.get("/api/v1/interviews/" + "x" * 201)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversation_id"]


def test_interviews_are_filtered_by_status_and_role(client, service):
    record(service, "hello", conversation="rep", customer="Acme", role="sales_rep")
    record(service, "hello", conversation="own", customer="Bolt", role="customer")
    service.handle_message(IncomingMessage("own", "stop", "socketio", "m9", intent="stop"))

    def listed(**params) -> list[str]:
        response = client.get("/api/v1/interviews", params=params)
        assert response.status_code == 200
        return [row["conversation_id"] for row in response.json()["data"]]

    assert sorted(listed()) == ["own", "rep"]
    assert listed(role="sales_rep") == ["rep"]
    assert listed(role="customer", status="in_progress") == []
    assert listed(status="paused") == ["own"]


@pytest.mark.parametrize("params", [{"status": "done"}, {"role": "manager"}, {"status": ""}])
def test_unknown_status_or_role_filter_is_422(client, params):
    response = client.get("/api/v1/interviews", params=params)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]


@pytest.mark.parametrize("started_from", ["2026-01-01", "2026-01-01T08:00:00"])
def test_a_date_without_a_time_zone_is_read_as_utc(client, service, started_from):
    record(service, "hello", conversation="early")

    response = client.get("/api/v1/interviews", params={"started_from": started_from})

    assert response.status_code == 200
    assert response.json()["count"] == 1  # recorded now, long after 2026-01-01


def _claimed(service, conversation: str, company: str) -> None:
    record(service, "hello", conversation=conversation, role="customer")
    service.handle_message(IncomingMessage(conversation, company, "socketio", "m-company"))


def test_an_admin_links_a_claimed_conversation_to_a_customer(client, sales, service):
    _claimed(service, "claim", "Acme Foods")
    acme = client.post("/api/v1/customers", json={"external_id": "A1", "name": "Acme Foods"})

    waiting = client.get("/api/v1/interviews", params={"claimed": "true"}).json()["data"]
    forbidden = sales.put("/api/v1/interviews/claim/customer", json={"customer_id": 1})
    linked = client.put(
        "/api/v1/interviews/claim/customer", json={"customer_id": acme.json()["id"]}
    )

    assert [(i["conversation_id"], i["claimed_customer"]) for i in waiting] == [
        ("claim", "Acme Foods")
    ]
    assert forbidden.status_code == 403
    assert linked.status_code == 200
    assert (linked.json()["customer"], linked.json()["claimed_customer"]) == ("Acme Foods", None)
    assert client.get("/api/v1/interviews", params={"claimed": "true"}).json()["count"] == 0
    other = client.post("/api/v1/customers", json={"external_id": "B2", "name": "Other"})
    again = client.put(
        "/api/v1/interviews/claim/customer", json={"customer_id": other.json()["id"]}
    )
    assert again.status_code == 409


def test_an_admin_discards_a_claim(client, service):
    _claimed(service, "claim", "Who Knows Ltd")

    assert client.delete("/api/v1/interviews/claim/claim").status_code == 204
    assert client.get("/api/v1/interviews/claim").json()["claimed_customer"] is None
    assert client.delete("/api/v1/interviews/nobody/claim").status_code == 404
    assert client.get("/api/v1/customers").json()["count"] == 0


def test_a_clicked_button_is_shown_by_its_title_and_a_typed_payload_as_typed(client, service):
    stale = '/confirm_need{"need":"admin_burden"}'  # no button of this interview sends it
    record(service, "hello", '/set_role{"role":"sales_rep"}', "Nordic Bakeries", stale)

    turns = client.get("/api/v1/interviews/t1").json()["turns"]
    transcript = client.get("/api/v1/interviews/t1/transcript").text
    page = client.get("/ui/interviews/t1").text

    user = [(t["text"], t["clicked"]) for t in turns if t["speaker"] == "user"]
    assert user == [
        ("hello", None),
        ('/set_role{"role":"sales_rep"}', "I'm a sales rep"),
        ("Nordic Bakeries", None),
        (stale, None),
    ]
    assert all(t["clicked"] is None for t in turns if t["speaker"] == "bot")
    assert "user: I'm a sales rep\n" in transcript
    assert "/set_role" not in transcript
    assert "I&#39;m a sales rep <small" in page
    assert "/set_role" not in page


def test_a_role_clicked_under_the_chat_pages_greeting_is_shown_by_its_title(client, service):
    # The page shows the role question itself: no recorded turn carries its buttons.
    record(service, '/set_role{"role":"customer"}', conversation="t2")

    (first, *_) = client.get("/api/v1/interviews/t2").json()["turns"]

    assert (first["speaker"], first["clicked"]) == ("user", "I'm the customer")


def test_interviews_are_found_by_text_and_labelled_with_needs_and_counting(client, service):
    record(service, "hi", conversation="hello", customer="Acme Foods", role="customer")
    record(
        service,
        "we need shorter lead times",
        "our sales jump around every week and the forecast is always wrong",
        '/confirm_need{"need":"demand_uncertainty"}',
        conversation="real",
        customer="Bolt Tools",
        role="customer",
    )

    def listed(**params) -> dict[str, dict]:
        response = client.get("/api/v1/interviews", params=params)
        assert response.status_code == 200
        return {row["conversation_id"]: row for row in response.json()["data"]}

    rows = listed()
    assert (rows["real"]["counted"], rows["real"]["needs"]) == (True, ["demand_uncertainty"])
    assert (rows["hello"]["counted"], rows["hello"]["needs"]) == (False, [])
    assert set(listed(q="FORECAST")) == {"real"}  # what the person wrote
    assert set(listed(q="acme")) == {"hello"}  # the customer's name
    assert set(listed(counted="false")) == {"hello"}
    assert client.get("/api/v1/interviews", params={"q": "x" * 201}).status_code == 422


def test_each_interview_says_the_language_it_is_held_in(client, service):
    customer = client.post(
        "/api/v1/customers", json={"external_id": "J1", "name": "Jensen Byg", "language": "da"}
    ).json()
    invitation = client.post(f"/api/v1/customers/{customer['id']}/invitations").json()
    record(service, "hello", "vi vil gerne have halvpaller", conversation="da1",
           invite=invitation["token"])  # fmt: skip
    record(service, "we need half pallets", conversation="en1", customer="Acme", role="customer")
    record(service, "hej", "in English please", conversation="da2", locale="da-DK")

    languages = {
        row["conversation_id"]: row["language"]
        for row in client.get("/api/v1/interviews").json()["data"]
    }
    assert languages == {"da1": "da", "en1": "en", "da2": "en"}  # da2 switched to English
    body = client.get("/api/v1/interviews/da1").json()
    assert (body["language"], body["customer"]) == ("da", "Jensen Byg")
    assert body["wishes"][0]["text"] == "vi vil gerne have halvpaller"  # as typed


def exported(client, path: str = "/api/v1/interviews.csv", **params) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(response.text.removeprefix("\ufeff"))))


def test_interviews_export_as_csv_one_row_per_wish_with_its_need(sales, service):
    record(service, "we need half pallets", "our back room is tiny, there is no space for pallets",
           "/affirm", conversation="found", customer="Acme", role="customer")  # fmt: skip
    record(service, "hello", conversation="greeted", customer="Bolt", role="sales_rep")

    rows = exported(sales)

    assert list(rows[0]) == list(COLUMNS)
    by_id = {row["conversation_id"]: row for row in rows}
    assert len(rows) == len(by_id) == 2
    found = by_id["found"]
    wish = service.get_interview("found").wishes[0]
    assert wish["need"]["status"] == "confirmed"  # the script reached a confirmed need
    assert (found["wish"], found["said"], found["need"], found["need_status"]) == (
        wish["code"],
        wish["text"],
        wish["need"]["code"],
        "confirmed",
    )
    taxonomy = load_taxonomy()
    assert found["wish_label"] == taxonomy.wish_label(wish["code"])
    assert found["need_label"] == taxonomy.need_label(wish["need"]["code"])
    assert (found["customer"], found["role"], found["wish_number"]) == ("Acme", "customer", "1")
    assert int(found["probes"]) == len(wish["ladder"]) >= 1
    assert found["counted"] == "yes"
    greeted = by_id["greeted"]  # no wish: one row all the same, its wish columns empty
    assert greeted["role"] == "sales_rep" and greeted["counted"] == "no"
    assert all(greeted[c] == "" for c in COLUMNS[COLUMNS.index("wish_number") :])


def test_the_export_takes_the_lists_filters(client, service):
    record(service, "hello", conversation="rep", customer="Acme", role="sales_rep")
    record(service, "we need half pallets", conversation="own", customer="Bolt", role="customer")

    assert [r["conversation_id"] for r in exported(client, role="customer")] == ["own"]
    assert [r["conversation_id"] for r in exported(client, q="half pallets")] == ["own"]
    assert exported(client, status="completed") == []
    assert client.get("/api/v1/interviews.csv", params={"role": "boss"}).status_code == 422


def test_the_export_never_hands_a_spreadsheet_a_formula(client, service):
    record(service, "=HYPERLINK(\"http://x\",\"y\") we need half pallets", conversation="f",
           customer="Acme", role="customer")  # fmt: skip

    [row] = exported(client)

    assert row["said"].startswith("'=HYPERLINK(")


def test_an_interview_named_export_is_still_read_by_its_id(client, service):
    record(service, "hello", conversation="export", customer="Acme", role="customer")

    assert client.get("/api/v1/interviews/export").json()["conversation_id"] == "export"
    assert [r["conversation_id"] for r in exported(client)] == ["export"]


def test_the_export_needs_a_key(anonymous, keys):
    assert anonymous.get("/api/v1/interviews.csv").status_code == 401
    assert anonymous.get("/ui/interviews.csv", follow_redirects=False).status_code in (303, 401)


def test_the_interviews_page_exports_what_it_lists(client, service):
    record(service, "hello", conversation="rep", customer="Acme", role="sales_rep")
    record(service, "we need half pallets", conversation="own", customer="Bolt", role="customer")

    page = client.get("/ui/interviews", params={"role": "customer"})
    assert 'href="/ui/interviews.csv?role=customer"' in page.text

    rows = exported(client, "/ui/interviews.csv", role="customer", started_to="2999-12-31")
    assert [r["conversation_id"] for r in rows] == ["own"]
