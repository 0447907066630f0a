"""CSV for people with Swedish Excel, and for programs.

Two dialects:
- `sv` (the default): `;` between fields, decimal comma, times in local time
  ("2026-11-20 18:42:10"), yes/no as "ja"/"nej", UTF-8 with a byte order mark so that Excel
  reads å, ä, ö right when the file is double-clicked;
- `rfc`: RFC 4180 — `,`, decimal point, ISO 8601 times with their offset, true/false, UTF-8
  with a byte order mark as well (programs that read UTF-8 skip it; `bom=false` leaves it out).
Both end lines with CRLF and quote only where needed.

Formula injection (OWASP "CSV Injection"): a text cell is prefixed with an apostrophe, so that
a spreadsheet shows it as text rather than running it, when it begins with a tab, a carriage
return, a line feed or NUL, or when its first character after any leading white space (Excel
skips it, and U+3000, the ideographic space, too) is =, +, -, @ or their full-width forms
＝ ＋ － ＠, which Excel in East Asian locales reads as the ASCII ones. Numbers we write
ourselves (a negative longitude) are not text and are left alone.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTROL_STARTS = ("\t", "\r", "\n", "\x00")
BOM = "\ufeff"


@dataclass(frozen=True)
class Dialect:
    name: str
    delimiter: str
    decimal: str
    local_times: bool
    yes: str
    no: str
    bom: bool = True


SV = Dialect("sv", ";", ",", True, "ja", "nej")
RFC = Dialect("rfc", ",", ".", False, "true", "false")
DIALECTS = {"sv": SV, "rfc": RFC}


def dialect(name: str | None, bom: bool = True) -> Dialect:
    chosen = DIALECTS.get(name or "sv", SV)
    return chosen if bom else Dialect(**{**chosen.__dict__, "bom": False})


def safe_text(value: str) -> str:
    risky = value.startswith(CONTROL_STARTS) or value.lstrip().startswith(FORMULA_CHARACTERS)
    return "'" + value if risky else value


def cell(value, how: Dialect, zone: ZoneInfo) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return how.yes if value else how.no
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", how.decimal)
    if isinstance(value, datetime):
        if how.local_times:
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return safe_text(" | ".join(str(item) for item in value))
    return safe_text(str(value))


def lines(rows: Iterable[list], how: Dialect, zone: ZoneInfo, batch: int = 200) -> Iterator[str]:
    """The CSV text in pieces, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=how.delimiter, lineterminator="\r\n")
    if how.bom:
        yield BOM
    for count, row in enumerate(rows, 1):
        writer.writerow([cell(value, how, zone) for value in row])
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest


def text(rows: Iterable[list], how: Dialect, zone: ZoneInfo) -> str:
    return "".join(lines(rows, how, zone))
