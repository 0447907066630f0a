"""How deeply a JSON body nests, found without parsing it.

Python's JSON parser recurses once per level and fails with a RecursionError near 1,000
levels; what it does parse, deeper than any request of ours needs, would make everything that
walks it afterwards (validation, storage, the response) recurse as deep. So a body is measured
first, in a few passes over its bytes in C: strings out, then the brackets that remain are
matched against a pattern that allows MAX_DEPTH levels and no more.
"""

import re

# The deepest body the API takes is a GeoJSON MultiPolygon in a FeatureCollection: 8 levels.
MAX_DEPTH = 32

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def _nesting(levels: int) -> re.Pattern:
    # Possessive (*+): a body that does not fit fails at once, without backtracking. An
    # opening [ closed by } fits too: the parser refuses that one itself, at a shallow depth.
    pattern = b""
    for _ in range(levels):
        pattern = rb"(?:[\[{]" + pattern + rb"[\]}])*+"
    return re.compile(pattern)


_FITS = _nesting(MAX_DEPTH)


def too_deep(body: bytes) -> bool:
    """Whether the body nests more than MAX_DEPTH levels, or has more than that many brackets
    that do not close (which the parser would follow down as deep before it noticed)."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return _FITS.fullmatch(brackets) is None
