"""Every message the medborgarlöfte's API raises has its Swedish translation."""

import ast
import json
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"
CATALOGUE = json.loads((SERVER / "translations" / "sv.json").read_text("utf-8"))
RAISERS = {"NotFound", "Conflict", "Forbidden", "ValidationFailed"}


def raised_texts(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISERS:
            values = [*node.args, *(k.value for k in node.keywords)]
            for value in values:
                for inner in ast.walk(value):
                    if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                        found.add(inner.value)
    return {text for text in found if " " in text}


def test_the_promises_messages_are_in_swedish():
    texts = set()
    for path in sorted((SERVER / "promises").glob("*.py")):
        texts |= raised_texts(path)
    assert "No such medborgarlöfte." in texts  # the walk through the sources finds them
    assert sorted(text for text in texts if text not in CATALOGUE) == []
