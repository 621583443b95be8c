"""The interview's decisions: from what the person said and the state, the next move.

What the interviewer says is in `wording.py` (and `probes.py`), its buttons in `buttons.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType

from assistant.interview import buttons, wording
from assistant.interview.control import Polarity
from assistant.interview.messages import Button, Outcome, Reply, Understanding
from assistant.interview.probes import MAX_PROBES, next_probe, probe_question
from assistant.interview.reading import (
    CANDIDATE_FLOOR,
    candidates,
    role_said,
    role_stated,
    sounds_like_correction,
    stated_wish,
)
from assistant.interview.state import DialogueState, Finding, LadderStep, WishState
from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Phase
from assistant.needs.results import Scored
from assistant.taxonomy import Taxonomy

__all__ = ["Interviewer"]

OFFERED = 3
SECOND_WISH_RATIO = 0.5
SURE = 0.9  # a wish this likely counts even without its own cue words in the message
SHORT_ANSWER = 5  # words: "no idea really" is not a cause, whatever the model reads into it

Buttons = tuple[Button, ...]
Handler = Callable[[DialogueState, Understanding], list[Reply]]


class Interviewer:
    """Decides each reply of a laddering interview; mutates the `DialogueState` it is given."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        wish_threshold: float = 0.5,
        need_threshold: float = 0.5,
        answer_wish_threshold: float | None = None,
        margin: float = 0.3,
    ):
        # The interview acts on what it hears, so it asks for more confidence than a batch
        # classification: a wrong wish starts a pointless ladder, a wrong need a wrong proposal.
        self.taxonomy = taxonomy
        self.wish_threshold = wish_threshold
        self.need_threshold = need_threshold
        # `margin`: the lead of the best need over the second before it is proposed. On the
        # answers dev set (data/eval/answers_dev.jsonl), 0.3 instead of 0.15 made 1 wrong
        # proposal of 83 instead of 3 of 87; a need it misses gets one more probe instead.
        # A new wish inside an answer to "why" needs more: answers rarely state one.
        self.answer_wish_threshold = answer_wish_threshold or wish_threshold
        self.margin = margin
        # What an answer means depends on the question it answers (DONE is settled in respond).
        self.handlers: dict[Phase, Handler] = {
            Phase.START: self._on_start,
            Phase.ASK_ROLE: self._on_ask_role,
            Phase.ASK_CUSTOMER: self._on_ask_customer,
            Phase.ASK_WISH: self._on_ask_wish,
            Phase.CLARIFY_WISH: self._on_ask_wish,
            Phase.LADDER: self._on_ladder,
            Phase.CONFIRM: self._on_confirm,
            Phase.OFFER: self._on_offer,
            Phase.ANYTHING_ELSE: self._on_anything_else,
        }

    @classmethod
    def for_model(
        cls,
        taxonomy: Taxonomy,
        thresholds: Mapping[str, float],
        contexts: Mapping[str, Mapping[str, float]] | None = None,
    ) -> Interviewer:
        """The need model's thresholds, never below 0.5: per context where it has them
        (`NeedExtractor.context_thresholds`: wishes as in openings, needs as in answers),
        else its batch ones (`NeedExtractor.thresholds`)."""
        opening = {**thresholds, **(contexts or {}).get("opening", {})}
        answer = {**thresholds, **(contexts or {}).get("answer", {})}
        return cls(
            taxonomy,
            wish_threshold=max(0.5, opening["wishes"]),
            need_threshold=max(0.5, answer["needs"]),
            answer_wish_threshold=max(0.5, answer["wishes"]),
        )

    # -- entry point -------------------------------------------------------------------

    def respond(self, state: DialogueState, u: Understanding) -> Outcome:
        if u.intent == "stop" or (u.intent == "goodbye" and state.phase != Phase.DONE):
            return Outcome([Reply(_w(state).PAUSED)], status=InterviewStatus.PAUSED)
        if state.phase == Phase.DONE:
            return Outcome([Reply(_w(state).COMPLETE)], status=InterviewStatus.COMPLETED)
        if u.intent in ("chitchat", "greet") and state.phase != Phase.START and not self.hears(u):
            intro = _w(state).GREETED if u.intent == "greet" else _w(state).CHITCHAT
            return Outcome(self._repeat(state, intro))
        if self._stale(state, u):
            return Outcome(self._repeat(state, _w(state).STALE_BUTTON))
        if u.intent == "switch_language" and (language := u.entities.get("language")):
            return Outcome(self.switch_language(state, language))
        if u.intent == "skip":
            replies = self._skip(state)
        elif u.intent == "drop_wish":
            replies = self._drop(state, u)
        else:
            replies = self.handlers[state.phase](state, u)
        done = state.phase == Phase.DONE
        return Outcome(replies, InterviewStatus.COMPLETED if done else InterviewStatus.IN_PROGRESS)

    def resume(self, state: DialogueState) -> list[Reply]:
        """Welcome a person back to a paused interview with its pending question."""
        shown = buttons.pending(state, self.taxonomy) if state.last_question is not None else ()
        return [Reply(_w(state).welcome_back(state.last_question), shown)]

    def pending(self, state: DialogueState, intro: str) -> list[Reply]:
        """The question the interview waits on, after `intro`, with its buttons; nothing
        when it asked none yet or is over (after a message outside the interview)."""
        if state.last_question is None or state.phase in (Phase.START, Phase.DONE):
            return []
        return self._repeat(state, intro)

    def switch_language(self, state: DialogueState, language: str) -> list[Reply]:
        """Go on in `language` ("kan vi tage det på dansk?"): the pending question asked
        again in it (its wording, buttons and the taxonomy's texts)."""
        state.language, state.language_source = language, "switched"
        intro = _w(state).SWITCHED
        if state.phase == Phase.ASK_WISH and state.wishes:
            return self._ask(state, Phase.ASK_WISH, _w(state).ASK_MORE, intro=intro)
        if state.phase in (Phase.START, Phase.ASK_ROLE, Phase.ASK_CUSTOMER, Phase.ASK_WISH):
            first, *rest = self._next_setup(state)
            return [Reply(f"{intro} {first.text}", first.buttons), *rest]
        if state.phase == Phase.LADDER and state.wish is not None and state.wish.ladder:
            state.wish.ladder.pop()  # the unanswered probe, asked again in the new language
            return self._probe(state, intro=intro)
        if state.phase == Phase.CONFIRM and state.proposed:
            return self._propose(state, state.proposed, intro)
        if state.phase == Phase.OFFER and state.offered:
            offered = buttons.needs(self._tax(state), state.offered, state.role)
            return self._ask(state, Phase.OFFER, _w(state).WHICH_NEED, offered, intro=intro)
        if state.phase == Phase.ANYTHING_ELSE:
            return self._anything_else(state, [intro])
        if state.phase == Phase.CLARIFY_WISH:
            question = _w(state).which_wish(state.asked)
            shown = buttons.wishes(self._tax(state))
            return self._ask(state, Phase.CLARIFY_WISH, question, shown, intro=intro)
        return self._repeat(state, intro)

    def hears(self, u: Understanding) -> bool:
        """Whether the message states a wish or a need the interview can work with."""
        return bool(self._wishes(u) or self._needs(u))

    # -- phases --------------------------------------------------------------------------

    def _on_start(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if state.role is None and (role := role_stated(u)):
            state.role = role  # "I'm a sales rep" as a first message: a role, not a wish
            return self._next_setup(state)
        if self.hears(u):
            state.held = self._add_wishes(state, u)  # laddered once role and customer are known
        elif state.customer is not None and u.content and u.intent is None:
            # Role and customer came with the link: an unrecognised first answer is a wish
            # put in words the model does not know, so it is asked again, not dropped.
            return self._on_ask_wish(state, u)
        return self._next_setup(state)

    def _on_ask_role(self, state: DialogueState, u: Understanding) -> list[Reply]:
        role = role_said(u)
        if role is None:  # never pick a role silently: ask again, with the buttons
            state.unclear_role += 1
            if self.hears(u):  # a wish before the role: kept, and laddered once it is known
                state.held += self._add_wishes(state, u)
                return self._ask(
                    state, Phase.ASK_ROLE, _w(state).ROLE_FIRST, buttons.roles(state.language)
                )
            return self._ask(state, Phase.ASK_ROLE, _w(state).ask_role_again(state.asked),
                             buttons.roles(state.language))  # fmt: skip
        state.role = role
        return self._next_setup(state)

    def _on_ask_customer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        state.customer = " ".join(u.text.split())[:200]
        return self._next_setup(state)

    def _on_ask_wish(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "choose_wish" and (code := u.entities.get("wish")) in self.taxonomy.wishes:
            state.wishes.append(WishState(code=code, text=state.unclear_text or u.text))
            state.unclear_text = None
            return self._activate(state, [])
        if self.hears(u):
            return self._activate(state, self._add_wishes(state, u))
        if state.phase == Phase.CLARIFY_WISH and u.intent in ("none_of_these", "deny"):
            return self._anything_else(state, [_w(state).LEAVE_IT])
        if u.intent in ("deny", "none_of_these") or (
            state.phase == Phase.ANYTHING_ELSE and u.intent in ("dont_know", "goodbye")
        ):
            return self._finish(state)
        state.unrecognised += 1
        state.unclear_text = u.text
        if state.unrecognised == 1:
            return self._ask(state, Phase.ASK_WISH, _w(state).rephrase(state.asked))
        if state.unrecognised == 2:
            question = _w(state).which_wish(state.asked)
            return self._ask(state, Phase.CLARIFY_WISH, question, buttons.wishes(self._tax(state)))
        # Never a third round of the same question: note it and move on.
        state.unrecognised = 0
        return self._anything_else(state, [_w(state).NOTED_AS_IS])

    def _on_anything_else(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "affirm" and not self._wishes(u):
            return self._ask(state, Phase.ASK_WISH, _w(state).ASK_MORE)
        return self._on_ask_wish(state, u)

    def _on_ladder(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = _current(state)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        if u.intent == "none_of_these" or (u.intent == "deny" and wish.rejected):
            return self._close(state, Finding.unresolved(), _w(state).NOTED_OPEN)
        step = wish.ladder[-1]
        step.answer = u.said
        if u.intent == "dont_know" and (len(u.said.split()) <= SHORT_ANSWER or not self._needs(u)):
            wish.dont_know += 1
            if wish.dont_know >= 2:
                return self._close(state, Finding.unresolved(), _w(state).MOVE_ON)
            return self._probe(state, intro=_w(state).ASK_DIFFERENTLY)
        step.candidates = candidates(u.extraction)
        return self._decide(state)

    def _on_confirm(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish, code = _current(state), state.proposed
        assert code is not None
        chosen = self._chosen_need(state, u)
        if chosen or u.intent == "affirm" or u.polarity is Polarity.YES:
            if u.reason:  # "yes, exactly: we open at 9": the reason is evidence too
                self._add_clarification(state, wish, u)
            return self._confirm(state, chosen or code)
        if u.intent in ("reject_need", "deny", "none_of_these") or u.polarity is Polarity.NO:
            wish.findings.append(wish.finding(code, FindingStatus.REJECTED))
            state.proposed = None
            if u.reason:  # "no, it's more that …": one more rung, which may name the need
                self._add_clarification(state, wish, u)
            # While probes are left, ask on: the list of needs is the last resort.
            return self._decide(state, intro=_w(state).CORRECTED)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        # An answer instead of yes/no: take it as one more rung of the ladder.
        self._add_clarification(state, wish, u)
        return self._decide(state)

    def _on_offer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = _current(state)
        if chosen := self._chosen_need(state, u):
            return self._confirm(state, chosen)
        if u.intent in ("none_of_these", "deny", "reject_need", "dont_know"):
            return self._close(state, Finding.unresolved(), _w(state).NOTED_OPEN)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        self._add_clarification(state, wish, u)
        return self._decide(state, offer_again=False)

    # -- setup and wishes ------------------------------------------------------------------

    def _next_setup(self, state: DialogueState) -> list[Reply]:
        if state.role is None:
            return self._ask(
                state, Phase.ASK_ROLE, _w(state).ASK_ROLE, buttons.roles(state.language)
            )
        if state.customer is None:
            return self._ask(state, Phase.ASK_CUSTOMER, _w(state).ask_customer(state.role))
        if state.wishes:
            held, state.held = state.held, []
            return self._activate(state, held)
        opening = _w(state).opening(state.role, state.customer, state.asked)
        return self._ask(state, Phase.ASK_WISH, opening)

    def _add_wishes(self, state: DialogueState, u: Understanding) -> list[str]:
        wishes = self._wishes(u)
        # A second wish must be a real contender, not the model's echo of the first.
        codes = [w.code for w in wishes if w.confidence >= SECOND_WISH_RATIO * wishes[0].confidence]
        # ...or the likeliest wish of a clause of its own ("pay monthly, and a call the day
        # before": the call is faint in the whole message, clear in its clause).
        codes += [
            w.code for w in u.extraction.clause_wishes
            if w.confidence >= self.wish_threshold and w.code not in codes
        ]  # fmt: skip
        if not codes:  # a need stated without a wish
            state.wishes.append(stated_wish(None, u))
        state.wishes.extend(stated_wish(code, u) for code in codes)
        state.unrecognised = 0
        return codes

    def _activate(self, state: DialogueState, announced: list[str], intro: str = "") -> list[Reply]:
        pending = [i for i, w in enumerate(state.wishes) if not w.done]
        if not pending:
            return self._anything_else(state, [intro] if intro else [])
        state.current = pending[0]
        several = _w(state).several_wishes([self._wish_label(state, c) for c in announced])
        return self._decide(state, intro=" ".join(t for t in (intro, several) if t))

    def _is_correction(self, wish: WishState, u: Understanding) -> bool:
        new = self._other_wishes(wish, u)
        return bool(new) and (u.intent == "correct_wish" or sounds_like_correction(u.said))

    def _other_wishes(self, wish: WishState | None, u: Understanding) -> list[str]:
        """Wishes the message names in its own words, other than `wish`."""
        code = wish.code if wish else None
        return [
            w.code
            for w in self._wishes(u)
            if w.code != code
            and w.code in u.extraction.cues
            and w.confidence >= self.answer_wish_threshold
        ]

    def _replace_wish(self, state: DialogueState, wish: WishState, u: Understanding) -> list[Reply]:
        new_code = self._other_wishes(wish, u)[0]
        state.wishes[state.current or 0] = stated_wish(new_code, u)
        return self._decide(
            state, intro=_w(state).corrected_wish(self._wish_label(state, new_code))
        )

    # -- laddering ---------------------------------------------------------------------------

    def _decide(
        self, state: DialogueState, intro: str = "", offer_again: bool = True
    ) -> list[Reply]:
        wish = _current(state)
        ranked = wish.ranked()
        best_code, best = ranked[0] if ranked else (None, 0.0)
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        asked_why = wish.probes > 0  # every wish gets at least one "why"
        if asked_why and best_code and best >= self.need_threshold and best - second >= self.margin:
            return self._propose(state, best_code, intro)
        if wish.probes >= MAX_PROBES or next_probe(wish, best) is None:
            if offer_again:
                return self._offer(state, intro=intro)
            return self._close(state, Finding.unresolved(), _w(state).OPEN_AFTER_OFFER)
        return self._probe(state, intro=intro)

    def _probe(self, state: DialogueState, intro: str = "") -> list[Reply]:
        wish = _current(state)
        ranked = wish.ranked()
        kind = next_probe(wish, ranked[0][1] if ranked else 0.0)
        if kind is None:
            return self._offer(state, intro=intro)
        question = probe_question(
            kind, wish, role=state.role, customer=state.customer,
            wish_label=self._tax(state).wish(wish.code).label if wish.code else None,
            asked=state.asked, language=state.language,
        )  # fmt: skip
        wish.ladder.append(LadderStep(kind, question))
        return self._ask(state, Phase.LADDER, question, intro=intro)

    def _propose(self, state: DialogueState, code: str, intro: str = "") -> list[Reply]:
        text = _w(state).proposal(self._tax(state).need(code), state.role)
        state.proposed = code
        return self._ask(
            state, Phase.CONFIRM, text, buttons.proposal(code, state.language), intro=intro
        )

    def _offer(self, state: DialogueState, intro: str = "") -> list[Reply]:
        wish = _current(state)
        options = [c for c, s in wish.ranked() if s >= CANDIDATE_FLOOR][:OFFERED]
        if not options:
            if wish.probes < MAX_PROBES and next_probe(wish, 0.0) is not None:
                return self._probe(state, intro=intro)
            return self._close(state, Finding.unresolved(), _w(state).OPEN_NO_OPTIONS)
        state.offered = options
        offered = buttons.needs(self._tax(state), options, state.role)
        return self._ask(state, Phase.OFFER, _w(state).WHICH_NEED, offered, intro=intro)

    def _confirm(self, state: DialogueState, code: str) -> list[Reply]:
        finding = _current(state).finding(code, FindingStatus.CONFIRMED)
        return self._close(
            state, finding, _w(state).confirmed(self._tax(state).need(code), state.role)
        )

    def _close(self, state: DialogueState, finding: Finding, note: str) -> list[Reply]:
        wish = _current(state)
        if finding.code is None and finding.status == FindingStatus.UNRESOLVED:
            ranked = wish.ranked()
            if ranked:  # keep the best guess with the open finding for the brief's open questions
                best_code, best = ranked[0]
                finding = Finding.unresolved(best, wish.evidence(best_code))
        wish.findings.append(finding)
        wish.done = True
        state.proposed, state.offered = None, []
        pending = [i for i, w in enumerate(state.wishes) if not w.done]
        if pending:
            state.current = pending[0]
            label = self._wish_label(state, state.wishes[state.current].code)
            return self._decide(state, intro=_w(state).next_wish(note, label))
        return self._anything_else(state, [note])

    def _anything_else(self, state: DialogueState, notes: list[str]) -> list[Reply]:
        state.current = None
        state.unrecognised = 0
        question = _w(state).anything_else(state.role, state.asked, len(state.wishes))
        return self._ask(state, Phase.ANYTHING_ELSE, question, intro=" ".join(notes))

    def _finish(self, state: DialogueState) -> list[Reply]:
        state.phase, state.current, state.last_question = Phase.DONE, None, None
        closed = []
        for wish in state.wishes:
            outcome, need = wish.outcome, None
            if outcome and outcome.code and outcome.status == FindingStatus.CONFIRMED:
                need = self._tax(state).need(outcome.code)
            closed.append((self._wish_label(state, wish.code), need))
        return [Reply(text) for text in _w(state).summary(closed, state.role)]

    # -- helpers -------------------------------------------------------------------------------

    def _wishes(self, u: Understanding) -> list[Scored]:
        """The wishes a message states: the likeliest, and others said in their own words.

        A second wish must have its cue words in the message (or be near certain): the model
        reads "late order changes" into "emergency orders with same-day delivery".
        """
        heard = [w for w in u.extraction.wishes if w.confidence >= self.wish_threshold]
        others = [w for w in heard[1:] if w.code in u.extraction.cues or w.confidence >= SURE]
        return heard[:1] + others

    def _needs(self, u: Understanding) -> list[Scored]:
        return [n for n in u.extraction.needs if n.confidence >= self.need_threshold]

    def _chosen_need(self, state: DialogueState, u: Understanding) -> str | None:
        """The need a "confirm_need" button names, if it is the one proposed or offered.

        A typed or stale payload naming any other need confirms nothing: a confirmed need
        is always one the interview put to the person.
        """
        need = u.entities.get("need")
        on_the_table = {state.proposed} if state.phase == Phase.CONFIRM else set(state.offered)
        return need if u.intent == "confirm_need" and need in on_the_table else None

    def _stale(self, state: DialogueState, u: Understanding) -> bool:
        """A button payload that does not answer the pending question (an old button, a
        double click, or a payload typed by hand)."""
        need = u.entities.get("need")
        valid = {
            "confirm_need": (state.phase == Phase.CONFIRM and need == state.proposed)
            or (state.phase == Phase.OFFER and need in state.offered),
            "reject_need": state.phase == Phase.CONFIRM and need == state.proposed,
            "choose_wish": state.phase in (Phase.ASK_WISH, Phase.CLARIFY_WISH)
            and u.entities.get("wish") in self.taxonomy.wishes,
            "set_role": state.phase in (Phase.START, Phase.ASK_ROLE),
        }
        return not valid.get(u.intent or "", True)

    def _wish_label(self, state: DialogueState, code: str | None) -> str:
        return self._tax(state).wish(code).label if code else _w(state).DIRECT_NEED

    def _tax(self, state: DialogueState) -> Taxonomy:
        """The taxonomy in the interview's language (codes are the same in every one)."""
        return self.taxonomy.in_language(state.language)

    def _add_clarification(self, state: DialogueState, wish: WishState, u: Understanding) -> None:
        question = state.last_question or ""
        wish.ladder.append(LadderStep("clarify", question, u.said, candidates(u.extraction)))

    # -- skipping and dropping -----------------------------------------------------------------

    def _skip(self, state: DialogueState) -> list[Reply]:
        """ "skip"/"next": leave the wish being laddered open, or end the list of wishes."""
        if state.wish is not None:
            return self._close(state, Finding.unresolved(), _w(state).SKIPPED)
        if state.phase in (Phase.ASK_ROLE, Phase.ASK_CUSTOMER):
            return self._repeat(state, _w(state).NEEDED_TO_START)
        return self._finish(state)

    def _drop(self, state: DialogueState, u: Understanding) -> list[Reply]:
        """ "I didn't say X", "they never asked for X", "forget that one": take the wish back."""
        named = {w.code for w in u.extraction.wishes} | set(u.extraction.cues)
        target = next((i for i, w in enumerate(state.wishes) if w.code in named), state.current)
        if target is None:
            return self._repeat(state, _w(state).NOTHING_TO_DROP)
        dropped = state.wishes.pop(target)
        state.current, state.proposed, state.offered = None, None, []
        note = _w(state).dropped(self._wish_label(state, dropped.code))
        if new := self._other_wishes(dropped, u):  # "I didn't say X, I said Y"
            state.wishes.append(stated_wish(new[0], u))
        return self._activate(state, [], intro=note)

    def _repeat(self, state: DialogueState, intro: str) -> list[Reply]:
        """The pending question again, after `intro` (never a bare verbatim repeat)."""
        question = state.last_question or _w(state).opening(state.role, state.customer, state.asked)
        return [Reply(f"{intro} {question}", buttons.pending(state, self.taxonomy))]

    @staticmethod
    def _ask(
        state: DialogueState, phase: Phase, question: str, shown: Buttons = (), intro: str = ""
    ) -> list[Reply]:
        """Ask `question` (after `intro`), and wait in `phase` for the answer."""
        state.phase = phase
        state.last_question = question
        state.asked.append(question)
        return [Reply(f"{intro} {question}".strip(), shown)]


def _w(state: DialogueState) -> ModuleType:
    """The wording of the interview's language (`wording` or `wording_da`)."""
    return wording.in_language(state.language)


def _current(state: DialogueState) -> WishState:
    wish = state.wish
    assert wish is not None, "no wish is being laddered"
    return wish
