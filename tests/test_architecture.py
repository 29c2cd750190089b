"""The layout stays the one docs/architecture.md describes.

- every top-level module of the package is named in the import-linter layers contract;
- no module is part of an import cycle, counting imports inside functions, under
  `if TYPE_CHECKING:` and package re-exports, as grimp sees them;
- an import inside a function is a documented lazy load (`# lazy: why`).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "doorajar"


def _contract_layers() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    return {name.strip() for line in layers for name in re.split(r"[|:]", line)}


def test_every_top_level_module_is_in_the_layers_contract() -> None:
    named = _contract_layers()
    found = {
        f"doorajar.{p.stem if p.is_file() else p.name}"
        for p in SRC.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    assert found - named == set(), "add these modules to [tool.importlinter] layers"
    assert named - found == set(), "the contract names modules that are gone"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_module_is_part_of_an_import_cycle() -> None:
    graph = grimp.build_graph("doorajar", include_external_packages=False)
    assert _cycles(graph) == []


def _says_lazy(lines: list[str], i: int) -> bool:
    """The import on line i, or the group of imports it ends, carries a `# lazy:` comment."""
    if "# lazy:" in lines[i]:
        return True
    j = i - 1
    while j >= 0 and (not lines[j].strip() or lines[j].strip().startswith(("import ", "from "))):
        if "# lazy:" in lines[j]:
            return True
        j -= 1
    return j >= 0 and lines[j].strip().startswith("# lazy:")


def _function_imports() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and not _says_lazy(
                    lines, inner.lineno - 1
                ):
                    line = lines[inner.lineno - 1].strip()
                    found.append((str(path.relative_to(ROOT)), inner.lineno, line))
    return sorted(set(found))


def test_imports_inside_functions_say_why_they_are_lazy() -> None:
    assert _function_imports() == []
