"""What the medborgarlöfte does when something happens elsewhere (server/events.py)."""

from server import events
from server.errors import ValidationFailed
from server.promises import service
from server.walks.models import Walk


def subscribe() -> None:
    events.walk_commitment_chosen.connect(check_commitment)


def check_commitment(walk: Walk, commitment_id: int) -> None:
    """A walk may only be planned for a commitment that exists."""
    if not service.commitment_exists(commitment_id):
        raise ValidationFailed(errors={"commitment_id": ["No such commitment."]})
