"""The emails to a resident about their tip (server/tips/residents.py queues them): plain text
and HTML, Swedish or English as the tip's page was. They say what the tip was (category, when,
a map link), never who handles it by name of a person; the fixed email asks once "Är det
åtgärdat?" with two links to the answer page. Built by the outbox worker when it sends."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template

from server.clock import local
from server.database import utcnow
from server.extensions import db
from server.i18n import translate
from server.notify.mailer import header_text
from server.notify.models import Notification, NotificationKind
from server.tips.models import ResidentTip
from server.tips.residents import asked_about

ANSWER_LINK = "{base}/tips/answer/{token}?answer={answer}"
SUBJECTS = {
    NotificationKind.TIP_APPROVED: "Lykta: your tip is received and sent on – {category}",
    NotificationKind.TIP_REJECTED: "Lykta: your tip will not be taken further – {category}",
    NotificationKind.TIP_FIXED: "Lykta: fixed? – {category}",
}


def build(row: Notification, domain: str) -> EmailMessage:
    config = current_app.config
    tip = db.session.get(ResidentTip, row.event.finding_id)
    finding = tip.finding
    locale = row.locale if row.locale in ("sv", "en") else "sv"

    def _(text, **values):
        return translate(text, locale, **values)

    base = config["LYKTA_BASE_URL"].rstrip("/")
    category = finding.category.name(locale)
    lat, lon = finding.lat, finding.lon
    fixed = asked_about(tip) if row.kind == NotificationKind.TIP_FIXED else None
    context = {
        "_": _,
        "locale": locale,
        "kind": row.kind,
        "category": category,
        "captured": local(finding.captured_at).strftime("%Y-%m-%d %H:%M"),
        "note": finding.note,
        "map_url": f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}",
        "reason": tip.reason,
        "merged": fixed is not None and fixed.id != finding.id,
        "yes_url": ANSWER_LINK.format(base=base, token=tip.fixed_question_token, answer="ja"),
        "no_url": ANSWER_LINK.format(base=base, token=tip.fixed_question_token, answer="nej"),
    }
    message = EmailMessage()
    message["Subject"] = header_text(_(SUBJECTS[NotificationKind(row.kind)], category=category))
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid("lykta", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = locale
    message.set_content(render_template("tips/resident.txt", **context))
    message.add_alternative(render_template("tips/resident.html", **context), subtype="html")
    return message
