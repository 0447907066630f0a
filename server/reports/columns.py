"""The columns of a findings export: key, Swedish label, description and how each is read from
a finding (Item); which are the defaults, and which only coordinators may export."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from server.accounts.models import User
from server.accounts.policy import STAFF
from server.errors import Forbidden, ValidationFailed
from server.findings.models import CLOSED_STATUSES, Finding
from server.photos.models import Photo, PhotoKind
from server.reports.timelines import Row


@dataclass
class Item:
    """One finding with what its columns need."""

    finding: Finding
    row: Row
    areas: list[str]
    photos: list[Photo]
    walk_title: str | None
    base: str
    today: date


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Swedish, for people
    description: str
    get: Callable[[Item], object]
    staff_only: bool = False


def _property(item: Item) -> str | None:
    return item.finding.property_designation


def _proposed(item: Item) -> str | None:
    return (item.finding.proposed_org or {}).get("name")


def _days(hours: float | None) -> float | None:
    return None if hours is None else round(hours / 24, 2)


def _photo_urls(item: Item, kind: str, thumbnail: bool = False) -> list[str]:
    return [
        item.base + (photo.thumbnail_url if thumbnail else photo.url)
        for photo in item.photos
        if photo.kind == kind
    ]


def _days_overdue(item: Item) -> int | None:
    row = item.row
    if not row.overdue_on(item.today):
        return None
    return (item.today - row.due_date).days


C = Column
COLUMNS: list[Column] = [
    C("id", "Id", "The finding's UUID", lambda i: str(i.finding.id)),
    C("url", "Länk", "The finding in the app", lambda i: f"{i.base}/#/findings?id={i.finding.id}"),
    C(
        "status",
        "Status",
        "Swedish status: ny, granskad, skickad, mottagen, planerad, åtgärdad, "
        "verifierad, avvisad, ej vårt ansvar, dubblett",
        lambda i: i.finding.status,
    ),
    C(
        "open",
        "Öppen",
        "Not yet closed (closed: åtgärdad, verifierad, avvisad, dubblett)",
        lambda i: i.finding.status not in CLOSED_STATUSES,
    ),
    C("category", "Kategorikod", "Category code", lambda i: i.finding.category.code),
    C("category_name", "Kategori", "Category, Swedish name", lambda i: i.finding.category.name_sv),
    C(
        "category_name_en",
        "Kategori (engelska)",
        "Category, English name",
        lambda i: i.finding.category.name_en,
    ),
    C(
        "positive",
        "Trygg plats",
        "A positive mark (trygg plats)",
        lambda i: i.finding.category.positive,
    ),
    C("note", "Beskrivning", "The reporter's description", lambda i: i.finding.note),
    C("lat", "Latitud", "WGS 84", lambda i: i.finding.lat),
    C("lon", "Longitud", "WGS 84", lambda i: i.finding.lon),
    C(
        "accuracy_m",
        "Noggrannhet (m)",
        "Position accuracy in metres",
        lambda i: i.finding.accuracy_m,
    ),
    C("location_source", "Positionskälla", "device or photo", lambda i: i.finding.location_source),
    C(
        "captured_at",
        "Rapporterad",
        "When it was observed (the phone's time)",
        lambda i: i.finding.captured_at,
    ),
    C(
        "received_at",
        "Mottagen av servern",
        "When the server got it",
        lambda i: i.finding.received_at,
    ),
    C("updated_at", "Senast ändrad", "Last change", lambda i: i.finding.updated_at),
    C("areas", "Områden", "The areas it lies in", lambda i: i.areas),
    C(
        "property",
        "Fastighet",
        "Property designation (fastighetsbeteckning) that routed it",
        _property,
    ),
    C(
        "owner",
        "Ansvarig",
        "The organisation it is sent to",
        lambda i: i.finding.assigned_org.name if i.finding.assigned_org else None,
    ),
    C("owner_id", "Ansvarig (id)", "The organisation's id", lambda i: i.finding.assigned_org_id),
    C(
        "proposed_owner",
        "Föreslagen ansvarig",
        "Proposed owner while a coordinator reviews it",
        _proposed,
        staff_only=True,
    ),
    C(
        "routing_kind",
        "Dirigering",
        "How it was routed: rule, property, nearest, none, positive, manual, not_ours",
        lambda i: (i.finding.routing or {}).get("kind"),
    ),
    C(
        "routing_reason",
        "Skäl för dirigering",
        "Why it went where it went (Swedish)",
        lambda i: i.finding.routing_reason,
    ),
    C("priority", "Prioritet", "1 high, 2 normal, 3 low", lambda i: i.finding.priority),
    C("due_date", "Åtgärda senast", "Due date", lambda i: i.finding.due_date),
    C("planned_for", "Planerad till", "The owner's planned date", lambda i: i.finding.planned_for),
    C("sent_at", "Skickad", "First sent to an owner", lambda i: i.row.sent_at),
    C("acknowledged_at", "Mottagen", "The owner's first answer", lambda i: i.row.acknowledged_at),
    C("fixed_at", "Åtgärdad", "Fixed (when it is fixed now)", lambda i: i.row.fixed_at),
    C("verified_at", "Verifierad", "Verified at follow-up", lambda i: i.row.verified_at),
    C("closed_at", "Stängd", "Closed (when it is closed now)", lambda i: i.row.closed_at),
    C(
        "days_to_acknowledge",
        "Dagar till mottagen",
        "Days from sent to the first answer",
        lambda i: _days(i.row.hours_to_acknowledge),
    ),
    C(
        "days_to_fix",
        "Dagar till åtgärd",
        "Days from sent to fixed",
        lambda i: _days(i.row.hours_to_fix),
    ),
    C(
        "fixed_within_target",
        "Åtgärdad i tid",
        "Fixed on or before the due date",
        lambda i: i.row.fixed_within_target(),
    ),
    C("overdue", "Försenad", "Open and past its due date", lambda i: i.row.overdue_on(i.today)),
    C("days_overdue", "Dagar försenad", "Days past the due date, when overdue", _days_overdue),
    C("walk_id", "Vandring (id)", "The walk it was reported on", lambda i: i.finding.walk_id),
    C("walk", "Vandring", "The walk's title", lambda i: i.walk_title),
    C(
        "reporter",
        "Rapportör",
        "Who reported it (a person's name)",
        lambda i: i.finding.reporter.name,
        staff_only=True,
    ),
    C(
        "reporter_organisation",
        "Rapportörens organisation",
        "The reporter's organisation",
        lambda i: i.finding.reporter.organisation.name,
    ),
    C(
        "photo_count",
        "Antal foton",
        "Photos of the finding (report and fix)",
        lambda i: len(i.photos),
    ),
    C(
        "photo_urls",
        "Foton",
        "Photo URLs (sign in to open them)",
        lambda i: _photo_urls(i, PhotoKind.REPORT),
    ),
    C(
        "thumbnail_urls",
        "Miniatyrer",
        "Thumbnail URLs",
        lambda i: _photo_urls(i, PhotoKind.REPORT, thumbnail=True),
    ),
    C(
        "after_photo_urls",
        "Foton efter åtgärd",
        "Photos of the fix",
        lambda i: _photo_urls(i, PhotoKind.AFTER),
    ),
    C(
        "delivery",
        "E-post till ansvarig",
        "pending, sent or failed",
        lambda i: i.finding.delivery_state,
        staff_only=True,
    ),
    C("version", "Version", "Changes with every edit", lambda i: i.finding.version),
]
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS = [
    "id",
    "status",
    "category",
    "category_name",
    "note",
    "lat",
    "lon",
    "captured_at",
    "areas",
    "property",
    "owner",
    "priority",
    "due_date",
    "planned_for",
    "fixed_at",
    "days_to_fix",
    "walk",
    "photo_urls",
]


def choose_columns(viewer: User, requested: str | None) -> list[Column]:
    """The columns asked for (comma-separated keys; "all" for every one the viewer may have),
    or the defaults."""
    staff = viewer.role in STAFF
    if not requested:
        return [BY_KEY[key] for key in DEFAULT_COLUMNS]
    keys = [key.strip() for key in requested.split(",") if key.strip()]
    if keys == ["all"]:
        return [column for column in COLUMNS if staff or not column.staff_only]
    unknown = [key for key in keys if key not in BY_KEY]
    if unknown:
        raise ValidationFailed(errors={"columns": [f"Unknown column: {', '.join(unknown)}."]})
    refused = [key for key in keys if BY_KEY[key].staff_only and not staff]
    if refused:  # a request the caller may not make, not a malformed one: 403
        raise Forbidden(
            errors={"columns": [f"Only coordinators may export: {', '.join(refused)}."]}
        )
    return [BY_KEY[key] for key in dict.fromkeys(keys)]


def column_list(viewer: User) -> list[dict]:
    staff = viewer.role in STAFF
    return [
        {
            "key": column.key,
            "label": column.label,
            "description": column.description,
            "default": column.key in DEFAULT_COLUMNS,
            "available": staff or not column.staff_only,
        }
        for column in COLUMNS
    ]
