"""Where each process of the scaled mode listens: HAProxy in front, replicas behind it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings

__all__ = ["Layout", "Replica"]

DEFAULT_STATS_PORT = 8404


@dataclass(frozen=True)
class Replica:
    """One Rasa server or action server behind HAProxy."""

    kind: str  # "rasa" or "actions"
    number: int  # 1, 2, ...
    port: int

    @property
    def name(self) -> str:
        """The supervisor's name for it, e.g. `rasa.1`."""
        return f"{self.kind}.{self.number}"

    @property
    def server(self) -> str:
        """HAProxy's name for it, e.g. `rasa1`."""
        return f"{self.kind}{self.number}"


@dataclass(frozen=True)
class Layout:
    """Ports of the scaled mode.

    Clients and the API reach Rasa at `chat_port` and Rasa reaches the action servers at
    `action_port`, both HAProxy (the same ports as Rasa and the action server in the single
    process mode: RASA_PORT, ACTION_PORT). Replicas listen on the following ports.
    """

    host: str
    chat_port: int
    action_port: int
    api_port: int
    stats_port: int
    rasa: tuple[Replica, ...]
    actions: tuple[Replica, ...]
    run_dir: Path

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        rasa: int,
        actions: int,
        run_dir: Path,
        stats_port: int = DEFAULT_STATS_PORT,
    ) -> Layout:
        """RASA_PORT+1.. for the Rasa servers, ACTION_PORT+1.. for the action servers."""
        if rasa < 1 or actions < 1:
            raise ValueError("scaled mode needs at least one Rasa server and one action server")
        return cls(
            host=settings.host,
            chat_port=settings.rasa_port,
            action_port=settings.action_port,
            api_port=settings.api_port,
            stats_port=stats_port,
            rasa=tuple(Replica("rasa", i, settings.rasa_port + i) for i in range(1, rasa + 1)),
            actions=tuple(
                Replica("actions", i, settings.action_port + i) for i in range(1, actions + 1)
            ),
            run_dir=run_dir,
        )

    @property
    def haproxy_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    def url(self, port: int) -> str:
        return f"http://{self.host}:{port}"
