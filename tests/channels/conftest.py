"""One real stack with Slack and Teams configured, talking to local fakes of their servers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from ops.stack import Stack
from tests.channels.fakes import FakeServer, Request
from tests.conftest import running_stack

SLACK_BOT_TOKEN = "xoxb-test-" + uuid.uuid4().hex
SLACK_SIGNING_SECRET = uuid.uuid4().hex
MICROSOFT_APP_ID = str(uuid.uuid4())
MICROSOFT_APP_PASSWORD = uuid.uuid4().hex
MICROSOFT_APP_TENANT_ID = str(uuid.uuid4())
MICROSOFT_KEY_ID = "test-key-1"
BOT_CONNECTOR_ISSUER = "https://api.botframework.com"
# Replies to a conversation whose id holds this wait SLOW_CONNECTOR_S at the fake Bot Connector.
SLOW_CONVERSATION, SLOW_CONNECTOR_S = "slow-connector", 8.0


# What Slack's users.info answers for a user id (status, body); a test adds its own users,
# everyone else is an English-speaking Slack user.
SLACK_USERS: dict[str, tuple[int, Any]] = {}


def users_info(user: str, locale: str) -> dict[str, Any]:
    """Slack's users.info answer with `include_locale=true` (the fields we have no use for
    trimmed)."""
    return {
        "ok": True,
        "user": {
            "id": user,
            "team_id": "T0NEEDFIND",
            "name": "rep",
            "deleted": False,
            "real_name": "A Rep",
            "tz": "Europe/Copenhagen",
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "profile": {"real_name": "A Rep", "display_name": "rep", "team": "T0NEEDFIND"},
            "is_admin": False,
            "is_bot": False,
            "is_app_user": False,
            "updated": 1700000000,
            "locale": locale,
        },
    }


def slack_web_api(request: Request) -> tuple[int, Any]:
    """Slack's Web API as far as we use it (chat.postMessage, users.info), and the
    `response_url`s of slash commands and clicks (hooks.slack.com/commands/..., /actions/...)."""
    if request.path == "/api/users.info":
        user = request.params().get("user", "")
        return SLACK_USERS.get(user) or (200, users_info(user, "en-US"))
    if request.path == "/api/chat.postMessage":
        body = request.json()
        ts = f"{time.time():.6f}"
        return 200, {"ok": True, "channel": body["channel"], "ts": ts, "message": body}
    if request.path.startswith(("/commands/", "/actions/")):
        return 200, "ok"
    return 404, {"ok": False, "error": "unknown_method"}


def bot_access_token(client_id: str) -> str:
    return f"access-token-for-{client_id}"


def microsoft_servers(signing_key: rsa.RSAPrivateKey) -> Any:
    """login.botframework.com (keys), login.microsoftonline.com (tokens), the Bot Connector."""
    jwk = {
        **RSAAlgorithm.to_jwk(signing_key.public_key(), as_dict=True),
        "kid": MICROSOFT_KEY_ID,
        "use": "sig",
        "endorsements": ["msteams"],
    }

    def handle(request: Request) -> tuple[int, Any]:
        base = f"http://{request.headers['host']}"
        if request.path == "/v1/.well-known/openidconfiguration":
            return 200, {
                "issuer": BOT_CONNECTOR_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{base}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        if request.path == "/v1/.well-known/keys":
            return 200, {"keys": [jwk]}
        if request.path.endswith("/oauth2/v2.0/token"):
            return 200, {
                "token_type": "Bearer",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": bot_access_token(request.form()["client_id"]),
            }
        if "/v3/conversations/" in request.path:
            if SLOW_CONVERSATION in request.path:  # a Bot Connector that takes its time
                time.sleep(SLOW_CONNECTOR_S)
            return 200, {"id": uuid.uuid4().hex}
        return 404, {"error": "not found"}

    return handle


@pytest.fixture(scope="session")
def bot_signing_key() -> rsa.RSAPrivateKey:
    """Stands in for the key Microsoft signs Bot Connector tokens with."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def slack_api() -> Iterator[FakeServer]:
    with FakeServer(slack_web_api) as server:
        yield server


@pytest.fixture(scope="session")
def microsoft(bot_signing_key: rsa.RSAPrivateKey) -> Iterator[FakeServer]:
    with FakeServer(microsoft_servers(bot_signing_key)) as server:
        yield server


@pytest.fixture(scope="session")
def channel_stack(
    tmp_path_factory: pytest.TempPathFactory, slack_api: FakeServer, microsoft: FakeServer
) -> Iterator[Stack]:
    env = {
        "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{slack_api.url}/api/",
        "MICROSOFT_APP_ID": MICROSOFT_APP_ID,
        "MICROSOFT_APP_PASSWORD": MICROSOFT_APP_PASSWORD,
        "MICROSOFT_APP_TENANT_ID": MICROSOFT_APP_TENANT_ID,
        "BOTFRAMEWORK_OPENID_URL": f"{microsoft.url}/v1/.well-known/openidconfiguration",
        "BOTFRAMEWORK_LOGIN_URL": microsoft.url,
    }
    with running_stack(tmp_path_factory.mktemp("channels"), extra_env=env) as stack:
        yield stack


def bot_connector_token(
    key: rsa.RSAPrivateKey, service_url: str, *, audience: str = MICROSOFT_APP_ID, **claims: Any
) -> str:
    """A JWT as the Bot Connector sends with each activity (RS256, our app id as audience)."""
    now = int(time.time())
    payload = {
        "iss": BOT_CONNECTOR_ISSUER,
        "aud": audience,
        "serviceurl": service_url,
        "nbf": now - 5,
        "exp": now + 3600,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": MICROSOFT_KEY_ID})
