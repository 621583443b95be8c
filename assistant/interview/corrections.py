"""Taking something back: "skip", "forget that wish", and "no, I meant …" during a ladder."""

from __future__ import annotations

from assistant.interview.messages import Reply, Understanding
from assistant.interview.moves import Moves, words
from assistant.interview.reading import sounds_like_correction, stated_wish
from assistant.interview.state import DialogueState, Finding, WishState
from assistant.interview.vocabulary import Phase

__all__ = ["Corrections"]


class Corrections(Moves):
    """Skipping, dropping and replacing a wish, whatever the phase."""

    def _skip(self, state: DialogueState) -> list[Reply]:
        """ "skip"/"next": leave the wish being laddered open, or end the list of wishes."""
        if state.wish is not None:
            return self._close(state, Finding.unresolved(), words(state).SKIPPED)
        if state.phase in (Phase.ASK_ROLE, Phase.ASK_CUSTOMER):
            return self._repeat(state, words(state).NEEDED_TO_START)
        return self._finish(state)

    def _drop(self, state: DialogueState, u: Understanding) -> list[Reply]:
        """ "I didn't say X", "they never asked for X", "forget that one": take the wish back."""
        named = {w.code for w in u.extraction.wishes} | set(u.extraction.cues)
        target = next((i for i, w in enumerate(state.wishes) if w.code in named), state.current)
        if target is None:
            return self._repeat(state, words(state).NOTHING_TO_DROP)
        dropped = state.wishes.pop(target)
        state.current, state.proposed, state.offered = None, None, []
        note = words(state).dropped(self._wish_label(state, dropped.code))
        if new := self._other_wishes(dropped, u):  # "I didn't say X, I said Y"
            state.wishes.append(stated_wish(new[0], u))
        return self._activate(state, [], intro=note)

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
            state, intro=words(state).corrected_wish(self._wish_label(state, new_code)), named=True
        )
