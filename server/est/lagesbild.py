"""The EST meeting's part of the weekly lägesbild (GET /api/v1/reports/lagesbild, for
coordinators and admins): the actions decided at this week's meeting, last week's actions with
done or not, and the week's rounds counted per hot spot.

server/reports calls week_figures() as it calls server/incidents/figures.py; this module never
imports server/reports' service, so the import graph stays without cycles."""

from datetime import timedelta

from shapely.geometry import Point, shape
from sqlalchemy import select

from server.clock import local
from server.est import figures, followup, presenters, rounds
from server.est.models import ActionStatus, EstAction
from server.extensions import db
from server.places.models import Area
from server.reports.periods import Period, week_key


def week_figures(period: Period, area: Area | None = None) -> dict:
    """{"actions": {"decided", "followed_up"}, "rounds": {"total", "by_hot_spot", "positions"}}
    for the ISO week `period`; with an area, the actions in it or at a position inside it, and
    the rounds inside it. Each action carries the incidents at its place: the four weeks before
    its meeting's week, that week, and (last week's) the weeks since up to this one."""
    polygon = shape(area.geometry) if area is not None else None

    def inside(lat, lon) -> bool:
        return polygon is None or (lat is not None and polygon.covers(Point(lon, lat)))

    this_week = week_key(period.first)
    last_week = week_key(period.first - timedelta(weeks=1))
    decided = _actions(this_week, area, inside)
    followed_up = _actions(last_week, area, inside)
    week_rounds = [r for r in rounds.rounds_in(period) if inside(r.lat, r.lon)]
    return {
        "actions": {
            "decided": [
                presenters.present(action) | {"incidents": _incidents_at(action, this_week)}
                for action in decided
            ],
            "followed_up": [
                presenters.present(action)
                | {
                    "done": action.status == ActionStatus.DONE,
                    "incidents": _incidents_at(action, this_week),
                }
                for action in followed_up
            ],
        },
        "rounds": {
            "total": len(week_rounds),
            "by_hot_spot": figures.by_hot_spot(week_rounds),
            "positions": [
                {
                    "id": logged.id,
                    "action_id": logged.action_id,
                    "arrived_at": local(logged.arrived_at),
                    "no_deviations": logged.no_deviations,
                    "lat": logged.lat,
                    "lon": logged.lon,
                }
                for logged in week_rounds
            ],
        },
    }


def rounds_in(period: Period, area: Area | None = None) -> list:
    """The rounds begun in the period, inside the area when one is given (for the lägesbild's
    hot spots, server/reports/hotspots.py)."""
    polygon = shape(area.geometry) if area is not None else None
    return [
        logged
        for logged in rounds.rounds_in(period)
        if polygon is None or polygon.covers(Point(logged.lon, logged.lat))
    ]


def _incidents_at(action: EstAction, this_week: str) -> dict:
    """The incidents at the action's place in the four weeks before its meeting's week, in that
    week, and in the weeks since, up to the lägesbild's week (server/est/followup.py)."""
    around = followup.incidents_around(action, until=this_week)
    if around["weeks"] is None:
        return {"before": None, "before_weeks": 0, "meeting_week": None, "after": None,
                "after_weeks": 0}  # fmt: skip
    meeting = next(w["incidents"] for w in around["weeks"] if w["relation"] == "meeting")
    return {
        "before": around["before"],
        "before_weeks": followup.WEEKS_AROUND,
        "meeting_week": meeting,
        "after": around["after"],
        "after_weeks": around["after_weeks"],
    }


def _actions(week: str, area: Area | None, inside) -> list[EstAction]:
    query = select(EstAction).where(EstAction.week == week)
    actions = db.session.scalars(query.order_by(EstAction.due_on, EstAction.id))
    if area is None:
        return list(actions)
    return [
        action
        for action in actions
        if action.area_id == area.id or (action.lat is not None and inside(action.lat, action.lon))
    ]


def csv_rows(report: dict):
    """The actions and rounds as lines of the lägesbild's long CSV (server/reports/documents.py):
    avsnitt, nyckel, namn, mått, värde."""
    actions, week_rounds = report["actions"], report["rounds"]
    for action in actions["decided"]:
        name = action["what"]
        yield ["beslutad åtgärd", action["id"], name, "ansvarig", action["who"]["name"]]
        yield ["beslutad åtgärd", action["id"], name, "klar senast", action["due_on"]]
    for action in actions["followed_up"]:
        done = "ja" if action["done"] else "nej"
        yield ["uppföljd åtgärd", action["id"], action["what"], "gjord", done]
        incidents = action["incidents"]
        if incidents["before"] is not None:
            for key, label in (
                ("before", "händelser 4 veckor före"),
                ("meeting_week", "händelser mötesveckan"),
                ("after", f"händelser efter ({incidents['after_weeks']} v)"),
            ):
                yield [
                    "uppföljd åtgärds plats",
                    action["id"],
                    action["what"],
                    label,
                    incidents[key],
                ]
    yield ["trygghetsrundor", "", "", "totalt", week_rounds["total"]]
    for index, cell in enumerate(week_rounds["by_hot_spot"], 1):
        lon, lat = cell["centre"]
        yield ["rundornas plats", index, cell["cell"], "antal", cell["count"]]
        yield ["rundornas plats", index, cell["cell"], "inga avvikelser", cell["no_deviations"]]
        yield ["rundornas plats", index, cell["cell"], "centrum lat", round(lat, 6)]
        yield ["rundornas plats", index, cell["cell"], "centrum lon", round(lon, 6)]
