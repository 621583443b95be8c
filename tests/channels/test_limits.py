"""The public chat's rate limits, on a clock the test moves (channels/limits.py)."""

from __future__ import annotations

from channels.limits import ChatLimits


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

    assert [chat.admit("c1", "10.0.0.1") for _ in range(3)] == [0, 0, 0]
    clock.now += 20
    assert chat.admit("c1", "10.0.0.1") == 40  # refused, and not counted
    assert chat.admit("c2", "10.0.0.1") == 0  # another conversation is not held up
    clock.now += 40
    assert chat.admit("c1", "10.0.0.1") == 0


def test_an_address_over_its_limit_waits_whatever_conversation_it_names():
    clock = Clock()
    chat = limits(per_session=100, per_address=4, clock=clock)

    assert [chat.admit(f"c{i}", "10.0.0.1") for i in range(4)] == [0, 0, 0, 0]
    assert chat.admit("c-new", "10.0.0.1") == 60
    assert chat.admit("c-new", "10.0.0.2") == 0
