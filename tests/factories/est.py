"""The EST meeting's actions and rounds: what a coordinator or a phone sends for one."""


def action_body(who: int, **overrides) -> dict:
    """A round at the hot spot by the station, decided at the meeting of week 14 of 2026."""
    body = {
        "week": "2026-W14",
        "what": "Trygghetsrunda vid stationens busshållplatser",
        "who": who,
        "where": {"lat": 59.5186, "lon": 17.9119, "place": "Stationen"},
        "due_on": "2026-04-05",
        "kind": "trygghetsrunda",
        "evenings": [5, 6],
    }
    body.update(overrides)
    return body


def round_body(**overrides) -> dict:
    """A round at the station on a Friday evening of week 14, 2026: "inga avvikelser"."""
    body = {
        "lat": 59.5186,
        "lon": 17.9119,
        "arrived_at": "2026-04-03T21:00:00+02:00",
        "left_at": "2026-04-03T21:40:00+02:00",
        "seen": "",
        "no_deviations": True,
    }
    body.update(overrides)
    return body
