"""Reports over HTTP: overview, segments, complexity, briefs (JSON and Markdown)."""

from __future__ import annotations

import pytest

from assistant.store.db import transaction
from tests.assistant.reports.conftest import Factory


@pytest.fixture
def data(sessions):
    """Three customers sharing demand uncertainty, one with storage too, one with nothing."""
    with transaction(sessions) as session:
        f = Factory(session)
        ids = {
            "a": f.customer_with_needs("demand_uncertainty", name="Alpha", industry="food").id,
            "b": f.customer_with_needs("demand_uncertainty", name="Beta", industry="food").id,
            "c": f.customer_with_needs(
                "demand_uncertainty", "storage_constraint", name="Gamma", industry="retail"
            ).id,
            "none": f.customer(name="Nobody").id,
        }
    return ids


def test_segments_group_customers_by_confirmed_needs(client, data):
    body = client.get("/api/v1/segments", params={"min_size": 2}).json()

    (segment,) = body["segments"]
    assert segment["id"] == "demand_uncertainty"
    assert {c["name"] for c in segment["customers"]} == {"Alpha", "Beta", "Gamma"}
    assert [p["code"] for p in segment["package"]] == ["collaborative_planning"]
    assert [c["name"] for c in body["unsegmented"]] == ["Nobody"]


def test_min_size_is_a_parameter(client, data):
    body = client.get("/api/v1/segments", params={"min_size": 4}).json()

    assert body["segments"] == []
    assert body["individual_count"] == 3


def test_complexity_counts_wishes_needs_and_solutions(client, data):
    overall = client.get("/api/v1/complexity").json()["overall"]

    assert overall["real_needs"] == 2 and overall["standard_solutions"] == 2
    assert overall["headline"].startswith("From ")


def test_overview_by_attribute(client, data):
    body = client.get("/api/v1/needs/overview", params={"by": "industry"}).json()

    groups = {g["value"]: g for g in body["groups"]}
    assert set(groups) >= {"food", "retail"}
    food = {n["code"]: n["confirmed"] for n in groups["food"]["needs"]}
    assert food["demand_uncertainty"] == 2


def test_overview_refuses_unknown_attribute(client):
    assert client.get("/api/v1/needs/overview", params={"by": "colour"}).status_code == 422


def test_brief_as_json_and_markdown(sales, data):
    customer_id = data["c"]

    body = sales.get(f"/api/v1/customers/{customer_id}/brief").json()
    assert body["customer"]["name"] == "Gamma"
    assert {w["need"]["code"] for w in body["wishes"]} == {
        "demand_uncertainty",
        "storage_constraint",
    }

    md = sales.get(f"/api/v1/customers/{customer_id}/brief.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert f'filename="brief-{customer_id}.md"' in md.headers["content-disposition"]
    assert "Gamma" in md.text and "Collaborative planning" in md.text


def test_brief_of_unknown_customer_is_404(client):
    response = client.get("/api/v1/customers/424242/brief")

    assert response.status_code == 404
    assert "424242" in response.json()["detail"]


def test_brief_summary_says_who_confirmed_and_leaves_empty_interviews_out(sales, sessions):
    from datetime import UTC, datetime

    from assistant.interview.vocabulary import Role

    with transaction(sessions) as session:
        f = Factory(session)
        customer = f.customer(name="Delta")
        own = f.interview(customer, started_at=datetime(2025, 3, 1, tzinfo=UTC), role=Role.CUSTOMER)
        f.wish(own, "shorter_lead_time", [("demand_uncertainty", "confirmed", "Sales swing.", 0.2)])
        f.wish(f.interview(customer), "urgent_orders", text="Hi")  # nothing found: left out
        customer_id = customer.id
    url = f"/api/v1/customers/{customer_id}/brief"

    body = sales.get(url).json()
    (need,) = body["summary"]["needs"]
    assert need["confirmed_by"] == "Confirmed by the customer on 1 Mar 2025"
    assert need["offer"]["label"] == "Collaborative planning"
    assert need["trades"][0]["text"].endswith("instead of shorter lead times.")
    assert (body["interviews"], body["left_out"], len(body["wishes"])) == (1, 1, 1)
    everything = sales.get(url, params={"include_empty": "true"}).json()
    assert (everything["interviews"], len(everything["wishes"])) == (2, 2)
    markdown = sales.get(f"{url}.md", params={"include_empty": "true"}).text
    assert "> Hi" in markdown and "> Hi" not in sales.get(f"{url}.md").text


def test_overview_and_complexity_take_include_empty(client, sessions):
    with transaction(sessions) as session:
        f = Factory(session)
        f.wish(f.interview(f.customer(industry="food")), "urgent_orders", text="Hello")

    def wishes(**params) -> int:
        body = client.get("/api/v1/needs/overview", params={"by": "industry", **params}).json()
        return sum(w["wishes"] for g in body["groups"] for w in g["wishes"])

    assert (wishes(), wishes(include_empty="true")) == (0, 1)
    overall = client.get("/api/v1/complexity", params={"include_empty": "true"}).json()["overall"]
    assert overall["individual_wishes"] == 1
    assert client.get("/api/v1/complexity").json()["overall"]["individual_wishes"] == 0
