"""The action server as one process: rasa-sdk's app, served without a Sanic worker manager.

`python -m rasa_sdk` runs a manager process that forks the server into a worker. When the
worker died (SIGKILL, out of memory), the manager kept the listening socket open and
restarted nothing: every turn hung until Rasa gave up. Served in a single process, a dead
server closes its port, so Rasa (or HAProxy) fails fast and the supervisor sees the exit
and restarts it.

The need model is loaded before the port opens, so `GET /health` answering 200 means the
server can take turns. SIGTERM stops accepting connections and lets running turns finish
(Sanic's graceful shutdown, up to `GRACEFUL_SHUTDOWN_S`).
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import os
from collections.abc import Awaitable, Callable

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import HTTPResponse, Request, Sanic
from sanic.response import json

from actions.services import turn_service
from assistant.config import get_settings

__all__ = ["main"]

KEEP_ALIVE_S = 120  # rasa-sdk's default: Rasa and HAProxy reuse their connections
GRACEFUL_SHUTDOWN_S = 20.0

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ops.action_server", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "0.0.0.0"))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    token = os.environ.get("ACTION_TOKEN", "")
    if not token:
        parser.error("ACTION_TOKEN is not set: the action server takes calls only with it")
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app(executor)
    app.on_request(_require_token(token))
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_S
    app.config.GRACEFUL_SHUTDOWN_TIMEOUT = GRACEFUL_SHUTDOWN_S

    @app.before_server_start
    async def _load_models(_app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
        await asyncio.to_thread(turn_service)
        log.info("need model loaded; action server ready on port %d", args.port)

    app.run(
        host=args.host,
        port=args.port,
        single_process=True,
        access_log=False,
        motd=False,
    )


def _require_token(token: str) -> Callable[[Request], Awaitable[HTTPResponse | None]]:
    """Sanic middleware: action calls must carry Rasa's token as `Authorization: Bearer`
    (endpoints.yml; never in the URL, which logs keep); /health is open."""

    async def check(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return json({"error": "missing or wrong token"}, status=401)
        return None

    return check


if __name__ == "__main__":
    main()
