"""The public chat's rate limits, on a clock the test moves (channels/limits.py)."""

from __future__ import annotations

import json
import subprocess

from assistant.config import PROJECT_ROOT
from channels.limits import ChatLimits
from ops.processes import RASA_PYTHON

REDIS_URL = "redis://127.0.0.1:6379/15"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limits(per_session: int, per_address: int, clock: Clock) -> ChatLimits:
    chat = ChatLimits(per_session, per_address)
    for window in (chat.sessions, chat.addresses):
        window._clock = clock
    return chat


def test_a_conversation_over_its_limit_waits_until_its_oldest_message_is_a_minute_old():
    clock = Clock()
    chat = limits(per_session=3, per_address=100, clock=clock)

    assert [chat.admit_now("c1", "10.0.0.1") for _ in range(3)] == [0, 0, 0]
    clock.now += 20
    assert chat.admit_now("c1", "10.0.0.1") == 40  # refused, and not counted
    assert chat.admit_now("c2", "10.0.0.1") == 0  # another conversation is not held up
    clock.now += 40
    assert chat.admit_now("c1", "10.0.0.1") == 0


def test_an_address_over_its_limit_waits_whatever_conversation_it_names():
    clock = Clock()
    chat = limits(per_session=100, per_address=4, clock=clock)

    assert [chat.admit_now(f"c{i}", "10.0.0.1") for i in range(4)] == [0, 0, 0, 0]
    assert chat.admit_now("c-new", "10.0.0.1") == 60
    assert chat.admit_now("c-new", "10.0.0.2") == 0


SHARED = """
import asyncio, json, sys, uuid
from channels.limits import SharedChatLimits

url, per_session, per_address = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
run = uuid.uuid4().hex  # keys of their own: tests never share a budget

async def main():
    # Two Rasa servers, each with its own client, count in the same Redis.
    one, two = (SharedChatLimits(url, per_session, per_address) for _ in range(2))
    out = {}
    out["session"] = [await s.admit(f"c-{run}", f"a-{run}") for s in (one, two, one)]
    out["other_session"] = await two.admit(f"c2-{run}", f"a-{run}")
    servers = enumerate((one, two) * 3)
    out["address"] = [await s.admit(f"c{i}-{run}", f"b-{run}") for i, s in servers]
    burst = SharedChatLimits(url, 100, 10)  # ten servers at once: ten admitted, never eleven
    at_once = (burst.admit(f"d{i}-{run}", f"burst-{run}") for i in range(30))
    admitted = await asyncio.gather(*at_once)
    out["burst"] = sum(1 for wait in admitted if wait == 0)
    down = SharedChatLimits("redis://127.0.0.1:1/0", 1, 1)  # nothing listens: let through
    out["down"] = [await down.admit("c", "a") for _ in range(3)]
    print(json.dumps(out))

asyncio.run(main())
"""


def _shared(per_session: int, per_address: int) -> dict:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", SHARED, REDIS_URL, str(per_session), str(per_address)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_rasa_servers_sharing_redis_share_one_budget():
    out = _shared(per_session=2, per_address=4)

    first, second, third = out["session"]
    assert (first, second) == (0, 0) and 55 <= third <= 60  # the 3rd on either server: refused
    assert out["other_session"] == 0  # the address has budget left for another conversation
    # Address b: 4 messages on two servers together, then refused on both.
    assert [wait == 0 for wait in out["address"]] == [True] * 4 + [False] * 2
    assert out["burst"] == 10  # counted and checked in one step: no race lets an 11th in
    assert out["down"] == [0, 0, 0]


def test_with_a_lock_store_in_redis_the_limits_are_counted_there():
    chosen = """
import os, sys
from channels import limits
os.environ.pop("LOCK_STORE_URL", None)
alone = type(limits.shared_limits()).__name__
limits._shared.clear()
os.environ["LOCK_STORE_URL"] = sys.argv[1]
print(alone, type(limits.shared_limits()).__name__)
"""
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", chosen, REDIS_URL],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["ChatLimits", "SharedChatLimits"]


def test_the_web_chats_english_words_for_the_limit_are_the_servers():
    from api.chat_labels import LABELS
    from channels.limits import RATE_LIMITED

    # Two runtimes, one sentence: the page says its own label, REST clients get the server's.
    assert LABELS["en"]["rate_limited"] == RATE_LIMITED
