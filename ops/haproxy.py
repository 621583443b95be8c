"""HAProxy in front of the Rasa servers and the action servers: its config and runtime API."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ops.layout import Layout

__all__ = [
    "HAPROXY_BIN",
    "TIMED_OUT",
    "UNAVAILABLE",
    "command",
    "missing",
    "render",
    "runtime",
    "server_states",
    "write_config",
]

HAPROXY_BIN = Path(shutil.which("haproxy") or "/usr/sbin/haproxy")
TEMPLATE = "haproxy.cfg.j2"
# HAProxy's own error answers use the REST channel's wording (channels/rest.py, which runs
# in Rasa's runtime and cannot be imported here; tests/ops checks that they agree).
UNAVAILABLE = (
    "Sorry, the assistant cannot answer right now and your message may not have been saved. "
    "Please send it again in a moment."
)
TIMED_OUT = (
    "Sorry, the assistant took too long to answer and your message may not have been saved. "
    "Please send it again in a moment."
)


def missing() -> str | None:
    """What to do when HAProxy is not installed; None when it is."""
    if HAPROXY_BIN.exists():
        return None
    return f"HAProxy ({HAPROXY_BIN}): run `make haproxy` (apt-get install haproxy)"


def render(layout: Layout) -> str:
    """The HAProxy configuration for `layout`."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - a config file, not HTML
    )
    return env.get_template(TEMPLATE).render(
        host=layout.host,
        chat_port=layout.chat_port,
        action_port=layout.action_port,
        stats_port=layout.stats_port,
        socket=layout.haproxy_socket,
        rasa=[{"name": r.server, "port": r.port} for r in layout.rasa],
        actions=[{"name": r.server, "port": r.port} for r in layout.actions],
        unavailable=UNAVAILABLE,
        timed_out=TIMED_OUT,
    )


def write_config(layout: Layout) -> Path:
    """Write and check the configuration; ValueError with HAProxy's complaint if invalid."""
    layout.run_dir.mkdir(parents=True, exist_ok=True)
    path = layout.run_dir / "haproxy.cfg"
    path.write_text(render(layout))
    checked = subprocess.run(
        [str(HAPROXY_BIN), "-c", "-q", "-f", str(path)], capture_output=True, text=True
    )
    if checked.returncode != 0:
        raise ValueError(f"invalid HAProxy configuration {path}:\n{checked.stderr}")
    return path


def command(config: Path) -> list[str]:
    """HAProxy in the foreground (the supervisor runs it), logging to stdout."""
    return [str(HAPROXY_BIN), "-db", "-f", str(config)]


def runtime(socket_path: Path, command_line: str, timeout_s: float = 2.0) -> str:
    """Send one command to HAProxy's runtime API (the stats socket); its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout_s)
        conn.connect(str(socket_path))
        conn.sendall(command_line.encode() + b"\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_states(socket_path: Path) -> dict[str, str]:
    """`backend/server` → HAProxy's status (UP, DOWN, MAINT, DRAIN, `UP 1/2`...) of every
    health-checked server (not the unchecked fallbacks)."""
    answer = runtime(socket_path, "show stat").lstrip("# ")
    return {
        f"{row['pxname']}/{row['svname']}": row["status"]
        for row in csv.DictReader(io.StringIO(answer))
        if row["svname"] not in ("FRONTEND", "BACKEND") and row["status"] != "no check"
    }
