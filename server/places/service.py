"""Areas and properties: creating and updating them by name or designation, importing them from
GeoJSON, and which areas a finding lies in."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from shapely.geometry import Point, shape
from sqlalchemy import delete, select

from server.accounts import service as accounts
from server.accounts.models import Organisation, OrganisationKind
from server.extensions import db
from server.findings.models import Finding
from server.places import geojson, index
from server.places.geojson import DocumentProblem, FeatureProblem
from server.places.models import Area, FindingArea, Property

AREA_KINDS = ("bid", "district", "other")
CHUNK = 500  # names per IN (...) query: far below either database's limit on parameters


def bounding_box(geometry: dict) -> dict:
    min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
    return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}


def upsert_area(name: str, kind: str, geometry: dict) -> Area:
    area = db.session.scalar(db.select(Area).filter_by(name=name))
    if area is None:
        area = Area(name=name)
        db.session.add(area)
    before = _box_of(area)
    area.kind = kind
    area.geometry = geometry
    for column, value in bounding_box(geometry).items():
        setattr(area, column, value)
    db.session.flush()
    refresh_area_members(area, before)
    index.invalidate()
    return area


def upsert_property(
    designation: str, owner: Organisation, emails: list[str], geometry: dict
) -> Property:
    found = db.session.scalar(db.select(Property).filter_by(designation=designation))
    if found is None:
        found = Property(designation=designation)
        db.session.add(found)
    found.owner = owner
    found.contact_emails = list(emails)
    found.geometry = geometry
    for column, value in bounding_box(geometry).items():
        setattr(found, column, value)
    db.session.flush()
    index.invalidate()
    return found


def delete_property(prop: Property) -> None:
    db.session.delete(prop)
    db.session.flush()
    index.invalidate()


# --- which areas a finding lies in ------------------------------------------------------------


def place_finding(finding: Finding) -> list[int]:
    """Record the areas the finding's position lies in (or none without a position)."""
    db.session.execute(delete(FindingArea).where(FindingArea.finding_id == finding.id))
    if finding.lat is None or finding.lon is None:
        return []
    areas = index.area_index()
    ids = [int(areas.ids[i]) for i in areas.covering(finding.lat, finding.lon)]
    if ids:  # the index may be a few seconds behind another instance's changes
        ids = list(db.session.scalars(select(Area.id).where(Area.id.in_(ids))))
    db.session.add_all(FindingArea(finding_id=finding.id, area_id=area_id) for area_id in ids)
    return ids


def refresh_area_members(area: Area, before: tuple | None = None) -> int:
    """After an area was drawn anew: which findings lie in it, looked at wherever the old or the
    new shape could have had them. Returns how many findings lie in it now."""
    boxes = [box for box in (before, _box_of(area)) if box is not None]
    outline = shape(area.geometry)
    members: set = set()
    candidates: set = set()
    for min_lon, min_lat, max_lon, max_lat in boxes:
        query = select(Finding.id, Finding.lat, Finding.lon).where(
            Finding.lat.between(min_lat, max_lat), Finding.lon.between(min_lon, max_lon)
        )
        for finding_id, lat, lon in db.session.execute(query):
            candidates.add(finding_id)
            if outline.covers(Point(lon, lat)):
                members.add(finding_id)
    current = set(
        db.session.scalars(select(FindingArea.finding_id).where(FindingArea.area_id == area.id))
    )
    gone = current - members
    if gone:
        db.session.execute(
            delete(FindingArea).where(
                FindingArea.area_id == area.id, FindingArea.finding_id.in_(gone)
            )
        )
    db.session.add_all(
        FindingArea(finding_id=finding_id, area_id=area.id) for finding_id in members - current
    )
    db.session.flush()
    return len(members)


def _box_of(place) -> tuple | None:
    if place.min_lon is None:
        return None
    return (place.min_lon, place.min_lat, place.max_lon, place.max_lat)


# --- import from GeoJSON ----------------------------------------------------------------------


@dataclass
class FeatureError:
    index: int  # the feature's position in the file, from 0
    key: str | None  # its designation (properties) or name (areas), when it has one
    code: str
    message: str  # English; shown translated
    values: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    kind: str  # properties | areas
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[FeatureError] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    written: bool = False

    @property
    def failed(self) -> int:
        return len(self.errors)


class ImportFailed(Exception):
    """The file itself is unusable: nothing was imported."""

    def __init__(self, problem: DocumentProblem):
        super().__init__(str(problem))
        self.problem = problem


def import_properties(document, *, dry_run: bool = False, strict: bool = False) -> ImportReport:
    """Create or update properties by designation from a FeatureCollection.

    Every feature is checked; one that fails is reported (index, designation, reason) and
    skipped while the others are imported, unless `strict`, where any failure means nothing is
    written. `dry_run` checks and counts without writing anything. Owners are organisations
    looked up by name and created when unknown. The caller commits."""
    report = ImportReport("properties", dry_run=dry_run, strict=strict)
    rows = _checked(document, report, _property_row, "designation")
    if report.errors and strict:
        return report
    existing = _existing(Property, Property.designation, [row["key"] for row in rows])
    kinds = {}
    for row in rows:
        if row["owner_kind"] and row["owner"] not in kinds:
            kinds[row["owner"]] = row["owner_kind"]
    organisations = _organisations({row["owner"] for row in rows}, kinds, report, dry_run)
    for row in rows:
        found = existing.get(row["key"])
        owner = organisations.get(row["owner"])
        if found is None:
            report.created += 1
        elif (
            found.owner_org_id == (owner.id if owner else None)
            and list(found.contact_emails or []) == row["emails"]
            and geojson.normalised(found.geometry) == row["geometry"]
        ):
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        if dry_run:
            continue
        if found is None:
            found = Property(designation=row["key"])
            db.session.add(found)
        found.owner = owner
        found.contact_emails = row["emails"]
        found.geometry = row["geometry"]
        _set_bounds(found, row["bounds"])
    if not dry_run:
        db.session.flush()
        report.written = True
        index.invalidate()
    return report


def import_areas(document, *, dry_run: bool = False, strict: bool = False) -> ImportReport:
    """Create or update areas by name; like import_properties. An area whose shape changed
    has its findings placed again."""
    report = ImportReport("areas", dry_run=dry_run, strict=strict)
    rows = _checked(document, report, _area_row, "name")
    if report.errors and strict:
        return report
    existing = _existing(Area, Area.name, [row["key"] for row in rows])
    changed_shapes = []
    for row in rows:
        found = existing.get(row["key"])
        review = row["review_first"]
        if found is None:
            report.created += 1
        elif (
            found.kind == row["kind"]
            and (review is None or found.review_first == review)
            and geojson.normalised(found.geometry) == row["geometry"]
        ):
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        if dry_run:
            continue
        before = None
        if found is None:
            found = Area(name=row["key"], review_first=bool(review))
            db.session.add(found)
        else:
            before = _box_of(found)
        if review is not None:
            found.review_first = review
        found.kind = row["kind"]
        if geojson.normalised(found.geometry) != row["geometry"]:
            changed_shapes.append((found, before))
        found.geometry = row["geometry"]
        _set_bounds(found, row["bounds"])
    if not dry_run:
        db.session.flush()
        for area, before in changed_shapes:
            refresh_area_members(area, before)
        report.written = True
        index.invalidate()
    return report


def _set_bounds(place, bounds: tuple) -> None:
    place.min_lon, place.min_lat, place.max_lon, place.max_lat = bounds


def _checked(document, report: ImportReport, make_row, key_name: str) -> list[dict]:
    try:
        found = geojson.features(document)
    except DocumentProblem as problem:
        raise ImportFailed(problem) from None
    report.total = len(found)
    rows, first_seen = [], {}
    for position, feature in enumerate(found):
        key = None
        try:
            properties = geojson.feature_properties(feature)
            raw_key = properties.get(key_name)
            key = raw_key.strip() if isinstance(raw_key, str) and raw_key.strip() else None
            row = make_row(feature, properties)
            if row["key"] in first_seen:
                raise FeatureProblem(
                    "duplicate",
                    "The {key} {value} appears more than once; also in feature {first}.",
                    key=key_name,
                    value=row["key"],
                    first=first_seen[row["key"]],
                )
            first_seen[row["key"]] = position
            rows.append(row)
        except FeatureProblem as problem:
            report.errors.append(
                FeatureError(position, key, problem.code, problem.message, problem.values)
            )
    return rows


def _property_row(feature: Mapping, properties: Mapping) -> dict:
    designation = geojson.text(
        properties, "designation", "missing_designation", "The feature has no designation."
    )
    owner = geojson.text(properties, "owner", "missing_owner", "The feature has no owner.")
    kind = properties.get("owner_kind")
    if kind is not None and kind not in set(OrganisationKind):
        raise FeatureProblem(
            "bad_owner_kind",
            "Unknown owner_kind {kind}; use one of {kinds}.",
            kind=str(kind),
            kinds=", ".join(OrganisationKind),
        )
    geometry_object, geometry = geojson.polygon(feature)
    return {
        "key": designation,
        "owner": owner,
        "owner_kind": kind,
        "emails": geojson.emails(properties.get("email")),
        "geometry": geometry,
        "bounds": geometry_object.bounds,
    }


def _area_row(feature: Mapping, properties: Mapping) -> dict:
    name = geojson.text(properties, "name", "missing_name", "The feature has no name.")
    kind = properties.get("kind") or "district"
    if kind not in AREA_KINDS:
        raise FeatureProblem(
            "bad_kind", "Unknown kind {kind}; use bid, district or other.", kind=str(kind)
        )
    review = properties.get("review_first")
    if review is not None and not isinstance(review, bool):
        raise FeatureProblem("bad_review_first", "review_first must be true or false.")
    geometry_object, geometry = geojson.polygon(feature)
    return {
        "key": name,
        "kind": kind,
        "review_first": review,
        "geometry": geometry,
        "bounds": geometry_object.bounds,
    }


def _existing(model, column, keys: list[str]) -> dict:
    found = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for row in db.session.scalars(select(model).where(column.in_(chunk))):
            found[getattr(row, column.key)] = row
    return found


def _organisations(names: set[str], kinds: dict, report: ImportReport, dry_run: bool) -> dict:
    """The owners by name; unknown ones are created (as fastighetsägare unless the file says
    owner_kind), or only listed in a dry run."""
    found = _existing(Organisation, Organisation.name, sorted(names))
    for name in sorted(names - set(found)):
        report.new_organisations.append(name)
        if not dry_run:
            found[name] = accounts.get_or_create_organisation(
                name, kinds.get(name, OrganisationKind.FASTIGHETSAGARE)
            )
    return found
