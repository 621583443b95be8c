"""A wish's parameter signature: what makes two stated wishes the same special arrangement.

Two wishes are the same arrangement when they have the same code and the same parameters,
where a parameter is compared by its kind and normalised value (or, without a value, its
lower-cased text). Offsets and the exact wording are ignored: "48 hours" and "48h" match,
"48 hours" and "24 hours" do not.

`parameters_signature` is the rule; the write path stores its result in `wish.signature`
with each wish (`assistant.store.wishes.wish_row`), and the reports read that column.
`wish_signature` is the same rule as SQL over the `parameters` JSON, for ad-hoc queries:
JSON functions differ per backend, so each backend gets its own compilation and its own text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["parameters_signature", "wish_signature"]


def parameters_signature(parameters: Iterable[Mapping[str, Any]]) -> str:
    """The canonical text of a wish's parameters: sorted `kind=value` pieces joined by ';'."""
    pieces = []
    for parameter in parameters:
        value = parameter.get("value")
        if value:
            shown = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        else:
            shown = str(parameter.get("text", "")).strip().lower()
        pieces.append(f"{parameter.get('kind', '')}={shown}")
    return ";".join(sorted(pieces))


class wish_signature(FunctionElement[str]):  # noqa: N801 - reads like the SQL function it is
    """SQL expression: the signature of a wish's `parameters` JSON column ('' when empty).

    Equal parameters give equal text on a given backend; the text itself differs between
    backends (only counts of distinct signatures are meant to be compared).
    """

    type = String()
    inherit_cache = True
    name = "wish_signature"

    def __init__(self, parameters: ColumnElement[Any]) -> None:
        super().__init__(parameters)


def _argument(element: wish_signature, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(wish_signature, "sqlite")
def _sqlite(element: wish_signature, compiler: SQLCompiler, **kw: Any) -> str:
    parameters = _argument(element, compiler, **kw)
    # A value is flattened to its sorted leaves, so key order in the stored JSON is irrelevant.
    value = (
        "(SELECT group_concat(leaf, ',') FROM ("
        "SELECT t.fullkey || '=' || json_quote(t.atom) AS leaf "
        "FROM json_tree(p.value, '$.value') AS t WHERE t.atom IS NOT NULL ORDER BY leaf))"
    )
    piece = (
        f"json_extract(p.value, '$.kind') || '=' || "
        f"COALESCE({value}, lower(trim(json_extract(p.value, '$.text'))))"
    )
    return (
        f"CASE WHEN json_array_length({parameters}) > 0 THEN "
        f"(SELECT group_concat(piece, ';') FROM "
        f"(SELECT {piece} AS piece FROM json_each({parameters}) AS p ORDER BY piece)) "
        f"ELSE '' END"
    )


@compiles(wish_signature, "postgresql")
def _postgresql(element: wish_signature, compiler: SQLCompiler, **kw: Any) -> str:
    parameters = _argument(element, compiler, **kw)
    # jsonb's text form is canonical (sorted keys, fixed spacing).
    value = "NULLIF(NULLIF((p.e -> 'value')::jsonb, '{}'::jsonb), 'null'::jsonb)::text"
    piece = f"(p.e ->> 'kind') || '=' || COALESCE({value}, lower(btrim(p.e ->> 'text')))"
    return (
        f"CASE WHEN json_array_length({parameters}) > 0 THEN "
        f"(SELECT string_agg({piece}, ';' ORDER BY {piece}) "
        f"FROM json_array_elements({parameters}) AS p(e)) "
        f"ELSE '' END"
    )


@compiles(wish_signature)
def _unsupported(element: wish_signature, compiler: SQLCompiler, **kw: Any) -> str:
    raise NotImplementedError(
        f"wish_signature has no SQL for the {compiler.dialect.name!r} backend"
    )
