"""invitation use and revocation

An invitation is bound to the conversation that first used it, and can be withdrawn.

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


def upgrade() -> None:
    with op.batch_alter_table("invitation") as batch:
        batch.add_column(sa.Column("conversation_id", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitation") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("conversation_id")
