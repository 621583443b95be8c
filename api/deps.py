"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from assistant.config import Settings

__all__ = ["SessionsDep", "SettingsDep"]


def _sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.sessions


def _settings(request: Request) -> Settings:
    return request.app.state.settings


SessionsDep = Annotated[sessionmaker[Session], Depends(_sessions)]
SettingsDep = Annotated[Settings, Depends(_settings)]
