"""A Slack user's locale ("da-DK"), from which an interview takes its language at the start.

Slack's events and interactions carry no locale; the Web API's `users.info` with
`include_locale=true` gives it (bot scope `users:read`; the call is `channels/slack.py`'s).
Each user is asked once and the answer kept for `TTL_S` (at most `MAX_USERS` users, the
oldest forgotten first). The call has a short timeout, and when it fails (a missing scope,
Slack down) the message goes on without a locale: a warning is logged, the failure is
remembered for `FAILURE_TTL_S` so that every message does not wait for a broken Slack, and
the interview's language comes from the person's words instead.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

__all__ = ["FAILURE_TTL_S", "MAX_USERS", "TIMEOUT_S", "TTL_S", "Ask", "SlackLocales"]

log = logging.getLogger(__name__)

TIMEOUT_S = 2  # Slack's users.info answers in well under a second
TTL_S = 6 * 3600.0  # people rarely change Slack's language; a change is seen within hours
FAILURE_TTL_S = 60.0
MAX_USERS = 10_000

Ask = Callable[[str], Awaitable[str | None]]  # a user's locale, from Slack


class SlackLocales:
    """The locale of Slack users, asked of Slack and remembered for a while.

    `ask(user)` asks Slack; the exceptions in `failures` are its failures, which leave the
    user without a locale (any other exception is a bug, and raised).
    """

    def __init__(
        self,
        ask: Ask,
        failures: tuple[type[Exception], ...],
        *,
        ttl_s: float = TTL_S,
        failure_ttl_s: float = FAILURE_TTL_S,
        max_users: int = MAX_USERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ask = ask
        self._failures = failures
        self._ttl_s = ttl_s
        self._failure_ttl_s = failure_ttl_s
        self._max_users = max_users
        self._clock = clock
        self._known: OrderedDict[str, tuple[float, str | None]] = OrderedDict()

    async def locale(self, user: str | None) -> str | None:
        """`user`'s locale, or None when Slack did not tell or failed to answer."""
        if not user:
            return None
        now = self._clock()
        if (known := self._known.get(user)) is not None and known[0] > now:
            return known[1]
        try:
            locale = await self._ask(user)
        except self._failures as exc:
            log.warning(
                "Slack's users.info failed for %s (%s: %s): going on without a locale",
                user, type(exc).__name__, exc,
            )  # fmt: skip
            self._remember(user, None, now + self._failure_ttl_s)
            return None
        self._remember(user, locale, now + self._ttl_s)
        return locale

    def _remember(self, user: str, locale: str | None, expires: float) -> None:
        self._known[user] = (expires, locale)
        self._known.move_to_end(user)
        while len(self._known) > self._max_users:
            self._known.popitem(last=False)
