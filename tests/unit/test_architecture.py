"""The layers, checked by reading the code: only ``storage/`` talks to the database.

``bot/``, ``scheduler/`` and ``dialogs/`` reach tables through the repositories on the unit
of work (``uow.cases``, ``uow.support``...), never through a SQLAlchemy session, and build
no SQL of their own. Each breach is named by file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("bot", "scheduler", "dialogs")

# Modules of SQLAlchemy and SQLModel that build or run statements. Errors
# (``sqlalchemy.exc``) and URL parsing (``sqlalchemy.engine.make_url``) are not queries.
QUERY_MODULES = (
    "sqlalchemy",
    "sqlmodel",
    "sqlalchemy.sql",
    "sqlalchemy.orm",
    "sqlalchemy.dialects",
)
ALLOWED_FROM_ENGINE = {"make_url", "URL"}

# Known remaining breaches, each with why it is still here (empty the list, never grow it).
KNOWN_QUERY_BUILDERS: dict[str, str] = {}


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _is_query_module(module: str) -> bool:
    return any(module == m or module.startswith(f"{m}.") for m in QUERY_MODULES) and not (
        module.startswith("sqlalchemy.exc") or module.startswith("sqlalchemy.engine")
    )


def session_uses(tree: ast.Module, name: str) -> list[str]:
    """``file:line`` of every ``.session`` attribute in the module."""
    lines = sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "session"
    )
    return [f"{name}:{line}" for line in lines]


def _builds_sql(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.Import):
        return any(
            _is_query_module(alias.name) or alias.name == "sqlalchemy.engine"
            for alias in node.names
        )
    module = node.module or ""
    if module.startswith("sqlalchemy.engine"):
        return any(alias.name not in ALLOWED_FROM_ENGINE for alias in node.names)
    return _is_query_module(module)


def query_imports(tree: ast.Module, name: str) -> list[str]:
    """``file:line`` of every import of a statement builder (``select``, ``col``...)."""
    lines = sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and _builds_sql(node)
    )
    return [f"{name}:{line}" for line in lines]


def test_no_session_outside_storage() -> None:
    breaches = [hit for name, tree in _sources() for hit in session_uses(tree, name)]
    assert not breaches, "a .session outside storage/ (use a repository method):\n" + "\n".join(
        breaches
    )


def test_no_query_builders_outside_storage() -> None:
    breaches = [
        hit
        for name, tree in _sources()
        if name not in KNOWN_QUERY_BUILDERS
        for hit in query_imports(tree, name)
    ]
    assert not breaches, "SQL built outside storage/ (use a repository method):\n" + "\n".join(
        breaches
    )


def test_known_breaches_are_still_breaches() -> None:
    """An allowance that is no longer needed is removed, so the list only shrinks."""
    trees = dict(_sources())
    for name in KNOWN_QUERY_BUILDERS:
        assert query_imports(trees[name], name), f"{name} builds no SQL now: drop it from the list"


def test_the_checks_see_a_breach() -> None:
    """The walkers find what they look for (so an empty result means something)."""
    tree = ast.parse(
        "from sqlmodel import select\n"
        "from sqlalchemy.exc import SQLAlchemyError\n"
        "from sqlalchemy.engine import make_url\n"
        "import sqlalchemy\n"
        "rows = uow.session.exec(select(X))\n"
    )
    assert session_uses(tree, "x.py") == ["x.py:5"]
    assert query_imports(tree, "x.py") == ["x.py:1", "x.py:4"]
