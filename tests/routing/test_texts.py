"""Every text for people that routing, places, the owner's side and the emails use has its
Swedish translation, with the same placeholders."""

import ast
import json
import re
import string
from pathlib import Path

import pytest

from server.routing import reasons

SERVER = Path(__file__).resolve().parents[2] / "server"
CATALOGUE = json.loads((SERVER / "translations" / "sv.json").read_text("utf-8"))
SOURCES = [
    *sorted((SERVER / "places").glob("*.py")),
    *sorted((SERVER / "routing").glob("*.py")),
    *sorted((SERVER / "notify").glob("*.py")),
    SERVER / "findings" / "workflow.py",
    SERVER / "findings" / "transitions.py",
    SERVER / "photos" / "service.py",
]
RAISERS = {
    "NotFound",
    "Conflict",
    "Forbidden",
    "ValidationFailed",
    "TransitionNotAllowed",
    "FeatureProblem",
    "DocumentProblem",
    "LinkProblem",
    "ValidationError",
    "text",
    "_",
    "translate",
}
CODE = re.compile(r"[a-z_]+")


def texts_in_python(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in RAISERS:
                found.update(_strings(node.args))
            for keyword in node.keywords:
                if keyword.arg == "errors":
                    found.update(_strings([keyword.value]))
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("message", "NO_RECIPIENT") for t in node.targets
        ):
            found.update(_strings([node.value]))
    return {text for text in found if not CODE.fullmatch(text) and len(text) > 3}


def _strings(nodes) -> set[str]:
    found = set()
    for node in nodes:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                found.add(inner.value)
    return found


def texts_in_templates() -> set[str]:
    found = set()
    for path in (SERVER / "notify" / "templates").rglob("*"):
        if path.is_file():
            found.update(re.findall(r"""_\(\s*["']([^"']+)["']""", path.read_text("utf-8")))
    return found


def page_texts() -> set[str]:
    from server.notify import pages

    return set(pages.STATUS_LABELS.values())


TEXTS = sorted(
    set().union(
        *(texts_in_python(path) for path in SOURCES),
        texts_in_templates(),
        reasons.TEXTS,
        page_texts(),
    )
    - {"Missing data for required field.", "No position", "%Y-%m-%d %H:%M"}
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_texts_were_found():
    assert len(TEXTS) > 100
    assert "within the property {property}" in TEXTS
    assert "Mark as fixed" in TEXTS
    assert "The feature has no designation." in TEXTS


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_has_a_swedish_translation_with_the_same_placeholders(text):
    assert text in CATALOGUE, text
    assert CATALOGUE[text]
    assert placeholders(CATALOGUE[text]) == placeholders(text)
