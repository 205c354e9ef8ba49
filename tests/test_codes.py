"""Codes are data, documented: ``docs/diagnostics.md`` has one section per code, kept current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schillen.diagnostics import CODES, format_text
from tests.conftest import BAD, ROOT, check_copy

DOC = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", DOC, re.S | re.M))


def test_one_heading_per_code_in_catalogue_order():
    assert re.findall(r"^## (.+)$", DOC, re.M) == list(CODES)


@pytest.mark.parametrize("code", list(CODES))
def test_section_has_severity_a_failing_and_a_fixed_example(code: str):
    section = SECTIONS[code]
    assert f"**Severity:** {CODES[code].severity.name.lower()}" in section
    fails = section.index("**Fails**")
    fixed = section.index("**Fixed**")
    assert fails < fixed
    assert re.search(r"\*\*Fails\*\*\s*```(yaml|sh|xml)\n.+?```", section, re.S)
    assert re.search(r"\*\*Fixed\*\*\s*```(yaml|sh|xml)\n.+?```", section, re.S)


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_quoted_output_is_what_the_tool_prints(path: Path, tmp_path: Path):
    """The English and Dutch output shown for a code is the current output for its bad fiche."""
    diagnostics = [d.located("fiches/bad.yaml", d.line, d.column)
                   for d in check_copy(path, tmp_path) if d.code == path.stem]
    assert diagnostics
    section = SECTIONS[path.stem]
    assert format_text(diagnostics, "en") in section
    # The Dutch example may use another value; its words must be the current ones.
    dutch = CODES[path.stem].nl.message.split("{")[0]
    assert f"{CODES[path.stem].severity.label('nl')} {path.stem}: {dutch}" in section
