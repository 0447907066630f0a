"""Routing: who should fix a finding, why, and sending it there.

The order (the first that answers decides):
1. a positive mark ('trygg plats') goes to no owner;
2. the routing rules, in their order: category x area -> organisation;
3. the property whose polygon contains the point (or has it on its boundary) -> its owner;
4. the nearest property within LYKTA_ROUTING_NEAREST_M metres (default 15) -> its owner;
5. nobody: the coordinators' triage queue.

An organisation or an area with `review_first` keeps the finding in triage with the proposed
owner shown (finding.routing["organisation"] with "review": true) until a coordinator sends
it. Otherwise it is sent at once: assigned, status 'skickad', due date from the category's
target days, and the owner's emails queued in the same transaction (server/notify).

Every decision is stored twice: in Swedish words in finding.routing_reason and as values in
finding.routing, which server/routing/reasons.py renders in any language.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from server.accounts.models import Organisation, User
from server.categories.models import Category
from server.clock import local_date
from server.database import utcnow
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import CLOSED_STATUSES, Finding, Status
from server.notify import service as notify
from server.places import index
from server.places import service as places
from server.places.models import Area, Property
from server.routing.models import RoutingRule
from server.routing.reasons import describe


@dataclass
class Decision:
    routing: dict
    organisation: Organisation | None = None
    areas: tuple[int, ...] = ()

    @property
    def review(self) -> bool:
        return bool(self.routing.get("review"))

    @property
    def reason(self) -> str:
        return describe(self.routing, "sv")


def org_ref(organisation: Organisation | None) -> dict | None:
    return {"id": organisation.id, "name": organisation.name} if organisation else None


def category_ref(category: Category) -> dict:
    return {"code": category.code, "sv": category.name_sv, "en": category.name_en}


def decide(category: Category, lat: float, lon: float) -> Decision:
    """Where a finding of this category at this point should go, and why. Reads only."""
    if category.positive:
        return Decision({"kind": "positive"})
    areas = index.area_index()
    area_ids = tuple(int(areas.ids[i]) for i in areas.covering(lat, lon))
    rule = _first_rule(category, area_ids)
    if rule is not None:
        organisation = rule.organisation
        routing = {
            "kind": "rule",
            "rule_id": rule.id,
            "category": category_ref(rule.category) if rule.category else None,
            "area": rule.area.name if rule.area else None,
            "organisation": org_ref(organisation),
        }
    else:
        radius = float(current_app.config["LYKTA_ROUTING_NEAREST_M"])
        match = index.property_index().locate(lat, lon, radius)
        prop = db.session.get(Property, match.id) if match else None
        if prop is None:
            return Decision({"kind": "none", "radius_m": radius}, None, area_ids)
        organisation = prop.owner
        routing = {
            "kind": "property" if match.distance_m == 0 else "nearest",
            "property": prop.designation,
            "property_id": prop.id,
            "organisation": org_ref(organisation),
        }
        if match.distance_m:
            routing["distance_m"] = round(match.distance_m, 1)
    review = organisation.review_first or _any_review_area(area_ids)
    routing["review"] = bool(review)
    return Decision(routing, organisation, area_ids)


def _first_rule(category: Category, area_ids: tuple[int, ...]) -> RoutingRule | None:
    query = (
        select(RoutingRule)
        .where(
            RoutingRule.active.is_(True),
            or_(RoutingRule.category_id.is_(None), RoutingRule.category_id == category.id),
            or_(RoutingRule.area_id.is_(None), RoutingRule.area_id.in_(area_ids or (-1,))),
        )
        .order_by(RoutingRule.position, RoutingRule.id)
        .limit(1)
    )
    return db.session.scalar(query)


def _any_review_area(area_ids: tuple[int, ...]) -> bool:
    if not area_ids:
        return False
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Area)
            .where(Area.id.in_(area_ids), Area.review_first.is_(True))
        )
    )


# --- applying decisions ------------------------------------------------------------------------


def route_new(finding: Finding) -> Decision | None:
    """Route a finding that just got its position (at creation, or from a photo's GPS). Only a
    finding nobody has handled yet is routed; the router acts as the system."""
    if (
        finding.lat is None
        or finding.routing is not None
        or finding.assigned_org_id is not None
        or finding.status != Status.NEW
    ):
        return None
    places.place_finding(finding)
    decision = decide(finding.category, finding.lat, finding.lon)
    if decision.organisation is not None and not decision.review:
        dispatch(finding, decision.organisation, decision.routing, None, via="router")
    else:
        # Nobody is made responsible: the finding stays where every new one starts, in the
        # triage queue, and says why (and whom the router proposes). No event: nothing changed
        # hands. (The caller marks the finding changed: it is new, corrected or just located.)
        finding.routing = decision.routing
        finding.routing_reason = decision.reason
    return decision


def dispatch(
    finding: Finding,
    organisation: Organisation,
    routing: dict,
    actor: User | None,
    *,
    via: str = "app",
    at: datetime | None = None,
) -> None:
    """Send the finding to the organisation: assignment, status 'skickad', due date, emails."""
    routing = {**routing, "review": False}
    findings.assign(
        finding, actor, organisation, describe(routing, "sv"), at, routing=routing, via=via
    )
    if finding.status != Status.SENT:
        findings.set_status(finding, actor, Status.SENT, at=at, via=via)
    finding.planned_for = None
    target_days = finding.category.target_days
    if target_days:
        finding.due_date = local_date(at or utcnow()) + timedelta(days=target_days)
    notify.enqueue_assignment(finding, organisation)


def send(
    finding: Finding,
    actor: User,
    organisation: Organisation | None = None,
    comment: str | None = None,
    at: datetime | None = None,
) -> None:
    """A coordinator sends a finding from triage: to the proposed owner, or to another one."""
    proposed = proposed_org(finding)
    if organisation is None:
        organisation = proposed
    if organisation is None:
        raise ValidationFailed(
            errors={"organisation_id": ["Nobody is proposed for this finding: choose one."]}
        )
    if proposed is not None and organisation.id == proposed.id:
        routing = dict(finding.routing)
    else:
        routing = manual_routing(organisation, actor, comment or "")
    dispatch(finding, organisation, routing, actor, at=at)


def reroute(
    finding: Finding,
    actor: User,
    organisation: Organisation | None,
    comment: str,
    at: datetime | None = None,
) -> None:
    """A coordinator routes a finding again: to an organisation (sent at once), or back to
    triage (None). The reason is kept in the history."""
    if finding.status in CLOSED_STATUSES:
        raise Conflict("A closed finding is not routed again.")
    routing = manual_routing(organisation, actor, comment)
    if organisation is not None:
        dispatch(finding, organisation, routing, actor, at=at)
        return
    notify.supersede(finding)
    findings.assign(finding, actor, None, describe(routing, "sv"), at, routing=routing, via="app")
    if finding.status != Status.TRIAGED:
        findings.set_status(finding, actor, Status.TRIAGED, comment, at=at, via="app")
    finding.planned_for = None


def reroute_automatically(finding: Finding, actor: User, at: datetime | None = None) -> Decision:
    """Ask the router again (after properties or rules changed) and follow its answer at once:
    a coordinator asked, so nobody needs to review it first."""
    if finding.status in CLOSED_STATUSES:
        raise Conflict("A closed finding is not routed again.")
    if finding.lat is None:
        raise Conflict("The finding has no position yet.")
    places.place_finding(finding)
    decision = decide(finding.category, finding.lat, finding.lon)
    if decision.organisation is not None:
        dispatch(finding, decision.organisation, decision.routing, actor, at=at)
    else:
        notify.supersede(finding)
        findings.assign(
            finding, actor, None, decision.reason, at, routing=decision.routing, via="app"
        )
    return decision


def not_ours(
    finding: Finding,
    actor: User | None,
    organisation: Organisation,
    comment: str,
    *,
    via: str = "app",
    at: datetime | None = None,
) -> None:
    """The owner says the finding is not theirs: back to triage, the reason kept."""
    routing = {"kind": "not_ours", "organisation": org_ref(organisation), "comment": comment}
    notify.supersede(finding)
    findings.assign(
        finding,
        actor,
        None,
        describe(routing, "sv"),
        at,
        routing=routing,
        via=via,
        actor_org=organisation if actor is None else None,
    )
    finding.planned_for = None


def manual_routing(organisation: Organisation | None, actor: User, comment: str) -> dict:
    return {
        "kind": "manual",
        "organisation": org_ref(organisation),
        "comment": comment,
        "by": actor.name if actor else None,
    }


def proposed_org(finding: Finding) -> Organisation | None:
    """The organisation the router proposed while a coordinator reviews the finding."""
    proposed = finding.proposed_org
    return db.session.get(Organisation, proposed["id"]) if proposed else None


# --- rules -------------------------------------------------------------------------------------


def list_rules() -> list[RoutingRule]:
    return list(
        db.session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id))
    )


def get_rule(rule_id: int) -> RoutingRule:
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound("No such rule.")
    return rule


def save_rule(rule: RoutingRule | None, data: dict) -> RoutingRule:
    """Create a rule (rule None) or change one. data: category (a code, or None for every
    category), area_id (None: everywhere), organisation_id, position, active, note."""
    problems: dict[str, list[str]] = {}
    values = {key: data[key] for key in ("position", "active", "note") if key in data}
    if "category" in data:
        values["category"] = None
        if data["category"] is not None:
            values["category"] = db.session.scalar(
                select(Category).filter_by(code=data["category"])
            )
            if values["category"] is None:
                problems["category"] = ["Unknown or inactive category."]
    if "area_id" in data:
        values["area"] = None
        if data["area_id"] is not None:
            values["area"] = db.session.get(Area, data["area_id"])
            if values["area"] is None:
                problems["area_id"] = ["No such area."]
    if "organisation_id" in data:
        values["organisation"] = db.session.get(Organisation, data["organisation_id"])
        if values["organisation"] is None:
            problems["organisation_id"] = ["No such organisation."]
    elif rule is None:
        problems["organisation_id"] = ["Missing data for required field."]
    if problems:
        raise ValidationFailed(errors=problems)
    if rule is None:
        rule = RoutingRule(note="", active=True)
        if "position" not in values:
            last = db.session.scalar(select(func.max(RoutingRule.position)))
            values["position"] = (last or 0) + 10
        db.session.add(rule)
    for key, value in values.items():
        setattr(rule, key, value)
    db.session.flush()
    return rule


def delete_rule(rule: RoutingRule) -> None:
    db.session.delete(rule)
    db.session.flush()
