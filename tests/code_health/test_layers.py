"""The dependency rule of architecture.md, checked by walking the source with `ast`.

Core packages never import an edge (store, web, cli, reports, readers), the application layer or
a library that does I/O; nothing imports upward. The application layer (`workflows/`) reaches the
database only through the store's repositories: it imports no `sqlalchemy` and no
`scrutiny.store.tables`, directly, by `from ... import`, or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "scrutiny"

CORE = (
    "domain",
    "parameters.schema",
    "models",
    "risk",
    "challenge",
    "projection",
    "national",
    "ingest.extract",
    "ingest.document",
)
EDGES = ("store", "ingest.readers", "reports", "parameters.loader", "yaml_files", "reference")
INTERFACES = ("cli", "web")
FORBIDDEN_IN_CORE = {
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "typer",
    "jinja2",
    "pypdfium2",
    "pdfplumber",
    "docx",
    "bs4",
    "lxml",
    "weasyprint",
    "openpyxl",
    "matplotlib",
    "yaml",
    "uvicorn",
    "psycopg",
    "httpx",
    "rich",
}
# The one module of the core allowed to know about Dask (architecture.md: risk/parallel.py).
DASK_ALLOWED = {"risk.parallel"}
# What the application layer leaves to the store: SQL, the ORM and the tables.
STORAGE_ONLY = ("sqlalchemy", "scrutiny.store.tables")


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def _layer(module: str) -> str:
    def within(prefixes: tuple[str, ...]) -> bool:
        return any(module == p or module.startswith(p + ".") for p in prefixes)

    if within(("domain",)):
        return "domain"
    if within(("parameters.schema",)) or module == "parameters":
        return "parameters"
    if within(CORE):
        return "core"
    if within(EDGES):
        return "edge"
    if within(("workflows",)):
        return "application"
    if within(INTERFACES):
        return "interface"
    return "top"  # config, errors, __init__, __main__


ALLOWED = {
    "domain": {"domain", "top-errors"},
    "parameters": {"domain", "parameters", "top-errors"},
    "core": {"domain", "parameters", "core", "top-errors"},
    "edge": {"domain", "parameters", "core", "edge", "top-errors", "top-config"},
    "application": {
        "domain",
        "parameters",
        "core",
        "edge",
        "application",
        "top-errors",
        "top-config",
    },
    "interface": {
        "domain",
        "parameters",
        "core",
        "edge",
        "application",
        "interface",
        "top-errors",
        "top-config",
        "top-version",
    },
}


def _imports(source: str) -> list[tuple[int, str]]:
    """Every module `source` imports, anywhere in it, with the line: ``from scrutiny import x``
    counts as ``scrutiny.x``."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "scrutiny":
                found += [(node.lineno, f"scrutiny.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _named_imports(source: str) -> list[tuple[int, str]]:
    """Like `_imports`, and each name taken by ``from M import N`` as ``M.N`` too (so
    ``from scrutiny.store import tables`` names ``scrutiny.store.tables``)."""
    found = _imports(source)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _storage_violations(module: str, source: str, where: str) -> list[str]:
    """Imports of SQL, the ORM or the tables in an application-layer module."""
    if _layer(module) != "application":
        return []
    found: dict[int, str] = {}
    for line, imported in _named_imports(source):
        if any(imported == s or imported.startswith(s + ".") for s in STORAGE_ONLY):
            found.setdefault(line, imported)
    return [
        f"{where}:{line}: application module {module} imports {imported} (storage belongs in "
        "scrutiny.store, behind a repository)"
        for line, imported in sorted(found.items())
    ]


def _target_layer(imported: str) -> str | None:
    if imported in ("scrutiny", "scrutiny.__version__"):
        return "top-version"
    if not imported.startswith("scrutiny."):
        return None
    target = imported[len("scrutiny.") :]
    layer = _layer(target)
    if layer == "top":
        return "top-" + target.split(".")[0]
    return layer


def _violations() -> list[str]:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        layer = _layer(module)
        if layer == "top":
            continue
        source = path.read_text(encoding="utf-8")
        problems += _storage_violations(module, source, str(path.relative_to(SRC.parent)))
        for line, imported in _imports(source):
            where = f"{path.relative_to(SRC.parent)}:{line}"
            target = _target_layer(imported)
            if target is not None and target not in ALLOWED[layer]:
                problems.append(f"{where}: {layer} module {module} imports {imported} ({target})")
            if target == "interface" and layer == "interface":
                own, other = module.split(".")[0], imported.split(".")[1]
                if own != other:
                    problems.append(f"{where}: {module} imports the other interface {imported}")
            top = imported.split(".")[0]
            if layer in ("domain", "parameters", "core") and top in FORBIDDEN_IN_CORE:
                problems.append(f"{where}: core module {module} imports {top}")
            if (
                layer in ("domain", "parameters", "core")
                and top in {"dask", "distributed"}
                and module not in DASK_ALLOWED
            ):
                problems.append(f"{where}: only risk.parallel may import dask, not {module}")
    return problems


def test_no_module_breaks_the_dependency_rule() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("module", "imported", "bad"),
    [
        ("models.fixed", "scrutiny.store.tables", True),
        ("challenge.verdict", "scrutiny.cli.app", True),
        ("domain.years", "scrutiny.models.base", True),
        ("store.tables", "scrutiny.domain.proposal", False),
        ("workflows.validate", "scrutiny.web.app", True),
        ("cli.app", "scrutiny.workflows.validate", False),
    ],
)
def test_the_rule_itself_classifies_imports(module: str, imported: str, bad: bool) -> None:
    target = _target_layer(imported)
    assert (target not in ALLOWED[_layer(module)]) is bad


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import Engine\n",
        "import sqlalchemy.orm\n",
        "from sqlalchemy.orm import Session\n",
        "from scrutiny.store.tables import CouncilRow\n",
        "from scrutiny.store import tables\n",
        "import scrutiny.store.tables as t\n",
        "def f():\n    from sqlalchemy import select\n    return select\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sqlalchemy\n",
    ],
)
def test_a_planted_storage_import_in_a_workflow_is_caught(source: str) -> None:
    problems = _storage_violations("workflows.planted", source, "workflows/planted.py")
    assert len(problems) == 1 and "workflows.planted imports" in problems[0]
    assert problems[0].startswith("workflows/planted.py:")


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("workflows.planted", "from scrutiny.store.engine import Database, open_database\n"),
        ("workflows.planted", "from scrutiny.store.unit_of_work import UnitOfWork\n"),
        ("workflows.planted", "from scrutiny.store import reads\n"),
        ("store.planted", "from sqlalchemy import select\nfrom scrutiny.store.tables import X\n"),
        ("web.planted", "from sqlalchemy import Engine\n"),
    ],
)
def test_the_store_and_its_repositories_stay_allowed(module: str, source: str) -> None:
    assert _storage_violations(module, source, "planted.py") == []
