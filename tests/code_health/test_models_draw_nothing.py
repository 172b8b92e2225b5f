"""Models never draw random numbers: the risk engine samples every input and hands arrays over,
so results do not depend on how iterations are split into chunks."""

from __future__ import annotations

import ast
from pathlib import Path

MODELS = Path(__file__).resolve().parents[2] / "src" / "scrutiny" / "models"


def random_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if "random" in a.name]
        elif isinstance(node, ast.ImportFrom) and "random" in (node.module or ""):
            found.append(node.module or "")
        elif isinstance(node, ast.Attribute) and node.attr in {"random", "default_rng"}:
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_no_model_module_draws_random_numbers() -> None:
    files = sorted(MODELS.glob("*.py"))
    assert len(files) >= 8
    offenders = {f.name: uses for f in files if (uses := random_uses(f))}
    assert offenders == {}


def test_the_check_sees_a_draw(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import numpy as np\nx = np.random.default_rng(0)\n", encoding="utf-8")
    assert random_uses(sample) == ["line 2: .default_rng", "line 2: .random"]
