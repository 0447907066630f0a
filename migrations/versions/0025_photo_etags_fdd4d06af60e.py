"""photos: the SHA-256 of the stored display image and thumbnail, their ETags

The ETag of a served photo was its storage key; it is now a hash of the bytes served, kept when
the file is written (upload, redaction, retention's blur). Photos stored before this have none:
their files are hashed when they are served (server/photos/service.py), so no media are read
here and a database can be migrated without its media store.

Revision ID: fdd4d06af60e
Revises: 4d7e9a1c3b5f
Create Date: 2026-12-07 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "fdd4d06af60e"
down_revision = "4d7e9a1c3b5f"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE on both databases: no table is rebuilt.
    op.add_column("photos", sa.Column("display_sha256", sa.String(length=64), nullable=True))
    op.add_column("photos", sa.Column("thumbnail_sha256", sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column("photos", "thumbnail_sha256")
    op.drop_column("photos", "display_sha256")
