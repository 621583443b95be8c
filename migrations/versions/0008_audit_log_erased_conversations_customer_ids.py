"""audit log, erased conversations, customer ids never reused

The audit log (who erased, linked, discarded, issued or revoked what, and when); tombstones
of erased conversations, so that a message under way during an erasure is not recorded
afterwards; and on SQLite, customer ids that are never given again after an erasure
(AUTOINCREMENT: SQLite otherwise reuses the highest id once its row is deleted, so a stale
link or a repeated DELETE would reach another customer; PostgreSQL's sequences never do).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CUSTOMER_COLUMNS = "id, external_id, name, industry, region, size, created_at, updated_at"
CUSTOMER_WITH_AUTOINCREMENT = """
CREATE TABLE customer__new (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    external_id VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL,
    industry VARCHAR(100),
    region VARCHAR(100),
    size VARCHAR(50),
    created_at DATETIME NOT NULL,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT uq_customer_external_id UNIQUE (external_id)
)
"""


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    # Rasa's tracker store creates the same table when it shares this database and started
    # first (channels/tracker_store.py).
    if not sa.inspect(op.get_bind()).has_table("erased_conversation"):
        op.create_table(
            "erased_conversation",
            sa.Column("conversation_hash", sa.String(length=64), nullable=False),
            sa.Column("erased_at", sa.Float(), nullable=False),
            sa.PrimaryKeyConstraint("conversation_hash", name=op.f("pk_erased_conversation")),
        )
    _sqlite_customer_ids_never_reused()


def _sqlite_customer_ids_never_reused() -> None:
    """Rebuild SQLite's customer table with AUTOINCREMENT, keeping every row that refers to it.

    Dropping the old table while foreign keys are on would delete every interview,
    invitation and need of every customer (ON DELETE CASCADE), and SQLite ignores
    `PRAGMA foreign_keys` inside a transaction: so this step commits what came before,
    switches them off, copies in a transaction of its own, checks that every reference still
    holds, and switches them on again (SQLite's documented way to change a table).
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    table = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'customer'").scalar()
    if "AUTOINCREMENT" in str(table).upper():
        return  # already rebuilt (a run stopped before its version was written)
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    bind.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        bind.exec_driver_sql(CUSTOMER_WITH_AUTOINCREMENT)
        columns = CUSTOMER_COLUMNS
        bind.exec_driver_sql(
            f"INSERT INTO customer__new ({columns}) SELECT {columns} FROM customer"
        )
        bind.exec_driver_sql("DROP TABLE customer")
        bind.exec_driver_sql("ALTER TABLE customer__new RENAME TO customer")
        if broken := bind.exec_driver_sql("PRAGMA foreign_key_check").all():
            raise RuntimeError(f"rebuilding table customer would break references: {broken}")
    except BaseException:
        bind.exec_driver_sql("ROLLBACK")
        raise
    else:
        bind.exec_driver_sql("COMMIT")
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys=ON")
        bind.exec_driver_sql("BEGIN IMMEDIATE")  # for the rest of this migration's transaction


def downgrade() -> None:
    # Customer ids stay AUTOINCREMENT on SQLite: copying the table back gains nothing.
    op.drop_table("erased_conversation")
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_table("audit_event")
