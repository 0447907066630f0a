"""public limits: what each client address sent in the last hour (placeholder)

Revision ID: e6c4f5a7b8d9
Revises: d5b3e4f6a7c8
Create Date: 2026-12-07 20:00:00
"""

revision = "e6c4f5a7b8d9"
down_revision = "d5b3e4f6a7c8"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
