"""The import contracts in pyproject.toml hold, and they really catch a violation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300)


def copy_of_the_tree(tmp_path: Path) -> Path:
    for name in ("explainer", "models", "pages", "deploy", "bench", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("explainer/maths/softmax.py", "import streamlit", "only the Streamlit layer"),
        ("explainer/data/mnist.py", "from explainer.figures import style", "layers:"),
        ("explainer/ui/resources.py", "import deploy.serving", "layers:"),
        ("explainer/ui/shell/lecture.py", "import explainer.ui.sections.training", "ui: components > sections"),
        (
            "explainer/server/replica.py",
            "import explainer.store.database",
            "explainer.server, the Streamlit workarounds",
        ),
        ("explainer/figures/otto.py", "import explainer.training.engine", "figures only draw"),
        ("deploy/serving.py", "import bench.student", "layers:"),
        ("bench/student.py", "import tests.support.browser", "layers:"),
        ("tests/test_home.py", "import tests.test_links", "no test module imports another"),
        ("models/mlp.py", "import numpy", "models/ imports only torch"),
        ("pages/softmax.py", "import pages.training", "no page imports another page"),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(tmp_path, module, line, broken):
    tree = copy_of_the_tree(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + f"\n{line}  # deliberate violation\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    verdicts = [line for line in result.stdout.splitlines() if line.endswith((" KEPT", " BROKEN"))]
    assert [line for line in verdicts if line.endswith("BROKEN")] == [
        line for line in verdicts if line.startswith(broken)
    ], result.stdout


def test_only_the_server_package_imports_streamlits_internals():
    """Streamlit's internals change between releases: the workarounds that need them live in explainer/server/."""
    internal = re.compile(
        r"^\s*(from|import) streamlit\.(runtime|web|proto|config)\b|^\s*from streamlit import config", re.M
    )
    users = sorted(
        str(path.relative_to(ROOT))
        for folder in ("explainer", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if internal.search(path.read_text(encoding="utf-8"))
    )
    assert users == [
        "explainer/server/batched_sends.py",
        "explainer/server/process.py",
        "explainer/server/runs.py",
        "explainer/server/theme_message.py",
    ]
