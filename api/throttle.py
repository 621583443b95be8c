"""Wrong API keys per client address: after a burst of them, that address waits."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

__all__ = ["KeyGuesses"]


class KeyGuesses:
    """At most `limit` wrong keys per client address within `window` seconds.

    Kept in the API process's memory: a restart forgets, which is fine for slowing down a
    guesser (313 guesses/s on one connection were possible before).
    """

    def __init__(
        self, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait_for(self, client: str) -> int:
        """Seconds `client` must wait before its next key is checked (0: go ahead)."""
        with self._lock:
            failures = self._recent(client)
            if len(failures) < self.limit:
                return 0
            return max(1, math.ceil(failures[0] + self.window - self._clock()))

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self._clock())

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= self._clock() - self.window:
            failures.popleft()
        return failures
