"""findings: a GiST index on the location, on PostgreSQL

A bounding box over a district reads a band of the (lat, lon) B-tree as wide as the whole
map; the GiST index on point(lon, lat) reads the box. SQLite has no such index and keeps the
B-tree. Built concurrently would need a migration outside a transaction; at a million rows a
plain build takes seconds.

Revision ID: f6a5b8d0e2a4
Revises: e5f4a7c9d1f3
Create Date: 2026-11-23 10:00:00
"""

from alembic import op

revision = "f6a5b8d0e2a4"
down_revision = "e5f4a7c9d1f3"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_findings_location ON findings USING gist (point(lon, lat))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_findings_location")
