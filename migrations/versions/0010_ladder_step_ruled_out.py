"""ladder step: the needs its answer ruled out

`ladder_step.ruled_out`: the need codes an answer ruled out ("we've got loads of space at the
depot, so it's not that"), as the dialogue state keeps them, so that a brief's open question
does not suggest them. NULL for none, and for every step written before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ADD/DROP COLUMN, never a batch table copy (see 0006).
def upgrade() -> None:
    op.add_column("ladder_step", sa.Column("ruled_out", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("ladder_step", "ruled_out")
