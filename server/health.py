from flask import Blueprint
from sqlalchemy import text

from server.accounts.policy import public
from server.extensions import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
@public
def healthz():
    """For load balancers: 200 when the app runs and the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
