"""Command lines of the three Needfinder processes, built from the settings."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import make_url

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import TaxonomyError
from assistant.taxonomy import load_taxonomy

__all__ = [
    "RASA_BIN",
    "check_ready",
    "command",
    "effective_credentials",
    "own_env",
    "process_env",
    "tracker_url",
    "write_credentials",
]

RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = RASA_BIN.parent / "python"
RASA_MAX_REQUEST_BYTES = 256 * 1024
CREDENTIALS_TEMPLATE = PROJECT_ROOT / "credentials.yml"
CREDENTIALS_DIR = PROJECT_ROOT / "var" / "rasa"
_ENV_VAR = re.compile(r"\$\{(\w+)\}")


def tracker_url(settings: Settings) -> str:
    """Rasa's tracker store URL for SQLAlchemy 1.4 in Rasa's own runtime (psycopg2 driver)."""
    url = make_url(settings.resolved_tracker_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def process_env(settings: Settings) -> dict[str, str]:
    """Environment shared by all processes: one Rasa token, endpoints filled in for Rasa.

    One Rasa server serialises turns in memory; scaled mode (ops/scaled.py) overrides the
    lock store with Redis.
    """
    token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
    action_token = settings.action_token.get_secret_value() if settings.action_token else None
    rest_secret = settings.rest_secret.get_secret_value() if settings.rest_secret else None
    chat_secret = (
        settings.chat_session_secret.get_secret_value() if settings.chat_session_secret else None
    )
    return {
        # Integrations on the REST channel send it as a bearer token (channels/rest.py).
        "REST_SECRET": rest_secret or secrets.token_urlsafe(24),
        "RASA_TOKEN": token or secrets.token_urlsafe(24),
        # Signs the web chat's session ids (the API issues them, Rasa's socket.io checks them).
        "CHAT_SESSION_SECRET": chat_secret or secrets.token_urlsafe(32),
        # Rasa sends it with every action call (endpoints.yml); the action server refuses
        # calls without it.
        "ACTION_TOKEN": action_token or secrets.token_urlsafe(24),
        "ACTION_ENDPOINT_URL": f"{settings.action_url}/webhook",
        "TRACKER_URL": tracker_url(settings),
        "LOCK_STORE_TYPE": "in_memory",
        "LOCK_STORE_URL": "",
        "PYTHONUNBUFFERED": "1",
    }


def _channel_env(settings: Settings) -> dict[str, str]:
    """Slack and Teams credentials (credentials.yml's ${VARIABLES}), those that are set."""
    values = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "MICROSOFT_APP_ID": settings.microsoft_app_id,
        "MICROSOFT_APP_PASSWORD": settings.microsoft_app_password,
        "MICROSOFT_APP_TENANT_ID": settings.microsoft_app_tenant_id,
    }
    return {
        name: value if isinstance(value, str) else value.get_secret_value()
        for name, value in values.items()
        if value
    }


def own_env(name: str, settings: Settings) -> dict[str, str]:
    """Environment for process `name` alone."""
    if name == "rasa":
        python_path = [str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]
        return {
            # Rasa 3.6's dependencies print pages of deprecation warnings at every start.
            "PYTHONWARNINGS": "ignore",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            # Sanic (Rasa's web server) refuses bigger bodies with 413 before Rasa parses
            # them: a 10 MB message would otherwise hold the NLU pipeline for most of a minute.
            "SANIC_REQUEST_MAX_SIZE": str(RASA_MAX_REQUEST_BYTES),
            # Our channel classes (channels/), named in credentials.yml.
            "PYTHONPATH": os.pathsep.join(p for p in python_path if p),
            # Read by channels/socketio.py and channels/limits.py.
            "CHAT_ORIGINS": ",".join(settings.browser_origins),
            "CHAT_LIMIT_PER_SESSION": str(settings.chat_limit_per_session),
            "CHAT_LIMIT_PER_ADDRESS": str(settings.chat_limit_per_address),
            **_channel_env(settings),
        }
    return {}


def _variables(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_ENV_VAR.findall(value))
    if isinstance(value, Mapping):
        return set().union(*(_variables(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_variables(v) for v in value))
    return set()


def effective_credentials(environ: Mapping[str, str], template: Path = CREDENTIALS_TEMPLATE) -> str:
    """`template` without the channels whose ${VARIABLES} are not all set (non-empty).

    Rasa refuses to start on an unset variable, and its Slack connector on an empty
    signing secret: a channel nobody configured must simply be absent. The variables stay
    in the text, for Rasa to fill in, so no secret is written to disk.
    """
    channels: dict[str, Any] = yaml.safe_load(template.read_text()) or {}
    kept, notes = {}, []
    for channel, config in channels.items():
        if missing := sorted(v for v in _variables(config) if not environ.get(v)):
            notes.append(f"# left out {channel}: {', '.join(missing)} not set")
        else:
            kept[channel] = config
    header = [f"# Written by `needfinder proc rasa` from {template.name}; do not edit.", *notes]
    return "\n".join(header) + "\n" + yaml.safe_dump(kept, sort_keys=False)


def write_credentials(environ: Mapping[str, str]) -> Path:
    """The effective credentials file for Rasa, under var/rasa/ (named by its content)."""
    text = effective_credentials(environ)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = CREDENTIALS_DIR / f"credentials-{digest}.yml"
    if not path.exists():
        CREDENTIALS_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text)
        partial.replace(path)  # atomic: a concurrent start reads the old or the whole file
    return path


def command(name: str, settings: Settings) -> list[str]:
    """argv of process `name` (rasa, actions or api); for rasa, writes its credentials file."""
    if name == "rasa":
        # channels/launch.py adds `--auth-token` from RASA_TOKEN inside the process, so the
        # token never shows in the process list.
        return [
            str(RASA_PYTHON), "-m", "channels.launch", "run",
            "--model", str(settings.rasa_model),
            "--enable-api",
            "--interface", settings.host, "--port", str(settings.rasa_port),
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(write_credentials({**os.environ, **own_env(name, settings)})),
            # Browsers may call Rasa's HTTP routes only from these origins (CORS_ORIGINS,
            # default our own pages').
            "--cors", *settings.browser_origins,
        ]  # fmt: skip
    if name == "actions":
        # rasa-sdk's app in one process (no Sanic worker manager): see ops/action_server.py.
        return [
            sys.executable, "-m", "ops.action_server",
            "--host", settings.host, "--port", str(settings.action_port),
        ]  # fmt: skip
    if name == "api":
        return [
            sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
            "--host", settings.host, "--port", str(settings.api_port),
        ]  # fmt: skip
    raise ValueError(f"unknown process {name!r}; expected rasa, actions or api")


def check_ready(settings: Settings, taxonomy_path: Path | None = None) -> list[str]:
    """What is missing before the system can start (empty when ready)."""
    missing = []
    if not RASA_BIN.exists():
        missing.append(f"Rasa runtime {RASA_BIN} (run `make install`)")
    if not Path(settings.rasa_model).exists():
        missing.append(f"Rasa model {settings.rasa_model} (run `make models`)")
    if not (Path(settings.needs_model_dir) / "config.cfg").exists():
        missing.append(f"need model {settings.needs_model_dir} (run `make models`)")
    try:
        load_taxonomy(taxonomy_path)
    except TaxonomyError as exc:
        missing.append(f"a valid taxonomy: {exc}")
    return missing
