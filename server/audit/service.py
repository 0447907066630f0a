"""Writing and reading the audit log.

`record()` adds a row to the session of the change it describes, so the two commit together.
`record_view()` records that someone was served a photo or its thumbnail, at most once per
viewer, photo and local day: the first view writes one row (INSERT ... ON CONFLICT DO NOTHING
on the unique view_key, safe with any number of workers and instances), and each process
remembers the keys it has written today so that scrolling a list of thumbnails costs no
statement at all after the first time.
"""

import threading
import uuid
from collections import OrderedDict
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server import cursors
from server.accounts.models import Organisation, User
from server.audit.models import AuditEntry
from server.clock import local_date
from server.database import utcnow
from server.extensions import db

MEMO_SIZE = 50_000


def record(
    action: str,
    object_type: str,
    object_id=None,
    *,
    actor: User | None = None,
    actor_org: Organisation | None = None,
    finding_id: uuid.UUID | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=at or utcnow(),
        actor_id=actor.id if actor else None,
        actor_org_id=actor_org.id if actor_org else (actor.organisation_id if actor else None),
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        finding_id=finding_id,
        data=data,
    )
    db.session.add(entry)
    return entry


class _Memo:
    """The view keys this process has written, newest last, bounded."""

    def __init__(self, size: int = MEMO_SIZE):
        self.keys: OrderedDict[str, None] = OrderedDict()
        self.size = size
        self.lock = threading.Lock()

    def add(self, key: str) -> bool:
        """True when the key is new to this process."""
        with self.lock:
            if key in self.keys:
                self.keys.move_to_end(key)
                return False
            self.keys[key] = None
            if len(self.keys) > self.size:
                self.keys.popitem(last=False)
            return True


def _memo() -> _Memo:
    return current_app.extensions.setdefault("lykta.audit_views", _Memo())


def record_view(
    photo, variant: str, *, viewer: User | None = None, organisation: Organisation | None = None
) -> None:
    """`viewer` (or, through a signed link, `organisation`) was served the photo ('display',
    'thumbnail' or 'link'). One row per viewer, photo and day, whatever the size served."""
    now = utcnow()
    who = f"u{viewer.id}" if viewer is not None else f"o{organisation.id if organisation else 0}"
    key = f"{who}:{photo.id}:{local_date(now).isoformat()}"
    if not _memo().add(key):
        return
    values = {
        "at": now,
        "actor_id": viewer.id if viewer else None,
        "actor_org_id": viewer.organisation_id if viewer else (organisation and organisation.id),
        "action": "photo.viewed",
        "object_type": "photo",
        "object_id": str(photo.id),
        "finding_id": photo.finding_id,
        "view_key": key,
        "data": {"variant": variant},
    }
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(AuditEntry).values(**values).on_conflict_do_nothing(index_elements=["view_key"])
    )


def entries(args: dict) -> tuple[list[AuditEntry], str | None]:
    """A page of the log, newest first, filtered by actor, organisation, object, finding,
    action (exact, or a prefix ending in '.') and time range."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if args.get("actor") is not None:
        query = query.where(AuditEntry.actor_id == args["actor"])
    if args.get("organisation") is not None:
        query = query.where(AuditEntry.actor_org_id == args["organisation"])
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"])
    if args.get("object_id"):
        query = query.where(AuditEntry.object_id == args["object_id"])
    if args.get("finding"):
        query = query.where(AuditEntry.finding_id == args["finding"])
    if args.get("action"):
        action = args["action"]
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    if args.get("since"):
        query = query.where(AuditEntry.at >= args["since"])
    if args.get("until"):
        query = query.where(AuditEntry.at < args["until"])
    if args.get("cursor"):
        query = query.where(AuditEntry.id < cursors.decode(args["cursor"], _cursor_id))
    found = list(db.session.scalars(query.limit(args["limit"] + 1)))
    more = len(found) > args["limit"]
    found = found[: args["limit"]]
    return found, cursors.encode(found[-1].id) if more else None


def _cursor_id(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an id")
    return value
