"""Small helpers shared by the test modules."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import delete

from assistant.access import create_key
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.models import ApiKey, ApiRole
from ops.stack import free_port

__all__ = ["customer_with_a_confirmed_need", "free_port", "passing_key"]

# A customer's own interview that the need model settles on storage_constraint.
_WISH = "we want to order half pallets instead of full ones"
_WHY = "the back room is tiny, there's no space for pallets"


def customer_with_a_confirmed_need(stack: Any, name: str | None = None) -> dict[str, Any]:
    """A new customer (through the API) who confirmed a need in their own interview, held
    over REST as an integration speaking for them; the customer's JSON, plus `need`."""
    name = name or f"Brief Foods {uuid.uuid4().hex[:6]}"
    external_id = f"BF-{uuid.uuid4().hex[:8]}"
    customer = httpx.post(
        f"{stack.api_url}/api/v1/customers",
        json={"external_id": external_id, "name": name, "industry": "food"},
        timeout=10,
    )
    customer.raise_for_status()
    sender = f"own-{uuid.uuid4().hex[:10]}"

    def say(text: str) -> list[dict[str, Any]]:
        response = httpx.post(
            f"{stack.settings.rasa_url}/webhooks/rest/webhook",
            json={
                "sender": sender,
                "message": text,
                "metadata": {"customer": external_id, "role": "customer"},
            },
            headers=stack.rest_headers,
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    say("hello")
    say(_WISH)
    replies = say(_WHY)
    confirm = next(
        (
            b["payload"]
            for r in replies
            for b in r.get("buttons") or []
            if b.get("payload", "").startswith("/confirm_need")
        ),
        None,
    )
    assert confirm is not None, f"no need proposed to confirm: {replies}"
    say(confirm)
    need = confirm.split('"need":"', 1)[1].split('"', 1)[0]
    return {**customer.json(), "need": need}


@contextmanager
def passing_key(database_url: str, name: str, role: ApiRole = ApiRole.SALES) -> Iterator[str]:
    """A key of `role` in the stack's database while the block runs; then its row is deleted,
    so the stack's API is open again for the tests that use it without keys."""
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        issued = create_key(session, name, role, actor="test")
    try:
        yield issued.secret
    finally:
        with transaction(sessions) as session:
            session.execute(delete(ApiKey).where(ApiKey.id == issued.id))
        engine.dispose()
