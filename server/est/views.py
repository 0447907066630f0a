"""The weekly EST meeting through the API: its actions and their follow-up."""

import uuid

from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.est import figures, followup, presenters, rounds, service
from server.est.schemas import (
    ActionFollowupSchema,
    ActionInputSchema,
    ActionListArgsSchema,
    ActionSchema,
    ActionUpdateSchema,
    RoundInputSchema,
    RoundListArgsSchema,
    RoundSchema,
    RoundWeekSchema,
)
from server.extensions import db
from server.reports import periods

blp = Blueprint(
    "est",
    __name__,
    url_prefix="/api/v1/est",
    description="The weekly EST meeting: the actions decided, their follow-up, rounds at hot spots",
)


@blp.post("/actions")
@require("est_actions:manage")
@blp.arguments(ActionInputSchema)
@blp.response(201, ActionSchema)
def create_action(data):
    """An action decided at the meeting of `week`: who (an organisation) does what, where (an
    area, a position, a place in words), by when; for a round, on which evenings."""
    action = service.create_action(current_user(), data)
    db.session.commit()
    return presenters.present(action)


@blp.get("/actions")
@require("est_actions:read")
@blp.arguments(ActionListArgsSchema, location="query")
@blp.response(200, ActionSchema(many=True))
def list_actions(args):
    """The actions, of one meeting's week when given, latest week first: coordinators and
    admins every one, an owner those given to their organisation."""
    return [presenters.present(a) for a in service.list_actions(current_user(), args.get("week"))]


@blp.patch("/actions/<int:action_id>")
@require("est_actions:report")
@blp.arguments(ActionUpdateSchema)
@blp.response(200, ActionSchema)
def report_outcome(data, action_id: int):
    """Whether it was done (planerad, gjord, inte gjord) and what came of it: coordinators and
    admins, and owners for the actions given to their organisation (others' are 404)."""
    user = current_user()
    action = service.visible_action(user, action_id)
    service.report_outcome(user, action, data)
    db.session.commit()
    return presenters.present(action)


@blp.get("/actions/<int:action_id>/followup")
@require("est_actions:read")
@blp.response(200, ActionFollowupSchema)
def get_followup(action_id: int):
    """Done or not, and the incidents within 150 m of its position (or in its area) per local
    week, four weeks before its week to four after; the incidents for coordinators and admins
    only (null for owners)."""
    user = current_user()
    action = service.visible_action(user, action_id)
    return presenters.present_followup(action, followup.followup(action, user))


@blp.put("/rounds/<uuid:round_id>")
@require("est_rounds:create")
@blp.arguments(RoundInputSchema)
@blp.response(201, RoundSchema, description="Created")
@blp.alt_response(200, schema=RoundSchema, description="The same PUT again: nothing changed")
def put_round(data, round_id: uuid.UUID):
    """Log a trygghetsrunda at a hot spot under an id the phone chose: where, arrived, left,
    what was seen ("inga avvikelser": seen empty, no_deviations true). Safe to repeat: 201,
    then 200, or 409 naming the fields that differ."""
    user = current_user()
    logged, created = rounds.put_round(user, round_id, data)
    db.session.commit()
    return presenters.present_round(logged, user), 201 if created else 200


@blp.get("/rounds")
@require("est_rounds:read")
@blp.arguments(RoundListArgsSchema, location="query")
@blp.response(200, RoundWeekSchema)
def list_rounds(args):
    """The week's rounds (by local arrival) and their count per hot spot cell: coordinators and
    admins every round, an owner their organisation's, a reporter their own."""
    user = current_user()
    period = periods.parse_week(args.get("week"))
    week = rounds.rounds_in(period, rounds.round_scope(user))
    return {
        "week": periods.week_key(period.first),
        "total": len(week),
        "by_hot_spot": figures.by_hot_spot(week),
        "items": [presenters.present_round(logged, user) for logged in week],
    }
