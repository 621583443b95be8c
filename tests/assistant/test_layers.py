"""`assistant/` is layered: no module imports from a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import assistant

PACKAGE = Path(assistant.__file__).parent
# Lowest first. A module may import its own layer and the layers below it.
LAYERS = (
    ("config", "errors", "spreadsheet"),
    ("taxonomy",),
    ("needs",),
    ("interview",),
    ("store",),
    ("access", "audit", "customers", "customer_lookup", "erasure", "invitations"),
    ("turns", "reports", "rep_chat", "rep_requests"),
)
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _layer(module: str) -> int:
    return RANK[module.split(".")[1]]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("assistant.")}


MODULES = sorted(
    path for path in PACKAGE.rglob("*.py") if path.parent != PACKAGE or path.stem != "__init__"
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_points_up(path: Path) -> None:
    module = ".".join(("assistant", *path.relative_to(PACKAGE).with_suffix("").parts))
    upward = sorted(name for name in _imports(path) if _layer(name) > _layer(module))

    assert upward == [], f"{module} imports from a higher layer"


def test_every_module_and_subpackage_has_a_layer() -> None:
    parts = {
        path.stem
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert parts - set(RANK) == set()
