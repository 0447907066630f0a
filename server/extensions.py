"""Extensions, created unbound here and bound to the app in create_app()."""

import marshmallow as ma
from flask_migrate import Migrate
from flask_smorest import Api as SmorestApi
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

from server.database import compared_by_alembic

# Stable constraint names, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ErrorSchema(ma.Schema):
    """The one error shape of the API (documentation only; errors.py writes it)."""

    code = ma.fields.String(metadata={"description": "Stable machine-readable error code"})
    message = ma.fields.String(metadata={"description": "Text for people, in their language"})
    errors = ma.fields.Dict(metadata={"description": "Problems per field, when there are any"})


class Api(SmorestApi):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """errors.py registers the one handler for the whole app."""


# A request's objects stay loaded after a commit: re-reading every one of them afterwards
# (SQLAlchemy's default) costs a round trip each and buys nothing within one request.
db = SQLAlchemy(
    metadata=MetaData(naming_convention=NAMING), session_options={"expire_on_commit": False}
)
migrate = Migrate(render_as_batch=True, compare_type=True, include_object=compared_by_alembic)
api = Api()
