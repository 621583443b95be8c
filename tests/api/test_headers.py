"""Our pages cannot be framed, sniffed or fed scripts from elsewhere."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/chat", "/ui/login", "/api/v1/customers", "/health"])
def test_every_answer_carries_the_security_headers(anonymous, settings, path):
    headers = anonymous.get(path).headers

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert settings.rasa_browser_url in policy  # the chat may talk to Rasa, and nobody else


def test_the_api_docs_keep_working_without_a_policy(anonymous):
    response = anonymous.get("/docs")

    assert response.status_code == 200 and "Content-Security-Policy" not in response.headers
