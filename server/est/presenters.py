"""How an EST action and its follow-up leave the API; server/est/schemas.py documents these
dictionaries."""

from server.accounts.models import User
from server.est.models import EstAction, EstRound


def present(action: EstAction) -> dict:
    area = action.area
    return {
        "id": action.id,
        "week": action.week,
        "what": action.what,
        "who": {"id": action.organisation.id, "name": action.organisation.name},
        "where": {
            "area": {"id": area.id, "name": area.name} if area is not None else None,
            "lat": action.lat,
            "lon": action.lon,
            "place": action.place,
        },
        "due_on": action.due_on,
        "kind": action.kind,
        "evenings": list(action.evenings or []),
        "commitment_id": action.commitment_id,
        "status": action.status,
        "result": action.result,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
    }


def present_followup(action: EstAction, figures: dict) -> dict:
    return {"action": present(action)} | figures


def present_round(logged: EstRound, viewer: User) -> dict:
    return {
        "id": logged.id,
        "action_id": logged.action_id,
        "commitment_id": logged.counted_commitment_id,
        "lat": logged.lat,
        "lon": logged.lon,
        "arrived_at": logged.arrived_at,
        "left_at": logged.left_at,
        "seen": logged.seen,
        "no_deviations": logged.no_deviations,
        "received_at": logged.received_at,
        "organisation": {"id": logged.organisation.id, "name": logged.organisation.name},
        "mine": logged.reporter_id == viewer.id,
    }
