"""Helpers shared by the tests of the fiches in ``fiches/``."""

from __future__ import annotations

from schillen.model import Fiche


def interactions(fiche: Fiche) -> set[tuple[str, str]]:
    """Every register interaction of ``fiche``: (step id, "read Object" or "operation Object")."""
    return {
        (sid, f"read {i.read}" if i.read else f"{i.operation} {i.object}")
        for sid, step in fiche.process.items()
        for i in step.interactions
    }
