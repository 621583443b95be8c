"""The FastAPI application: `create_app()` wires settings, database and routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from api import web
from api.routes import (
    admin_pages,
    audit,
    chat,
    customers,
    docs,
    health,
    interviews,
    keys,
    login,
    pages,
    quality,
    reports,
)
from api.throttle import KeyGuesses
from assistant.access import any_keys
from assistant.config import Settings, get_settings
from assistant.errors import Conflict, InvalidCsv, NotFound
from assistant.store.db import make_engine, make_sessionmaker

__all__ = ["create_app"]


class _PathsOnly(logging.Filter):
    """uvicorn's access log without query strings: an old invitation link (`/chat?invite=`)
    carries its token there, and logs are kept longer and read more widely than the data."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


ACCESS_LOG_FILTER = _PathsOnly()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.getLogger("uvicorn.access").addFilter(ACCESS_LOG_FILTER)

    engine = make_engine(settings.database_url)  # connects lazily, on the first request
    # Rasa's tracker store, when it is a database of its own (the default beside SQLite).
    tracker = (
        None if settings.tracker_in_app_database else make_engine(settings.resolved_tracker_url)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            _refuse_open_access_off_loopback(app, settings)
            yield
        finally:
            engine.dispose()
            if tracker is not None:
                tracker.dispose()

    app = FastAPI(
        title="Needfinder",
        summary="The real needs behind customers' logistics wishes.",
        version="0.1.0",
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,  # larger bodies: 413 before the route reads them
        docs_url=None,  # our own /docs: Swagger UI from our static files (api/routes/docs.py)
        redoc_url=None,  # one documentation page is enough
    )

    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.readers = make_sessionmaker(engine, read_only=True)
    app.state.tracker_engine = tracker
    app.state.key_guesses = KeyGuesses()

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if request.url.path.startswith("/ui/"):  # a person reading a page: an HTML answer
            context = {"title": "Not found", "message": str(exc)}
            return web.templates.TemplateResponse(request, "error.html", context, 404)
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(Conflict)
    async def _conflict(_request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(InvalidCsv)
    async def _invalid_csv(_request: Request, exc: InvalidCsv) -> JSONResponse:
        errors = [{"line": line, "msg": msg} for line, msg in exc.errors]
        return JSONResponse(status_code=422, content={"detail": str(exc), "errors": errors})

    app.include_router(health.router)
    app.include_router(interviews.csv_router, prefix="/api/v1")
    app.include_router(interviews.router, prefix="/api/v1")
    app.include_router(customers.router, prefix="/api/v1")
    app.include_router(reports.router, prefix="/api/v1")
    app.include_router(keys.router, prefix="/api/v1")
    app.include_router(quality.router, prefix="/api/v1")
    app.include_router(audit.router, prefix="/api/v1")
    app.include_router(chat.router)
    app.include_router(docs.router)
    app.include_router(login.router)
    app.include_router(pages.landing)
    app.include_router(pages.router)
    app.include_router(admin_pages.router)
    web.install(app)
    _secure_headers(app, settings)
    return app


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
OPEN_OFF_LOOPBACK = (
    "Refusing to start: no API key exists and NEEDFINDER_ADMIN_KEY is unset, so the API and "
    "pages would be open to anyone who reaches HOST={host}. Issue a key first "
    "(`needfinder keys create NAME --role admin`), set NEEDFINDER_ADMIN_KEY, or listen on "
    "127.0.0.1."
)


def _refuse_open_access_off_loopback(app: FastAPI, settings: Settings) -> None:
    """Open access (no key yet) is for a first try on this machine, never on a network."""
    if settings.host in LOOPBACK or settings.admin_key is not None:
        return
    with app.state.readers() as session:
        if not any_keys(session):
            raise RuntimeError(OPEN_OFF_LOOPBACK.format(host=settings.host))


def _secure_headers(app: FastAPI, settings: Settings) -> None:
    """Headers that keep our pages from being framed, sniffed or fed foreign scripts.

    The content security policy allows our own scripts and the Rasa server the chat talks
    to (HTTP and WebSocket), nothing else; /docs too, since Swagger UI is served from
    /static/vendor with its settings in a script file of ours.
    """
    rasa = settings.rasa_browser_url
    websocket = rasa.replace("https://", "wss://").replace("http://", "ws://")
    policy = (
        f"default-src 'self'; connect-src 'self' {rasa} {websocket}; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
