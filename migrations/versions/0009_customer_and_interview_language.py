"""customer and interview language

The language a customer speaks (`customer.language`, "en" or "da", NULL while not known),
so that an invited customer is interviewed in it from the first message; and the language
each interview is held in (`interview.language`, kept with its dialogue state, so it follows
a switch). Existing interviews take theirs from the stored dialogue state: its `language`,
or English for a state written before interviews spoke Danish (the state's own default);
an interview without a stored state keeps NULL.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The language in the dialogue state's JSON, per dialect (the column is JSON on PostgreSQL,
# text on SQLite); NULL where the state is no JSON object.
STATE_LANGUAGE = {
    "sqlite": (
        "CASE WHEN json_valid(dialogue) AND json_type(dialogue) = 'object' "
        "THEN COALESCE(json_extract(dialogue, '$.language'), 'en') END"
    ),
    "postgresql": (
        "CASE WHEN json_typeof(dialogue) = 'object' "
        "THEN COALESCE(dialogue ->> 'language', 'en') END"
    ),
}


# Plain ADD/DROP COLUMN, never a batch table copy (see 0006: on SQLite a copy with foreign
# keys on would delete every row that references the table).
def upgrade() -> None:
    op.add_column("customer", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("interview", sa.Column("language", sa.String(length=8), nullable=True))
    language = STATE_LANGUAGE[op.get_bind().dialect.name]
    op.execute(f"UPDATE interview SET language = {language} WHERE dialogue IS NOT NULL")
    # A value no interview speaks (a hand-edited state) is not known, rather than wrong.
    op.execute("UPDATE interview SET language = NULL WHERE language NOT IN ('en', 'da')")


def downgrade() -> None:
    op.drop_column("interview", "language")
    op.drop_column("customer", "language")
