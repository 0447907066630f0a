"""reports and exports (issue 6): an index on the history by kind and time

The reports compute every time from the findings' history (FindingEvent: when a finding was
sent, acknowledged, fixed, closed) rather than from copies kept on the finding, so a figure
can always be traced to the events behind it. What they need is to find the status events of
a period quickly: "closed this week" reads finding_events by (kind, at).

Revision ID: e5f4a7c9d1f3
Revises: d4e3f6b8c0e2
Create Date: 2026-11-23 09:00:00
"""

from alembic import op

revision = "e5f4a7c9d1f3"
down_revision = "d4e3f6b8c0e2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_finding_events_kind_at", "finding_events", ["kind", "at"])


def downgrade():
    op.drop_index("ix_finding_events_kind_at", table_name="finding_events")
