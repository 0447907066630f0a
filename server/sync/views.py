from flask_smorest import Blueprint

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.sync import service
from server.sync.schemas import SyncArgsSchema, SyncSchema

blp = Blueprint(
    "sync", __name__, url_prefix="/api/v1/sync", description="Keeping a phone up to date"
)


@blp.get("")
@require("sync:read")
@blp.arguments(SyncArgsSchema, location="query")
@blp.response(200, SyncSchema)
def sync(args):
    """What changed for you since the cursor: your findings, categories and walks."""
    return service.sync(current_user(), args.get("cursor"))
