"""The FastAPI application: `create_app()` wires settings, database and routes."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import health, interviews
from assistant.config import Settings, get_settings
from assistant.errors import NotFound
from assistant.store.db import make_engine, make_sessionmaker

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        engine = make_engine(settings.database_url)
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessions = make_sessionmaker(engine)
        yield
        engine.dispose()

    app = FastAPI(
        title="Needfinder",
        summary="The real needs behind customers' logistics wishes.",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    app.include_router(health.router)
    app.include_router(interviews.router, prefix="/api/v1")
    return app
