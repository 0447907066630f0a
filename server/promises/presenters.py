"""How a medborgarlöfte, its insatser, comments and follow-up leave the API."""

from server.promises.followup import CommitmentFollowup
from server.promises.models import Commitment, CommitmentComment, Insats, Promise
from server.reports.periods import Period


def public_url(promise: Promise) -> str:
    return f"/lofte/{promise.public_token}"


def present_commitment(commitment: Commitment) -> dict:
    return {
        "id": commitment.id,
        "text": commitment.text,
        "kind": commitment.kind,
        "planned_per_tertial": commitment.planned_per_tertial,
    }


def present(promise: Promise) -> dict:
    return {
        "id": promise.id,
        "title": promise.title,
        "starts_on": promise.starts_on,
        "ends_on": promise.ends_on,
        "area": {"id": promise.area.id, "name": promise.area.name} if promise.area else None,
        "parties": [
            {"id": party.organisation.id, "name": party.organisation.name}
            for party in sorted(promise.parties, key=lambda party: party.organisation.name)
        ],
        "focus_areas": list(promise.focus_areas or []),
        "commitments": [present_commitment(commitment) for commitment in promise.commitments],
        "public_url": public_url(promise),
        "created_at": promise.created_at,
        "updated_at": promise.updated_at,
    }


def present_insats(insats: Insats) -> dict:
    return {
        "id": insats.id,
        "commitment_id": insats.commitment_id,
        "date": insats.date,
        "place": insats.place,
        "lat": insats.lat,
        "lon": insats.lon,
        "result": insats.result,
        "created_at": insats.at,
    }


def present_comment(comment: CommitmentComment | None) -> dict | None:
    if comment is None:
        return None
    return {
        "year": comment.year,
        "tertial": comment.tertial,
        "text": comment.text,
        "published": comment.published,
        "updated_at": comment.at,
    }


def present_followup(
    promise: Promise, year: int, number: int, period: Period, rows: list[CommitmentFollowup]
) -> dict:
    return {
        "promise_id": promise.id,
        "year": year,
        "tertial": number,
        "period": {"from_": period.first, "to": period.last},
        "commitments": [
            {
                "id": row.commitment.id,
                "text": row.commitment.text,
                "kind": row.commitment.kind,
                "planned": row.planned,
                "done": row.done,
                "activities": [
                    {"type": a.type, "id": a.id, "date": a.date, "title": a.title}
                    for a in row.activities
                ],
                "findings": row.findings,
                "fixed": row.fixed,
                "comment": present_comment(row.comment),
            }
            for row in rows
        ],
    }
