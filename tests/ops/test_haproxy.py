"""The HAProxy configuration of the scaled mode: valid for HAProxy, every replica checked."""

from __future__ import annotations

import ast

import pytest

from assistant.config import PROJECT_ROOT, Settings
from ops import haproxy
from ops.layout import Layout


@pytest.fixture
def layout(tmp_path) -> Layout:
    settings = Settings(rasa_port=5005, action_port=5055, api_port=8000)
    return Layout.from_settings(settings, rasa=3, actions=2, run_dir=tmp_path, stats_port=8404)


def test_replicas_listen_after_the_ports_haproxy_takes(layout):
    assert [(r.name, r.port) for r in layout.rasa] == [
        ("rasa.1", 5006),
        ("rasa.2", 5007),
        ("rasa.3", 5008),
    ]
    assert [(r.server, r.port) for r in layout.actions] == [("actions1", 5056), ("actions2", 5057)]


def test_configuration_is_accepted_by_haproxy(layout):
    if problem := haproxy.missing():
        pytest.fail(problem)

    path = haproxy.write_config(layout)  # runs `haproxy -c`

    assert path.read_text() == haproxy.render(layout)


def test_every_replica_is_health_checked_and_chat_has_affinity(layout):
    config = haproxy.render(layout)

    for port in (5006, 5007, 5008, 5056, 5057):
        assert f"127.0.0.1:{port} check" in config
    assert "option httpchk GET /webhooks/rest/ready" in config
    assert "balance hash var(txn.conversation)" in config
    assert "json_query('$.sender')" in config
    assert "cookie NFRASA insert" in config


def test_haproxy_error_answers_say_what_the_rest_channel_says():
    source = ast.parse((PROJECT_ROOT / "channels" / "rest.py").read_text())
    texts = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in source.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        if node.targets[0].id in ("UNAVAILABLE", "TIMED_OUT")
    }

    assert texts == {"UNAVAILABLE": haproxy.UNAVAILABLE, "TIMED_OUT": haproxy.TIMED_OUT}
