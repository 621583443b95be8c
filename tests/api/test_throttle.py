"""Guessing API keys: after a burst of wrong keys, an address waits."""

from __future__ import annotations

from api.throttle import KeyGuesses


def test_ten_wrong_keys_then_the_address_waits_even_with_a_right_one(anonymous, keys):
    for _ in range(10):
        assert (
            anonymous.get("/api/v1/customers", headers={"X-API-Key": "nf_guess"}).status_code == 401
        )

    blocked = anonymous.get("/api/v1/customers", headers={"X-API-Key": keys["admin"]})

    assert blocked.status_code == 429
    assert "Too many wrong API keys" in blocked.json()["detail"]
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60


def test_the_login_form_says_so_too(anonymous, keys):
    for _ in range(10):
        anonymous.post("/ui/login", data={"key": "nf_guess"})

    response = anonymous.post("/ui/login", data={"key": keys["admin"]})

    assert response.status_code == 429 and "Too many wrong API keys" in response.text


def test_the_wait_ends_with_the_window_and_other_addresses_never_wait():
    now = [0.0]
    guesses = KeyGuesses(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        guesses.failed("10.0.0.1")

    assert guesses.wait_for("10.0.0.1") == 60 and guesses.wait_for("10.0.0.2") == 0
    now[0] = 59.5
    assert guesses.wait_for("10.0.0.1") == 1
    now[0] = 60.0
    assert guesses.wait_for("10.0.0.1") == 0
