"""Command lines of the three Needfinder processes, built from the settings."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from assistant.config import PROJECT_ROOT, Settings

__all__ = ["RASA_BIN", "check_ready", "command", "own_env", "process_env", "tracker_url"]

RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_MAX_REQUEST_BYTES = 256 * 1024


def tracker_url(settings: Settings) -> str:
    """Rasa's tracker store URL for SQLAlchemy 1.4 in Rasa's own runtime (psycopg2 driver)."""
    url = make_url(settings.resolved_tracker_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def process_env(settings: Settings) -> dict[str, str]:
    """Environment shared by all processes: one Rasa token, endpoints filled in for Rasa."""
    token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
    return {
        "RASA_TOKEN": token or secrets.token_urlsafe(24),
        "ACTION_ENDPOINT_URL": f"{settings.action_url}/webhook",
        "TRACKER_URL": tracker_url(settings),
        "PYTHONUNBUFFERED": "1",
    }


def own_env(name: str) -> dict[str, str]:
    """Environment for process `name` alone."""
    if name == "rasa":
        # Rasa 3.6's dependencies print pages of deprecation warnings at every start.
        return {
            "PYTHONWARNINGS": "ignore",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            # Sanic (Rasa's web server) refuses bigger bodies with 413 before Rasa parses
            # them: a 10 MB message would otherwise hold the NLU pipeline for most of a minute.
            "SANIC_REQUEST_MAX_SIZE": str(RASA_MAX_REQUEST_BYTES),
        }
    return {}


def command(name: str, settings: Settings) -> list[str]:
    """argv of process `name` (rasa, actions or api)."""
    if name == "rasa":
        return [
            str(RASA_BIN), "run",
            "--model", str(settings.rasa_model),
            "--enable-api", "--auth-token", os.environ.get("RASA_TOKEN", ""),
            "--interface", settings.host, "--port", str(settings.rasa_port),
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            "--cors", "*",
        ]  # fmt: skip
    if name == "actions":
        return [
            sys.executable, "-m", "rasa_sdk",
            "--actions", "actions",
            "--port", str(settings.action_port),
        ]  # fmt: skip
    if name == "api":
        return [
            sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
            "--host", settings.host, "--port", str(settings.api_port),
        ]  # fmt: skip
    raise ValueError(f"unknown process {name!r}; expected rasa, actions or api")


def check_ready(settings: Settings) -> list[str]:
    """What is missing before the system can start (empty when ready)."""
    missing = []
    if not RASA_BIN.exists():
        missing.append(f"Rasa runtime {RASA_BIN} (run `make install`)")
    if not Path(settings.rasa_model).exists():
        missing.append(f"Rasa model {settings.rasa_model} (run `make models`)")
    return missing
