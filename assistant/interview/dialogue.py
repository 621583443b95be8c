"""The interview's decisions: from what the person said and the state, the next move.

`Interviewer` reads each message in the light of the question it answers (the handler map);
the handlers outside a ladder are in `intake.py`, those that take something back in
`corrections.py`, the moves they share in `moves.py`. What the interviewer says is in
`wording.py` (and `probes.py`), its buttons in `buttons.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.interview import buttons
from assistant.interview.control import Polarity
from assistant.interview.corrections import Corrections
from assistant.interview.intake import Intake
from assistant.interview.messages import ACT_ON_NEED, Outcome, Reply, Understanding
from assistant.interview.moves import current_wish, words
from assistant.interview.reading import candidates
from assistant.interview.state import DialogueState, Finding, LadderStep, WishState
from assistant.interview.vocabulary import FindingStatus, InterviewStatus, Phase
from assistant.taxonomy import Taxonomy

__all__ = ["Interviewer"]

SHORT_ANSWER = 5  # words: "no idea really" is not a cause, whatever the model reads into it

Handler = Callable[[DialogueState, Understanding], list[Reply]]


class Interviewer(Intake, Corrections):
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
        else its batch ones (`NeedExtractor.thresholds`). A need is acted on (heard, proposed)
        from ACT_ON_NEED only: the context threshold is tuned for F1, a proposal must be
        right far more often than not."""
        opening = {**thresholds, **(contexts or {}).get("opening", {})}
        answer = {**thresholds, **(contexts or {}).get("answer", {})}
        return cls(
            taxonomy,
            wish_threshold=max(0.5, opening["wishes"]),
            need_threshold=max(ACT_ON_NEED, answer["needs"]),
            answer_wish_threshold=max(0.5, answer["wishes"]),
        )

    # -- entry point -------------------------------------------------------------------

    def respond(self, state: DialogueState, u: Understanding) -> Outcome:
        if u.intent == "stop" or (u.intent == "goodbye" and state.phase != Phase.DONE):
            return Outcome([Reply(words(state).PAUSED)], status=InterviewStatus.PAUSED)
        if state.phase == Phase.DONE:
            return Outcome([Reply(words(state).COMPLETE)], status=InterviewStatus.COMPLETED)
        if u.intent in ("chitchat", "greet") and state.phase != Phase.START and not self.hears(u):
            intro = words(state).GREETED if u.intent == "greet" else words(state).CHITCHAT
            return Outcome(self._repeat(state, intro))
        if self._stale(state, u):
            return Outcome(self._repeat(state, words(state).STALE_BUTTON))
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
        return [Reply(words(state).welcome_back(state.last_question), shown)]

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
        intro = words(state).SWITCHED
        if state.phase == Phase.ASK_WISH and state.wishes:
            return self._ask(state, Phase.ASK_WISH, words(state).ASK_MORE, intro=intro)
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
            return self._ask(state, Phase.OFFER, words(state).WHICH_NEED, offered, intro=intro)
        if state.phase == Phase.ANYTHING_ELSE:
            return self._anything_else(state, [intro])
        if state.phase == Phase.CLARIFY_WISH:
            question = words(state).which_wish(state.asked)
            shown = buttons.wishes(self._tax(state))
            return self._ask(state, Phase.CLARIFY_WISH, question, shown, intro=intro)
        return self._repeat(state, intro)

    # -- answers in a ladder -------------------------------------------------------------

    def _on_ladder(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = current_wish(state)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        if u.intent == "none_of_these" or (u.intent == "deny" and wish.rejected):
            return self._close(state, Finding.unresolved(), words(state).NOTED_OPEN)
        step = wish.ladder[-1]
        step.answer = u.said
        self._note_set_aside(state, u)
        # A bare "no" ("no, that's all") to a why says as little as "I don't know": twice, and
        # the wish is left open instead of asked on to the last probe.
        nothing = u.intent == "dont_know" or (u.intent == "deny" and not u.reason)
        if nothing and (len(u.said.split()) <= SHORT_ANSWER or not self._needs(u)):
            wish.dont_know += 1
            if wish.dont_know >= 2:
                return self._close(state, Finding.unresolved(), words(state).MOVE_ON)
            return self._probe(state, intro=words(state).ASK_DIFFERENTLY)
        step.candidates = candidates(u.extraction)
        step.ruled_out = list(u.extraction.ruled_out)
        if wish.code is None and (named := self._names_the_wish(state, u)):
            # The opening named no wish ("can you tell me when the flowers come?"); this answer
            # says which ("I want them to come at a set time, before 9"): the wish is that one,
            # and the answer stays a rung of its ladder.
            wish.code = named
            label = self._wish_label(state, wish.code)
            return self._decide(state, intro=words(state).corrected_wish(label), named=True)
        return self._decide(state)

    def _names_the_wish(self, state: DialogueState, u: Understanding) -> str | None:
        """The wish an answer names as surely as answers must (the whole message, not one
        clause of it), when the interview has no wish of that code yet."""
        taken = {w.code for w in state.wishes}
        named = [w.code for w in u.extraction.wishes if w.confidence >= self.answer_wish_threshold]
        return next((code for code in named if code not in taken), None)

    def _on_confirm(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish, code = current_wish(state), state.proposed
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
            return self._decide(state, intro=words(state).CORRECTED)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        # An answer instead of yes/no: take it as one more rung of the ladder.
        self._add_clarification(state, wish, u)
        return self._decide(state)

    def _on_offer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        wish = current_wish(state)
        if chosen := self._chosen_need(state, u):
            return self._confirm(state, chosen)
        if u.intent in ("none_of_these", "deny", "reject_need", "dont_know"):
            return self._close(state, Finding.unresolved(), words(state).NOTED_OPEN)
        if self._is_correction(wish, u):
            return self._replace_wish(state, wish, u)
        self._add_clarification(state, wish, u)
        return self._decide(state, offer_again=False)

    # -- helpers -------------------------------------------------------------------------------

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

    def _add_clarification(self, state: DialogueState, wish: WishState, u: Understanding) -> None:
        self._note_set_aside(state, u)
        question = state.last_question or ""
        wish.ladder.append(
            LadderStep(
                "clarify", question, u.said, candidates(u.extraction), list(u.extraction.ruled_out)
            )
        )
