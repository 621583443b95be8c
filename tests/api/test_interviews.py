"""GET /api/v1/interviews/{conversation_id}."""

from __future__ import annotations

from assistant.turns import IncomingMessage


def record(service, *texts: str, conversation: str = "t1", **metadata) -> None:
    for i, text in enumerate(texts):
        service.handle_message(
            IncomingMessage(conversation, text, "socketio", message_id=f"m{i}", metadata=metadata)
        )


def test_interview_with_its_turns(client, service):
    record(service, "hello", "we need half pallets", customer="Acme", role="customer")

    response = client.get("/api/v1/interviews/t1")

    assert response.status_code == 200
    body = response.json()
    assert body["customer"] == "Acme"
    assert body["role"] == "customer"
    assert body["channel"] == "socketio"
    assert [(t["speaker"], t["text"]) for t in body["turns"]][::2] == [
        ("user", "hello"),
        ("user", "we need half pallets"),
    ]
    assert body["turns"][0]["created_at"].endswith(("+00:00", "Z"))


def test_unknown_conversation_is_404_with_clear_message(client):
    response = client.get("/api/v1/interviews/nobody")

    assert response.status_code == 404
    assert response.json() == {"detail": "No interview with conversation id 'nobody'."}


def test_oversized_conversation_id_is_422(client):
    response = client.get("/api/v1/interviews/" + "x" * 201)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversation_id"]
