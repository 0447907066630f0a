"""Every text for people that follow-up, redaction, retention and the reminders use has its
Swedish translation, with the same placeholders."""

import pytest

from server.followup.queue import REASON_TEXTS
from server.photos.redaction import RECTANGLE_OUTSIDE
from tests.routing.test_texts import (
    CATALOGUE,
    SERVER,
    placeholders,
    texts_in_python,
    texts_in_templates,
)

SOURCES = [
    *sorted((SERVER / "followup").glob("*.py")),
    *sorted((SERVER / "audit").glob("*.py")),
    SERVER / "photos" / "redaction.py",
    SERVER / "findings" / "workflow.py",
    SERVER / "findings" / "transitions.py",
    SERVER / "errors.py",
]
TEXTS = sorted(
    set().union(*(texts_in_python(path) for path in SOURCES), texts_in_templates())
    | set(REASON_TEXTS.values())
    | {RECTANGLE_OUTSIDE, "no position yet", "Give priority or due_date."}
)


def test_texts_were_found():
    assert "Write something." in TEXTS
    assert "{days} days ago" in TEXTS
    assert "Possibly the same as {count} open findings nearby" in TEXTS


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_has_a_swedish_translation_with_the_same_placeholders(text):
    assert text in CATALOGUE, text
    assert CATALOGUE[text]
    assert placeholders(CATALOGUE[text]) == placeholders(text)
