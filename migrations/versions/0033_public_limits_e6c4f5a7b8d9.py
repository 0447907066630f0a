"""public limits: what each client address sent without an account in the last hour

One row per tip or rating a client sent (server/public/limits.py): a keyed digest of its
address and the kind, and when. Rows older than an hour are deleted at every new one.

Revision ID: e6c4f5a7b8d9
Revises: d5b3e4f6a7c8
Create Date: 2026-12-07 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e6c4f5a7b8d9"
down_revision = "d5b3e4f6a7c8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "public_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_submissions")),
    )
    op.create_index("ix_public_submissions_key_at", "public_submissions", ["key", "sent_at"])
    op.create_index("ix_public_submissions_sent_at", "public_submissions", ["sent_at"])


def downgrade():
    op.drop_table("public_submissions")
