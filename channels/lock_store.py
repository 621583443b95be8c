"""Rasa's Redis lock store, made to ride out a Redis hiccup (scaled mode: several Rasa servers).

Rasa 3.6's `RedisLockStore` serialises the turns of one conversation across servers with a
ticket lock in Redis. Three weaknesses matter when a server dies or Redis stalls:

- a ticket lives 60 s (`TICKET_LOCK_LIFETIME`): a server killed mid-turn leaves its ticket,
  and the conversation's next message (replayed to another server) waits up to a minute;
- it calls Redis synchronously on the event loop (a stalled Redis stalls every conversation
  of that server, and its health check);
- when releasing the lock fails, the ticket stays behind for its whole lifetime.

Here a ticket is a lease: it lives `LEASE_S` seconds and is extended every `RENEW_S` while
its turn waits or runs, so only a dead server's tickets run out, within seconds. Redis is
called from a worker thread with short timeouts, and a ticket that could not be released
is released in the background once Redis answers again. Redis is configured by one URL
(`url: redis://host:port/db` in endpoints.yml). A turn that cannot get a ticket fails with
Rasa's `LockError`, which the REST and socket.io channels turn into a visible error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError
from rasa.core.lock_store import RedisLockStore as RasaRedisLockStore
from rasa.utils.endpoints import EndpointConfig

__all__ = ["RedisLockStore"]

log = logging.getLogger(__name__)

SOCKET_TIMEOUT_S = 2.0  # Redis answers in microseconds; longer means it is stalled or gone
LEASE_S = 8.0
RENEW_S = 2.0
WAIT_S = 0.1  # a second turn of the same conversation checks this often whether it is next
RELEASE_RETRY_S = 0.5


class RedisLockStore(RasaRedisLockStore):
    """`RedisLockStore` off the event loop, releasing tickets once Redis is back."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        url = urlsplit(endpoint_config.url or "redis://127.0.0.1:6379/1")
        options = endpoint_config.kwargs
        timeout = float(options.get("socket_timeout") or SOCKET_TIMEOUT_S)
        super().__init__(
            host=url.hostname or "127.0.0.1",
            port=url.port or 6379,
            db=int(url.path.strip("/") or 1),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_ssl=url.scheme == "rediss",
            key_prefix=options.get("key_prefix"),
            socket_timeout=timeout,
        )
        self.red.connection_pool.connection_kwargs["socket_connect_timeout"] = timeout
        self._releasing: set[asyncio.Task] = set()

    def ping(self) -> bool:
        """Whether Redis answers (the Rasa server's readiness check)."""
        return bool(self.red.ping())

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LEASE_S,
        wait_time_in_seconds: float = WAIT_S,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = await asyncio.to_thread(self.issue_ticket, conversation_id, lock_lifetime)
        guard = asyncio.Lock()  # an extension in progress finishes before the release
        renewing = asyncio.create_task(self._renew(conversation_id, ticket, lock_lifetime, guard))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            async with guard:
                renewing.cancel()
            await self._release(conversation_id, ticket)

    async def _renew(
        self, conversation_id: str, ticket: int, lifetime: float, guard: asyncio.Lock
    ) -> None:
        while True:
            await asyncio.sleep(RENEW_S)
            async with guard:
                try:
                    await asyncio.to_thread(self._extend, conversation_id, ticket, lifetime)
                except Exception as exc:  # noqa: BLE001 - Redis away: the next round tries again
                    log.warning("extending the lock of %s failed (%s)", conversation_id, exc)

    def _extend(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        lock = self.get_lock(conversation_id)
        mine = next((t for t in lock.tickets if t.number == ticket), None) if lock else None
        if lock and mine:
            mine.expires = time.time() + lifetime
            self.save_lock(lock)

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = await asyncio.to_thread(self.get_lock, conversation_id)
            if not lock:
                break  # expired meanwhile
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            await asyncio.to_thread(self.update_lock, conversation_id)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")

    async def _release(self, conversation_id: str, ticket: int) -> None:
        try:
            await asyncio.to_thread(self.cleanup, conversation_id, ticket)
        except Exception as exc:  # noqa: BLE001 - any Redis failure: release it later
            log.warning("releasing the lock of %s failed (%s); retrying", conversation_id, exc)
            task = asyncio.create_task(self._release_later(conversation_id, ticket))
            self._releasing.add(task)
            task.add_done_callback(self._releasing.discard)

    async def _release_later(self, conversation_id: str, ticket: int) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LEASE_S  # after that the ticket has expired anyway
        while loop.time() < deadline:
            await asyncio.sleep(RELEASE_RETRY_S)
            try:
                await asyncio.to_thread(self.cleanup, conversation_id, ticket)
            except Exception:  # noqa: BLE001 - Redis still away
                continue
            log.info("released the lock of %s after Redis came back", conversation_id)
            return
