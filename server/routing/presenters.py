"""How the API shows a routing rule: the dict the views return (RuleSchema documents and dumps
it), with the rule told in words as the router would tell its decision."""

from server.i18n import current_locale
from server.routing.models import RoutingRule
from server.routing.reasons import describe
from server.routing.service import category_ref, org_ref


def present_rule(rule: RoutingRule) -> dict:
    routing = {
        "kind": "rule",
        "category": category_ref(rule.category) if rule.category else None,
        "area": rule.area.name if rule.area else None,
        "organisation": org_ref(rule.organisation),
    }
    return {
        "id": rule.id,
        "position": rule.position,
        "category": rule.category.code if rule.category else None,
        "area": {"id": rule.area.id, "name": rule.area.name} if rule.area else None,
        "organisation": org_ref(rule.organisation),
        "active": rule.active,
        "note": rule.note,
        "text": describe(routing, current_locale()),
        "updated_at": rule.updated_at,
    }
