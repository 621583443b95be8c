"""Run the trained need model on customer texts: wishes, needs with evidence, and parameters."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import assistant.needs.architecture  # noqa: F401  (registers the custom architecture for loading)
import assistant.needs.linear  # noqa: F401  (registers the linear classifier for loading)
from assistant.errors import ModelNotTrained, UnsupportedLanguage
from assistant.needs.cues import CUES_COMPONENT, CUES_KEY
from assistant.needs.denials import (
    set_aside,
    split_denials,
    without_denials,
    without_denied_wishes,
)
from assistant.needs.parameters import ParameterFinder
from assistant.needs.results import SAID_AGAIN, Extraction, Scored

__all__ = [
    "MAX_TEXT_CHARS",
    "META_FILE",
    "NEEDS_COMPONENT",
    "WISHES_COMPONENT",
    "NeedExtractor",
]

WISHES_COMPONENT = "textcat_wishes"
NEEDS_COMPONENT = "textcat_needs"
META_FILE = "needfinder.json"
# Longer texts are cut to their first MAX_TEXT_CHARS characters (one chat message is far shorter);
# Extraction.text holds the text that was analysed, so parameter offsets stay valid.
MAX_TEXT_CHARS = 5_000
# A need the words a text rules out ("loads of space at the depot, so it's not that") read
# at least this likely is ruled out by it, unless the rest of the text states it (reads it
# at least `SAID_AGAIN`: "the van was never the issue, it's that your deliveries turn up late").
RULED_OUT = 0.5
# A sentence whose likeliest wish is at least this likely asks for that wish (`denied`).
WISH_SENTENCE = 0.5
_SENTENCE_ENDS = re.compile(r"(?<=[.!?])\s+")


class NeedExtractor:
    """A loaded need model with its thresholds; load once, then call extract per message."""

    def __init__(
        self,
        nlp: Language,
        thresholds: Mapping[str, float],
        contexts: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        self.nlp = nlp
        self.thresholds = {"wishes": 0.5, "needs": 0.5, **thresholds}
        # Per interview context ("opening", "answer"): the thresholds tuned on its dev set.
        self.context_thresholds = {c: dict(t) for c, t in (contexts or {}).items()}
        # spaCy types every pipe as a plain callable; ours are text classifiers.
        wishes: Any = nlp.get_pipe(WISHES_COMPONENT)
        needs: Any = nlp.get_pipe(NEEDS_COMPONENT)
        self.wish_codes = tuple(wishes.labels)
        self.need_codes = tuple(needs.labels)
        self._needs_pipe = needs
        # Sentences cut out for evidence lose the doc's cue marks; this marks them again.
        self._mark_cues: Any = (
            nlp.get_pipe(CUES_COMPONENT) if CUES_COMPONENT in nlp.pipe_names else None
        )
        self._find_parameters = ParameterFinder(nlp.vocab, self.lang)

    @property
    def lang(self) -> str:
        """The language the model was trained for ("en", "da")."""
        return str(self.nlp.lang)

    @classmethod
    def load(cls, model_dir: Path, lang: str | None = None) -> NeedExtractor:
        """Load a model directory written by `needs train`; ModelNotTrained if there is none.

        spaCy builds the pipeline in the language the model was trained for (its config);
        with `lang`, a model of another language is refused (UnsupportedLanguage).
        """
        model_dir = Path(model_dir)
        meta_path = model_dir / META_FILE
        if not (model_dir / "config.cfg").is_file() or not meta_path.is_file():
            raise ModelNotTrained(
                f"no trained need model in {model_dir}; run `needs train` (or `make models`)"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        trained = meta.get("lang", "en")  # models from before languages were English
        if lang is not None and trained != lang:
            raise UnsupportedLanguage(
                f"the need model in {model_dir} is for {trained!r}, not {lang!r}"
            )
        nlp = spacy.load(model_dir)
        return cls(nlp, meta.get("thresholds", {}), meta.get("context_thresholds"))

    def extract(self, text: str) -> Extraction:
        """Analyse one text (empty text gives an empty Extraction)."""
        text = _prepare(text)
        return self._extractions([self.nlp(text)])[0] if text else Extraction(text=text)

    def extract_many(self, texts: Iterable[str], batch_size: int = 256) -> list[Extraction]:
        """Analyse many texts in batches through nlp.pipe; one Extraction per text, in order."""
        prepared = [_prepare(text) for text in texts]
        docs = list(self.nlp.pipe((text for text in prepared if text), batch_size=batch_size))
        extractions = iter(self._extractions(docs, batch_size))
        return [next(extractions) if text else Extraction(text=text) for text in prepared]

    def _extractions(self, docs: list[Doc], batch_size: int = 256) -> list[Extraction]:
        """Build the Extractions; the evidence sentences of all docs are scored in one batch."""
        # Needs are read without the reasons a text rules out ("the cash is fine") or what it
        # sets aside for later ("…, but that's another story"), wishes
        # without the solutions it sets aside ("not asking for faster delivery"): such a
        # text is scored again on the rest of it (rare).
        split = [split_denials(doc.text, self.lang) for doc in docs]
        need_cats = self._read_rests(docs, [r for r, _ in split], self.need_codes, batch_size)
        wish_cats = self._read_rests(
            docs,
            [without_denied_wishes(doc.text, self.lang) for doc in docs],
            self.wish_codes,
            batch_size,
        )
        scores = []
        for doc, read in zip(docs, need_cats, strict=True):
            candidates = self._above(read, self.need_codes, 0.0)
            needs = tuple(s for s in candidates if s.confidence >= self.thresholds["needs"])
            # a sentence that only rules a reason out is no evidence for one
            sentences = [
                sent for sent in doc.sents
                if sent.text.strip() and without_denials(sent.text, self.lang) != ""
            ] if needs else []  # fmt: skip
            scores.append((candidates, needs, sentences))
        to_score = [self._sentence_doc(s) for *_, sents in scores if len(sents) > 1 for s in sents]
        scored = iter(self._needs_pipe.pipe(to_score, batch_size=batch_size))
        clauses = [
            [c for c in _clauses(doc.text, self.lang) if without_denied_wishes(c, self.lang) != ""]
            for doc in docs
        ]  # a clause that only sets a solution aside names no wish
        clause_texts = [c for cs in clauses for c in cs]
        # Only the wishes of a clause are read: its needs are not scored at all.
        clause_docs = iter(
            self.nlp.pipe(clause_texts, batch_size=batch_size, disable=[NEEDS_COMPONENT])
        )
        # The needs of what a text rules out: their words read alone (rare).
        denied = [d for _, d in split]
        denied_docs = iter(
            self.nlp.pipe(
                (d for d in denied if d), batch_size=batch_size, disable=[WISHES_COMPONENT]
            )
        )
        named = [
            tuple(c for c, v in next(denied_docs).cats.items() if v >= RULED_OUT) if d else ()
            for d in denied
        ]
        ruled = [
            tuple(c for c in codes if read[c] < SAID_AGAIN)
            for codes, read in zip(named, need_cats, strict=True)
        ]
        echoed = self._said_beside_wishes(
            [rest if codes else None for (rest, _), codes in zip(split, named, strict=True)],
            batch_size,
        )
        # What the denials name that no sentence of the rest states but one that asks for
        # a wish ("Could we have the invoices at 60 days? It isn't the money, honestly.": the
        # wish's words echo money; "…? Not stock, we just can't afford to tie up the cash"
        # states it).
        denials_named = [
            tuple(c for c in codes if said.get(c, 0.0) < SAID_AGAIN)
            for codes, said in zip(named, echoed, strict=True)
        ]
        extractions = []
        for doc, wished, (candidates, needs, sentences), texts, out, said_no in zip(
            docs, wish_cats, scores, clauses, ruled, denials_named, strict=True
        ):
            clause_wishes = [self._above(next(clause_docs).cats, self.wish_codes, 0.0)[0]
                             for _ in texts]  # fmt: skip
            if len(sentences) > 1:
                cats = [next(scored).cats for _ in sentences]
                evidence = {
                    n.code: sentences[max(range(len(cats)), key=lambda i: cats[i][n.code])]
                    .text.strip()
                    for n in needs
                }  # fmt: skip
            else:  # one sentence (the text's, or the one beside a denial), or none
                said = sentences[0].text if sentences else doc.text
                evidence = {n.code: said.strip() for n in needs}
            extractions.append(
                Extraction(
                    text=doc.text,
                    wishes=self._above(wished, self.wish_codes, self.thresholds["wishes"]),
                    needs=needs,
                    candidates=candidates,
                    parameters=self._find_parameters(doc),
                    evidence=MappingProxyType(evidence),
                    cues=tuple(dict.fromkeys(span.label_ for span in doc.spans.get(CUES_KEY, []))),
                    clause_wishes=tuple(clause_wishes),
                    clauses=tuple(texts),
                    set_aside=set_aside(doc.text, self.lang),
                    ruled_out=out,
                    denied=said_no,
                )
            )
        return extractions

    def _read_rests(
        self,
        docs: list[Doc],
        rests_said: list[str | None],
        codes: tuple[str, ...],
        batch_size: int,
    ) -> list[Mapping[str, float]]:
        """Each doc's scores, or those of the rest of its text where part was taken out
        (`rests_said`, one per doc; None: nothing taken; "": nothing left, every code 0)."""
        rests = {i: rest for i, rest in enumerate(rests_said) if rest is not None}
        read_again = iter(self.nlp.pipe((r for r in rests.values() if r), batch_size=batch_size))
        return [
            doc.cats if i not in rests
            else next(read_again).cats if rests[i] else dict.fromkeys(codes, 0.0)
            for i, doc in enumerate(docs)
        ]  # fmt: skip

    def _said_beside_wishes(
        self, rests: list[str | None], batch_size: int
    ) -> list[Mapping[str, float]]:
        """Per rest (None: not wanted, {}), each need's best score in its sentences that ask
        for no wish (likeliest wish under `WISH_SENTENCE`)."""
        sentences = [_SENTENCE_ENDS.split(rest) if rest else [] for rest in rests]
        docs = iter(self.nlp.pipe((t for ts in sentences for t in ts), batch_size=batch_size))
        best: list[Mapping[str, float]] = []
        for texts in sentences:
            said: dict[str, float] = {}
            for doc in (next(docs) for _ in texts):
                if max((doc.cats[c] for c in self.wish_codes), default=0.0) >= WISH_SENTENCE:
                    continue
                for code in self.need_codes:
                    said[code] = max(said.get(code, 0.0), doc.cats[code])
            best.append(said)
        return best

    def _sentence_doc(self, sentence: Span) -> Doc:
        doc = sentence.as_doc()
        return self._mark_cues(doc) if self._mark_cues is not None else doc

    @staticmethod
    def _above(
        cats: Mapping[str, float], codes: tuple[str, ...], threshold: float
    ) -> tuple[Scored, ...]:
        scored = [Scored(code, round(float(cats[code]), 4)) for code in codes]
        return tuple(
            sorted((s for s in scored if s.confidence >= threshold), key=lambda s: -s.confidence)
        )


# Clause breaks: sentence ends, "and"/"plus"/"also", and dashes between words. On the opening
# dev set, each clause's likeliest wish found both wishes in 13 of 13 two-wish openings (11
# from the whole text) and invented none.
# Danish: "og", "samt", "plus", "også" (on the Danish opening dev half: one more wish found,
# none invented).
# Both: a numbered list in one line, "their asks: 1) 25 kg sacks 2) 60 days".
_CLAUSE_BREAKS = {
    lang: re.compile(
        rf"(?<=[.!?;])\s+|,?\s+(?:{words})\s+|\s+[-–]\s+|\s+\(?\d{{1,2}}\)\s+", re.IGNORECASE
    )
    for lang, words in (("en", "and|plus|also"), ("da", "og|samt|plus|også"))
}


MAX_CLAUSES = 8  # a chat message names a few wishes; a pasted list is not scored line by line


def _clauses(text: str, lang: str = "en") -> list[str]:
    """The text's first clauses of two words or more, or none when it is a single clause."""
    breaks = _CLAUSE_BREAKS.get(lang, _CLAUSE_BREAKS["en"])
    # one space between words: a long run of spaces would make the breaks' search quadratic
    parts = [part for part in breaks.split(" ".join(text.split())) if len(part.split()) >= 2]
    return parts[:MAX_CLAUSES] if len(parts) > 1 else []


def _prepare(text: str) -> str:
    text = text[:MAX_TEXT_CHARS]
    return text if text.strip() else ""
