"""Our pages cannot be framed, sniffed or fed scripts from elsewhere."""

from __future__ import annotations

import re

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


def test_the_api_docs_are_served_from_our_own_files_under_the_policy(anonymous):
    response = anonymous.get("/docs")

    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "://" not in response.text  # no CDN, no outside favicon: works offline
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts == ["/static/vendor/swagger-ui-bundle.js", "/static/js/docs.js"]
    assert "<script>" not in response.text  # nothing inline for the policy to block
    for asset in (*scripts, "/static/vendor/swagger-ui.css"):
        assert anonymous.get(asset).status_code == 200, asset
    assert anonymous.get("/redoc").status_code == 404
