"""The invitation to a walk, and the notices that its time or place moved, that an invitation
was taken back, or that the walk was called off: plain text and HTML in Swedish, with the date,
the meeting point, a link, and the walk as an iCalendar event (RFC 5545) — the same event each
time, so a calendar moves it, or removes it after the last two.

Built by the outbox worker when it sends (server/notify/emails.py hands walk emails here), so a
walk moved after an email was queued is sent as it is now."""

import re
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template

from server.clock import local
from server.database import utcnow
from server.extensions import db
from server.notify.mailer import header_text
from server.notify.models import Notification, NotificationKind
from server.walks.models import Walk, WalkStatus
from server.walks.protocol import WALK_TYPES, when

DEFAULT_LENGTH = timedelta(hours=2)
_ICS_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # all but the tab


NOTICES = (NotificationKind.WALK_CHANGED, NotificationKind.WALK_WITHDRAWN)
# The emails whose calendar event removes the walk, and the template that says why.
REMOVALS = {
    NotificationKind.WALK_WITHDRAWN: "walks/withdrawn",
    NotificationKind.WALK_CANCELLED: "walks/cancelled",
}
SUBJECTS = {
    NotificationKind.WALK_INVITATION: "Inbjudan",
    NotificationKind.WALK_CHANGED: "Ändrad tid eller plats",
    NotificationKind.WALK_WITHDRAWN: "Inbjudan återkallad",
    NotificationKind.WALK_CANCELLED: "Inställd",
}


def is_live(row: Notification) -> bool:
    """Still worth sending: the walk has not been closed, and a notice of a move or of a
    withdrawal is about a walk that has not begun; of a walk called off, only the notice of
    that. (Taking an invitation back cancels its emails at once, and inviting the address again
    cancels the notice of that.)"""
    walk = db.session.get(Walk, row.walk_id) if row.walk_id else None
    if walk is None or walk.status == WalkStatus.CLOSED:
        return False
    if walk.status == WalkStatus.CANCELLED:
        return row.kind == NotificationKind.WALK_CANCELLED
    return row.kind not in NOTICES or walk.status == WalkStatus.PLANNED


def build(row: Notification, domain: str) -> EmailMessage:
    config = current_app.config
    walk = db.session.get(Walk, row.walk_id)
    base = config["LYKTA_BASE_URL"].rstrip("/")
    has_account = row.user_id is not None
    inviter = walk.created_by.name if walk.created_by else "Samordnaren"
    if walk.created_by and walk.created_by.organisation:
        inviter += f" ({walk.created_by.organisation.name})"
    map_url = None
    if walk.meeting_lat is not None:
        lat, lon = walk.meeting_lat, walk.meeting_lon
        map_url = f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"
    context = {
        "walk": walk,
        "type_label": WALK_TYPES.get(walk.type, walk.type),
        "when": when(walk),
        "area": walk.area.name if walk.area else None,
        "inviter": inviter,
        "greeting": f"Hej {row.user.name}!" if row.user else "Hej!",
        "has_account": has_account,
        "link": f"{base}/walks/{walk.id}/protocol" if has_account else f"{base}/",
        "map_url": map_url,
        "moved": row.kind == NotificationKind.WALK_CHANGED,
    }
    kind = NotificationKind(row.kind)
    template = REMOVALS.get(kind, "walks/invitation")
    message = EmailMessage()
    start = local(walk.planned_start)
    subject = f"{SUBJECTS[kind]}: {walk.title} – {start:%Y-%m-%d} kl. {start:%H.%M}"
    message["Subject"] = header_text(subject)
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid("lykta", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "sv"
    message.set_content(render_template(f"{template}.txt", **context))
    message.add_alternative(render_template(f"{template}.html", **context), subtype="html")
    message.add_attachment(
        calendar(walk, domain, cancelled=kind in REMOVALS),
        subtype="calendar",
        filename="vandring.ics",
        charset="utf-8",
    )
    return message


def _ics_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, every line
    break written as \\n, so that nothing stored (a bare CR, say) can begin a property of its
    own; other control characters, which TEXT does not allow, become spaces."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    lines = escaped.splitlines()  # CRLF, CR, LF and every other kind of line break
    return "\\n".join(_ICS_CONTROL.sub(" ", line) for line in lines)


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next, after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar(walk: Walk, domain: str, cancelled: bool = False) -> str:
    """The walk as one event; the same UID in every invitation, so calendars match updates.
    cancelled: the event that removes it, for someone whose invitation was taken back or whose
    walk was called off (with a SEQUENCE above the last one sent, as calendars ignore older)."""
    stamp = "%Y%m%dT%H%M%SZ"
    end = walk.planned_end or walk.planned_start + DEFAULT_LENGTH
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lykta//Trygghetsvandringar//SV",
        "METHOD:CANCEL" if cancelled else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:walk-{walk.id}@{domain}",
        f"SEQUENCE:{walk.revision + 1 if cancelled else walk.revision}",
        f"DTSTAMP:{utcnow().strftime(stamp)}",
        f"DTSTART:{walk.planned_start.astimezone(utcnow().tzinfo).strftime(stamp)}",
        f"DTEND:{end.astimezone(utcnow().tzinfo).strftime(stamp)}",
        f"SUMMARY:{_ics_text(walk.title)}",
    ]
    if walk.meeting_point:
        lines.append(f"LOCATION:{_ics_text(walk.meeting_point)}")
    if walk.meeting_lat is not None:
        lines.append(f"GEO:{walk.meeting_lat:.6f};{walk.meeting_lon:.6f}")
    if walk.description:
        lines.append(f"DESCRIPTION:{_ics_text(walk.description)}")
    if cancelled:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
