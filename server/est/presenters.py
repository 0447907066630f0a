"""How an EST action and its follow-up leave the API; server/est/schemas.py documents these
dictionaries."""

from server.est.models import EstAction


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
        "status": action.status,
        "result": action.result,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
    }


def present_followup(action: EstAction, figures: dict) -> dict:
    return {"action": present(action)} | figures
