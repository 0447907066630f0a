from flask_smorest import Blueprint

from server.accounts.policy import require
from server.audit import presenters, service
from server.audit.schemas import AuditArgsSchema, AuditPageSchema

blp = Blueprint(
    "audit", __name__, url_prefix="/api/v1/admin/audit", description="The audit log (admins)"
)


@blp.get("")
@require("audit:read")
@blp.arguments(AuditArgsSchema, location="query")
@blp.response(200, AuditPageSchema)
def list_entries(args):
    """Who viewed which photo (once per viewer, photo and day) and who changed what, newest
    first; filter by actor, organisation, object, finding, action and time; follow
    next_cursor for more."""
    found, next_cursor = service.entries(args)
    return {"items": presenters.present(found), "next_cursor": next_cursor}
