"""Health: the database, the Rasa server and the action server, each up or down."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Request, Response
from sqlalchemy import text

from api.deps import SettingsDep
from api.schemas import ComponentHealth, Health

router = APIRouter(tags=["health"])

TIMEOUT_S = 2.0


def _database(request: Request) -> ComponentHealth:
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "down", with its reason
        return ComponentHealth(status="down", detail=type(exc).__name__)
    return ComponentHealth(status="up")


async def _http(client: httpx.AsyncClient, url: str) -> ComponentHealth:
    try:
        response = await client.get(url)
    except httpx.HTTPError as exc:
        return ComponentHealth(status="down", detail=f"{type(exc).__name__} at {url}")
    if response.status_code != 200:
        return ComponentHealth(status="down", detail=f"HTTP {response.status_code} at {url}")
    return ComponentHealth(status="up")


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(request: Request, response: Response, settings: SettingsDep) -> Health:
    """200 when the database, Rasa and the action server are all up; 503 otherwise."""
    async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
        rasa, actions = await asyncio.gather(
            _http(client, f"{settings.rasa_url}/"),
            _http(client, f"{settings.action_url}/health"),
        )
    database = await asyncio.to_thread(_database, request)
    up = all(c.status == "up" for c in (database, rasa, actions))
    response.status_code = 200 if up else 503
    return Health(
        status="up" if up else "down", database=database, rasa=rasa, action_server=actions
    )
