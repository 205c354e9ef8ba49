"""The strict gate inside the test suite: ruff and mypy --strict pass (STYLE habit 12).

``scripts/check`` runs them too, with coverage; these tests make CI, which runs only
the README's pytest command, run them as well. They use the tools installed beside
the Python that runs the tests (the test extra) and the settings in pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN))
    if found is None:
        pytest.skip(f"{name} is not installed in {BIN} (it comes with: pip install -e '.[test]')")
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_finds_nothing():
    done = _run(_tool("ruff"), "check", "--no-fix", "schillen", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing():
    done = _run(_tool("mypy"))  # files, strict and the pydantic plugin: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found"), done.stdout
