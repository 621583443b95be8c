"""Rate limits of the public chat: messages per minute per conversation and per client address.

The web chat and unauthenticated REST senders reach Rasa from anywhere: without a limit, one
client could keep the single Rasa process (and the need model) busy for everyone, or fill an
interview with junk. A message over the limit is answered at once with `RATE_LIMITED` (its
`error` is "rate_limited"; REST: HTTP 429 with Retry-After) and is neither understood nor
recorded. Authenticated integrations (REST with the secret, Slack, Teams) are not limited here.

One Rasa server counts in its own memory (`ChatLimits`). Several (scaled mode, where
LOCK_STORE_URL names the Redis of Rasa's lock store) count in that Redis (`SharedChatLimits`):
every server sees the same counts, so a client address whose conversations spread over N
servers still has one budget, not N. Each check and count is one Lua script, atomic across
servers, on Redis' own clock. Should Redis not answer, a message is let through (logged):
the lock store needs the same Redis, so the turn fails there with its own clear message.
Limits come from the environment (CHAT_LIMIT_PER_SESSION, CHAT_LIMIT_PER_ADDRESS, messages per
minute; `needfinder proc rasa` sets them from the settings).
"""

from __future__ import annotations

import logging
import math
import os
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, Protocol

__all__ = [
    "RATE_LIMITED",
    "ChatLimits",
    "Limits",
    "SharedChatLimits",
    "SlidingWindow",
    "client_address",
    "shared_limits",
]

log = logging.getLogger(__name__)

RATE_LIMITED = (
    "You are sending messages faster than we can read them. Please wait {wait} seconds, "
    "then send your message again; it was not recorded."
)
WINDOW_S = 60.0
DEFAULT_PER_SESSION = 20
DEFAULT_PER_ADDRESS = 200
MAX_KEYS = 100_000  # the oldest keys are forgotten beyond this (memory stays bounded)


class Limits(Protocol):
    async def admit(self, conversation_id: str, address: str) -> int:
        """0 and the message counts, or the seconds to wait (the message is refused)."""
        ...


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

    async def admit(self, conversation_id: str, address: str) -> int:
        """0 and the message counts, or the seconds to wait (the message is refused)."""
        return self.admit_now(conversation_id, address)

    def admit_now(self, conversation_id: str, address: str) -> int:
        """`admit`, for callers without an event loop."""
        wait = max(self.sessions.wait_for(conversation_id), self.addresses.wait_for(address))
        if wait:
            return wait
        self.sessions.add(conversation_id)
        self.addresses.add(address)
        return 0


# KEYS: the windows (a conversation's, an address's); ARGV: window seconds, a member unique to
# this message, then each window's limit. The wait, or 0 after counting the message in both.
ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[i + 2]) then
    local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
    wait = math.max(wait, math.max(1, math.ceil(oldest + window - now)))
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('EXPIRE', key, math.ceil(window) + 1)
end
return 0
"""


class SharedChatLimits:
    """`ChatLimits` counted in Redis, one budget for all Rasa servers (see the module doc)."""

    PREFIX = "needfinder:chat-limit"

    def __init__(
        self, url: str, per_session: int, per_address: int, window: float = WINDOW_S
    ) -> None:
        from redis import asyncio as aioredis  # type: ignore[import-untyped]  # Rasa's Python

        self.limits, self.window = (per_session, per_address), window
        self._redis = aioredis.from_url(url, socket_timeout=1, socket_connect_timeout=0.5)
        self._admit = self._redis.register_script(ADMIT)

    @classmethod
    def from_env(cls, url: str) -> SharedChatLimits:
        return cls(
            url,
            _limit("CHAT_LIMIT_PER_SESSION", DEFAULT_PER_SESSION),
            _limit("CHAT_LIMIT_PER_ADDRESS", DEFAULT_PER_ADDRESS),
        )

    async def admit(self, conversation_id: str, address: str) -> int:
        """0 and the message counts, or the seconds to wait (the message is refused)."""
        from redis.exceptions import RedisError  # type: ignore[import-untyped]

        keys = [f"{self.PREFIX}:session:{conversation_id}", f"{self.PREFIX}:address:{address}"]
        try:
            wait = await self._admit(keys=keys, args=[self.window, uuid.uuid4().hex, *self.limits])
        except (RedisError, OSError) as exc:
            log.warning("rate limit not checked, Redis did not answer: %s", exc)
            return 0
        return int(wait)


_shared: list[Limits] = []


def shared_limits() -> Limits:
    """The Rasa server's one set of limits: a client address has one budget for the web chat
    and the REST channel together; with LOCK_STORE_URL, one budget over all Rasa servers."""
    if not _shared:
        url = os.environ.get("LOCK_STORE_URL", "").strip()
        _shared.append(SharedChatLimits.from_env(url) if url else ChatLimits.from_env())
    return _shared[0]


def client_address(request: Any) -> str:
    """The client's address of a Sanic request: behind a proxy, the one the proxy names
    (Sanic's PROXIES_COUNT / FORWARDED_SECRET / REAL_IP_HEADER, e.g. SANIC_PROXIES_COUNT=1),
    else the peer's."""
    if request is None:
        return "unknown"
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown")
