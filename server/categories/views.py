from flask_smorest import Blueprint

from server.accounts.policy import require
from server.categories import service
from server.categories.schemas import CategorySchema

blp = Blueprint(
    "categories", __name__, url_prefix="/api/v1/categories", description="What findings are about"
)


@blp.get("")
@require("categories:read")
@blp.response(200, CategorySchema(many=True))
def list_categories():
    """The active categories, in the order the app shows them."""
    return service.list_categories()
