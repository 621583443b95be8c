"""The interviewer's moves, shared by every handler: ask, take up the wishes heard, probe,
propose, offer, confirm or close a wish, ask for anything else, finish.

What an answer means in each phase is decided by the handlers (`dialogue.py`, `intake.py`,
`corrections.py`); the words are in `wording.py` (and `probes.py`), the buttons in `buttons.py`.
"""

from __future__ import annotations

import re
from types import ModuleType

from assistant.interview import buttons, wording
from assistant.interview.messages import Button, Reply, Understanding
from assistant.interview.probes import MAX_PROBES, next_probe, probe_question, quotable
from assistant.interview.reading import (
    CANDIDATE_FLOOR,
    asks_for_something,
    gives_reason,
    stated_wish,
)
from assistant.interview.state import DialogueState, Finding, LadderStep, WishState
from assistant.interview.vocabulary import FindingStatus, Phase
from assistant.needs.results import Scored
from assistant.taxonomy import Taxonomy

__all__ = ["Moves", "current_wish", "is_request", "words"]

OFFERED = 3
SECOND_WISH_RATIO = 0.5
SURE = 0.9  # a wish this likely counts even without its own cue words in the message
# A need proposed after one "why" must be at least this likely in that answer, unless the
# wish statement gave a reason in words; else a second "why" is asked.
ANSWER_SUPPORT = 0.3
# A request said beside a recognised wish, whose own likeliest wish is at least this likely
# (but not recognised), and of at least this many words, is asked about, quoted whole.
UNCLEAR_FLOOR = 0.4
UNCLEAR_WORDS = 6
UNCLEAR_QUOTE = 100  # characters

Buttons = tuple[Button, ...]

# A clause that gives an example of the one before: "like 10 cases a time", "say 20 a week";
# not one that asks for something ("and like a text when the van leaves would be great").
_EXAMPLE = re.compile(
    r"^\W*(?:like|e\.?g\.?|say|such as|for example|for instance|i\.?e\.?|fx|f\.eks\.?"
    r"|som fx)\b",
    re.IGNORECASE,
)


def _example(clause: str) -> bool:
    short = len(clause.split()) <= UNCLEAR_WORDS or any(c.isdigit() for c in clause)
    return bool(_EXAMPLE.match(clause)) and short and not asks_for_something(clause)


def is_request(text: str) -> bool:
    """A request long enough to ask about when the model cannot place it: worded as one
    (`asks_for_something`) in `UNCLEAR_WORDS` words or more."""
    return len(text.split()) >= UNCLEAR_WORDS and asks_for_something(text)


class Moves:
    """The moves of a laddering interview; they mutate the `DialogueState` they are given.

    The thresholds are set by `Interviewer.__init__`.
    """

    taxonomy: Taxonomy
    wish_threshold: float
    need_threshold: float
    answer_wish_threshold: float
    margin: float

    def hears(self, u: Understanding) -> bool:
        """Whether the message states a wish or a need the interview can work with."""
        return bool(self._wishes(u) or self._needs(u))

    # -- wishes ----------------------------------------------------------------------------

    def _wishes(self, u: Understanding) -> list[Scored]:
        """The wishes a message states: the likeliest, and others said in their own words.

        A second wish must have its cue words in the message (or be near certain): the model
        reads "late order changes" into "emergency orders with same-day delivery".
        """
        heard = [w for w in u.extraction.wishes if w.confidence >= self.wish_threshold]
        others = [w for w in heard[1:] if w.code in u.extraction.cues or w.confidence >= SURE]
        if not heard:
            # Context around the request dilutes the whole message ("I've got the review with
            # Voltline on Thursday. They make circuit boards. They want the reels at 6am"):
            # a clause that states a wish clearly is heard all the same.
            return self._clause_wishes(u)[:1]
        return heard[:1] + others

    def _clause_wishes(self, u: Understanding) -> list[Scored]:
        """The clauses' likeliest wishes that reach the threshold, in the order said (a
        clause whose likeliest wish is faint, "see them tomorrow.", places nothing; one that
        gives an example of the clause before, "… smaller amounts? like 10 cases a time",
        places no wish of its own)."""
        clauses = u.extraction.clauses
        return [
            w for i, w in enumerate(u.extraction.clause_wishes)
            if w.confidence >= self.wish_threshold
            and not (0 < i < len(clauses) and _example(clauses[i]))
        ]  # fmt: skip

    def _needs(self, u: Understanding) -> list[Scored]:
        return [n for n in u.extraction.needs if n.confidence >= self.need_threshold]

    def _add_wishes(self, state: DialogueState, u: Understanding) -> list[str]:
        wishes = self._wishes(u)
        # A second wish must be a real contender, not the model's echo of the first.
        codes = [w.code for w in wishes if w.confidence >= SECOND_WISH_RATIO * wishes[0].confidence]
        # ...or the likeliest wish of a clause of its own ("pay monthly, and a call the day
        # before": the call is faint in the whole message, clear in its clause).
        said = [w.code for w in self._clause_wishes(u)]
        codes += [code for code in said if code not in codes]
        # Taken in the order they were said ("a set hour, and smaller orders": the hour first).
        codes.sort(key=lambda code: said.index(code) if code in said else len(said))
        if codes:
            self._note_unclear(state, u, codes)
        else:  # a need stated without a wish
            state.wishes.append(stated_wish(None, u))
        state.wishes.extend(stated_wish(code, u, codes) for code in codes)
        state.unrecognised = 0
        return codes

    def _note_unclear(self, state: DialogueState, u: Understanding, codes: list[str]) -> None:
        """Keep the requests said beside the wishes `codes` whose own wish the model read only
        faintly ("… emergency orders, and we'd like a message telling us when the tote is on
        its way"), to ask which wish each is before "anything else?"; never dropped unsaid."""
        known = {*codes, *(w.code for w in state.wishes)}
        for clause, top in zip(u.extraction.clauses, u.extraction.clause_wishes, strict=False):
            if (
                UNCLEAR_FLOOR <= top.confidence < self.wish_threshold
                and top.code not in known
                and is_request(clause)
                and (quote := quotable(clause, UNCLEAR_QUOTE))
                and quote not in state.unclear_requests
            ):
                state.unclear_requests.append(quote)

    def _note_set_aside(self, state: DialogueState, u: Understanding) -> None:
        """Keep what an answer mentions and sets aside for later ("…, and payin every week is
        a killer an all, but thats another story"), to ask which wish it is, quoted, before
        "anything else?": the person said they would come back to it."""
        for said in u.extraction.set_aside:  # quoted when asked, if short enough to quote
            if said not in state.unclear_requests:
                state.unclear_requests.append(said)

    def _activate(
        self, state: DialogueState, announced: list[str], intro: str = "", queued: int = 0
    ) -> list[Reply]:
        """Take up the first wish not done, after `intro`; `announced`: the wishes of the
        message, named; `queued`: the requests noted before it (not of this message)."""
        pending = [i for i, w in enumerate(state.wishes) if not w.done]
        if not pending:
            return self._anything_else(state, [intro] if intro else [])
        state.current = pending[0]
        several = words(state).several_wishes([self._wish_label(state, c) for c in announced])
        # A request of the same message not placed yet (`_note_unclear`): said it will come.
        noted = len(state.unclear_requests) > queued
        later = words(state).COME_BACK if announced and noted else ""
        return self._decide(state, intro=" ".join(t for t in (intro, several, later) if t))

    # -- laddering ---------------------------------------------------------------------------

    def _decide(
        self, state: DialogueState, intro: str = "", offer_again: bool = True, named: bool = False
    ) -> list[Reply]:
        """Propose the leading need, offer the candidates, or ask the next probe, after
        `intro`; `named`: the intro named the wish (see `probe_question`)."""
        wish = current_wish(state)
        ranked = wish.ranked()
        best_code, best = ranked[0] if ranked else (None, 0.0)
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        # Every wish gets at least one "why"; a need neither the answer backs nor a reason in
        # the wish statement ("… because the room is tiny") a second: after an answer that
        # restates the wish, the statement's need is the model's echo of the wish.
        backed = best_code is not None and (
            wish.answered(best_code) >= ANSWER_SUPPORT or gives_reason(wish.text)
        )
        asked_why = wish.probes > 1 or (wish.probes == 1 and backed)
        if asked_why and best_code and best >= self.need_threshold and best - second >= self.margin:
            return self._propose(state, best_code, intro)
        if wish.probes >= MAX_PROBES or next_probe(wish, best) is None:
            if offer_again:
                return self._offer(state, intro=intro)
            return self._close(state, Finding.unresolved(), words(state).OPEN_AFTER_OFFER)
        return self._probe(state, intro=intro, named=named)

    def _probe(self, state: DialogueState, intro: str = "", named: bool = False) -> list[Reply]:
        wish = current_wish(state)
        ranked = wish.ranked()
        kind = next_probe(wish, ranked[0][1] if ranked else 0.0)
        if kind is None:
            return self._offer(state, intro=intro)
        question = probe_question(
            kind, wish, role=state.role, customer=state.customer,
            wish_label=self._tax(state).wish(wish.code).label if wish.code else None,
            asked=state.asked, language=state.language, named=named,
        )  # fmt: skip
        wish.ladder.append(LadderStep(kind, question))
        return self._ask(state, Phase.LADDER, question, intro=intro)

    def _propose(self, state: DialogueState, code: str, intro: str = "") -> list[Reply]:
        need, said, wish = self._tax(state).need(code), words(state), current_wish(state)
        plain, again, still = (
            said.proposal(need, state.role, again=a, still=s)
            for a, s in ((False, False), (True, False), (False, True))
        )
        # Answers to this need put to this wish that said neither yes nor no (a yes closes
        # the wish, a no rules the need out).
        unanswered = sum(
            step.probe == "clarify" and step.question in (plain, again, still)
            for step in wish.ladder
        )
        if unanswered >= 2:
            # Not a third time ("aye, bang on" in words we do not know): kept as likely.
            likely = wish.finding(code, FindingStatus.UNRESOLVED)
            note = said.unconfirmed(need, state.role)
            return self._close(state, likely, f"{intro} {note}".strip())
        # Never word for word: put again to this wish it is "still"; the need of another
        # wish too, "here too".
        elsewhere = any(f.code == code for w in state.wishes if w is not wish for f in w.findings)
        order = [still] if unanswered else [plain, again] if elsewhere else [plain, still]
        text = next((t for t in order if t not in state.asked), order[-1])
        state.proposed = code
        return self._ask(
            state, Phase.CONFIRM, text, buttons.proposal(code, state.language), intro=intro
        )

    def _offer(self, state: DialogueState, intro: str = "") -> list[Reply]:
        wish = current_wish(state)
        options = [c for c, s in wish.ranked() if s >= CANDIDATE_FLOOR][:OFFERED]
        if not options:
            if wish.probes < MAX_PROBES and next_probe(wish, 0.0) is not None:
                return self._probe(state, intro=intro)
            return self._close(state, Finding.unresolved(), words(state).OPEN_NO_OPTIONS)
        state.offered = options
        offered = buttons.needs(self._tax(state), options, state.role)
        question = words(state).which_need(state.asked)
        return self._ask(state, Phase.OFFER, question, offered, intro=intro)

    def _confirm(self, state: DialogueState, code: str) -> list[Reply]:
        finding = current_wish(state).finding(code, FindingStatus.CONFIRMED)
        return self._close(
            state, finding, words(state).confirmed(self._tax(state).need(code), state.role)
        )

    def _close(self, state: DialogueState, finding: Finding, note: str) -> list[Reply]:
        wish = current_wish(state)
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
            return self._decide(state, intro=words(state).next_wish(note, label))
        return self._anything_else(state, [note])

    def _anything_else(self, state: DialogueState, notes: list[str]) -> list[Reply]:
        state.current = None
        state.unrecognised = 0
        if state.unclear_requests:  # a request not placed yet: which wish it is, first
            state.unclear_text = state.unclear_requests.pop(0)
            return self._ask(
                state,
                Phase.CLARIFY_WISH,
                words(state).also_said(quotable(state.unclear_text, UNCLEAR_QUOTE)),
                buttons.wishes(self._tax(state)),
                intro=" ".join(notes),
            )
        question = words(state).anything_else(state.role, state.asked, len(state.wishes))
        return self._ask(state, Phase.ANYTHING_ELSE, question, intro=" ".join(notes))

    def _finish(self, state: DialogueState) -> list[Reply]:
        state.phase, state.current, state.last_question = Phase.DONE, None, None
        closed, likely = [], {}
        for i, wish in enumerate(state.wishes):
            outcome, need = wish.outcome, None
            if outcome and outcome.code and outcome.status == FindingStatus.CONFIRMED:
                need = self._tax(state).need(outcome.code)
            elif outcome and outcome.code:  # put to the person, neither confirmed nor denied
                likely[i] = self._tax(state).need(outcome.code)
            closed.append((self._wish_label(state, wish.code), need))
        return [Reply(text) for text in words(state).summary(closed, state.role, likely)]

    # -- helpers -------------------------------------------------------------------------------

    def _wish_label(self, state: DialogueState, code: str | None) -> str:
        return self._tax(state).wish(code).label if code else words(state).DIRECT_NEED

    def _tax(self, state: DialogueState) -> Taxonomy:
        """The taxonomy in the interview's language (codes are the same in every one)."""
        return self.taxonomy.in_language(state.language)

    def _repeat(self, state: DialogueState, intro: str) -> list[Reply]:
        """The pending question again, after `intro` (never a bare verbatim repeat)."""
        said = words(state)
        question = state.last_question or said.opening(state.role, state.customer, state.asked)
        if intro == said.GREETED and question.startswith(said.GREETED):
            # A second "hi" before the first question, which greets itself: no "Hello! Hello!"
            intro, question = said.GREETED_AGAIN, question.removeprefix(said.GREETED).lstrip()
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


def words(state: DialogueState) -> ModuleType:
    """The wording of the interview's language (`wording` or `wording_da`)."""
    return wording.in_language(state.language)


def current_wish(state: DialogueState) -> WishState:
    """The wish being laddered (there must be one)."""
    wish = state.wish
    assert wish is not None, "no wish is being laddered"
    return wish
