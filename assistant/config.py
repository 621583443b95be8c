"""Settings for every Needfinder process, read once from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.errors import UnsupportedLanguage

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


MIN_ADMIN_KEY_CHARS = 24  # a guessable admin key is an open door
MIN_SECRET_CHARS = 32  # the secret that signs chat sessions (HS256 wants 32 bytes)


def origin_of(url: str) -> str:
    """The origin (scheme://host[:port]) of a URL, as browsers send it in `Origin`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Settings(BaseSettings):
    """Configuration; `.env.example` documents every variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'needfinder.db'}",
        description="SQLAlchemy URL of the application database.",
    )
    tracker_database_url: str | None = Field(
        default=None,
        description="URL of Rasa's SQL tracker store; default: beside the application database.",
    )
    host: str = "127.0.0.1"
    rasa_port: int = Field(default=5005, ge=1, le=65535)
    action_port: int = Field(default=5055, ge=1, le=65535)
    api_port: int = Field(default=8000, ge=1, le=65535)
    rest_secret: SecretStr | None = Field(
        default=None,
        description="Bearer secret of integrations on the REST channel; only their `customer` "
        "and `role` metadata count. `needfinder run` makes one when unset.",
    )
    action_token: SecretStr | None = Field(
        default=None,
        description="Token Rasa sends to the action server; `needfinder run` makes one when unset.",
    )
    rasa_token: SecretStr | None = Field(
        default=None,
        description="Token protecting Rasa's HTTP API; `needfinder run` makes one when unset.",
    )
    chat_session_secret: SecretStr | None = Field(
        default=None,
        description="Signs the web chat's session ids: the API issues them, Rasa's socket.io "
        "channel accepts only those. `needfinder run` makes one when unset (chats then start "
        "afresh after a restart).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins (comma-separated) whose pages may call Rasa and open the chat's "
        "socket.io connection; default: the origin of PUBLIC_URL.",
    )
    chat_limit_per_session: int = Field(
        default=20, ge=1, description="Messages per minute one web chat or REST sender may send."
    )
    chat_limit_per_address: int = Field(
        default=200,
        ge=1,
        description="Messages per minute from one client address over the public chat.",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/1",
        description="Redis for Rasa's lock store in scaled mode (`needfinder run --rasa N`).",
    )
    rasa_model: Path = PROJECT_ROOT / "models" / "needfinder.tar.gz"
    needs_model_dir: Path = PROJECT_ROOT / "var" / "models" / "needs"
    needs_model_dir_da: Path = PROJECT_ROOT / "var" / "models" / "needs-da"  # Danish
    max_message_chars: int = Field(default=5_000, ge=1)
    admin_key: SecretStr | None = Field(
        default=None,
        validation_alias="NEEDFINDER_ADMIN_KEY",
        description="An admin API key from the environment, for automated deployments.",
    )
    public_url: str | None = Field(
        default=None, description="Base URL in invitation links; default http://HOST:API_PORT."
    )
    rasa_public_url: str | None = Field(
        default=None,
        description="Rasa's URL as the browser reaches it (the chat page); default http://HOST:RASA_PORT.",
    )
    invitation_days: int = Field(default=14, ge=1, le=365)
    max_body_bytes: int = Field(default=2_000_000, ge=1_000)
    log_level: str = "INFO"
    # Chat channels (README: "Slack and Microsoft Teams"); each is off until all values are set.
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_tenant_id: str | None = None  # single-tenant Azure Bots

    @field_validator("admin_key")
    @classmethod
    def _long_enough(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None and len(key.get_secret_value()) < MIN_ADMIN_KEY_CHARS:
            raise ValueError(
                f"NEEDFINDER_ADMIN_KEY must be at least {MIN_ADMIN_KEY_CHARS} characters "
                "(e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return key

    @field_validator("chat_session_secret")
    @classmethod
    def _secret_long_enough(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and len(secret.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(
                f"CHAT_SESSION_SECRET must have at least {MIN_SECRET_CHARS} characters"
            )
        return secret

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if origin == "*" or not origin.startswith(("http://", "https://")):
                raise ValueError(f"{origin!r} is not an origin like https://needs.example.com")
        return origins

    @field_validator("tracker_database_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, url: object) -> object:
        return None if url == "" else url  # `TRACKER_DATABASE_URL=` in a .env file

    @field_validator("database_url", "tracker_database_url")
    @classmethod
    def _known_dialect(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:// and postgresql:// URLs are supported")
        return url

    def needs_model_dir_for(self, lang: str) -> Path:
        """The need model directory of a language: "en" or "da"."""
        dirs = {"en": self.needs_model_dir, "da": self.needs_model_dir_da}
        if lang not in dirs:
            raise UnsupportedLanguage(f"no need model setting for language {lang!r}")
        return dirs[lang]

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def rasa_browser_url(self) -> str:
        """Where the chat page's browser connects to Rasa's socket.io channel."""
        return (self.rasa_public_url or self.rasa_url).rstrip("/")

    @property
    def browser_origins(self) -> list[str]:
        """Origins whose pages may talk to Rasa: CORS_ORIGINS, or our own pages' origin."""
        return self.cors_origins or [origin_of(self.api_url)]

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def api_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.api_port}"

    @property
    def tracker_in_app_database(self) -> bool:
        """Whether Rasa's tracker store is the application's own database."""
        return self.resolved_tracker_url == self.database_url

    @property
    def resolved_tracker_url(self) -> str:
        """The tracker store URL: explicit, or a sibling SQLite file, or the same PostgreSQL DB."""
        if self.tracker_database_url:
            return self.tracker_database_url
        if self.database_url.startswith("sqlite"):
            return f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa-tracker.db'}"
        return self.database_url


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
