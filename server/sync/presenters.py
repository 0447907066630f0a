"""How a sync shows a walk to a phone: what the app needs to list it, plan for it and find its
meeting point, without its participants; a follow-up walk that is planned or going carries the
earlier walk's findings with their status and marks (revisits), so the list is there offline."""

from server.places.models import Area
from server.walks import presenters as walk_presenters
from server.walks.models import Walk, WalkStatus

MARKING = (WalkStatus.PLANNED, WalkStatus.ONGOING)


def present_walk(walk: Walk) -> dict:
    return {
        "id": walk.id,
        "type": walk.type,
        "title": walk.title,
        "description": walk.description,
        # The area's bounds: the phone keeps the map of it offline (pwa/js/offline-map.js).
        "area": (
            {"id": walk.area.id, "name": walk.area.name, "bbox": area_bbox(walk.area)}
            if walk.area
            else None
        ),
        "planned_start": walk.planned_start,
        "status": walk.status,
        "updated_at": walk.updated_at,
        # Planning (issue 6): when it ends, where to meet, the route.
        "planned_end": walk.planned_end,
        "meeting_point": walk.meeting_point,
        "meeting_lat": walk.meeting_lat,
        "meeting_lon": walk.meeting_lon,
        "route": walk.route,
        # The follow-up walk (issue 14): the earlier walk, and its findings while marking.
        **walk_presenters.follows(walk),
        "revisits": (
            walk_presenters.present_revisits(walk)
            if walk.follows_walk_id is not None and walk.status in MARKING
            else None
        ),
    }


def area_bbox(area: Area) -> list[float]:
    return [area.min_lon, area.min_lat, area.max_lon, area.max_lat]
