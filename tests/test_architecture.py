"""The package's shape: no import cycles between roleplay's modules (issue #8).

Every ``import``/``from ... import`` of a roleplay module counts, at module level or inside a
function (a lazy import still ties two modules together); only imports under
``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "roleplay"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The roleplay modules ``path`` imports (a ``from pkg import mod`` counts as ``pkg.mod``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    me = _module_name(path)
    pkg = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                cand = f"{base}.{a.name}"
                if cand in modules:
                    out.add(cand)
                elif base in modules:
                    out.add(base)
    out.discard(me)
    return out


def import_graph() -> dict[str, set[str]]:
    """module -> the roleplay modules it imports; package ``__init__`` files are left out
    as importers (they only re-export)."""
    files = {_module_name(p): p for p in PKG.rglob("*.py")}
    mods = set(files)
    return {m: _imports(p, mods) for m, p in files.items() if p.name != "__init__.py"}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if n not in graph:
                continue
            if state.get(n) == 1:
                return [*stack[stack.index(n) :], n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    "graph, has_cycle",
    [
        pytest.param({"a": {"b"}, "b": {"a"}}, True, id="two-modules"),
        pytest.param({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True, id="three-modules"),
        pytest.param({"a": {"b"}, "b": {"c"}, "c": set()}, False, id="chain"),
    ],
)
def test_cycle_finder(graph: dict[str, set[str]], has_cycle: bool) -> None:
    assert (find_cycle(graph) is not None) == has_cycle


def test_subpackages_show_the_flow() -> None:
    """The README's package map names these folders; a flat module list would hide the flow."""
    subs = sorted(p.name for p in PKG.iterdir() if (p / "__init__.py").exists())
    assert subs == ["cli", "debate", "formats", "i18n", "llm", "offline", "runs", "scoring", "tui"]


def test_readme_package_map_matches_the_tree() -> None:
    """Every subpackage and top-level module is in the README's "Where things live" map, and
    every module the map names exists."""
    import re

    readme = (PKG.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    subs = {p.name for p in PKG.iterdir() if (p / "__init__.py").exists()}
    mapped = set(re.findall(r"`roleplay/(\w+)/`", section))
    assert mapped == subs
    for sub, cell in re.findall(r"\| `roleplay/(\w+)/` \| ([^|]+)\|", section):
        for name in re.findall(r"`(\w+\.py)`", cell):
            assert (PKG / sub / name).exists(), f"README names roleplay/{sub}/{name}, which does not exist"
    tops = sorted(p.name for p in PKG.glob("*.py") if not p.name.startswith("__"))
    assert {"errors.py", "secrets.py", "templating.py", "streams.py", "cache_files.py"} <= set(tops)
    for top in tops:
        assert f"`{top}`" in section, f"README's map does not name roleplay/{top}"
