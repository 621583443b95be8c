"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.interviews import InterviewService

__all__ = ["InterviewsDep", "SettingsDep"]


def _interviews(request: Request) -> InterviewService:
    return request.app.state.interviews


def _settings(request: Request) -> Settings:
    return request.app.state.settings


InterviewsDep = Annotated[InterviewService, Depends(_interviews)]
SettingsDep = Annotated[Settings, Depends(_settings)]
