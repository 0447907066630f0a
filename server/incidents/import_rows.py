"""Judging one row of a CSV import: the incident it describes, or what is wrong with it.

Every problem of a row is reported, each as (text, values) so that it can be said in the
reader's language (server/translations). A row is its own incident under a stable id: from the
importing organisation and the row's `id` when the file gives one, else from the row's content,
so that importing the same file again finds what it stored the first time.
"""

import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from server import clock
from server.incidents import sweref
from server.incidents.csv_rows import RawRow
from server.incidents.models import IncidentType
from server.incidents.schemas import NOTE_MAX
from server.incidents.service import canonical, looks_like_identity_number

# uuid5 namespace of imported incidents (a fixed random value: never change it, or a file
# imported again would make new incidents).
NAMESPACE = uuid.UUID("6f1d2c3e-9a4b-5c7d-8e0f-1a2b3c4d5e6f")
EXTERNAL_ID_MAX = 100

NOTE_IDENTITY_NUMBER = (
    "anteckning: do not write personal identity numbers (personnummer): say what happened and "
    "where, not who."
)

Problem = tuple[str, dict]


@dataclass
class Row:
    line: int
    incident_id: uuid.UUID | None = None
    incident_type: IncidentType | None = None
    occurred_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    note: str = ""
    external_id: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, text: str, **values) -> None:
        self.problems.append((text, values))

    @property
    def submitted(self) -> dict:
        return canonical(
            {
                "type": self.incident_type.code,
                "occurred_at": self.occurred_at,
                "lat": self.lat,
                "lon": self.lon,
                "note": self.note,
            }
        )


def types_by_name(types: list[IncidentType]) -> dict[str, IncidentType]:
    """Each type under its code and its Swedish and English names, in lower case."""
    found: dict[str, IncidentType] = {}
    for incident_type in types:
        for key in (incident_type.code, incident_type.name_sv, incident_type.name_en):
            found.setdefault(key.strip().lower(), incident_type)
    return found


def judge(raw: RawRow, types: dict[str, IncidentType], organisation_id: int, now) -> Row:
    row = Row(raw.line)
    values = raw.values
    if raw.extra:
        row.problem("The row has more fields than the header.")
    _type(row, values.get("typ", ""), types)
    _time(row, values.get("tidpunkt", ""), now)
    _position(row, values)
    _note(row, values.get("anteckning", ""))
    external = values.get("id", "")
    if len(external) > EXTERNAL_ID_MAX:
        row.problem("id: longer than {limit} characters.", limit=EXTERNAL_ID_MAX)
    if row.problems:
        return row
    row.external_id = external or None
    if external:
        key = f"{organisation_id}:id:{external}"
    else:
        content = row.submitted
        key = f"{organisation_id}:row:" + "|".join(
            str(content[name]) for name in ("type", "occurred_at", "lat", "lon", "note")
        )
    row.incident_id = uuid.uuid5(NAMESPACE, key)
    return row


def _type(row: Row, text: str, types: dict[str, IncidentType]) -> None:
    if not text:
        row.problem("typ: missing.")
        return
    incident_type = types.get(text.lower())
    if incident_type is None:
        row.problem("typ: unknown incident type “{value}”.", value=text)
    elif not incident_type.active:
        row.problem("typ: the incident type “{value}” is no longer in use.", value=text)
    else:
        row.incident_type = incident_type


def _time(row: Row, text: str, now: datetime) -> None:
    if not text:
        row.problem("tidpunkt: missing.")
        return
    moment = _moment(text)
    if moment is None:
        row.problem(
            "tidpunkt: “{value}” is not a time: write 2026-11-20 22:15 (Swedish time) or "
            "2026-11-20T22:15:00+01:00.",
            value=text,
        )
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.zone())
        if clock.local(moment.astimezone(UTC)).replace(tzinfo=None) != moment.replace(tzinfo=None):
            row.problem(
                "tidpunkt: {value} does not exist in Swedish time (the clocks moved forward).",
                value=text,
            )
            return
    if moment is not None:
        moment = moment.astimezone(UTC)
        if moment > now:
            row.problem("tidpunkt: lies in the future.")
        else:
            row.occurred_at = moment


def _moment(text: str) -> datetime | None:
    """ISO 8601, with or without an offset ("2026-11-20 22:15" too); None for anything else,
    a date alone included."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if ("T" in text.upper() or " " in text) else None


def _number(row: Row, column: str, text: str) -> float | None:
    if not text:
        row.problem("{column}: missing.", column=column)
        return None
    try:
        number = float(text.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        row.problem("{column}: “{value}” is not a number.", column=column, value=text)
        return None
    return number


def _position(row: Row, values: dict[str, str]) -> None:
    if values.get("lat") or values.get("lon") or "n" not in values:
        lat = _number(row, "lat", values.get("lat", ""))
        lon = _number(row, "lon", values.get("lon", ""))
        if lat is None or lon is None:
            return
        if abs(lat) > 90 or abs(lon) > 180:
            if sweref.plausible(lat, lon) or sweref.plausible(lon, lat):
                row.problem("lat, lon: these look like SWEREF 99 TM: put them in columns n and e.")
            else:
                row.problem("lat, lon: not a position (lat −90…90, lon −180…180).")
            return
        row.lat, row.lon = lat, lon
        return
    northing = _number(row, "n", values.get("n", ""))
    easting = _number(row, "e", values.get("e", ""))
    if northing is None or easting is None:
        return
    if not sweref.plausible(northing, easting):
        row.problem("n, e: not a SWEREF 99 TM position in Sweden.")
        return
    lat, lon = sweref.to_wgs84(northing, easting)
    row.lat, row.lon = round(lat, 7), round(lon, 7)


def _note(row: Row, text: str) -> None:
    if len(text) > NOTE_MAX:
        row.problem("anteckning: longer than {limit} characters.", limit=NOTE_MAX)
    elif looks_like_identity_number(text):
        row.problem(NOTE_IDENTITY_NUMBER)
    else:
        row.note = text
