"""Rate limits of the public chat: messages per minute per conversation and per client address.

The web chat and unauthenticated REST senders reach Rasa from anywhere: without a limit, one
client could keep the single Rasa process (and the need model) busy for everyone, or fill an
interview with junk. A message over the limit is answered at once with `RATE_LIMITED` (its
`error` is "rate_limited"; REST: HTTP 429 with Retry-After) and is neither understood nor
recorded. Authenticated integrations (REST with the secret, Slack, Teams) are not limited here.

The counts live in the memory of each Rasa server. In scaled mode a conversation stays on one
server (HAProxy: hash of the REST sender, sticky socket.io sessions), so its limit holds as
configured; a client address whose conversations spread over N servers may send up to N times
its limit. Limits come from the environment (CHAT_LIMIT_PER_SESSION, CHAT_LIMIT_PER_ADDRESS,
messages per minute; `needfinder proc rasa` sets them from the settings).
"""

from __future__ import annotations

import math
import os
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

__all__ = ["RATE_LIMITED", "ChatLimits", "SlidingWindow", "client_address", "shared_limits"]

RATE_LIMITED = (
    "You are sending messages faster than we can read them. Please wait {wait} seconds, "
    "then send your message again; it was not recorded."
)
WINDOW_S = 60.0
DEFAULT_PER_SESSION = 20
DEFAULT_PER_ADDRESS = 200
MAX_KEYS = 100_000  # the oldest keys are forgotten beyond this (memory stays bounded)


class SlidingWindow:
    """At most `limit` events per key within the last `window` seconds."""

    def __init__(
        self, limit: int, window: float = WINDOW_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def wait_for(self, key: str) -> int:
        """Seconds until `key` may send again (0: now)."""
        events = self._recent(key)
        if len(events) < self.limit:
            return 0
        return max(1, math.ceil(events[0] + self.window - self._clock()))

    def add(self, key: str) -> None:
        self._recent(key).append(self._clock())
        self._events.move_to_end(key)
        while len(self._events) > MAX_KEYS:
            self._events.popitem(last=False)

    def _recent(self, key: str) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= self._clock() - self.window:
            events.popleft()
        return events


def _limit(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


class ChatLimits:
    """The public chat's limits: per conversation and per client address."""

    def __init__(self, per_session: int, per_address: int) -> None:
        self.sessions = SlidingWindow(per_session)
        self.addresses = SlidingWindow(per_address)

    @classmethod
    def from_env(cls) -> ChatLimits:
        return cls(
            _limit("CHAT_LIMIT_PER_SESSION", DEFAULT_PER_SESSION),
            _limit("CHAT_LIMIT_PER_ADDRESS", DEFAULT_PER_ADDRESS),
        )

    def admit(self, conversation_id: str, address: str) -> int:
        """0 and the message counts, or the seconds to wait (the message is refused)."""
        wait = max(self.sessions.wait_for(conversation_id), self.addresses.wait_for(address))
        if wait:
            return wait
        self.sessions.add(conversation_id)
        self.addresses.add(address)
        return 0


_shared: list[ChatLimits] = []


def shared_limits() -> ChatLimits:
    """The Rasa server's one set of limits: a client address has one budget for the web chat
    and the REST channel together."""
    if not _shared:
        _shared.append(ChatLimits.from_env())
    return _shared[0]


def client_address(request: Any) -> str:
    """The client's address of a Sanic request: behind a proxy, the one the proxy names
    (Sanic's PROXIES_COUNT / FORWARDED_SECRET / REAL_IP_HEADER, e.g. SANIC_PROXIES_COUNT=1),
    else the peer's."""
    if request is None:
        return "unknown"
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown")
