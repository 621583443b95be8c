"""Answers outside a ladder: the first message, the role, the customer, and the wishes to
ladder (stated, unclear, or given in answer to "anything else?")."""

from __future__ import annotations

import re

from assistant.interview import buttons
from assistant.interview.control import Polarity, says_done
from assistant.interview.messages import Reply, Understanding
from assistant.interview.moves import UNCLEAR_QUOTE, Moves, is_request, words
from assistant.interview.probes import quotable
from assistant.interview.reading import company_said, referred, role_said, role_stated
from assistant.interview.state import DialogueState, WishState
from assistant.interview.vocabulary import Phase, Role

__all__ = ["Intake"]

# A company's name has no "we" or "you" in it; a sentence that has (and some length) is an
# answer to another question than "which company?".
_PERSONAL = re.compile(
    r"\b(?:we|we'd|we're|i|i'd|i'm|our|us|you|your|they|their|vi|jeg|vores|os|du|jer|de|deres)\b",
    re.IGNORECASE,
)


def _sentence(text: str) -> bool:
    words = text.split()
    return len(words) > 12 or (len(words) >= 4 and bool(_PERSONAL.search(text)))


class Intake(Moves):
    """Handlers of the phases START, ASK_ROLE, ASK_CUSTOMER, ASK_WISH, CLARIFY_WISH and
    ANYTHING_ELSE."""

    def _on_start(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if state.role is None and (role := role_stated(u)):
            return self._take_role(state, u, role)  # "I'm a sales rep": a role, not a wish
        if self.hears(u):
            self._hold(state, u)
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
                self._hold(state, u)
                return self._ask(
                    state, Phase.ASK_ROLE, words(state).ROLE_FIRST, buttons.roles(state.language)
                )
            return self._ask(state, Phase.ASK_ROLE, words(state).ask_role_again(state.asked),
                             buttons.roles(state.language))  # fmt: skip
        return self._take_role(state, u, role)

    def _take_role(self, state: DialogueState, u: Understanding, role: Role) -> list[Reply]:
        """The role a message gives, with the customer a rep names as their account ("I look
        after the Harbour Brewing account") and any wish said with it ("I do the buying, and
        we'd like smaller orders"); then the next setup question."""
        state.role = role
        if state.customer is None:
            state.customer = company_said(u.said, role)
        self._hold(state, u, wishes_only=True)
        return self._next_setup(state)

    def _hold(self, state: DialogueState, u: Understanding, wishes_only: bool = False) -> None:
        """Keep the wishes a message states, to ladder once role and customer are known; one
        said again while the setup questions go on is the wish already kept. `wishes_only`: a
        message that states the role; a need the model reads in it alone echoes the role's
        words ("sales")."""
        if not (self._wishes(u) if wishes_only else self.hears(u)):
            return
        known, kept = {w.code for w in state.wishes}, len(state.wishes)
        codes = self._add_wishes(state, u)
        state.wishes[kept:] = [w for w in state.wishes[kept:] if w.code not in known]
        state.held += [code for code in codes if code not in known]

    def _on_ask_customer(self, state: DialogueState, u: Understanding) -> list[Reply]:
        again = words(state).ask_customer_again(state.role)
        # Not `hears`: the model may read a need into a bare name ("Nobody Ltd").
        stated = len(u.text.split()) >= 3 and bool(self._wishes(u))
        if again not in state.asked and (stated or _sentence(u.text)):
            self._hold(state, u)  # a wish where the name was asked for: kept, name asked once more
            return self._ask(state, Phase.ASK_CUSTOMER, again)
        state.customer = " ".join(u.text.split())[:200]
        return self._next_setup(state)

    def _on_ask_wish(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "choose_wish" and (code := u.entities.get("wish")) in self.taxonomy.wishes:
            said, state.unclear_text = state.unclear_text, None
            if any(w.code == code for w in state.wishes):  # never the same wish twice
                return self._anything_else(
                    state, [words(state).covered(self._wish_label(state, code))]
                )
            state.wishes.append(WishState(code=code, text=said or u.text))
            return self._activate(state, [])
        if self.hears(u):
            known, kept = {w.code for w in state.wishes}, len(state.wishes)
            queued = len(state.unclear_requests)
            codes = self._add_wishes(state, u)
            if again := [code for code in codes if code in known]:  # never the same wish twice
                state.wishes[kept:] = [w for w in state.wishes[kept:] if w.code not in known]
                if not (codes := [code for code in codes if code not in known]):
                    label = self._wish_label(state, again[0])
                    return self._anything_else(state, [words(state).covered(label)])
            return self._activate(state, codes, queued=queued)
        if state.phase == Phase.CLARIFY_WISH and u.intent in ("none_of_these", "deny"):
            if says_done(u.text) and not state.unclear_requests:
                return self._finish(state)  # "no, that's all": not asked for more again
            return self._anything_else(state, [words(state).LEAVE_IT])
        if u.intent in ("deny", "none_of_these") or (
            state.phase == Phase.ANYTHING_ELSE and u.intent in ("dont_know", "goodbye")
        ):
            return self._finish(state)
        earlier = [s.answer for w in state.wishes for s in w.ladder if s.answer]
        said = referred(u.said, earlier, state.language)
        if said and said != state.unclear_text:  # once: never the same question again
            # "so the truck thing i mentioned": which wish what they said then is, to pick
            state.unclear_text, state.unrecognised = said, 2
            question = words(state).said_earlier(quotable(said, UNCLEAR_QUOTE))
            return self._ask(state, Phase.CLARIFY_WISH, question, buttons.wishes(self._tax(state)))
        yes = u.intent == "affirm" or (u.polarity is Polarity.YES and not u.reason)
        if (
            state.phase == Phase.CLARIFY_WISH
            and state.unclear_text
            and yes
            and state.unrecognised < 2
        ):
            # Asked which wish something said before was ("You also said: …"), and answered
            # "yes": the wishes once more, to pick (a request of its own is taken as one).
            state.unrecognised = 2
            question = words(state).which_wish(state.asked)
            return self._ask(state, Phase.CLARIFY_WISH, question, buttons.wishes(self._tax(state)))
        state.unrecognised += 1
        state.unclear_text = u.text
        # A request the model could not place ("could the fish come in 5 kilo blocks?"):
        # the wish buttons at once, not a request to say it again in other words.
        if state.unrecognised == 1 and is_request(u.text):
            state.unrecognised = 2
        if state.unrecognised == 1:
            return self._ask(state, Phase.ASK_WISH, words(state).rephrase(state.asked))
        if state.unrecognised == 2:
            question = words(state).which_wish(state.asked)
            return self._ask(state, Phase.CLARIFY_WISH, question, buttons.wishes(self._tax(state)))
        # Never a third round of the same question: note it and move on.
        state.unrecognised = 0
        return self._anything_else(state, [words(state).NOTED_AS_IS])

    def _on_anything_else(self, state: DialogueState, u: Understanding) -> list[Reply]:
        if u.intent == "affirm" and not self._wishes(u):
            return self._ask(state, Phase.ASK_WISH, words(state).ASK_MORE)
        return self._on_ask_wish(state, u)

    def _next_setup(self, state: DialogueState) -> list[Reply]:
        if state.role is None:
            question = words(state).ASK_ROLE
            if state.welcomed and not state.asked:  # the page's welcome asked it already
                question = words(state).ROLE_FIRST if state.held else words(state).ASK_ROLE_WELCOMED
            return self._ask(state, Phase.ASK_ROLE, question, buttons.roles(state.language))
        if state.customer is None:
            return self._ask(state, Phase.ASK_CUSTOMER, words(state).ask_customer(state.role))
        if state.wishes:
            held, state.held = state.held, []
            return self._activate(state, held)
        opening = words(state).opening(state.role, state.customer, state.asked, state.welcomed)
        return self._ask(state, Phase.ASK_WISH, opening)
