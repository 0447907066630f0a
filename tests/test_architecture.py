"""The house rules that a reader relies on (docs/architecture.md): the import graph of server/
has no cycle, no import hides inside a function, and no module, of the server or of the app,
grows past a size a person can hold in their head without saying why. (The app's functions are
held to 120 lines by Biome's noExcessiveLinesPerFunction, in biome.json.)"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "server"
APP_SCRIPTS = sorted((ROOT / "pwa").rglob("*.js"))
MAX_LINES = 400
# A module may be longer when its docstring starts with this, and says why.
LONGER_BECAUSE = "Longer than 400 lines because"


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SERVER.rglob("*.py"))}


def imports_of(path: Path) -> list[tuple[str, ast.AST, bool]]:
    """(imported server module, import node, whether at the top level) for every import in the
    file, except those under `if TYPE_CHECKING:`, which only the type checker runs."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    top = {id(node) for node in tree.body}
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for target in _targets(node, package):
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("server"):
                found.append((target, node, id(node) in top))
    return found


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        for alias in node.names
    ]


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        graph[name].update(target for target, _, _ in imports_of(path) if target != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm), each a
    set of modules that import each other, directly or through others."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_three_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_modules_of_server_import_each_other_without_a_cycle():
    assert cycles(import_graph()) == []


def test_no_module_of_server_imports_inside_a_function():
    """An import moved into a function hides a cycle instead of removing it: domains that must
    react to each other do it through server/events.py."""
    hidden = [
        f"{path.relative_to(SERVER.parent)}:{node.lineno} imports {target}"
        for path in MODULES.values()
        for target, node, top_level in imports_of(path)
        if not top_level
    ]
    assert hidden == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_is_of_human_size(name):
    path = MODULES[name]
    lines = len(path.read_text("utf-8").splitlines())
    docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    assert lines <= MAX_LINES or docstring.startswith(LONGER_BECAUSE), (
        f"{path.relative_to(SERVER.parent)} has {lines} lines: split it by subject, or start its "
        f"docstring with '{LONGER_BECAUSE} …'"
    )


@pytest.mark.parametrize("path", APP_SCRIPTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_script_of_the_app_is_of_human_size(path):
    text = path.read_text("utf-8")
    lines = len(text.splitlines())
    assert lines <= MAX_LINES or LONGER_BECAUSE in "\n".join(text.splitlines()[:5]), (
        f"{path.relative_to(ROOT)} has {lines} lines: split it into components, or say at its "
        f"top '{LONGER_BECAUSE} …'"
    )
