"""The suite without Playwright: `pytest -m "not browser"` collects every other test, and a run
that would need the browser says so in one line.

Playwright is made unimportable in a child pytest by an import hook in a `sitecustomize` module
(as if it were not installed); its pytest plugin is left out with ``-p no:playwright``, as it
would be absent too.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
BROWSER_MODULES = "test_*browser*.py"

BLOCK_PLAYWRIGHT = """
import sys

class _NoPlaywright:
    def find_spec(self, name, path=None, target=None):
        if name == "playwright" or name.startswith("playwright."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoPlaywright())
"""


def _pytest_without_playwright(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(BLOCK_PLAYWRIGHT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(hook)}
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [sys.executable, "-m", "pytest", "-p", "no:playwright", "-p", "no:randomly"]
    return subprocess.run(
        [*command, "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_hook_really_hides_playwright(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(BLOCK_PLAYWRIGHT, encoding="utf-8")
    code = "import playwright.sync_api"
    blocked = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(hook)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert blocked.returncode != 0 and "No module named 'playwright" in blocked.stderr


def test_not_browser_collects_every_other_test_without_playwright(tmp_path: Path) -> None:
    result = _pytest_without_playwright(
        tmp_path, "--collect-only", "-q", "-m", "not browser", "tests/web"
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert any(line.startswith("tests/web/test_web_pages.py::") for line in collected)
    assert not [line for line in collected if "browser" in line.split("::")[0]]


def test_a_run_that_needs_the_browser_says_so_in_one_line(tmp_path: Path) -> None:
    result = _pytest_without_playwright(
        tmp_path, "--collect-only", "-q", "tests/web/test_web_browser_forms.py"
    )
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "the browser tests need Playwright, which is not installed" in said
    assert '-m "not browser"' in said


def test_only_browser_modules_import_playwright() -> None:
    """The rule the collection hook relies on: Playwright is imported only by modules named
    like browser tests (anywhere in them), so leaving those out leaves no import of it."""
    importers = []
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "playwright" or n.startswith("playwright.") for n in names):
                importers.append(path)
    assert importers  # the browser tests do import it
    assert [p for p in importers if not fnmatch.fnmatch(p.name, BROWSER_MODULES)] == []
