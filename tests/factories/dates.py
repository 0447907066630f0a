"""Dates as the people of Upplands Väsby (and the browser contexts) see them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stockholm_today() -> date:
    """Today in Stockholm, where due dates and planned days are counted."""
    return datetime.now(STOCKHOLM).date()
