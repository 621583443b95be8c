"""A wish's parameter signature: what makes two stated wishes the same special arrangement.

Two wishes are the same arrangement when they have the same code and the same parameters,
where a parameter is compared by its kind and normalised value (or, without a value, its
lower-cased text). Offsets and the exact wording are ignored: "48 hours" and "48h" match,
"48 hours" and "24 hours" do not.

`parameters_signature` is the rule; the write path stores its result in `wish.signature`
with each wish (`assistant.store.wishes.wish_row`), and the reports read that column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["parameters_signature"]


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
