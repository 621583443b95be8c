"""The interview's next move: from what the person said and the state, the replies."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.interview.messages import (
    Button,
    Outcome,
    Reply,
    Understanding,
    make_payload,
    parse_payload,
    understand,
)
from assistant.interview.probes import MAX_PROBES, next_probe, probe_question
from assistant.interview.reading import (
    CANDIDATE_FLOOR,
    candidates,
    opening_candidates,
    role_in,
    sounds_like_correction,
)
from assistant.interview.state import DialogueState, Finding, LadderStep, WishState
from assistant.interview.vocabulary import (
    FindingStatus,
    InterviewStatus,
    Phase,
    Role,
    role_or_customer,
)
from assistant.needs.results import Scored
from assistant.taxonomy import Taxonomy

# Button, Outcome, Reply, Understanding, parse_payload and understand are re-exported: the
# interview's callers meet them together with the Interviewer.
__all__ = [
    "Button",
    "Interviewer",
    "Outcome",
    "Reply",
    "Understanding",
    "parse_payload",
    "understand",
]

OFFERED = 3
SECOND_WISH_RATIO = 0.5
SHORT_ANSWER = 5  # words: "no idea really" is not a cause, whatever the model reads into it
REPHRASE = (
    "I'm not sure which logistics wish that is. Could you put it another way, "
    'for example "we would like deliveries twice a week"?',
    "Sorry, I didn't get that one. What would you like us to change, "
    'for example "smaller minimum orders"?',
)


class Interviewer:
    """Decides each reply of a laddering interview; mutates the `DialogueState` it is given."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        wish_threshold: float = 0.5,
        need_threshold: float = 0.5,
        margin: float = 0.15,
    ):
        # The interview acts on what it hears, so it asks for more confidence than a batch
        # classification: a wrong wish starts a pointless ladder, a wrong need a wrong proposal.
        self.taxonomy = taxonomy
        self.wish_threshold = wish_threshold
        self.need_threshold = need_threshold
        self.margin = margin

    @classmethod
    def for_model(cls, taxonomy: Taxonomy, thresholds: Mapping[str, float]) -> Interviewer:
        """The need model's thresholds (`NeedExtractor.thresholds`), never below 0.5."""
        return cls(
            taxonomy,
            wish_threshold=max(0.5, thresholds["wishes"]),
            need_threshold=max(0.5, thresholds["needs"]),
        )

    # -- entry point -------------------------------------------------------------------

    def respond(self, state: DialogueState, u: Understanding) -> Outcome:
        if u.intent == "stop" or (u.intent == "goodbye" and state.phase != Phase.DONE):
            return Outcome([Reply(self._pause_text(state))], status=InterviewStatus.PAUSED)
        if state.phase == Phase.DONE:
            return Outcome(
                [Reply('This interview is complete, thank you. Say "restart" to begin a new one.')],
                status=InterviewStatus.COMPLETED,
            )
        if u.intent == "chitchat" and not self.hears(u):
            return Outcome(
                self._repeat(state, "Happy to chat another time! Back to our interview:")
            )
        handler = getattr(self, f"_on_{state.phase}")
        replies = handler(state, u)
        status = (
            InterviewStatus.COMPLETED if state.phase == Phase.DONE else InterviewStatus.IN_PROGRESS
        )
        return Outcome(replies, status=status)

    def resume(self, state: DialogueState) -> list[Reply]:
        """Welcome a person back to a paused interview with its pending question."""
        if state.last_question is None:
            return [Reply("Welcome back!")]
        return [
            Reply(f"Welcome back! Where we stopped: {state.last_question}", self._buttons(state))
        ]

    # -- phases --------------------------------------------------------------------------

    def _on_start(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if self.hears(u):
            state.held = self._add_wishes(state, u)  # laddered once role and customer are known
        return self._next_setup(state, u)

    def _on_ask_role(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "set_role":
            role = role_or_customer(u.entities.get("role"))
        else:
            role = role_in(u.text)
        if role is None and state.unclear_role == 0:
            state.unclear_role += 1
            return self._repeat(state, "Sorry, I didn't catch that.")
        state.role = role or Role.CUSTOMER
        return self._next_setup(state, u)

    def _on_ask_customer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        state.customer = " ".join(u.text.split())[:200]
        return self._next_setup(state, u)

    def _on_ask_wish(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "choose_wish" and u.entities.get("wish") in self.taxonomy.wishes:
            state.wishes.append(
                WishState(code=u.entities["wish"], text=state.unclear_text or u.text)
            )
            state.unclear_text = None
            return self._activate(state, [])
        if self.hears(u):
            return self._activate(state, self._add_wishes(state, u))
        if state.phase == Phase.CLARIFY_WISH and u.intent in ("none_of_these", "deny"):
            return self._anything_else(state, ["Let's leave that one."])
        if u.intent in ("deny", "none_of_these") or (
            state.phase == Phase.ANYTHING_ELSE and u.intent in ("dont_know", "goodbye")
        ):
            return self._finish(state)
        state.unrecognised += 1
        state.unclear_text = u.text
        if state.unrecognised == 1:
            rephrase = next(
                (q for q in REPHRASE if q not in state.asked), f"Once more: {REPHRASE[0]}"
            )
            return self._ask_text(state, Phase.ASK_WISH, rephrase)
        if state.unrecognised == 2:
            buttons = tuple(
                Button(w.label, make_payload("choose_wish", wish=w.code))
                for w in self.taxonomy.wishes.values()
            ) + (Button("None of these", "/none_of_these"),)
            question = "Which of these comes closest to what you mean?"
            if question in state.asked:
                question = "Which of these is it closest to?"
            return self._ask_text(state, Phase.CLARIFY_WISH, question, buttons)
        # Never a third round of the same question: note it and move on.
        state.unrecognised = 0
        return self._anything_else(state, ["I'll note that as it is."])

    _on_clarify_wish = _on_ask_wish

    def _on_anything_else(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "affirm" and not self._wishes(u):
            return self._ask_text(state, Phase.ASK_WISH, "What else would you like from us?")
        return self._on_ask_wish(state, u)

    def _on_ladder(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = state.wish
        assert wish is not None
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        if u.intent == "none_of_these" or (u.intent == "deny" and wish.rejected):
            return self._close(state, Finding.unresolved(), "Understood, I'll note it as open.")
        step = wish.ladder[-1]
        step.answer = u.text
        if u.intent == "dont_know" and (len(u.text.split()) <= SHORT_ANSWER or not self._needs(u)):
            wish.dont_know += 1
            if wish.dont_know >= 2:
                return self._close(state, Finding.unresolved(), "No problem, let's move on.")
            return self._probe(state, intro="No problem, let me ask it differently.")
        step.candidates = candidates(u.extraction)
        return self._decide(state)

    def _on_confirm(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish, code = state.wish, state.proposed
        assert wish is not None and code is not None
        chosen = u.entities.get("need")
        if (u.intent == "confirm_need" and chosen in self.taxonomy.needs) or u.intent == "affirm":
            return self._confirm(state, chosen if u.intent == "confirm_need" else code)
        if u.intent in ("reject_need", "deny", "none_of_these"):
            wish.findings.append(
                Finding(
                    code,
                    self._score(wish, code),
                    FindingStatus.REJECTED,
                    self._evidence(wish, code),
                )
            )
            state.proposed = None
            return self._offer(state, intro="Thanks for correcting me.")
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        # An answer instead of yes/no: take it as one more rung of the ladder.
        wish.ladder.append(
            LadderStep("clarify", state.last_question or "", u.text, candidates(u.extraction))
        )
        return self._decide(state)

    def _on_offer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = state.wish
        assert wish is not None
        chosen = u.entities.get("need")
        if u.intent == "confirm_need" and chosen in self.taxonomy.needs:
            return self._confirm(state, chosen)
        if u.intent in ("none_of_these", "deny", "reject_need", "dont_know"):
            return self._close(state, Finding.unresolved(), "Understood, I'll note it as open.")
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        wish.ladder.append(
            LadderStep("clarify", state.last_question or "", u.text, candidates(u.extraction))
        )
        return self._decide(state, offer_again=False)

    # -- setup -----------------------------------------------------------------------------

    def _next_setup(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if state.role is None:
            state.phase = Phase.ASK_ROLE
            return self._ask_text(
                state,
                Phase.ASK_ROLE,
                "Hello! I help find the needs behind logistics wishes. Are you a customer, "
                "or a sales rep preparing a negotiation?",
                self._buttons(state),
            )
        if state.customer is None:
            question = (
                "Which customer are we preparing for?"
                if state.role == Role.SALES_REP
                else "Which company are you with?"
            )
            return self._ask_text(state, Phase.ASK_CUSTOMER, question)
        if state.wishes:
            held, state.held = state.held, []
            return self._activate(state, held)
        return self._ask_text(state, Phase.ASK_WISH, self._opening(state))

    def _opening(self, state: DialogueState) -> str:
        greeting = "Thanks! " if state.asked else "Hello! "
        if state.role == Role.SALES_REP:
            return (
                f"{greeting}Let's prepare your negotiation with {state.customer}. "
                "What logistics terms are they asking us for?"
            )
        return (
            f"{greeting}I'd like to understand what you need from us as a supplier. "
            "What would you like us to do differently in how we deliver to you?"
        )

    # -- wishes ------------------------------------------------------------------------------

    def _add_wishes(self, state: DialogueState, u: Understanding) -> list[str]:
        wishes = self._wishes(u)
        # A second wish must be a real contender, not the model's echo of the first.
        codes = [w.code for w in wishes if w.confidence >= SECOND_WISH_RATIO * wishes[0].confidence]
        codes = codes or [None]  # a need stated without a wish
        params = [p.to_dict() for p in u.extraction.parameters]
        for code in codes:
            state.wishes.append(
                WishState(code=code, text=u.text, parameters=params, opening=opening_candidates(u))
            )
        state.unrecognised = 0
        return [c for c in codes if c]

    def _activate(self, state: DialogueState, announced: list[str]) -> list[Reply]:
        pending = [i for i, w in enumerate(state.wishes) if not w.done]
        if not pending:
            return self._anything_else(state, [])
        state.current = pending[0]
        intro = ""
        if len(announced) > 1:
            labels = " and ".join(self._wish_label(c).lower() for c in announced)
            intro = (
                f"You mentioned {len(announced)} things: {labels}. Let's take them one at a time."
            )
        return self._decide(state, intro=intro)

    def _is_correction(self, wish: WishState, u: Understanding) -> bool:
        new = [w.code for w in self._wishes(u) if w.code != wish.code]
        return bool(new) and (u.intent == "correct_wish" or sounds_like_correction(u.text))

    def _replace_wish(self, state: DialogueState, wish: WishState, u: Understanding) -> list[Reply]:
        new_code = next(w.code for w in self._wishes(u) if w.code != wish.code)
        state.wishes[state.current or 0] = WishState(
            code=new_code, text=u.text,
            parameters=[p.to_dict() for p in u.extraction.parameters],
            opening=opening_candidates(u),
        )  # fmt: skip
        return self._decide(state, intro=f"Got it: {self._wish_label(new_code).lower()}.")

    # -- laddering ---------------------------------------------------------------------------

    def _decide(
        self, state: DialogueState, intro: str = "", offer_again: bool = True
    ) -> list[Reply]:
        wish = state.wish
        assert wish is not None
        ranked = self._ranked(wish)
        best_code, best = ranked[0] if ranked else (None, 0.0)
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_code and best >= self.need_threshold and best - second >= self.margin:
            return self._propose(state, best_code, intro)
        if wish.probes >= MAX_PROBES or next_probe(wish, best) is None:
            return (
                self._offer(state, intro=intro)
                if offer_again
                else self._close(
                    state,
                    Finding.unresolved(),
                    "Thank you, I'll note this one as open.",
                )
            )
        return self._probe(state, intro=intro)

    def _probe(self, state: DialogueState, intro: str = "") -> list[Reply]:
        wish = state.wish
        assert wish is not None
        ranked = self._ranked(wish)
        kind = next_probe(wish, ranked[0][1] if ranked else 0.0)
        if kind is None:
            return self._offer(state, intro=intro)
        question = probe_question(
            kind, wish, role=state.role, customer=state.customer,
            wish_label=self._wish_label(wish.code), asked=state.asked,
        )  # fmt: skip
        wish.ladder.append(LadderStep(kind, question))
        return self._ask_text(state, Phase.LADDER, question, intro=intro)

    def _propose(self, state: DialogueState, code: str, intro: str = "") -> list[Reply]:
        need = self.taxonomy.need(code)
        state.proposed = code
        text = (
            f"It sounds like the real need behind this is {need.label.lower()}: "
            f"{need.definition} Is that right?"
        )
        buttons = (
            Button("Yes, that's it", make_payload("confirm_need", need=code)),
            Button("No, not really", make_payload("reject_need", need=code)),
        )
        return self._ask_text(state, Phase.CONFIRM, text, buttons, intro=intro)

    def _offer(self, state: DialogueState, intro: str = "") -> list[Reply]:
        wish = state.wish
        assert wish is not None
        options = [c for c, s in self._ranked(wish) if s >= CANDIDATE_FLOOR][:OFFERED]
        if not options:
            if wish.probes < MAX_PROBES and next_probe(wish, 0.0) is not None:
                return self._probe(state, intro=intro)
            return self._close(state, Finding.unresolved(), "I'll note this one as open.")
        state.offered = options
        buttons = tuple(
            Button(self.taxonomy.need(c).label, make_payload("confirm_need", need=c))
            for c in options
        ) + (Button("None of these", "/none_of_these"),)
        return self._ask_text(
            state,
            Phase.OFFER,
            "Which of these comes closest to the real reason?",
            buttons,
            intro=intro,
        )

    def _confirm(self, state: DialogueState, code: str) -> list[Reply]:
        wish = state.wish
        assert wish is not None
        finding = Finding(
            code, self._score(wish, code), FindingStatus.CONFIRMED, self._evidence(wish, code)
        )
        solution = self.taxonomy.need(code).solution
        return self._close(
            state,
            finding,
            f"Thank you! Noted; we have a standard answer for that: {solution.label.lower()}.",
        )

    def _close(self, state: DialogueState, finding: Finding, note: str) -> list[Reply]:
        wish = state.wish
        assert wish is not None
        if finding.code is None and finding.status == FindingStatus.UNRESOLVED:
            ranked = self._ranked(wish)
            if ranked:  # keep the best guess with the open finding for the brief's open questions
                finding = Finding.unresolved(ranked[0][1], self._evidence(wish, ranked[0][0]))
        wish.findings.append(finding)
        wish.done = True
        state.proposed, state.offered = None, []
        pending = [i for i, w in enumerate(state.wishes) if not w.done]
        if pending:
            state.current = pending[0]
            nxt = state.wishes[state.current]
            return self._decide(state, intro=f"{note} Now to {self._wish_label(nxt.code).lower()}.")
        return self._anything_else(state, [note])

    def _anything_else(self, state: DialogueState, notes: list[str]) -> list[Reply]:
        state.current = None
        state.unrecognised = 0
        subject = "the customer would" if state.role == Role.SALES_REP else "you would"
        variants = (
            f"Is there anything else {subject} like from us as a supplier?",
            "Anything more you would like to add?",
            "Any other wish?",
        )
        question = next((q for q in variants if q not in state.asked), variants[-1])
        if question in state.asked:
            question = f"{question} ({len(state.wishes)} so far)"
        return self._ask_text(state, Phase.ANYTHING_ELSE, question, intro=" ".join(notes))

    def _finish(self, state: DialogueState) -> list[Reply]:
        state.phase, state.current, state.last_question = Phase.DONE, None, None
        lines = []
        for wish in state.wishes:
            outcome = wish.outcome
            label = self._wish_label(wish.code)
            if outcome and outcome.code and outcome.status == FindingStatus.CONFIRMED:
                need = self.taxonomy.need(outcome.code)
                lines.append(
                    f"- {label} → real need: {need.label} → standard solution: "
                    f"{need.solution.label} ({need.lever})"
                )
            else:
                lines.append(f"- {label} → real need still open")
        if not lines:
            return [Reply("No wishes today, then. Thank you for your time!")]
        return [
            Reply("Here is what I understood:\n" + "\n".join(lines)),
            Reply("Thank you for your time!"),
        ]

    # -- helpers -------------------------------------------------------------------------------

    def _wishes(self, u: Understanding) -> list[Scored]:
        return [w for w in u.extraction.wishes if w.confidence >= self.wish_threshold]

    def _needs(self, u: Understanding) -> list[Scored]:
        return [n for n in u.extraction.needs if n.confidence >= self.need_threshold]

    def hears(self, u: Understanding) -> bool:
        """Whether the message states a wish or a need the interview can work with."""
        return bool(self._wishes(u) or self._needs(u))

    def _ranked(self, wish: WishState) -> list[tuple[str, float]]:
        """Each need's best confidence over the wish statement and every answer, best first."""
        best: dict[str, float] = {}
        for cands in [wish.opening, *(s.candidates for s in wish.ladder)]:
            for c in cands:
                if c.code not in wish.rejected:
                    best[c.code] = max(best.get(c.code, 0.0), c.confidence)
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def _score(self, wish: WishState, code: str) -> float:
        return dict(self._ranked(wish)).get(code, 0.0)

    def _evidence(self, wish: WishState, code: str) -> str:
        best, text = -1.0, ""
        sources = [(wish.opening, wish.text)] + [
            (s.candidates, s.answer or "") for s in wish.ladder
        ]
        for cands, source in sources:
            for c in cands:
                if c.code == code and c.confidence > best:
                    best, text = c.confidence, c.evidence or source
        return text

    def _wish_label(self, code: str | None) -> str:
        return self.taxonomy.wish(code).label if code else "A need stated directly"

    @staticmethod
    def _pause_text(state: DialogueState) -> str:
        return (
            "Saved. Come back any time through the same link or chat "
            "and we'll continue where we stopped."
        )

    def _buttons(self, state: DialogueState) -> tuple[Button, ...]:
        if state.phase == Phase.CONFIRM and state.proposed:
            return (
                Button("Yes, that's it", make_payload("confirm_need", need=state.proposed)),
                Button("No, not really", make_payload("reject_need", need=state.proposed)),
            )
        if state.phase == Phase.ASK_ROLE:
            return (
                Button("I'm the customer", make_payload("set_role", role=Role.CUSTOMER)),
                Button("I'm a sales rep", make_payload("set_role", role=Role.SALES_REP)),
            )
        if state.phase == Phase.OFFER:
            return tuple(
                Button(self.taxonomy.need(c).label, make_payload("confirm_need", need=c))
                for c in state.offered
            ) + (Button("None of these", "/none_of_these"),)
        return ()

    def _repeat(self, state: DialogueState, intro: str) -> list[Reply]:
        """The pending question again, after `intro` (never a bare verbatim repeat)."""
        question = state.last_question or self._opening(state)
        return [Reply(f"{intro} {question}", self._buttons(state))]

    def _ask_text(
        self,
        state: DialogueState,
        phase: str,
        question: str,
        buttons: tuple[Button, ...] = (),
        intro: str = "",
    ) -> list[Reply]:
        state.phase = phase
        state.last_question = question
        state.asked.append(question)
        return [Reply(f"{intro} {question}".strip(), buttons)]
