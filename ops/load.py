"""Concurrent conversations over the REST channel, and a check of what the API stored.

Each conversation sends its turns one after the other (the next once the previous one is
answered), every text unique, and records each turn's outcome. `storage_problems` then
reads every conversation back through the API and lists what is wrong: a turn answered
200 that is missing or stored twice, a failed turn stored twice, turns out of order, a
silent empty 200. Used by the fault tests (tests/e2e/test_faults.py) and by
scripts/bench_scale.py.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

__all__ = [
    "ANSWERS",
    "Conversation",
    "Turn",
    "percentile",
    "run_conversations",
    "send_turn",
    "storage_problems",
]

# Answers a customer might give while being interviewed; each turn adds a unique number.
ANSWERS = (
    "we need shorter lead times",
    "it would just be easier for us",
    "our sales jump around every week and the forecast is always wrong",
    "the back room is small so we cannot keep much stock",
    "goods-in is only staffed in the morning",
    "finance wants less cash tied up in stock",
)
CLIENT_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class Turn:
    """One message sent and what became of it."""

    text: str
    status: int | None  # None: no HTTP answer at all (connection error, client timeout)
    replies: int  # bot messages in the answer
    error: str | None  # the channel's error code, or the client-side failure
    started: float  # time.monotonic()
    latency_s: float

    @property
    def answered(self) -> bool:
        """200 with at least one bot message: the turn must be stored exactly once."""
        return self.status == 200 and self.replies > 0 and self.error is None

    @property
    def silent(self) -> bool:
        """200 without any reply: never acceptable."""
        return self.status == 200 and self.replies == 0


@dataclass
class Conversation:
    sender: str
    customer: str
    turns: list[Turn] = field(default_factory=list)


async def send_turn(
    client: httpx.AsyncClient, url: str, conversation: Conversation, text: str
) -> Turn:
    """Send `text` in `conversation` and record the outcome."""
    payload = {
        "sender": conversation.sender,
        "message": text,
        # On every turn: whichever turn starts the interview names the customer.
        "metadata": {"customer": conversation.customer, "role": "customer"},
    }
    started = time.monotonic()
    try:
        response = await client.post(url, json=payload, timeout=CLIENT_TIMEOUT_S)
    except httpx.HTTPError as exc:
        turn = Turn(text, None, 0, type(exc).__name__, started, time.monotonic() - started)
    else:
        try:
            body = response.json()
        except ValueError:
            body = []
        messages = body if isinstance(body, list) else []
        errors = [m["error"] for m in messages if isinstance(m, dict) and m.get("error")]
        error = errors[0] if errors else (None if response.status_code == 200 else "status")
        turn = Turn(
            text, response.status_code, len(messages), error, started, time.monotonic() - started
        )
    conversation.turns.append(turn)
    return turn


async def _converse(
    client: httpx.AsyncClient, url: str, conversation: Conversation, until: float, turns: int
) -> None:
    last = len(conversation.turns) + turns
    while len(conversation.turns) < last and time.monotonic() < until:
        number = len(conversation.turns) + 1
        text = f"{ANSWERS[number % len(ANSWERS)]} (turn {number} of {conversation.sender})"
        await send_turn(client, url, conversation, text)


async def run_conversations(
    chat_url: str,
    conversations: list[Conversation],
    *,
    duration_s: float = 3600.0,
    turns: int = 1_000_000,
    headers: dict[str, str] | None = None,
) -> None:
    """Run every conversation at once until `duration_s` passed or each sent `turns` more."""
    until = time.monotonic() + duration_s
    limits = httpx.Limits(max_connections=len(conversations) + 10)
    url = f"{chat_url}/webhooks/rest/webhook"
    async with httpx.AsyncClient(limits=limits, headers=headers) as client:
        await asyncio.gather(*(_converse(client, url, c, until, turns) for c in conversations))


def storage_problems(api_url: str, conversations: list[Conversation]) -> list[str]:
    """What the API's record of each conversation gets wrong (empty when all is well)."""
    problems = []
    with httpx.Client(timeout=30) as client:
        for conversation in conversations:
            problems += _conversation_problems(client, api_url, conversation)
    return problems


def _conversation_problems(
    client: httpx.Client, api_url: str, conversation: Conversation
) -> list[str]:
    sender = conversation.sender
    silent = [t.text for t in conversation.turns if t.silent]
    problems = [f"{sender}: empty 200 for {text!r}" for text in silent]
    response = client.get(f"{api_url}/api/v1/interviews/{sender}")
    if response.status_code == 404 and not any(t.answered for t in conversation.turns):
        return problems  # nothing answered, nothing stored: fine
    if response.status_code != 200:
        return [*problems, f"{sender}: API answered {response.status_code}"]
    turns = response.json()["turns"]
    stored = [t["text"] for t in turns if t["speaker"] == "user"]
    sent = [t.text for t in conversation.turns]
    counts = Counter(stored)
    problems += [f"{sender}: stored {n} times: {text!r}" for text, n in counts.items() if n > 1]
    problems += [
        f"{sender}: answered 200 but not stored: {t.text!r}"
        for t in conversation.turns
        if t.answered and counts[t.text] == 0
    ]
    problems += [f"{sender}: stored, never sent: {text!r}" for text in counts if text not in sent]
    in_sent_order = sorted(stored, key=lambda text: sent.index(text) if text in sent else -1)
    if stored != in_sent_order:
        problems.append(f"{sender}: stored out of order: {stored}")
    if [t["seq"] for t in turns] != list(range(1, len(turns) + 1)):
        problems.append(f"{sender}: turn numbers are not 1..{len(turns)}")
    return problems


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.5 = median) of `values`; 0.0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]
