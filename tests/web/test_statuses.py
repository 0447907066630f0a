"""The app's copies of the server's status values (pwa/js/statuses.js) are the server's.

The app filters and names findings and walks by these codes; a status the server adds, renames
or closes and the app misses would otherwise go unnoticed until a screen shows it wrongly."""

import re
from pathlib import Path

from server.findings.models import OPEN_STATUSES, Status
from server.walks.models import WalkStatus, WalkType

JS = Path(__file__).resolve().parents[2] / "pwa" / "js"
STATUSES_JS = JS / "statuses.js"


def exported_list(source: str, name: str) -> list[str]:
    """The strings of `(export) const NAME = [...]`, in their order."""
    found = re.search(rf"^(?:export )?const {name} = \[(.*?)\];", source, re.M | re.S)
    assert found, f"{name} is not a list"
    return re.findall(r'"([^"\\]*)"', found.group(1))


def test_the_finding_statuses_are_the_servers():
    listed = exported_list(STATUSES_JS.read_text("utf-8"), "STATUSES")
    assert len(listed) == len(set(listed))
    assert set(listed) == {status.value for status in Status}


def test_the_open_statuses_are_the_servers():
    listed = exported_list(STATUSES_JS.read_text("utf-8"), "OPEN_STATUSES")
    assert len(listed) == len(set(listed))
    assert set(listed) == {status.value for status in OPEN_STATUSES}


def test_the_walk_statuses_are_the_servers():
    listed = exported_list(STATUSES_JS.read_text("utf-8"), "WALK_STATUSES")
    assert listed == [status.value for status in WalkStatus]


def test_the_walk_types_of_the_plan_form_are_the_servers():
    listed = exported_list((JS / "screens" / "walks.js").read_text("utf-8"), "WALK_TYPES")
    assert listed == [kind.value for kind in WalkType]
