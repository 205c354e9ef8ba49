"""Checks of a loaded fiche, one module per family, registered in :data:`CHECKS`.

Each check is a generator of diagnostics with a ``loc`` only; :func:`run_checks`
builds the process graph once, runs the checks in order and places every
diagnostic at its line.  Soundness runs only on a process whose structure is
clean, so that one mistake gives one diagnostic (:data:`REQUIRES`); the checks
against the register run on every fiche; scenarios run on a sound process whose
names the register knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from schillen._gc import paused_collection
from schillen.checks.register import iter_path_problems, iter_register_problems
from schillen.checks.soundness import iter_soundness_problems
from schillen.checks.structure import iter_structure_problems
from schillen.diagnostics import Diagnostic, Severity
from schillen.graph import REGISTER, SCENARIOS, to_graph
from schillen.loading import Catalogue
from schillen.model import Fiche
from schillen.registers import Register

__all__ = ["CHECKS", "REQUIRES", "check_catalogue", "run_checks"]

Check = Callable[["nx.DiGraph[str]"], Iterator[Diagnostic]]


def iter_scenario_problems(graph: nx.DiGraph[str]) -> Iterator[Diagnostic]:
    """Run the fiche's scenarios (:mod:`schillen.scenarios`); imported only for a fiche that has some."""
    if not graph.graph.get(SCENARIOS):
        return iter(())
    from schillen.scenarios import iter_scenario_problems as run

    return run(graph)


CHECKS: dict[str, Check] = {
    "structure": iter_structure_problems,
    "soundness": iter_soundness_problems,
    "register": iter_register_problems,
    "register-paths": iter_path_problems,
    "scenarios": iter_scenario_problems,
}
"""The checks in the order they run."""

REQUIRES: dict[str, tuple[str, ...]] = {"soundness": ("structure",), "register-paths": ("register",),
                                        "scenarios": ("structure", "soundness", "register")}
"""Checks that run only when the checks named here (when they ran) found no error."""


def run_checks(fiche: Fiche, *, only: tuple[str, ...] | None = None, register: Register | None = None
               ) -> list[Diagnostic]:
    """Run the checks on ``fiche`` and return its diagnostics, located and sorted.

    Args:
        fiche: a fiche as :func:`schillen.loading.load_fiche` returns it.
        only: names of checks to run (keys of :data:`CHECKS`); all by default.
        register: the register interface to check against; the bundled grar by default.
    """
    graph = to_graph(fiche)
    if register is not None:
        graph.graph[REGISTER] = register
    found: list[Diagnostic] = []
    failed: set[str] = set()
    for name, check in CHECKS.items():
        if (only is not None and name not in only) or failed.intersection(REQUIRES.get(name, ())):
            continue
        problems = list(check(graph))
        found.extend(problems)
        if any(d.severity is Severity.ERROR for d in problems):
            failed.add(name)
    smap = fiche.source_map
    if smap is None:
        return sorted(found)
    return sorted(d.located(fiche.file, *smap.locate(d.loc)) for d in found)


def check_catalogue(catalogue: Catalogue, *, register: Register | None = None) -> Catalogue:
    """Add the diagnostics of :func:`run_checks` for every fiche of ``catalogue`` (in place)."""
    with paused_collection():
        for fiche in catalogue.fiches.values():
            catalogue.diagnostics.extend(run_checks(fiche, register=register))
    catalogue.diagnostics.sort()
    return catalogue
