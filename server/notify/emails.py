"""The emails themselves: plain text and simple HTML, Swedish or English, with the finding's
category, place (no street addresses here: coordinates, the property's designation, the
areas), its first photo inline, the deadline and a link.

Built when the worker sends, not when the outbox row is written: the photos that arrive a
moment after the finding are then in it, and the link is fresh.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from sqlalchemy import select

from server.clock import local, local_date
from server.database import utcnow
from server.extensions import db
from server.findings.models import Finding
from server.followup.visibility import comment_author
from server.i18n import translate
from server.notify import incident_emails, links
from server.notify.mailer import header_text
from server.notify.models import (
    COMMENT_KINDS,
    TIP_KINDS,
    WALK_KINDS,
    Notification,
    NotificationKind,
)
from server.photos.models import Photo, PhotoKind
from server.photos.service import stored_thumbnail
from server.routing.reasons import describe
from server.tips import emails as tip_emails
from server.walks import emails as walk_emails

APP_LINK = "{base}/#/findings?id={id}"


@dataclass
class MailItem:
    finding_id: uuid.UUID
    category: str
    note: str
    place: str | None
    areas: list[str]
    lat: float
    lon: float
    map_url: str
    captured: str
    due_date: str | None
    reason: str | None
    organisation: str
    link: str
    signed: bool
    thumbnail: bytes | None
    cid: str | None
    days_overdue: int | None = None  # reminders (server/followup)
    comment: str | None = None  # a comment shared across: its words, who wrote them and when
    author: str | None = None
    commented: str | None = None


def build(rows: list[Notification]) -> EmailMessage:
    """One email for one recipient: a single finding, or the day's digest of several."""
    first = rows[0]
    if first.kind in WALK_KINDS:
        return walk_emails.build(first, _domain(current_app.config["MAIL_FROM"]))
    if first.kind == NotificationKind.INCIDENT_ALERT:
        return incident_emails.build(first, _domain(current_app.config["MAIL_FROM"]))
    if first.kind in TIP_KINDS:
        return tip_emails.build(first, _domain(current_app.config["MAIL_FROM"]))
    locale = first.locale if first.locale in ("sv", "en") else "sv"
    items = [_item(row, locale) for row in rows]
    config = current_app.config

    def _(text, **values):
        return translate(text, locale, **values)

    expires = local_date(utcnow() + timedelta(days=config["LYKTA_LINK_DAYS"]))
    context = {
        "_": _,
        "items": items,
        "digest": first.digest,
        "organisation": items[0].organisation,
        "expires": expires.isoformat(),
        "locale": locale,
    }
    if first.kind == NotificationKind.REMINDER:
        template = "notify/reminder"
    elif first.kind in COMMENT_KINDS:
        template = "notify/comment"
    else:
        template = "notify/mail"
    message = EmailMessage()
    message["Subject"] = header_text(_subject(first, items, _))
    message["From"] = config["MAIL_FROM"]
    message["To"] = first.recipient
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid("lykta", domain=_domain(config["MAIL_FROM"]))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["Content-Language"] = locale
    message.set_content(render_template(f"{template}.txt", **context))
    message.add_alternative(render_template(f"{template}.html", **context), subtype="html")
    html = message.get_payload()[1]
    for item in items:
        if item.thumbnail:
            html.add_related(item.thumbnail, "image", "jpeg", cid=f"<{item.cid}>")
    return message


def _subject(first: Notification, items: list[MailItem], _) -> str:
    item, count = items[0], len(items)
    place = item.place or ", ".join(item.areas) or f"{item.lat:.5f}, {item.lon:.5f}"
    if first.kind == NotificationKind.REMINDER:
        if count > 1:
            return _("Lykta: reminder – {count} findings are past their due date", count=count)
        return _(
            "Lykta: reminder – {category} – {days} days past the due date",
            category=item.category,
            days=item.days_overdue,
        )
    if first.kind in COMMENT_KINDS:
        if count > 1:
            return _("Lykta: {count} new comments", count=count)
        return _("Lykta: new comment – {category} – {place}", category=item.category, place=place)
    if first.digest:
        return _("Lykta: {count} new findings for you", count=count)
    return _("Lykta: {category} – {place}", category=item.category, place=place)


def still_relevant(row: Notification) -> bool:
    """Whether an email that is not about a finding (but about a walk, or an incident's alert)
    is still worth sending. An alert always is: the incident happened."""
    if row.kind == NotificationKind.INCIDENT_ALERT:
        return row.incident_id is not None
    if row.kind in TIP_KINDS:  # a resident's update: its history line names the tip
        return row.event_id is not None
    return walk_emails.is_live(row)


def _item(row: Notification, locale: str) -> MailItem:
    finding: Finding = row.finding
    config = current_app.config
    place = finding.property_designation
    areas = finding.area_names
    if row.user_id is None:
        link = links.link_url(finding.id, row.organisation_id, locale)
    else:
        link = APP_LINK.format(base=config["LYKTA_BASE_URL"].rstrip("/"), id=finding.id)
    photo = db.session.scalar(
        select(Photo)
        .where(Photo.finding_id == finding.id, Photo.kind == PhotoKind.REPORT)
        .order_by(Photo.created_at)
        .limit(1)
    )
    thumbnail = stored_thumbnail(photo)
    lat, lon = finding.lat, finding.lon
    return MailItem(
        finding_id=finding.id,
        category=finding.category.name(locale),
        note=finding.note,
        place=place,
        areas=areas,
        lat=lat,
        lon=lon,
        map_url=f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=19/{lat:.6f}/{lon:.6f}",
        captured=local(finding.captured_at).strftime("%Y-%m-%d %H:%M"),
        due_date=finding.due_date.isoformat() if finding.due_date else None,
        reason=describe(finding.routing, locale),
        organisation=row.organisation.name if row.organisation else "",
        link=link,
        signed=row.user_id is None,
        thumbnail=thumbnail,
        cid=f"photo-{photo.id}@lykta" if thumbnail else None,
        days_overdue=((local_date(utcnow()) - finding.due_date).days if finding.due_date else None),
        **_comment(row, locale),
    )


def _comment(row: Notification, locale: str) -> dict:
    """The comment an email about one is for: its words, and who wrote them when, as the
    recipient may know it (coordinators see the person; an owner's organisation its own)."""
    event = row.event
    if event is None:
        return {}
    to_coordinators = row.kind == NotificationKind.OWNER_COMMENT
    return {
        "comment": event.comment,
        "author": comment_author(event, locale, None if to_coordinators else row.organisation_id),
        "commented": local(event.at).strftime("%Y-%m-%d %H:%M"),
    }


def _domain(sender: str) -> str:
    try:
        address = Address(addr_spec=sender.rsplit("<", 1)[-1].rstrip(">").strip())
        return address.domain or "localhost"
    except (ValueError, IndexError):
        return "localhost"
