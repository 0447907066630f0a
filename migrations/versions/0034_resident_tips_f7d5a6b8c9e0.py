"""resident tips: findings from residents and their moderation

A resident's tip is a finding (reported by the system account "Invånare") that waits for a
coordinator: findings.awaiting_moderation, true until it is approved or merged, keeps it out
of every list, report, export, sync and Open311. resident_tips holds what only a tip has: the
resident's email address (NULL once no email is left to send), the moderation's state, and the
one "Är det åtgärdat?" question after the fix.

findings.awaiting_moderation is a plain ALTER TABLE on both databases (see 0032): a rebuild of
findings on SQLite would drop the table, and with foreign keys on that deletes its history.

Revision ID: f7d5a6b8c9e0
Revises: e6c4f5a7b8d9
Create Date: 2026-12-07 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f7d5a6b8c9e0"
down_revision = "e6c4f5a7b8d9"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "findings",
        sa.Column("awaiting_moderation", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "resident_tips",
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("fixed_question_token", sa.String(length=64), nullable=True),
        sa.Column("fixed_question_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fixed_answer", sa.String(length=5), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_resident_tips_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_resident_tips_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("finding_id", name=op.f("pk_resident_tips")),
        sa.UniqueConstraint(
            "fixed_question_token", name=op.f("uq_resident_tips_fixed_question_token")
        ),
    )
    op.create_index(op.f("ix_resident_tips_state"), "resident_tips", ["state"])


def downgrade():
    op.drop_index(op.f("ix_resident_tips_state"), table_name="resident_tips")
    op.drop_table("resident_tips")
    op.drop_column("findings", "awaiting_moderation")
