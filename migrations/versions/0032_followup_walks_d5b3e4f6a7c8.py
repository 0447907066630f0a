"""follow-up walks

(placeholder: filled in by the change that needs it)

Revision ID: d5b3e4f6a7c8
Revises: c4a2d3e5f6b7
Create Date: 2026-12-07 17:15:00
"""

revision = "d5b3e4f6a7c8"
down_revision = "c4a2d3e5f6b7"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
