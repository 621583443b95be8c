"""Local stand-ins for Slack's and Microsoft's servers: answer like them, record every request."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeServer", "Request"]


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    query: str = ""

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def params(self) -> dict[str, str]:
        """The query string's parameters (Slack's Web API takes GET methods' arguments there)."""
        return {k: v[0] for k, v in parse_qs(self.query).items()}


Handler = Callable[[Request], tuple[int, Any]]


class FakeServer:
    """An HTTP server on a free local port; `handle(request)` returns (status, JSON body)."""

    def __init__(self, handle: Handler):
        self._handle = handle
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def received(self, path_prefix: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def wait_for(self, path_prefix: str, count: int, timeout_s: float = 60) -> list[Request]:
        """The first `count` requests under `path_prefix`, waiting for them to arrive."""
        deadline = time.monotonic() + timeout_s
        while len(found := self.received(path_prefix)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} requests to {path_prefix}: {found}")
            time.sleep(0.1)
        return found[:count]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                url = urlsplit(self.path)
                request = Request(
                    self.command,
                    url.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                    url.query,
                )
                with fake._lock:
                    fake.requests.append(request)
                status, body = fake._handle(request)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
