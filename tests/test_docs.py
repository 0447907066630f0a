"""The docs stay true where a test can tell: every setting the server reads is documented, every
route is in the permissions table with the permission and roles of the code, every relative link
and anchor leads somewhere, and the README's quick start is what the Makefile does.

Fast and without a database: the routes come from the app's URL map, the settings from the
source of server/."""

import ast
import re
from pathlib import Path

from server import create_app
from server.accounts.models import Role
from server.accounts.policy import PERMISSIONS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
ROLE_COLUMNS = ("reporter", "owner", "coordinator", "admin")
YES, NO = "✓", "—"


# (a) Every environment variable the server reads is in operations.md's configuration table.


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _environ_read(node: ast.AST) -> ast.AST | None:
    """The key expression when `node` reads os.environ (get, getenv, [ ]), else None."""
    if isinstance(node, ast.Call) and node.args:
        function = node.func
        reads_environ = isinstance(function, ast.Attribute) and (
            function.attr == "getenv" or (function.attr == "get" and _is_os_environ(function.value))
        )
        if reads_environ:
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
        return node.slice
    return None


def environment_variables_read(folder: Path) -> set[str]:
    """Names read through os.environ anywhere in the folder, directly or through a helper of
    the same module that passes one of its parameters on (config.py's _int("LYKTA_…", 10))."""
    names = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        helpers = {}  # function name → position of the parameter it reads from os.environ
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            parameters = [argument.arg for argument in function.args.args]
            for node in ast.walk(function):
                key = _environ_read(node)
                if isinstance(key, ast.Name) and key.id in parameters:
                    helpers[function.name] = parameters.index(key.id)
        for node in ast.walk(tree):
            key = _environ_read(node)
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                names.add(key.value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                position = helpers.get(node.func.id)
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        names.add(argument.value)
    return names


def section(page: Path, heading: str) -> str:
    """The text under a `## heading` up to the next heading of that level."""
    text = page.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def documented_settings() -> set[str]:
    names = set()
    for line in section(DOCS / "operations.md", "Configuration").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_the_settings_finder_sees_direct_reads_and_helpers():
    # The sample the finder must understand: what config.py, serve.py and web/ do today.
    assert {"SECRET_KEY", "LYKTA_MAX_UPLOAD_BYTES", "LYKTA_WORKERS", "LYKTA_PWA_DIR"} <= (
        environment_variables_read(ROOT / "server")
    )


def test_every_setting_the_server_reads_is_documented():
    read = environment_variables_read(ROOT / "server")
    documented = documented_settings()
    assert not read - documented, f"add to docs/operations.md's table: {sorted(read - documented)}"
    assert not documented - read, f"no longer read by server/: {sorted(documented - read)}"


# (b) Every route of the app is in permissions.md's table, with the permission and the roles
# of the code.


def readable(rule: str) -> str:
    """/api/v1/findings/<uuid:finding_id> → /api/v1/findings/<finding_id>, as the table has it."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"<\1>", rule)


def app_routes() -> dict[str, str | None]:
    """'METHOD /path' → the permission the view asks for (None: anyone may call it)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "docs"})
    routes = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes[f"{method} {readable(rule.rule)}"] = getattr(view, "permission", None)
    return routes


def permissions_table() -> dict[str, list[str]]:
    """'METHOD /path' → [permission, anonymous, reporter, owner, coordinator, admin]."""
    rows = {}
    for line in (DOCS / "permissions.md").read_text().splitlines():
        match = re.match(r"^\| `([A-Z]+ /[^`]*)` \|(.*)\|$", line)
        if match:
            cells = [cell.strip() for cell in match.group(2).split("|")]
            assert match.group(1) not in rows, f"{match.group(1)} is in the table twice"
            rows[match.group(1)] = cells[:6]
    return rows


def expected_cells(permission: str | None) -> list[str]:
    if permission is None:
        return ["public", YES, YES, YES, YES, YES]
    marks = [YES if Role(role) in PERMISSIONS[permission] else NO for role in ROLE_COLUMNS]
    return [f"`{permission}`", NO, *marks]


def test_the_readable_form_of_a_rule():
    assert readable("/api/v1/findings/<uuid:finding_id>/photos/<uuid:photo_id>") == (
        "/api/v1/findings/<finding_id>/photos/<photo_id>"
    )
    assert readable("/open311/v2/requests/<request_id>.<fmt>") == (
        "/open311/v2/requests/<request_id>.<fmt>"
    )


def test_every_route_is_in_the_permissions_table_as_the_code_has_it():
    routes, table = app_routes(), permissions_table()
    missing = sorted(set(routes) - set(table))
    assert not missing, f"add to docs/permissions.md: {missing}"
    stale = sorted(set(table) - set(routes))
    assert not stale, f"no such route any more, remove from docs/permissions.md: {stale}"
    wrong = {
        route: (table[route], expected_cells(permission))
        for route, permission in routes.items()
        if table[route] != expected_cells(permission)
    }
    assert not wrong, f"the table says (left) what the code does not (right): {wrong}"


# (c) Every relative link of the README and docs/ leads to a file, and to a heading in it.


def without_code(markdown: str) -> str:
    """The text outside fenced blocks and inline code, where links and headings live."""
    markdown = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", markdown)


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to
    hyphens, -1, -2 … for repeats."""
    anchors, seen = set(), {}
    text = re.sub(r"^```.*?^```", "", page.read_text(), flags=re.S | re.M)
    for match in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative_links(page: Path) -> list[tuple[str, str]]:
    links = re.findall(r"\]\(([^)\s]+)\)", without_code(page.read_text()))
    relative = [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link)]
    return [tuple(link.partition("#")[::2]) for link in relative]


def test_the_anchors_are_githubs():
    page = DOCS / "operations.md"
    assert {"the-web-server-lykta-serve", "local-run-and-the-demo"} <= heading_anchors(page)


def test_every_relative_link_leads_to_a_file_and_heading():
    broken = []
    for page in PAGES:
        for target, anchor in relative_links(page):
            path = (page.parent / target).resolve() if target else page
            if not path.exists():
                broken.append(f"{page.name}: {target} does not exist")
            elif anchor and path.suffix == ".md" and anchor not in heading_anchors(path):
                broken.append(f"{page.name}: {target}#{anchor} names no heading")
    assert not broken, broken


def test_the_readme_links_every_docs_page():
    linked = {(README.parent / target).resolve() for target, _ in relative_links(README)}
    unlinked = [page.name for page in DOCS.glob("*.md") if page.resolve() not in linked]
    assert not unlinked, f"add to the README's 'Where to read next': {unlinked}"


# (d) The README's quick start is the Makefile's `run` and `test`, and the README stays a map.


def test_the_quick_start_commands_are_the_makefile_targets():
    quick_start = section(README, "Quick start")
    block = re.search(r"```sh\n(.*?)```", quick_start, flags=re.S).group(1)
    commands = [line.split("#")[0].split() for line in block.splitlines() if line.strip()]
    assert commands == [["make", "run"], ["make", "test"]]
    targets = re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), flags=re.M)
    assert {"run", "test"} <= set(targets)


def test_the_readme_stays_a_map():
    assert len(README.read_text().splitlines()) <= 150, "move the detail into docs/"
