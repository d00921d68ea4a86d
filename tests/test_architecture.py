"""The shape of the house (STYLE.md, "One picture of the house"), checked on every run.

- The core (bundle, settings, store, play, analytics, system, paths, logs, and the importers
  and export when they exist) never imports Qt, nor any module that does: not at module level,
  not inside a function. The command layer (`kiosk.cli`, `kiosk.commands`) is not core: it
  orchestrates the Qt parts too (the doctor's Qt checks, previews, the report).
- No two kiosk modules import each other, directly or through others.
- The import-linter contracts in pyproject.toml hold (`lint-imports`).

The import graph is read from the source (every `import` statement anywhere in a module), so
an import added inside a function is seen as well as one at the top. `from package import name`
counts as importing the package too, because Python runs the package's `__init__` first.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

CORE = ("kiosk.bundle", "kiosk.settings", "kiosk.store", "kiosk.play", "kiosk.analytics", "kiosk.system",
        "kiosk.paths", "kiosk.logs", "kiosk.importers", "kiosk.export", "kiosk.declare",
        "kiosk.background")
QT = ("PySide6", "shiboken6")

Graph = dict[str, set[str]]


def modules_under(root: Path, package: str = "kiosk") -> dict[str, Path]:
    """Every module of `package` found under `root`, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> Iterator[str]:
    """The dotted names one import statement brings in."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        parent = module.split(".")[: None if is_package else -1]
        parent = parent[: len(parent) - (node.level - 1)]
        base = ".".join([*parent, *([node.module] if node.module else [])])
    yield base
    yield from (f"{base}.{alias.name}" for alias in node.names)


def _known(name: str, modules: Iterable[str]) -> str | None:
    """`name`, or the nearest package above it, that is one of `modules`."""
    known = set(modules)
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path, package: str = "kiosk") -> Graph:
    """For each module, the modules of `package` and the top-level outside packages it imports,
    wherever in the module the import statement is."""
    modules = modules_under(root, package)
    graph: Graph = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for imported in _imported(name, node, path.name == "__init__.py"):
                if imported == package or imported.startswith(f"{package}."):
                    inside = _known(imported, modules)
                    if inside is not None and inside != name:
                        targets.add(inside)
                elif imported:
                    targets.add(imported.partition(".")[0])
        graph[name] = targets
    return graph


def reaching(graph: Graph, start: str, forbidden: tuple[str, ...]) -> list[str] | None:
    """The shortest chain of imports from `start` to a module in `forbidden` (or under it), or None."""
    chains = {start: [start]}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for target in sorted(graph.get(current, ())):
            if target in chains:
                continue
            chains[target] = [*chains[current], target]
            if target in forbidden or target.startswith(tuple(f"{name}." for name in forbidden)):
                return chains[target]
            queue.append(target)
    return None


def cycles(graph: Graph) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's method)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


def is_core(module: str) -> bool:
    return module in CORE or module.startswith(tuple(f"{name}." for name in CORE))


# -- the kiosk's own code -------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(REPO)


def test_the_core_reaches_no_qt_even_inside_functions(graph: Graph) -> None:
    core = [module for module in graph if is_core(module)]
    assert {"kiosk.bundle.loader", "kiosk.system.doctor", "kiosk.analytics.queries"} <= set(core)
    assert not any(module.startswith(("kiosk.commands", "kiosk.cli", "kiosk.ui")) for module in core)
    chains = {module: reaching(graph, module, (*QT, "kiosk.ui")) for module in core}
    assert {module: " -> ".join(chain) for module, chain in chains.items() if chain} == {}


def test_no_import_cycles(graph: Graph) -> None:
    assert cycles(graph) == []


COMMAND_LINES = ("kiosk.cli", "kiosk.commands", "kiosk.__main__",
                 "kiosk.ui.i18n_tools")  # the translators' own `python -m kiosk.ui.i18n`


def test_only_the_command_line_knows_argparse(graph: Graph) -> None:
    """Below the command layer the kiosk takes typed options (kiosk.system.startup.RunOptions)."""
    below = sorted(module for module, targets in graph.items()
                   if "argparse" in targets and not module.startswith(COMMAND_LINES))
    assert below == []


def test_core_modules_import_without_pyside6(graph: Graph) -> None:
    """The same, as Python does it: every core module imports with PySide6 blocked."""
    modules = sorted(module for module in graph if is_core(module) and module != "kiosk.__main__")
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith(('PySide6.', 'shiboken6')):\n"
        "            raise ImportError('PySide6 is not available to the core')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=REPO,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def lint_imports() -> Path:
    found = Path(sys.executable).parent / "lint-imports"
    if not found.exists():
        found = Path(shutil.which("lint-imports") or "lint-imports")
    return found


def test_the_import_linter_contracts_hold() -> None:
    """`lint-imports` with the contracts in pyproject.toml (layers; the core without Qt)."""
    command = lint_imports()
    if not command.exists():
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    result = subprocess.run([str(command), "--no-cache"], capture_output=True, text=True, cwd=REPO,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


# -- the checks themselves see what they should --------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def house(tmp_path: Path) -> Path:
    _write(tmp_path, {
        "kiosk/__init__.py": "",
        "kiosk/store/__init__.py": "from kiosk.store.store import Store\n",
        "kiosk/store/store.py": "def open():\n    from ..bundle import loader\n",
        "kiosk/bundle/__init__.py": "",
        "kiosk/bundle/loader.py": "import json\n",
        "kiosk/ui/__init__.py": "",
        "kiosk/ui/window.py": "from PySide6.QtWidgets import QWidget\nfrom kiosk.store import Store\n",
    })
    return tmp_path


def test_the_graph_sees_imports_inside_functions_and_relative_ones(house: Path) -> None:
    graph = import_graph(house)
    assert graph["kiosk.store.store"] == {"kiosk.bundle", "kiosk.bundle.loader"}
    assert graph["kiosk.ui.window"] == {"PySide6", "kiosk.store"}
    assert graph["kiosk.bundle.loader"] == {"json"}


def test_a_qt_import_inside_a_core_function_is_found(house: Path) -> None:
    _write(house, {"kiosk/bundle/loader.py": "def show():\n    from kiosk.ui import window\n"})
    chain = reaching(import_graph(house), "kiosk.store.store", (*QT, "kiosk.ui"))
    assert chain == ["kiosk.store.store", "kiosk.bundle.loader", "kiosk.ui"]


@pytest.mark.parametrize(("files", "expected"), [
    ({"kiosk/bundle/loader.py": "def back():\n    import kiosk.store.store\n"},
     [["kiosk.bundle.loader", "kiosk.store.store"]]),
    # `from kiosk.store import x` runs kiosk/store/__init__.py, which imports store.py
    ({"kiosk/bundle/loader.py": "from kiosk.store import errors\n", "kiosk/store/errors.py": ""},
     [["kiosk.bundle.loader", "kiosk.store", "kiosk.store.store"]]),
    ({}, []),
])
def test_cycles_are_found(house: Path, files: dict[str, str], expected: list[list[str]]) -> None:
    _write(house, files)
    assert cycles(import_graph(house)) == expected
