"""Many conversations at once on PostgreSQL, through the real servers: no turn is lost.

Several employees of one customer answering an invitation together used to deadlock in the
action server, and Rasa answered the lost turns with an empty 200.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

TURNS = (
    "we need shorter lead times",
    "it would just be easier",
    "our sales jump around every week and the forecast is always wrong",
    "no",
)


async def _conversation(client: httpx.AsyncClient, url: str, sender: str, customer: str) -> None:
    for i, text in enumerate(TURNS):
        payload = {"sender": sender, "message": text}
        if i == 0:
            payload["metadata"] = {"customer": customer, "role": "customer"}
        response = await client.post(url, json=payload, timeout=120)
        assert response.status_code == 200
        assert [r.get("text") for r in response.json()], f"empty reply to {text!r} of {sender}"


async def _run(url: str, conversations: dict[str, str], headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(headers=headers) as client:
        await asyncio.gather(*(_conversation(client, url, s, c) for s, c in conversations.items()))


@pytest.mark.parametrize("customers", [1, 12], ids=["one-customer", "many-customers"])
def test_concurrent_conversations_are_stored_once_and_in_order(postgres_stack, customers):
    run = uuid.uuid4().hex[:6]
    conversations = {f"load-{run}-{i}": f"Load {run} {i % customers}" for i in range(12)}

    url = f"{postgres_stack.settings.rasa_url}/webhooks/rest/webhook"
    asyncio.run(_run(url, conversations, postgres_stack.rest_headers))

    for sender in conversations:
        response = httpx.get(f"{postgres_stack.api_url}/api/v1/interviews/{sender}", timeout=10)
        turns = response.json()["turns"]
        assert [t["text"] for t in turns if t["speaker"] == "user"] == list(TURNS), sender
        assert [t["seq"] for t in turns] == list(range(1, len(turns) + 1)), sender
