"""Play the independent scripted interviews (data/eval/interviews.yml) against the real servers.

A simulated person opens each wish, answers each "why" with the script's next answer,
confirms the expected need when it is proposed (by button or by typing, as the script says),
rejects a wrong proposal, picks the expected need from an offered list, and says "no, that's
all" when asked for more (in Danish "nej, det var det", then a bare "nej" when not understood).
Afterwards the stored interview is read through the API.

`--lang da` plays the independent Danish set (data/eval/da/interviews_da.yml) the same way:
the person speaks Danish, and the interview's language is chosen as for any Danish
conversation, by the words of the first message (an interview of the language_switch category
begins in English and asks for Danish in its first answer).

Reports: share of scripted wishes whose need was confirmed, wrong proposals per interview,
wishes closed while the person still had content to give, median probes before the right
proposal, invented wishes, verbatim repeated bot messages, interviews whose last replies were
in the set's language, interviews where "nothing more" had to be said again, the scripted
(wish -> need) pairs missed; and the interview quality the
system itself stored for these interviews (`GET /api/v1/quality`, all and per role: outcomes,
confirmation rate, probes until confirmation, answer length and informativeness, the bot's
repetition rate, duration). With --json, per-interview detail.

Usage: .venv/bin/python scripts/bench_understanding.py [--lang en|da] [--file SET] [--only ID]
           [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from assistant.interview.language import detect
from ops.stack import Stack, start_stack

ROOT = Path(__file__).resolve().parent.parent
MAX_TURNS = 30
QUALITY = (
    "interviews", "completed", "paused", "abandoned", "in_progress", "wishes",
    "confirmation_rate", "unresolved_share", "wrong_proposals_per_interview",
    "probes_to_confirmation_median",
    "probes_to_confirmation_mean", "words_per_answer", "bits_per_answer", "repetition_rate",
    "median_duration_seconds",
)  # fmt: skip
ROLES = {"all": {}, "customers": {"role": "customer"}, "sales reps": {"role": "sales_rep"}}
_PAYLOAD = re.compile(r'^/(\w+)(?:\{"need":"(\w+)"\})?$')


@dataclass(frozen=True)
class Voice:
    """One language's scripted set and what the person says beyond the script in it."""

    language: str
    interviews: Path
    roles: dict[str, str]  # role -> how the person names it
    never_asked: str  # the bot holds a wish the person never stated
    nothing_more: str  # every scripted answer to this wish is given
    done: tuple[str, ...]  # "anything else?" with every wish said: in turn, the last again


VOICES = {
    "en": Voice(
        "en", ROOT / "data" / "eval" / "interviews.yml",
        {"customer": "I'm the customer", "sales_rep": "I'm a sales rep"},
        "we never asked for that one", "I don't know, that's really all I can say",
        ("no, that's all",),
    ),
    "da": Voice(
        "da", ROOT / "data" / "eval" / "da" / "interviews_da.yml",
        {"customer": "jeg er kunde", "sales_rep": "jeg er sælger"},
        "det har vi aldrig bedt om", "det ved jeg ikke, mere kan jeg ikke sige om det",
        ("nej, det var det", "nej"),
    ),
}  # fmt: skip


@dataclass
class Played:
    """What happened in one played interview."""

    id: str
    categories: list[str]
    wrong_proposals: int = 0
    probes: dict[int, int] = field(default_factory=dict)  # scripted wish -> answers given
    answered: list[int] = field(default_factory=list)  # why-answers given, per scripted wish
    bot: list[str] = field(default_factory=list)
    stored: list[dict[str, Any]] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)  # GET /interviews/{id}/quality
    language: str | None = None  # of the bot's last replies, when they tell
    done_said: int = 0  # times the person said there was nothing more
    transcript: list[tuple[str, str]] = field(default_factory=list)


class Person:
    """Plays one scripted interview over Rasa's REST channel."""

    def __init__(self, stack: Stack, script: dict[str, Any], voice: Voice) -> None:
        self.stack, self.script, self.voice = stack, script, voice
        self.sender = f"real-{uuid.uuid4().hex[:10]}"
        self.wishes = script["wishes"]
        self.answered = [0] * len(self.wishes)
        self.opened = [False] * len(self.wishes)
        self.repeated = False
        self.played = Played(script["id"], script.get("categories", []))

    def say(self, text: str, first: bool = False) -> list[dict[str, Any]]:
        payload: dict[str, Any] = {"sender": self.sender, "message": text}
        if first:
            payload["metadata"] = {"customer": self.script["customer"], "role": self.script["role"]}
        response = httpx.post(  # as an integration: its metadata counts
            f"{self.stack.settings.rasa_url}/webhooks/rest/webhook",
            json=payload, headers=self.stack.rest_headers, timeout=60,
        )  # fmt: skip
        response.raise_for_status()
        replies = response.json()
        self.played.transcript.append(("person", text))
        for reply in replies:
            self.played.bot.append(reply.get("text", ""))
            self.played.transcript.append(("bot", reply.get("text", "")))
        return replies

    def stored(self) -> dict[str, Any]:
        return self.api(f"/api/v1/interviews/{self.sender}")

    def api(self, path: str) -> dict[str, Any]:
        response = httpx.get(f"{self.stack.api_url}{path}", timeout=10)
        response.raise_for_status()
        return response.json()

    def play(self) -> Played:
        self.opened[0] = True
        first = self.wishes[0]["opening"]
        for i, wish in enumerate(self.wishes[1:], start=1):  # said together with the first
            self.opened[i] = wish.get("opening") in (None, first)
        replies = self.say(first, first=True)
        for _ in range(MAX_TURNS):
            body = self.stored()
            if body["status"] == "completed":
                break
            replies = self.say(self.next_message(replies, body["wishes"]))
        self.played.stored = self.stored()["wishes"]
        self.played.quality = self.api(f"/api/v1/interviews/{self.sender}/quality")
        self.played.answered = self.answered
        self.played.language = detect(" ".join(r.get("text", "") for r in replies))
        return self.played

    def current(self, stored: list[dict[str, Any]]) -> int | None:
        """The scripted wish the bot is asking about (the first open stored wish).

        The person does not know the codes: a stored wish with another code than any they
        stated stands for the first stated wish the bot has not recorded. -1 for a wish the
        person never stated; None when no wish is open.
        """
        codes = [w["code"] for w in stored]
        unmatched = [
            i for i, w in enumerate(self.wishes) if self.opened[i] and w["wish"] not in codes
        ]
        strangers = [c for c in codes if c not in {w["wish"] for w in self.wishes}]
        for wish in stored:
            if wish["need"] is not None:
                continue
            for i, scripted in enumerate(self.wishes):
                if scripted["wish"] == wish["code"] and self.opened[i]:
                    return i
            rank = strangers.index(wish["code"]) if wish["code"] in strangers else len(unmatched)
            return unmatched[rank] if rank < len(unmatched) else -1
        return None

    def next_message(self, replies: list[dict[str, Any]], stored: list[dict[str, Any]]) -> str:
        buttons = [b["payload"] for r in replies for b in r.get("buttons") or []]
        actions = [m.groups() for p in buttons if (m := _PAYLOAD.match(p))]
        i = self.current(stored)
        closed = {w["code"] for w in stored if w["need"] is not None}
        pending = [j for j, w in enumerate(self.wishes) if w["wish"] not in closed]
        target = i if i is not None and i >= 0 else (pending[0] if pending else None)
        proposed = [need for intent, need in actions if intent == "reject_need"]
        if proposed and target is not None:
            return self.answer_proposal(target, proposed[0])
        offered = [need for intent, need in actions if intent == "confirm_need"]
        if offered and target is not None:
            return self.pick(target, offered)
        if "choose_wish" in "".join(buttons) and pending:
            # the person picks it: said or not before, it is theirs now
            self.opened[pending[0]] = True
            return f'/choose_wish{{"wish":"{self.wishes[pending[0]]["wish"]}"}}'
        if any(intent == "set_role" for intent, _ in actions):
            return self.voice.roles[self.script["role"]]
        if i == -1:
            return self.voice.never_asked
        if i is None:
            return self.unheard(stored) or self.anything_else()
        return self.answer_why(i)

    def answer_proposal(self, i: int, need: str) -> str:
        wish = self.wishes[i]
        typed = self.script.get("confirm") == "typed"
        if need == wish["need"]:
            self.played.probes.setdefault(i, self.answered[i])
            return wish["confirm_text"] if typed else f'/confirm_need{{"need":"{need}"}}'
        self.played.wrong_proposals += 1
        return wish["reject_text"] if typed else f'/reject_need{{"need":"{need}"}}'

    def pick(self, i: int, offered: list[str]) -> str:
        need = self.wishes[i]["need"]
        self.played.probes.setdefault(i, self.answered[i])
        return f'/confirm_need{{"need":"{need}"}}' if need in offered else "/none_of_these"

    def answer_why(self, i: int) -> str:
        answers = self.wishes[i]["answers"]
        if self.answered[i] < len(answers):
            self.answered[i] += 1
            return answers[self.answered[i] - 1]
        return self.voice.nothing_more

    def anything_else(self) -> str:
        for i, wish in enumerate(self.wishes):
            if not self.opened[i]:
                self.opened[i] = True
                return wish["opening"]
        self.played.done_said += 1
        return self.voice.done[min(self.played.done_said, len(self.voice.done)) - 1]

    def unheard(self, stored: list[dict[str, Any]]) -> str | None:
        """The first opening the bot recorded nothing for, said once more (as people do)."""
        if stored or self.repeated:
            return None
        self.repeated = True
        return self.wishes[0]["opening"]


def score(scripts: list[dict[str, Any]], played: list[Played], language: str) -> dict[str, Any]:
    """The benchmark's figures over all played interviews, scripted in `language`."""
    wishes = right = closed_early = invented = repeats = interviews_right = 0
    probes: list[int] = []
    by_category: Counter[str] = Counter()
    right_by_category: Counter[str] = Counter()
    missed: Counter[str] = Counter()  # "wish -> need" scripted but not confirmed
    for script, p in zip(scripts, played, strict=True):
        confirmed = [w for w in p.stored if w["need"] and w["need"]["status"] == "confirmed"]
        needs = Counter(w["need"]["code"] for w in confirmed)
        all_right = True
        for i, wish in enumerate(script["wishes"]):
            wishes += 1
            if needs[wish["need"]] > 0:
                needs[wish["need"]] -= 1
                right += 1
                probes.append(p.probes.get(i, len(wish["answers"])))
            else:
                all_right = False
                missed[f"{wish['wish']} -> {wish['need']}"] += 1
        scripted = Counter(w["wish"] for w in script["wishes"])
        stored = Counter(w["code"] for w in p.stored)
        invented += sum((stored - scripted).values())
        unresolved = {
            w["code"] for w in p.stored if w["need"] and w["need"]["status"] != "confirmed"
        }
        closed_early += sum(
            wish["wish"] in unresolved and p.answered[i] < len(wish["answers"])
            for i, wish in enumerate(script["wishes"])
        )
        repeats += sum(n - 1 for n in Counter(t for t in p.bot if t).values() if n > 1)
        interviews_right += all_right
        for category in p.categories:
            by_category[category] += 1
            right_by_category[category] += all_right
    n = len(played)
    return {
        "interviews": n,
        "wishes": wishes,
        "right_need_share": round(right / wishes, 3),
        "interviews_all_right": round(interviews_right / n, 3),
        "wrong_proposals_per_interview": round(sum(p.wrong_proposals for p in played) / n, 3),
        "closed_while_content_came": closed_early,
        "median_probes": statistics.median(probes) if probes else None,
        "invented_wishes": invented,
        "repeated_bot_messages": repeats,
        "ended_in_the_set_language": sum(p.language == language for p in played),
        "nothing_more_said_again": sum(p.done_said > 1 for p in played),
        "all_right_by_category": {
            c: f"{right_by_category[c]}/{by_category[c]}" for c in sorted(by_category)
        },
        "missed": dict(missed.most_common()),
    }


def quality(stack: Stack) -> dict[str, dict[str, Any]]:
    """The interview quality the system stored for the played interviews, all and per role."""
    figures = {}
    for label, params in ROLES.items():
        response = httpx.get(f"{stack.api_url}/api/v1/quality", params=params, timeout=60)
        response.raise_for_status()
        body = response.json()
        figures[label] = {
            k: round(body[k], 3) if isinstance(body[k], float) else body[k] for k in QUALITY
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(VOICES), default="en", help="which set to play")
    parser.add_argument(
        "--file", type=Path, help="play this set instead (same format, in the voice's language)"
    )
    parser.add_argument("--only", help="play only the interview with this id")
    parser.add_argument("--json", type=Path, help="write per-interview detail here")
    args = parser.parse_args()
    voice = VOICES[args.lang]
    scripts = yaml.safe_load((args.file or voice.interviews).read_text())
    if args.only:
        scripts = [s for s in scripts if s["id"] == args.only]
    with tempfile.TemporaryDirectory() as workdir:
        stack = start_stack(Path(workdir))
        try:
            played = [Person(stack, script, voice).play() for script in scripts]
            stored_quality = quality(stack)
        finally:
            stack.stop_all()
    figures = {**score(scripts, played, voice.language), "interview_quality": stored_quality}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        detail = [p.__dict__ for p in played]
        args.json.write_text(json.dumps(detail, indent=2, default=str, ensure_ascii=False))


if __name__ == "__main__":
    main()
