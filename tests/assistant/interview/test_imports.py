"""The interview engine is plain Python: importing it loads neither spaCy nor a database."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import assistant.interview

HEAVY = ("spacy", "thinc", "sqlalchemy")


def test_the_engine_imports_no_spacy_and_no_sqlalchemy():
    modules = [
        m.name for m in pkgutil.iter_modules(assistant.interview.__path__, "assistant.interview.")
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert len(modules) >= 5, modules
    assert result.stdout.strip() == "[]"
