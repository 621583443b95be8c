"""Engines of the application's database."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from assistant.store.db import make_engine


def test_a_database_error_never_carries_what_people_typed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    typed = "our store room is tiny, call Jane on 0171 555 0199"
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE said (text TEXT UNIQUE)")
        connection.execute(text("INSERT INTO said VALUES (:t)"), {"t": typed})

    with pytest.raises(IntegrityError) as failed, engine.begin() as connection:
        connection.execute(text("INSERT INTO said VALUES (:t)"), {"t": typed})

    assert typed not in str(failed.value)  # errors end up in logs
    engine.dispose()


def test_lower_folds_every_letter_on_sqlite_as_on_postgresql(engine):
    """Searches compare lower(column) with the lowered query: "ærø" finds "Ærø"."""
    with engine.connect() as connection:
        folded = connection.execute(text("SELECT lower('Ærøskøbing CAFÉ Ünal ÅØÆ')")).scalar()

    assert folded == "ærøskøbing café ünal åøæ"
