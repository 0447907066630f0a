"""Patterns that describe text parameters in the OpenAPI document, so that a client (or a
fuzzer) can tell a good value from a bad one before sending it. Written with \\u escapes and
ASCII classes ([0-9], not \\d) that Python's re, JSON Schema validators and Rust's regex crate
read alike. They describe what the server checks; they are not what it checks with.
"""

# No NUL character (server/schemas.py refuses it, and lone surrogates, in every request).
TEXT = r"^[^\u0000]*$"
# A paging cursor as the server gives them out: URL-safe base64 (server/cursors.py).
CURSOR = r"^[A-Za-z0-9_-]*={0,2}$"
# An ISO week, "2026-W47" or "2026W47", of the years 2000–2999; empty: this week.
ISO_WEEK = r"^(\s*2[0-9]{3}-?W(0?[1-9]|[1-4][0-9]|5[0-3])\s*)?$"


def comma_list(values) -> str:
    """Any of the values, comma-separated, with white space around them and empty items, as
    the server splits such lists ("ny, skickad" or "ny,,skickad")."""
    for value in values:
        if not all(c.isalnum() or c in " _-" for c in value):
            raise ValueError(f"{value!r} would need escaping in a pattern")
    one = "(" + "|".join(values) + ")"
    return rf"^\s*({one}\s*)?(,\s*({one}\s*)?)*$"


def number_box() -> str:
    """bbox: four decimal numbers, comma-separated (their ranges and order are the server's),
    or nothing (no box)."""
    number = r"\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*"
    return rf"^({number},{number},{number},{number})?$"
