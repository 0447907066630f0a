"""Local time, in one place: dates and times as people in the municipality read them.

Moments are stored in UTC (`server.database.utcnow`); due dates, the day a photo view is
counted, report periods and the times printed in emails and protocols are local, in
LYKTA_TIMEZONE (Europe/Stockholm by default)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from server.database import utcnow


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["LYKTA_TIMEZONE"])


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def local_date(moment: datetime) -> date:
    return local(moment).date()


def local_now() -> datetime:
    return local(utcnow())


def local_today() -> date:
    return local_now().date()
