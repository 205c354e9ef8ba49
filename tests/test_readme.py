"""The README's Quickstart and Python examples are what a new user runs first: keep them true."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quickstart_has_exactly_two_commands():
    block = re.search(r"^## Quickstart.*?^```[a-z]*\n(.*?)^```", README, re.S | re.M).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/schillen book fiches -o site",
        ".venv/bin/python -m pytest",
    ]


@pytest.mark.parametrize("block", re.findall(r"^```python\n(.*?)^```", README, re.S | re.M))
def test_python_examples_run(block: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    # In a copy of the fiches, so that what an example writes (the book) stays out of the repository.
    shutil.copytree(ROOT / "fiches", tmp_path / "fiches")
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(block, "README.md", "exec"), {})
    assert out.getvalue()
