"""report columns and customer needs

Wish rows get copies the reports read instead of joining or parsing: the interview's
customer (`wish.customer_id`), the parameter signature (`wish.signature`) and whether a need
was confirmed (`wish.confirmed`); findings get their wish's code and customer. The new
`customer_need` table holds each customer's confirmed needs. Existing rows are backfilled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:12:41.318530
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# recreate="never": SQLite would copy the table and drop the old one, and with foreign keys
# on, dropping "wish" deletes every ladder step and finding (ON DELETE CASCADE).
# Adding a column, dropping one (SQLite >= 3.35) and indexes all work in place.


def upgrade() -> None:
    op.create_table(
        "customer_need",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("need_code", sa.String(length=50), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_need_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", "need_code", name=op.f("pk_customer_need")),
    )
    with op.batch_alter_table("wish", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("signature", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("confirmed", sa.Boolean(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("need_finding", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("wish_code", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))

    _backfill()

    with op.batch_alter_table("wish", schema=None, recreate="never") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wish_code_signature"), ["code", "signature"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_wish_code_customer_id_confirmed"),
            ["code", "customer_id", "confirmed"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_wish_customer_id_code_signature"),
            ["customer_id", "code", "signature"],
            unique=False,
        )
    with op.batch_alter_table("need_finding", schema=None, recreate="never") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_need_finding_wish_code_code_status_customer_id"),
            ["wish_code", "code", "status", "customer_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("need_finding", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_finding_wish_code_code_status_customer_id"))
        batch_op.drop_column("customer_id")
        batch_op.drop_column("wish_code")
    with op.batch_alter_table("wish", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_wish_customer_id_code_signature"))
        batch_op.drop_index(batch_op.f("ix_wish_code_customer_id_confirmed"))
        batch_op.drop_index(batch_op.f("ix_wish_code_signature"))
        batch_op.drop_column("confirmed")
        batch_op.drop_column("signature")
        batch_op.drop_column("customer_id")

    op.drop_table("customer_need")


def _backfill() -> None:
    op.execute(
        "UPDATE wish SET customer_id = "
        "(SELECT interview.customer_id FROM interview WHERE interview.id = wish.interview_id)"
    )
    op.execute(
        "UPDATE wish SET confirmed = EXISTS (SELECT 1 FROM need_finding "
        "WHERE need_finding.wish_id = wish.id AND need_finding.status = 'confirmed')"
    )
    op.execute(
        "UPDATE need_finding SET "
        "wish_code = (SELECT wish.code FROM wish WHERE wish.id = need_finding.wish_id), "
        "customer_id = (SELECT wish.customer_id FROM wish WHERE wish.id = need_finding.wish_id)"
    )
    op.execute(
        "INSERT INTO customer_need (customer_id, need_code, confirmed) "
        "SELECT wish.customer_id, need_finding.code, COUNT(*) "
        "FROM need_finding JOIN wish ON wish.id = need_finding.wish_id "
        "WHERE need_finding.status = 'confirmed' AND need_finding.code IS NOT NULL "
        "AND wish.customer_id IS NOT NULL "
        "GROUP BY wish.customer_id, need_finding.code"
    )
    _backfill_signatures()


def _backfill_signatures() -> None:
    """Signatures of wishes with parameters, computed in Python.

    SQL cannot give the same text on both backends (their JSON functions differ), and the
    stored text must equal what the write path stores for the same parameters.
    """
    wish = sa.table(
        "wish", sa.column("id", sa.Integer()), sa.column("parameters", sa.JSON()),
        sa.column("signature", sa.String()),
    )  # fmt: skip
    bind = op.get_bind()
    rows = bind.execute(sa.select(wish.c.id, wish.c.parameters).order_by(wish.c.id)).all()
    changes = [
        {"wish_id": id_, "value": signature}
        for id_, parameters in rows
        if (signature := _signature(parameters or []))
    ]
    update = (
        sa.update(wish)
        .where(wish.c.id == sa.bindparam("wish_id"))
        .values(signature=sa.bindparam("value"))
    )
    for start in range(0, len(changes), 5_000):
        bind.execute(update, changes[start : start + 5_000])


def _signature(parameters: list[dict]) -> str:
    """A frozen copy of assistant.reports.signature.parameters_signature (as of 0004)."""
    pieces = []
    for parameter in parameters:
        value = parameter.get("value")
        if value:
            shown = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        else:
            shown = str(parameter.get("text", "")).strip().lower()
        pieces.append(f"{parameter.get('kind', '')}={shown}")
    return ";".join(sorted(pieces))
