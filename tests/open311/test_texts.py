"""Every error Open311 answers has its Swedish translation: the errors come in one language."""

import ast
import json
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"
CATALOGUE = json.loads((SERVER / "translations" / "sv.json").read_text("utf-8"))


def raised_texts(path: Path) -> set[str]:
    """The template of every Open311Error(status, text, ...) in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Open311Error":
            text = node.args[1]
            assert isinstance(text, ast.Constant), f"{path.name}: a template, not an f-string"
            found.add(text.value)
    return found


def test_the_open311_errors_are_in_swedish():
    texts = set()
    for path in sorted((SERVER / "open311").glob("*.py")):
        texts |= raised_texts(path)
    assert "No such service request." in texts  # the walk through the sources finds them
    assert sorted(text for text in texts if text not in CATALOGUE) == []
    for text in texts:  # the same placeholders on both sides
        assert sorted(_names(text)) == sorted(_names(CATALOGUE[text])), text


def _names(template: str) -> list[str]:
    return [part.split("}")[0] for part in template.split("{")[1:]]
