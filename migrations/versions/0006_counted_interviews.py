"""counted interviews

An interview counts in briefs and report totals once one of its wishes has a need finding
(`interview.counted`); its wish rows carry a copy (`wish.counted`) that the reports filter on
without joining the interview, and the wish indexes end with it so they still cover those
queries. Existing rows are backfilled.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (old index, new index, columns without "counted"): the reports' covering indexes.
INDEXES = (
    ("ix_wish_code_signature", "ix_wish_code_signature_counted", ["code", "signature"]),
    (
        "ix_wish_code_customer_id_confirmed",
        "ix_wish_code_customer_id_confirmed_counted",
        ["code", "customer_id", "confirmed"],
    ),
    (
        "ix_wish_customer_id_code_signature",
        "ix_wish_customer_id_code_signature_counted",
        ["customer_id", "code", "signature"],
    ),
)


# Plain ADD/DROP COLUMN and indexes, never a batch table copy: on SQLite a copy drops the old
# table, and with foreign keys on that deletes every row that references it (ON DELETE CASCADE).
def upgrade() -> None:
    op.add_column(
        "interview", sa.Column("counted", sa.Boolean(), nullable=False, server_default="0")
    )
    op.add_column("wish", sa.Column("counted", sa.Boolean(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE interview SET counted = EXISTS (SELECT 1 FROM wish JOIN need_finding "
        "ON need_finding.wish_id = wish.id WHERE wish.interview_id = interview.id)"
    )
    op.execute(
        "UPDATE wish SET counted = "
        "(SELECT interview.counted FROM interview WHERE interview.id = wish.interview_id)"
    )
    for old, new, columns in INDEXES:
        op.drop_index(old, table_name="wish")
        op.create_index(new, "wish", [*columns, "counted"], unique=False)


def downgrade() -> None:
    for old, new, columns in INDEXES:
        op.drop_index(new, table_name="wish")
        op.create_index(old, "wish", columns, unique=False)
    op.drop_column("wish", "counted")
    op.drop_column("interview", "counted")
