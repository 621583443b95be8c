"""Load and validate the wish/need taxonomy (assistant/taxonomy.yml), reporting errors by line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.errors import TaxonomyError, UnknownCode, UnsupportedLanguage

__all__ = [
    "DEFAULT_TAXONOMY_PATH",
    "Alternative",
    "LANGUAGES",
    "LEVERS",
    "NEED_CODES",
    "UNCLASSIFIED_WISH",
    "UNIDENTIFIED_NEED",
    "WISH_CODES",
    "Need",
    "Solution",
    "Taxonomy",
    "Wish",
    "load_taxonomy",
]

DEFAULT_TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yml")

# The contract: the model, the stored interviews and the dialogue depend on exactly these codes.
WISH_CODES: tuple[str, ...] = (
    "shorter_lead_time",
    "smaller_orders",
    "more_frequent_deliveries",
    "exact_delivery_time",
    "urgent_orders",
    "late_order_changes",
    "custom_packaging",
    "supplier_held_stock",
    "longer_payment_terms",
    "delivery_tracking",
)
NEED_CODES: tuple[str, ...] = (
    "demand_uncertainty",
    "storage_constraint",
    "capital_constraint",
    "receiving_window",
    "supply_reliability",
    "handling_constraint",
    "planning_visibility",
    "admin_burden",
)
LEVERS: tuple[str, ...] = ("logistics", "commercial", "information", "administration")
# Languages the taxonomy speaks: English in the entries' own fields, Danish in their `da:`.
LANGUAGES: tuple[str, ...] = ("en", "da")
# Words that join an alternative's halves, per language ("… instead of …").
_INSTEAD_OF = {"en": "instead of", "da": "i stedet for"}
# How the customer wording must not speak of them ("the customer", "kunden"): it says "you".
_ABOUT_CUSTOMER = {
    "en": (re.compile(r"\bthe customer'?s?\b", re.IGNORECASE), '"the customer"', '"you"'),
    "da": (re.compile(r"\bkunden?s?\b", re.IGNORECASE), '"kunden"', '"du"'),
}
MAX_ALTERNATIVES = 3
MAX_CUE_WORDS = 6  # cues are short phrases; a whole sentence would never match unseen wording
# The customer's wording of a need: a label that fits a button, an explanation of one sentence.
MAX_CUSTOMER_LABEL = 60
MAX_CUSTOMER_EXPLANATION = 160
UNCLASSIFIED_WISH = "Unclassified wish"  # shown for a wish without a (known) code
UNIDENTIFIED_NEED = "Not identified"  # shown for a need without a (known) code


@dataclass(frozen=True)
class Solution:
    """The standard offer that answers a need."""

    code: str
    label: str
    definition: str


@dataclass(frozen=True)
class Wish:
    """What a customer asks for, and the needs such a wish often hides."""

    code: str
    label: str
    definition: str
    typical_needs: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()  # words and short phrases that hint at the wish (model features)


@dataclass(frozen=True)
class Alternative:
    """A trade to negotiate: what to offer instead of what the customer asked for.

    Both halves are written to be said to the customer ("a booked slot inside your
    receiving hours" instead of "an exact delivery minute").
    """

    offer: str
    instead_of: str
    language: str = "en"

    @property
    def text(self) -> str:
        """One sentence: "A booked slot inside your receiving hours instead of an exact ..."."""
        joiner = _INSTEAD_OF[self.language]
        return f"{self.offer[:1].upper()}{self.offer[1:]} {joiner} {self.instead_of}."


@dataclass(frozen=True)
class Need:
    """A reason behind wishes, with its standard solution and the lever that pulls it.

    `label` and `definition` are the supplier's terms (sales reps, reports);
    `customer_label` and `customer_explanation` say the same to the customer, as "you".
    """

    code: str
    label: str
    definition: str
    lever: str
    solution: Solution
    customer_label: str
    customer_explanation: str
    alternatives: tuple[Alternative, ...] = ()
    cues: tuple[str, ...] = ()  # words and short phrases that hint at the need (model features)


@dataclass(frozen=True)
class Taxonomy:
    """The validated taxonomy; mappings are read-only and keep the file's order.

    Each language of LANGUAGES has its own `Taxonomy` with the same codes, and its texts
    (labels, definitions, customer wording, solutions, alternatives) and cues in that language:
    `in_language("da")`. An entry without Danish cues keeps the English ones.
    """

    wishes: Mapping[str, Wish]
    needs: Mapping[str, Need]
    language: str = "en"
    translations: Mapping[str, Taxonomy] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    def in_language(self, language: str) -> Taxonomy:
        """The taxonomy with its texts and cues in `language` (codes unchanged)."""
        if language == self.language:
            return self
        if language in self.translations:
            return self.translations[language]
        raise UnsupportedLanguage(
            f"the taxonomy has no texts in {language!r}; it has "
            f"{', '.join([self.language, *self.translations])}"
        )

    def wish(self, code: str) -> Wish:
        """The wish with this code, or UnknownCode."""
        try:
            return self.wishes[code]
        except KeyError:
            raise UnknownCode(f"unknown wish code {code!r}") from None

    def need(self, code: str) -> Need:
        """The need with this code, or UnknownCode."""
        try:
            return self.needs[code]
        except KeyError:
            raise UnknownCode(f"unknown need code {code!r}") from None

    def wish_label(self, code: str | None, fallback: str = UNCLASSIFIED_WISH) -> str:
        """The wish's label; `fallback` when there is no code or the taxonomy does not know it."""
        wish = self.wishes.get(code) if code else None
        return wish.label if wish else fallback

    def need_label(self, code: str | None, fallback: str = UNIDENTIFIED_NEED) -> str:
        """The need's label; `fallback` when there is no code or the taxonomy does not know it."""
        need = self.needs.get(code) if code else None
        return need.label if need else fallback

    @property
    def wish_codes(self) -> tuple[str, ...]:
        return tuple(self.wishes)

    @property
    def need_codes(self) -> tuple[str, ...]:
        return tuple(self.needs)

    @property
    def cues(self) -> dict[str, list[str]]:
        """Every code's cue phrases (wishes, then needs); codes without cues are left out."""
        entries: list[Wish | Need] = [*self.wishes.values(), *self.needs.values()]
        return {entry.code: list(entry.cues) for entry in entries if entry.cues}


_Entry = TypeVar("_Entry", Wish, Need)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file; the packaged one (cached) when `path` is None."""
    if path is None:
        return _load_default()
    return _Reader(Path(path)).read()


@lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    return _Reader(DEFAULT_TAXONOMY_PATH).read()


def _display(path: Path) -> str:
    """The path relative to the working directory when it lies below it (shorter messages)."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


class _Reader:
    """Walks the composed YAML node tree so every error can name its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = _display(path)

    def fail(self, node: Node | None, problem: str) -> TaxonomyError:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        return TaxonomyError(f"{self.name}{line}: {problem}")

    def read(self) -> Taxonomy:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TaxonomyError(f"{self.name}: cannot read taxonomy: {exc.strerror}") from exc
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise TaxonomyError(f"{self.name}{line}: malformed YAML: {problem}") from exc
        if root is None:
            raise TaxonomyError(f"{self.name}: the taxonomy file is empty")
        top = self.mapping(root, "the taxonomy", required={"wishes", "needs"}, optional=set())
        needs = self.entries(top["needs"], "need", NEED_CODES, self.need)
        wishes = self.entries(top["wishes"], "wish", WISH_CODES, self.wish)
        for wish, node in wishes.values():
            for code, code_node in zip(wish.typical_needs, self.typical_nodes(node), strict=True):
                if code not in needs:
                    raise self.fail(code_node, f"unknown need code {code!r} in typical_needs")
        self.unique_solutions(needs.values())
        # Each language's taxonomy reaches the others through its (read-only) translations.
        others: dict[str, Taxonomy] = {}
        english = Taxonomy(
            wishes=MappingProxyType({code: wish for code, (wish, _) in wishes.items()}),
            needs=MappingProxyType({code: need for code, (need, _) in needs.items()}),
            translations=MappingProxyType(others),
        )
        if (danish := self.danish(wishes, needs, english)) is not None:
            others["da"] = danish
        return english

    def danish(
        self,
        wishes: Mapping[str, tuple[Wish, MappingNode]],
        needs: Mapping[str, tuple[Need, MappingNode]],
        english: Taxonomy,
    ) -> Taxonomy | None:
        """The taxonomy with every entry's `da:` texts; None when no entry has them (an entry
        without them, when others have them, is an error: Danish would fall back to English)."""
        nodes = {code: _field(node, "da") for code, (_, node) in [*wishes.items(), *needs.items()]}
        if not any(nodes.values()):
            return None
        for code, (_, node) in [*wishes.items(), *needs.items()]:
            if nodes[code] is None:
                raise self.fail(node, f"{code} has no Danish texts ('da:'), as the others do")
        return Taxonomy(
            wishes=MappingProxyType(
                {c: self.wish_da(w, nodes[c]) for c, (w, _) in wishes.items()}  # type: ignore[arg-type]
            ),
            needs=MappingProxyType(
                {c: self.need_da(n, nodes[c]) for c, (n, _) in needs.items()}  # type: ignore[arg-type]
            ),
            language="da",
            translations=MappingProxyType({"en": english}),
        )

    def wish_da(self, wish: Wish, node: Node) -> Wish:
        fields = self.mapping(node, "da", required={"label", "definition"}, optional={"cues"})
        return replace(
            wish,
            label=self.text(fields["label"], "da label"),
            definition=self.text(fields["definition"], "da definition"),
            cues=self.cues(fields["cues"], "da cues") if "cues" in fields else wish.cues,
        )

    def need_da(self, need: Need, node: Node) -> Need:
        fields = self.mapping(
            node,
            "da",
            required={"label", "definition", "customer_label", "customer_explanation", "solution"},
            optional={"alternatives", "cues"},
        )
        solution = self.mapping(
            fields["solution"], "a solution", required={"label", "definition"}, optional=set()
        )
        alternatives = self.alternatives(fields.get("alternatives"), "da")
        if len(alternatives) != len(need.alternatives):
            where = fields.get("alternatives", node)
            raise self.fail(
                where, f"{len(alternatives)} Danish alternatives for {len(need.alternatives)}"
            )
        return replace(
            need,
            label=self.text(fields["label"], "da label"),
            definition=self.text(fields["definition"], "da definition"),
            solution=replace(
                need.solution,
                label=self.text(solution["label"], "da solution label"),
                definition=self.text(solution["definition"], "da solution definition"),
            ),
            customer_label=self.customer_text(
                fields["customer_label"], "da customer_label", MAX_CUSTOMER_LABEL, "da"
            ),
            customer_explanation=self.customer_text(
                fields["customer_explanation"],
                "da customer_explanation",
                MAX_CUSTOMER_EXPLANATION,
                "da",
            ),
            alternatives=alternatives,
            cues=self.cues(fields["cues"], "da cues") if "cues" in fields else need.cues,
        )

    def entries(
        self, node: Node, kind: str, contract: tuple[str, ...], build: Callable[[Node], _Entry]
    ) -> dict[str, tuple[_Entry, MappingNode]]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"'{kind}' entries must be a list")
        found: dict[str, tuple[_Entry, MappingNode]] = {}
        for item in node.value:
            entry = build(item)
            if entry.code in found:
                raise self.fail(item, f"duplicate {kind} code {entry.code!r}")
            if entry.code not in contract:
                raise self.fail(item, f"unknown {kind} code {entry.code!r} (codes are a contract)")
            found[entry.code] = (entry, item)
        missing = [code for code in contract if code not in found]
        if missing:
            raise self.fail(node, f"missing {kind} code(s): {', '.join(missing)}")
        return found

    def wish(self, node: Node) -> Wish:
        fields = self.mapping(
            node,
            "a wish",
            required={"code", "label", "definition"},
            optional={"typical_needs", "cues", "da"},
        )
        return Wish(
            code=self.text(fields["code"], "code"),
            label=self.text(fields["label"], "label"),
            definition=self.text(fields["definition"], "definition"),
            typical_needs=self.texts(fields.get("typical_needs"), "typical_needs"),
            cues=self.cues(fields.get("cues")),
        )

    def need(self, node: Node) -> Need:
        fields = self.mapping(
            node,
            "a need",
            required={
                "code",
                "label",
                "definition",
                "lever",
                "solution",
                "customer_label",
                "customer_explanation",
            },
            optional={"alternatives", "cues", "da"},
        )
        lever = self.text(fields["lever"], "lever")
        if lever not in LEVERS:
            raise self.fail(fields["lever"], f"bad lever {lever!r}; use one of {', '.join(LEVERS)}")
        solution = self.mapping(
            fields["solution"],
            "a solution",
            required={"code", "label", "definition"},
            optional=set(),
        )
        alternatives = self.alternatives(fields.get("alternatives"))
        if len(alternatives) > MAX_ALTERNATIVES:
            raise self.fail(fields["alternatives"], f"at most {MAX_ALTERNATIVES} alternatives")
        return Need(
            code=self.text(fields["code"], "code"),
            label=self.text(fields["label"], "label"),
            definition=self.text(fields["definition"], "definition"),
            lever=lever,
            solution=Solution(
                code=self.text(solution["code"], "solution code"),
                label=self.text(solution["label"], "solution label"),
                definition=self.text(solution["definition"], "solution definition"),
            ),
            customer_label=self.customer_text(
                fields["customer_label"], "customer_label", MAX_CUSTOMER_LABEL
            ),
            customer_explanation=self.customer_text(
                fields["customer_explanation"], "customer_explanation", MAX_CUSTOMER_EXPLANATION
            ),
            alternatives=alternatives,
            cues=self.cues(fields.get("cues")),
        )

    def customer_text(self, node: Node, what: str, limit: int, language: str = "en") -> str:
        """Wording for the customer: short, and addressed to them, never about them."""
        text = " ".join(self.text(node, what).split())
        if len(text) > limit:
            raise self.fail(node, f"{what} is longer than {limit} characters ({len(text)})")
        pattern, them, you = _ABOUT_CUSTOMER[language]
        if pattern.search(text):
            raise self.fail(node, f"{what} speaks of {them}: address them as {you}")
        return text

    def mapping(
        self, node: Node, what: str, *, required: set[str], optional: set[str]
    ) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values")
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in fields:
                raise self.fail(key_node, f"duplicate key {key!r} in {what}")
            if key not in required | optional:
                raise self.fail(key_node, f"unknown key {key!r} in {what}")
            fields[key] = value_node
        missing = sorted(required - fields.keys())
        if missing:
            raise self.fail(node, f"missing {', '.join(missing)} in {what}")
        return fields

    def text(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            raise self.fail(node, f"{what} must be text")
        if not node.value.strip():
            raise self.fail(node, f"empty {what}")
        return node.value.strip()

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return tuple(self.text(item, f"item of {what}") for item in node.value)

    def alternatives(self, node: Node | None, language: str = "en") -> tuple[Alternative, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            raise self.fail(node, "alternatives must be a list")
        found = []
        for item in node.value:
            fields = self.mapping(
                item, "an alternative", required={"offer", "instead_of"}, optional=set()
            )
            offer = self.text(fields["offer"], "offer")
            instead_of = self.text(fields["instead_of"], "instead_of")
            found.append(Alternative(offer, instead_of, language))
        return tuple(found)

    def cues(self, node: Node | None, what: str = "cues") -> tuple[str, ...]:
        """Cue phrases: short, and unique within their code once case and spacing are ignored."""
        cues = self.texts(node, what)
        seen: set[str] = set()
        for cue, item in zip(cues, node.value if node is not None else [], strict=True):
            key = " ".join(cue.lower().split())
            if key in seen:
                raise self.fail(item, f"duplicate cue {cue!r}")
            if len(key.split()) > MAX_CUE_WORDS:
                raise self.fail(item, f"cue {cue!r} is longer than {MAX_CUE_WORDS} words")
            seen.add(key)
        return cues

    def typical_nodes(self, wish_node: MappingNode) -> list[Node]:
        for key_node, value_node in wish_node.value:
            if key_node.value == "typical_needs":
                return list(value_node.value)
        return []

    def unique_solutions(self, needs: Iterable[tuple[Need, MappingNode]]) -> None:
        seen: set[str] = set()
        for need, node in needs:
            if need.solution.code in seen:
                raise self.fail(node, f"duplicate solution code {need.solution.code!r}")
            seen.add(need.solution.code)


def _field(node: MappingNode, key: str) -> Node | None:
    """The value node of `key` in a mapping node, or None."""
    return next((value for k, value in node.value if k.value == key), None)
