"""The alert email about an incident (server/notify/alerts.py): plain text and HTML, Swedish or
English, with the type, when (local time), where (a map link), the partner that recorded it
and a link to the week's lägesbild. Never the note: a note may say more than a mailbox should
hold, and it is read in Lykta. Built by the outbox worker when it sends."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template

from server.clock import local
from server.database import utcnow
from server.extensions import db
from server.i18n import translate
from server.incidents.models import Incident
from server.notify.mailer import header_text
from server.notify.models import Notification
from server.reports.periods import week_key

LAGESBILD_LINK = "{base}/api/v1/reports/lagesbild.pdf?week={week}"


def build(row: Notification, domain: str) -> EmailMessage:
    config = current_app.config
    incident = db.session.get(Incident, row.incident_id)
    locale = row.locale if row.locale in ("sv", "en") else "sv"

    def _(text, **values):
        return translate(text, locale, **values)

    occurred = local(incident.occurred_at)
    lat, lon = incident.lat, incident.lon
    context = {
        "_": _,
        "items": [],  # the layout's signed links: none here
        "locale": locale,
        "type_name": incident.type.name(locale),
        "occurred": occurred.strftime("%Y-%m-%d %H:%M"),
        "organisation": incident.organisation.name,
        "lat": lat,
        "lon": lon,
        "map_url": f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=17/{lat:.6f}/{lon:.6f}",
        "week": week_key(occurred.date()),
        "lagesbild_url": LAGESBILD_LINK.format(
            base=config["LYKTA_BASE_URL"].rstrip("/"), week=week_key(occurred.date())
        ),
    }
    message = EmailMessage()
    subject = _(
        "Lykta: incident – {type} – {when}", type=context["type_name"], when=context["occurred"]
    )
    message["Subject"] = header_text(subject)
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid("lykta", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = locale
    message.set_content(render_template("notify/incident_alert.txt", **context))
    message.add_alternative(
        render_template("notify/incident_alert.html", **context), subtype="html"
    )
    return message
