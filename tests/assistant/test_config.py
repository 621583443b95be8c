"""Settings read from the environment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import UnsupportedLanguage


def test_an_empty_tracker_url_means_beside_the_application_database(monkeypatch):
    monkeypatch.setenv("TRACKER_DATABASE_URL", "")
    settings = Settings(database_url="postgresql+psycopg://db/app")

    assert settings.tracker_database_url is None
    assert settings.resolved_tracker_url == "postgresql+psycopg://db/app"
    assert settings.tracker_in_app_database


def test_a_sqlite_application_keeps_rasas_tracker_in_a_file_of_its_own():
    settings = Settings(database_url="sqlite:///var/app.db", tracker_database_url=None)

    assert settings.resolved_tracker_url.endswith("rasa-tracker.db")
    assert not settings.tracker_in_app_database


def test_an_unsupported_database_is_refused():
    with pytest.raises(ValidationError, match="only sqlite:// and postgresql://"):
        Settings(database_url="mysql://db/app")


def test_a_short_admin_key_is_refused(monkeypatch):
    monkeypatch.setenv("NEEDFINDER_ADMIN_KEY", "password123")

    with pytest.raises(ValidationError, match="at least 24 characters"):
        Settings()


def test_a_long_admin_key_is_kept(monkeypatch):
    monkeypatch.setenv("NEEDFINDER_ADMIN_KEY", "k" * 32)

    assert Settings().admin_key.get_secret_value() == "k" * 32


def test_cors_origins_are_comma_separated_and_default_to_our_own_pages():
    assert Settings(public_url="https://needs.example.com/app").browser_origins == [
        "https://needs.example.com"
    ]
    listed = Settings(cors_origins="https://a.example, https://b.example:8443/")
    assert listed.browser_origins == ["https://a.example", "https://b.example:8443"]


@pytest.mark.parametrize("origin", ["*", "needs.example.com"])
def test_a_wildcard_or_a_bare_host_is_no_origin(origin):
    with pytest.raises(ValidationError, match="is not an origin"):
        Settings(cors_origins=origin)


def test_a_short_chat_session_secret_is_refused():
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(chat_session_secret="short")


def test_each_language_has_its_need_model_directory(monkeypatch):
    monkeypatch.setenv("NEEDS_MODEL_DIR_DA", "/models/da")
    settings = Settings()

    assert settings.needs_model_dir_for("en") == settings.needs_model_dir
    default = Settings.model_fields["needs_model_dir_da"].default
    assert default == PROJECT_ROOT / "var" / "models" / "needs-da"
    assert str(settings.needs_model_dir_for("da")) == "/models/da"
    with pytest.raises(UnsupportedLanguage, match="no need model setting for language 'sv'"):
        settings.needs_model_dir_for("sv")
