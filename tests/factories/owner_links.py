"""The signed link an email to an organisation carries for a finding, and the form token of
the page behind it."""

import re
import uuid

from server.notify import links


def link(app, finding: dict, organisation: int, locale="sv") -> str:
    """The path of the signed link an email to `organisation` carries for the finding."""
    with app.app_context():
        token = links.make_token(uuid.UUID(finding["id"]), organisation, locale)
    return f"/owner/{finding['id']}/{token}"


def form_token(page_text: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page_text).group(1)
