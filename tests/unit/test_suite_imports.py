"""The suites share code only through ``tests/support/``: no test module imports another.

A helper imported from a test module drags that module's tests and fixtures along and hides
what is shared; anything two suites need belongs in ``tests/support/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports, at any depth (relative imports made absolute)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append(base)
            # ``from tests.unit import test_x`` names the test module as an attribute.
            found.extend(f"{base}.{alias.name}" for alias in node.names)
    return found


def _is_test_module(name: str) -> bool:
    return name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")


def test_no_test_module_imports_another() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for folder in ("tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in _imported_modules(path)
        if _is_test_module(name)
    ]
    assert not offences, "move what is shared into tests/support/:\n" + "\n".join(offences)
