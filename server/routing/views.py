import uuid

from flask_smorest import Blueprint
from sqlalchemy import select

from server.accounts.auth import current_user
from server.accounts.models import Organisation
from server.accounts.policy import require
from server.audit import service as audit
from server.categories import service as categories
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.findings import presenters
from server.findings import service as findings
from server.findings.schemas import FindingSchema
from server.i18n import current_locale
from server.places.models import Area
from server.routing import service
from server.routing.presenters import present_rule
from server.routing.reasons import describe
from server.routing.schemas import (
    ExplainArgsSchema,
    ExplanationSchema,
    OrganisationSchema,
    OrganisationUpdateSchema,
    RouteSchema,
    RuleInputSchema,
    RuleSchema,
)
from server.schemas import MAX_ID

blp = Blueprint("routing", __name__, url_prefix="/api/v1", description="Routing to owners")


@blp.post("/findings/<uuid:finding_id>/route")
@require("findings:route")
@blp.arguments(RouteSchema)
@blp.response(200, FindingSchema)
def route_finding(data, finding_id: uuid.UUID):
    """A coordinator routes a finding again: to an organisation (sent at once, the owner told),
    back to triage (organisation_id null), or as the router would now (auto). The reason is
    kept in the history; the previous owner loses access at once."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    db.session.refresh(finding, with_for_update=True)
    if data.get("auto"):
        service.reroute_automatically(finding, user)
    else:
        organisation = None
        if data["organisation_id"] is not None:
            organisation = _organisation(data["organisation_id"])
        service.reroute(finding, user, organisation, data["comment"].strip())
    db.session.commit()
    return presenters.present(finding, user)


@blp.get("/routing/explain")
@require("routing:read")
@blp.arguments(ExplainArgsSchema, location="query")
@blp.response(200, ExplanationSchema)
def explain(args):
    """Where a finding of this category at this point would go now, and why. Changes nothing."""
    category = categories.by_code(args["category"])
    if category is None:
        raise ValidationFailed(errors={"category": ["Unknown or inactive category."]})
    decision = service.decide(category, args["lat"], args["lon"])
    areas = db.session.scalars(select(Area).where(Area.id.in_(decision.areas)).order_by(Area.name))
    return {
        "kind": decision.routing["kind"],
        "text": describe(decision.routing, current_locale()),
        "review": decision.review,
        "organisation": service.org_ref(decision.organisation),
        "routing": decision.routing,
        "areas": [{"id": area.id, "name": area.name} for area in areas],
    }


@blp.get("/admin/routing-rules")
@require("routing:read")
@blp.response(200, RuleSchema(many=True))
def list_rules():
    """The rules in the order they are tried; the first active one that matches decides."""
    return [present_rule(rule) for rule in service.list_rules()]


@blp.post("/admin/routing-rules")
@require("routing:manage")
@blp.arguments(RuleInputSchema)
@blp.response(201, RuleSchema)
def create_rule(data):
    """A rule: findings of a category (or every category) inside an area (or anywhere) go to an
    organisation, before any property is asked."""
    rule = service.save_rule(None, data)
    db.session.commit()
    return present_rule(rule)


@blp.get("/admin/routing-rules/<int:rule_id>")
@require("routing:read")
@blp.response(200, RuleSchema)
def get_rule(rule_id: int):
    return present_rule(service.get_rule(_id(rule_id)))


@blp.patch("/admin/routing-rules/<int:rule_id>")
@require("routing:manage")
@blp.arguments(RuleInputSchema)
@blp.response(200, RuleSchema)
def update_rule(data, rule_id: int):
    rule = service.save_rule(service.get_rule(_id(rule_id)), data)
    db.session.commit()
    return present_rule(rule)


@blp.delete("/admin/routing-rules/<int:rule_id>")
@require("routing:manage")
@blp.response(204)
def delete_rule(rule_id: int):
    service.delete_rule(service.get_rule(_id(rule_id)))
    db.session.commit()


@blp.get("/organisations")
@require("organisations:read")
@blp.response(200, OrganisationSchema(many=True))
def list_organisations():
    """Every organisation by name: whom a coordinator can route to."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


@blp.patch("/admin/organisations/<int:organisation_id>")
@require("organisations:manage")
@blp.arguments(OrganisationUpdateSchema)
@blp.response(200, OrganisationSchema)
def update_organisation(changes, organisation_id: int):
    """An organisation's contact address, kind, whether its findings wait for a coordinator
    (review_first), and whether its contact addresses get each finding or a daily digest."""
    organisation = (
        db.session.get(Organisation, organisation_id) if organisation_id <= MAX_ID else None
    )
    if organisation is None:
        raise NotFound("No such organisation.")
    for key, value in changes.items():
        setattr(organisation, key, value.strip().lower() if key == "email" and value else value)
    audit.record(
        "organisation.updated",
        "organisation",
        organisation.id,
        actor=current_user(),
        data={"fields": sorted(changes)},
    )
    db.session.commit()
    return organisation


def _organisation(organisation_id: int) -> Organisation:
    organisation = (
        db.session.get(Organisation, organisation_id) if organisation_id <= MAX_ID else None
    )
    if organisation is None:
        raise ValidationFailed(errors={"organisation_id": ["No such organisation."]})
    return organisation


def _id(value: int) -> int:
    if value > MAX_ID:
        raise NotFound("No such rule.")
    return value
