"""Reading incidents: the list with its period and type filters and keyset paging, scoped by
incident_scope(). Periods are whole local days (server/reports/periods.py)."""

import uuid
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from server import cursors
from server.accounts.models import User
from server.errors import ValidationFailed
from server.extensions import db
from server.incidents.models import Incident
from server.incidents.service import incident_scope, type_by_code
from server.reports import periods


def list_incidents(viewer: User, args: dict) -> tuple[list[Incident], str | None]:
    """A page of the incidents the viewer may read, latest first, and the cursor for the next."""
    query = select(Incident).where(incident_scope(viewer))
    query = query.options(selectinload(Incident.type), selectinload(Incident.organisation))
    query = _filtered(query, args)
    if args.get("cursor"):
        occurred_at, last_id = cursors.decode(args["cursor"], _parse_cursor)
        query = query.where(
            or_(
                Incident.occurred_at < occurred_at,
                and_(Incident.occurred_at == occurred_at, Incident.id < last_id),
            )
        )
    limit = args["limit"]
    query = query.order_by(Incident.occurred_at.desc(), Incident.id.desc()).limit(limit + 1)
    incidents = list(db.session.scalars(query))
    if len(incidents) <= limit:
        return incidents, None
    incidents = incidents[:limit]
    last = incidents[-1]
    return incidents, cursors.encode([last.occurred_at.isoformat(), str(last.id)])


def _filtered(query, args: dict):
    if args.get("week") and (args.get("from") or args.get("to")):
        raise ValidationFailed(errors={"week": ["Give a week, or from and to, not both."]})
    period = None
    if args.get("week"):
        period = periods.parse_week(args["week"])
    elif args.get("from") or args.get("to"):
        period = periods.days_period(args.get("from"), args.get("to"))
    if period is not None:
        start, end = period.bounds()
        query = query.where(Incident.occurred_at >= start, Incident.occurred_at < end)
    if args.get("type"):
        incident_type = type_by_code(args["type"])
        if incident_type is None:
            raise ValidationFailed(errors={"type": ["Unknown incident type."]})
        query = query.where(Incident.type_id == incident_type.id)
    return query


def _parse_cursor(value) -> tuple[datetime, uuid.UUID]:
    moment, last_id = value
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        raise ValueError("naive")
    return parsed, uuid.UUID(last_id)
