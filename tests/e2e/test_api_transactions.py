"""The API's transactions against the real servers (SQLite).

A client that stalls a streamed export blocks nobody: the export used to hold SQLite's
write lock until its last byte was read, and every chat turn and API write then failed with
"database is locked" after 30 s. And a response is sent only after its transaction
committed: a DELETE used to answer 200 while the row was still there.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import insert

from assistant.store.db import make_engine
from assistant.store.models import Customer

pytestmark = pytest.mark.e2e

ROWS = 200_000  # ~9 MB of CSV: more than the sockets buffer, so the server must wait


def test_a_stalled_export_blocks_no_chat_turn_and_no_write(stack, chat):
    engine = make_engine(stack.settings.database_url)
    run = uuid.uuid4().hex[:8]
    with engine.begin() as connection:
        connection.execute(
            insert(Customer),
            [{"external_id": f"bulk-{run}-{i}", "name": f"Bulk {i}"} for i in range(ROWS)],
        )
    engine.dispose()

    with httpx.stream("GET", f"{stack.api_url}/api/v1/customers/export", timeout=30) as export:
        assert export.status_code == 200
        next(export.iter_bytes())  # one chunk read, then the client stalls

        created = httpx.post(
            f"{stack.api_url}/api/v1/customers",
            json={"external_id": f"new-{run}", "name": "Arrived meanwhile"},
            timeout=10,
        )
        replies = chat(f"stall-{run}", "we need shorter lead times", role="customer")

    assert created.status_code == 201, created.text
    assert replies and replies[0].get("text")


def test_what_a_write_answered_is_already_committed(stack):
    api = f"{stack.api_url}/api/v1/customers"
    run = uuid.uuid4().hex[:8]
    with httpx.Client(timeout=10) as client:
        for i in range(30):
            created = client.post(api, json={"external_id": f"tx-{run}-{i}", "name": "Tx"})
            assert client.get(f"{api}/{created.json()['id']}").status_code == 200
            assert client.delete(f"{api}/{created.json()['id']}").status_code == 200
            assert client.get(f"{api}/{created.json()['id']}").status_code == 404, i
