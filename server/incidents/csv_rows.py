"""Reading a partner's CSV file of incidents into rows, before any row is judged.

The column set is docs/incidents.md's: `id` (optional, the partner's own id), `typ`, `tidpunkt`,
`lat` and `lon` (or SWEREF 99 TM `n` and `e`), `anteckning` (optional); the English names
`type`, `occurred_at`, `note` and `external_id` are understood too, in any case and order. The
delimiter is the header's: `;` (what Excel writes in Sweden), `,` or a tab. The text is UTF-8,
with or without a byte order mark; a file that is not UTF-8 is read as Windows-1252 (what older
Excel saves as "CSV"). A row keeps the number of the line it begins on, so that a problem can be
pointed at as a spreadsheet shows it (the header is line 1).
"""

import csv
import io
from dataclasses import dataclass

from server.errors import ValidationFailed

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_FIELD = 2_000  # characters of one field: a longer one is no column of ours

# The column as a header may name it → the name used here.
COLUMNS = {
    "id": "id",
    "external_id": "id",
    "externt_id": "id",
    "typ": "typ",
    "type": "typ",
    "tidpunkt": "tidpunkt",
    "occurred_at": "tidpunkt",
    "lat": "lat",
    "lon": "lon",
    "n": "n",
    "e": "e",
    "anteckning": "anteckning",
    "note": "anteckning",
}
DELIMITERS = (";", "\t", ",")


@dataclass
class RawRow:
    line: int
    values: dict[str, str]  # column → the text as written, trimmed
    extra: int = 0  # fields beyond the header's


def decode(data: bytes) -> str:
    if not data.strip():
        raise ValidationFailed("The file is empty.")
    if b"\x00" in data:  # UTF-16 ("Unicode text" from Excel) or not text at all
        raise ValidationFailed("The file is not UTF-8 text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationFailed("The file is not UTF-8 text.") from None


def read(text: str) -> list[RawRow]:
    """The rows of the file, blank ones left out. A file whose header lacks a needed column,
    or that has too many rows, is refused as a whole (422)."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = next((d for d in DELIMITERS if d in header_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(reader)
        rows = []
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            if not any(field.strip() for field in fields):
                continue  # a blank line, or one of only delimiters (Excel writes those)
            if len(rows) >= MAX_ROWS:
                raise ValidationFailed(
                    "The file has more than {limit} rows: split it.", limit=MAX_ROWS
                )
            values = {
                column: fields[i].strip()[:MAX_FIELD] if i < len(fields) else ""
                for i, column in enumerate(header)
                if column is not None
            }
            rows.append(RawRow(start, values, max(0, len(fields) - len(header))))
    except csv.Error as error:
        raise ValidationFailed(
            "Line {line}: the file cannot be read as CSV ({problem}).",
            line=reader.line_num,
            problem=str(error),
        ) from None
    return rows


def _header(reader) -> list[str | None]:
    for fields in reader:
        if any(field.strip() for field in fields):
            break
    else:
        raise ValidationFailed("The file is empty.")
    header = [COLUMNS.get(field.strip().lower().lstrip("\ufeff")) for field in fields]
    known = set(header) - {None}
    missing = [column for column in ("typ", "tidpunkt") if column not in known]
    if not ({"lat", "lon"} <= known or {"n", "e"} <= known):
        missing.append("lat, lon")
    if missing:
        raise ValidationFailed(
            "The header lacks the columns: {columns}. The columns are id, typ, "
            "tidpunkt, lat, lon (or n, e) and anteckning.",
            columns=", ".join(missing),
        )
    if len(known) != len([column for column in header if column is not None]):
        raise ValidationFailed("The header names a column twice.")
    return header
