"""A finding leaves the API one way: server/findings/presenters.py. The schema that documents
it must name exactly what the presenter gives, or a new field would be dropped by the schema
without a word (or documented without ever being sent)."""

import uuid

from server.accounts.models import User
from server.extensions import db
from server.findings import presenters
from server.findings.models import Finding
from server.findings.schemas import FindingSchema


def test_the_schema_documents_exactly_what_the_presenter_gives(app, make_user, make_finding):
    reporter = make_user("reporter")
    coordinator = make_user("coordinator")
    finding = make_finding(reporter)
    with app.app_context():
        stored = db.session.get(Finding, uuid.UUID(finding["id"]))
        shown = presenters.present_detail(stored, db.session.get(User, coordinator.id))
    assert set(shown) == set(FindingSchema().fields)
