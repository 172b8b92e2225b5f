"""The dependency rule of architecture.md, checked by walking the source with `ast`.

Core packages never import an edge (store, web, cli, reports, readers), the application layer or
a library that does I/O; nothing imports upward.
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


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
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
        for line, imported in _imports(path):
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
