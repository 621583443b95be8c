"""interview quality

Quality figures per interview and per wish (`assistant.reports.quality`), written with
every turn. Existing interviews get theirs from `needfinder db upgrade` (also run by
`needfinder run`), which computes the rows that are missing or were written by an older
definition: the figures need the word-frequency list and the application's own code,
which a migration should not import.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_quality",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("answer_words", sa.Integer(), nullable=False),
        sa.Column("answer_bits", sa.Double(), nullable=False),
        sa.Column("bot_utterances", sa.Integer(), nullable=False),
        sa.Column("repeated_bot_utterances", sa.Integer(), nullable=False),
        sa.Column("first_turn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_turn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_seconds", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_quality_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_interview_quality")),
    )
    op.create_table(
        "wish_quality",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=True),
        sa.Column("need", sa.String(length=50), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("probes", sa.Integer(), nullable=False),
        sa.Column("wrong_proposals", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview_quality.interview_id"],
            name=op.f("fk_wish_quality_interview_id_interview_quality"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interview_id", "position", name=op.f("pk_wish_quality")),
    )


def downgrade() -> None:
    op.drop_table("wish_quality")
    op.drop_table("interview_quality")
