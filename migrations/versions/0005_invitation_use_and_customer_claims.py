"""invitation use and customer claims

An invitation is bound to the conversation that first used it, and can be withdrawn. A
company name typed in an anonymous chat is kept on the interview as a claim, until an admin
links the conversation to a customer or discards it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ADD/DROP COLUMN, never a batch table copy: on SQLite a copy drops the old table, and
# with foreign keys on that deletes every row that references it (ON DELETE CASCADE).
def upgrade() -> None:
    op.add_column("invitation", sa.Column("conversation_id", sa.String(length=200)))
    op.add_column("invitation", sa.Column("revoked_at", sa.DateTime(timezone=True)))
    op.add_column("interview", sa.Column("claimed_customer", sa.String(length=200)))


def downgrade() -> None:
    op.drop_column("interview", "claimed_customer")
    op.drop_column("invitation", "revoked_at")
    op.drop_column("invitation", "conversation_id")
