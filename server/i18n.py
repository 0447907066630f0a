"""Texts for people, Swedish first.

Source strings are English and double as keys; server/translations/sv.json gives the Swedish.
A text missing from the catalogue is shown in English rather than not at all.
"""

import json
import re
from functools import cache
from importlib import resources

from flask import g, has_request_context, request

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"


@cache
def _catalogue(locale: str) -> dict[str, str]:
    if locale == "en":
        return {}
    text = resources.files("server.translations").joinpath(f"{locale}.json").read_text("utf-8")
    return json.loads(text)


@cache
def _patterns(locale: str) -> list[tuple[re.Pattern, str]]:
    """Catalogue entries with {placeholders}, for texts that arrive already filled in
    (marshmallow's "Must be one of: a, b.")."""
    patterns = []
    for source, target in _catalogue(locale).items():
        if "{" in source:
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(source))
            patterns.append((re.compile(f"^{regex}$"), target))
    return patterns


def translate(text: str, locale: str | None = None, **values) -> str:
    """The text in the locale (the current request's by default), with {placeholders} filled."""
    locale = locale or current_locale()
    translated = _catalogue(locale).get(text)
    if translated is None:
        for pattern, target in _patterns(locale):
            match = pattern.match(text)
            if match:
                return target.format(**match.groupdict())
        translated = text
    return translated.format(**values) if values else translated


_ = translate


def current_locale() -> str:
    """The signed-in user's choice, else the browser's, else Swedish."""
    if not has_request_context():
        return DEFAULT_LOCALE
    user = g.get("user")
    if user is not None and user.locale in LOCALES:
        return user.locale
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE)
