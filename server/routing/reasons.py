"""Why a finding went where it went, in words: Swedish for `findings.routing_reason` (what the
brief and the API show), and in any locale from the structured `findings.routing`.

The structured form keeps the values ({"kind": "nearest", "property": "Väsby Centrum 1:23",
"distance_m": 9.2, ...}); the texts are English source strings translated by
server/translations/sv.json like every other text for people.
"""

from server.i18n import translate

PROPERTY = "within the property {property}"
NEAREST = "nearest property {property}, {distance} m away"
RULE = "rule: {category} within {area} → {organisation}"
RULE_ANY_AREA = "rule: {category} → {organisation}"
RULE_ANY_CATEGORY = "rule: everything within {area} → {organisation}"
RULE_EVERYTHING = "rule: everything → {organisation}"
NONE = "no property within {radius} m → triage"
POSITIVE = "a positive mark: not sent to any owner"
MANUAL = "chosen by a coordinator: {comment}"
MANUAL_TRIAGE = "back to triage by a coordinator: {comment}"
NOT_OURS = "{organisation}: not our responsibility – {comment} → triage"
REVIEW = "{reason} – a coordinator reviews it before it is sent"

TEXTS = (
    PROPERTY,
    NEAREST,
    RULE,
    RULE_ANY_AREA,
    RULE_ANY_CATEGORY,
    RULE_EVERYTHING,
    NONE,
    POSITIVE,
    MANUAL,
    MANUAL_TRIAGE,
    NOT_OURS,
    REVIEW,
)


def describe(routing: dict | None, locale: str = "sv") -> str | None:
    if not routing:
        return None
    text = _base(routing, locale)
    if routing.get("review"):
        text = translate(REVIEW, locale, reason=text)
    return text


def _base(routing: dict, locale: str) -> str:
    kind = routing.get("kind")
    organisation = (routing.get("organisation") or {}).get("name", "")
    if kind == "property":
        return translate(PROPERTY, locale, property=routing["property"])
    if kind == "nearest":
        distance = max(1, round(routing["distance_m"]))
        return translate(NEAREST, locale, property=routing["property"], distance=distance)
    if kind == "rule":
        category = routing.get("category")
        area = routing.get("area")
        name = _lower_first(category.get(locale) or category.get("sv")) if category else None
        if name and area:
            return translate(RULE, locale, category=name, area=area, organisation=organisation)
        if name:
            return translate(RULE_ANY_AREA, locale, category=name, organisation=organisation)
        if area:
            return translate(RULE_ANY_CATEGORY, locale, area=area, organisation=organisation)
        return translate(RULE_EVERYTHING, locale, organisation=organisation)
    if kind == "none":
        return translate(NONE, locale, radius=_number(routing["radius_m"]))
    if kind == "positive":
        return translate(POSITIVE, locale)
    if kind == "manual":
        template = MANUAL if routing.get("organisation") else MANUAL_TRIAGE
        return translate(template, locale, comment=routing.get("comment") or "")
    if kind == "not_ours":
        return translate(
            NOT_OURS, locale, organisation=organisation, comment=routing.get("comment") or ""
        )
    return str(kind)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _number(value: float) -> str:
    return f"{value:g}"
