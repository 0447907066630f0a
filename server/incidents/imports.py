"""Importing a partner's week of incidents from its own system (POST /api/v1/incidents/import).

The file is read (server/incidents/csv_rows.py), each row judged (import_rows.py), and then:
- a row whose incident is stored already, with the same content, is "existing": importing the
  same file again imports nothing twice;
- a row with a problem, or whose id was imported before with other content, is "bad";
- the others are "new".
Nothing is stored from a file with a bad row, unless the caller asks to skip them; a dry run
stores nothing and says what an import would do. The incidents count for the importer's
organisation, as the ones its staff record on the phone do. Imported incidents are announced
(events.incident_recorded, imported=True) but alert nobody: a week's backlog is no news.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server import events
from server.accounts.models import User
from server.audit import service as audit
from server.database import utcnow
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.findings.service import CLOCK_SKEW
from server.i18n import translate
from server.incidents import csv_rows
from server.incidents.import_rows import Row, judge, types_by_name
from server.incidents.models import Incident, IncidentType

NEW, EXISTING, BAD = "new", "existing", "bad"
CHUNK = 500
OTHER_CONTENT = "id: imported before with other content; Lykta keeps what came first."
TWICE = "id: the file has this id twice, with other content (line {line})."


@dataclass
class Options:
    dry_run: bool = False
    skip_errors: bool = False
    filename: str | None = None


def import_csv(user: User, data: bytes, options: Options, locale: str) -> dict:
    """Judge the file and store its new incidents (unless a dry run). Returns the report; a file
    with bad rows and no skip_errors is refused (422) with each bad row's problems by line."""
    rows = _judged(user, csv_rows.read(csv_rows.decode(data)))
    statuses = _statuses(user, rows)
    bad = [row for row in rows if statuses[row.line] == BAD]
    if bad and not options.skip_errors and not options.dry_run:
        raise ValidationFailed(
            "{count} rows have errors: nothing was imported. Correct them, or import again "
            "with skip_errors=1 to import the other rows.",
            count=len(bad),
            errors={str(row.line): _said(row, locale) for row in bad},
        )
    new = [row for row in rows if statuses[row.line] == NEW]
    if not options.dry_run:
        _store(user, new)
        audit.record(
            "incidents.imported",
            "incident_import",
            None,
            actor=user,
            data={
                "filename": options.filename,
                "rows": len(rows),
                "new": len(new),
                "existing": len(rows) - len(new) - len(bad),
                "bad": len(bad),
                "skip_errors": options.skip_errors,
            },
        )
    return {
        "dry_run": options.dry_run,
        "rows": len(rows),
        "new": len(new),
        "existing": len(rows) - len(new) - len(bad),
        "bad": len(bad),
        "errors": [{"line": row.line, "messages": _said(row, locale)} for row in bad],
        "items": [
            {"line": row.line, "id": row.incident_id, "status": statuses[row.line]} for row in rows
        ],
    }


def _judged(user: User, raws: list[csv_rows.RawRow]) -> list[Row]:
    if not raws:
        raise ValidationFailed("The file has no rows below its header.")
    types = types_by_name(list(db.session.scalars(select(IncidentType))))
    now = utcnow() + CLOCK_SKEW
    return [judge(raw, types, user.organisation_id, now) for raw in raws]


def _statuses(user: User, rows: list[Row]) -> dict[int, str]:
    """new, existing or bad for each row (by line); a row found bad here gets its problem."""
    stored = _stored([row.incident_id for row in rows if not row.problems])
    seen: dict[uuid.UUID, Row] = {}
    statuses = {}
    for row in rows:
        if row.problems:
            statuses[row.line] = BAD
            continue
        earlier = seen.get(row.incident_id)
        if earlier is not None:
            if earlier.submitted != row.submitted:
                row.problem(TWICE, line=earlier.line)
                statuses[row.line] = BAD
            else:
                statuses[row.line] = EXISTING  # the same row twice: one incident
            continue
        seen[row.incident_id] = row
        incident = stored.get(row.incident_id)
        if incident is None:
            statuses[row.line] = NEW
        elif incident.organisation_id == user.organisation_id and _same(incident, row):
            statuses[row.line] = EXISTING
        else:
            row.problem(OTHER_CONTENT)
            statuses[row.line] = BAD
    return statuses


def _same(incident: Incident, row: Row) -> bool:
    return all(incident.submitted.get(key) == value for key, value in row.submitted.items())


def _stored(ids: list[uuid.UUID]) -> dict[uuid.UUID, Incident]:
    found = {}
    for start in range(0, len(ids), CHUNK):
        query = select(Incident).where(Incident.id.in_(ids[start : start + CHUNK]))
        found.update((incident.id, incident) for incident in db.session.scalars(query))
    return found


def _store(user: User, rows: list[Row]) -> None:
    received = utcnow()
    incidents = [
        Incident(
            id=row.incident_id,
            type=row.incident_type,
            occurred_at=row.occurred_at,
            lat=row.lat,
            lon=row.lon,
            note=row.note,
            reporter_id=user.id,
            organisation_id=user.organisation_id,
            received_at=received,
            submitted=row.submitted,
            imported=True,
            external_id=row.external_id,
        )
        for row in rows
    ]
    try:
        with db.session.begin_nested():
            db.session.add_all(incidents)
    except IntegrityError:
        # The same rows imported by another request at this very moment.
        raise Conflict("Another import of the same rows is under way: try again.") from None
    for incident in incidents:
        events.incident_recorded.send(incident, imported=True)


def _said(row: Row, locale: str) -> list[str]:
    return [translate(text, locale, **values) for text, values in row.problems]
