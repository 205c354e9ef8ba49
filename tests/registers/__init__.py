"""Tests of register interfaces (schillen.registers): the bundled grar.yaml, loading, schema and questions."""

from __future__ import annotations

from tests.conftest import DATA

MINI = DATA / "register.yaml"
"""A trimmed register interface: one object (gebouw), one code list, two operations."""


def mini(old: str = "", new: str = "") -> str:
    """The text of :data:`MINI` with ``old`` replaced by ``new`` (once; ``old`` must be there)."""
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)
