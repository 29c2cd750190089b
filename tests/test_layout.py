"""Test modules stand alone: none imports another test module, conftest.py or benchmarks/.

What they share lives in fixtures (conftest.py) or in plain helper modules such as
tests/helpers.py, and those helper modules keep to the same rule, so no test reaches
another through them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def _forbidden(module: str) -> bool:
    """Whether importing `module` (a dotted name, as written) ties a test to another one."""
    parts = module.split(".")
    if parts[0] == "tests":
        parts = parts[1:]
    elif parts[0] == "benchmarks":
        return True
    return bool(parts) and (parts[0] == "conftest" or parts[0].startswith("test_"))


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for each import of a test module, conftest or benchmarks in `source`,
    at any depth (inside functions too); relative imports count as inside tests/."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(filter(None, ["tests", base]))
            if _forbidden(base):
                found.append((node.lineno, "." * node.level + (node.module or "")))
            elif base in ("tests", "benchmarks"):
                found += [
                    (node.lineno, f"{base}.{a.name}")
                    for a in node.names
                    if _forbidden(f"{base}.{a.name}")
                ]
    return sorted(found)


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from tests.test_scan import eml", "tests.test_scan"),
        ("import tests.test_scan", "tests.test_scan"),
        ("from test_scan import eml", "test_scan"),
        ("from tests.conftest import NOW", "tests.conftest"),
        ("from conftest import NOW", "conftest"),
        ("from tests import test_scan", "tests.test_scan"),
        ("from tests import conftest", "tests.conftest"),
        ("from .test_scan import eml", ".test_scan"),
        ("from benchmarks.web import load", "benchmarks.web"),
        ("import benchmarks", "benchmarks"),
        ("from benchmarks import web", "benchmarks"),
        ("def f() -> None:\n    from tests.test_scan import eml", "tests.test_scan"),
    ],
)
def test_the_check_catches_each_way_of_importing_a_test_module(source: str, module: str) -> None:
    assert [m for _, m in forbidden_imports(source)] == [module]


@pytest.mark.parametrize(
    "source",
    [
        "from tests.helpers import NOW, Cli",
        "from tests.servers import SmtpServer",
        "from tests import helpers",
        "import pytest",
        "from doorajar.testing import x",
        "from .helpers import NOW",
    ],
)
def test_the_check_lets_helper_modules_through(source: str) -> None:
    assert forbidden_imports(source) == []


def test_no_test_module_imports_another_test_module_conftest_or_benchmarks() -> None:
    files = sorted(TESTS.glob("*.py"))
    assert TESTS / "test_layout.py" in files
    problems = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in forbidden_imports(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], (
        "test modules must stand alone; move what they share into conftest.py fixtures "
        "or a helpers module (tests/helpers.py):\n" + "\n".join(problems)
    )
