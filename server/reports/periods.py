"""The periods a report covers: whole local days, an ISO week, a tertial.

Periods are whole days in LYKTA_TIMEZONE (Europe/Stockholm), so a finding at 23:59 on
30 April belongs to the first tertial and one at 00:00 on 1 May to the second, on either side
of a change to or from summer time."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from server.clock import local_today, zone
from server.errors import ValidationFailed

TERTIALS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    """Whole local days, first to last inclusive."""

    first: date
    last: date
    label: str

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local midnight before the first day to the one after the last."""
        tz = zone()
        start = datetime.combine(self.first, time(0), tzinfo=tz)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=tz)
        return start.astimezone(UTC), end.astimezone(UTC)

    def contains(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        start, end = self.bounds()
        return start <= moment < end

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def days_period(first: date | None, last: date | None, default_days: int = 90) -> Period:
    last = last or local_today()
    first = first or last - timedelta(days=default_days - 1)
    if first > last:
        raise ValidationFailed(errors={"from": ["The period starts after it ends."]})
    if (last - first).days > 3 * 366:
        raise ValidationFailed(errors={"from": ["The period may be at most three years."]})
    return Period(first, last, f"{first.isoformat()} – {last.isoformat()}")


def iso_week(year: int, week: int) -> Period:
    if not 2000 <= year <= 2999:
        raise ValidationFailed(errors={"week": ["No such ISO week."]})
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationFailed(errors={"week": ["No such ISO week."]}) from None
    return Period(monday, monday + timedelta(days=6), f"vecka {week} {year}")


def parse_week(text: str | None) -> Period:
    """'2026-W47' (or 2026W47); None: the current week."""
    if not text:
        year, week, _ = local_today().isocalendar()
        return iso_week(year, week)
    match = WEEK_PATTERN.match(text.strip())
    if not match:
        raise ValidationFailed(errors={"week": ["Give the week as YYYY-Www, e.g. 2026-W47."]})
    return iso_week(int(match.group(1)), int(match.group(2)))


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def tertial(year: int, number: int) -> Period:
    if number not in TERTIALS or not 2000 <= year <= 2999:
        raise ValidationFailed(errors={"tertial": ["Give the tertial as 1, 2 or 3."]})
    first_month, last_month = TERTIALS[number]
    last = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    return Period(date(year, first_month, 1), last, f"tertial {number} {year}")


def previous_tertial(year: int, number: int) -> tuple[int, int]:
    return (year - 1, 3) if number == 1 else (year, number - 1)


def has_previous_tertial(year: int, number: int) -> bool:
    """Whether the tertial before lies in the years a report covers (2000–2999)."""
    return previous_tertial(year, number)[0] >= 2000


def tertial_of(day: date) -> tuple[int, int]:
    return day.year, 1 + (day.month - 1) // 4
