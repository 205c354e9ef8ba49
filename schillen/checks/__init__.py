"""Checks of a loaded fiche, one module per family, registered in :data:`CHECKS`.

Each check is a generator of diagnostics with a ``loc`` only; :func:`run_checks`
builds the process graph once, runs the checks in order and places every
diagnostic at its line.  Soundness runs only on a process whose structure is
clean, so that one mistake gives one diagnostic (:data:`REQUIRES`); the checks
against the register run on every fiche; scenarios run on a sound process whose
names the register knows.  The register's name checks also run on a file that did
not load (:func:`check_unloaded`), as far as its data can be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from schillen._gc import paused_collection
from schillen.checks.register import iter_path_problems, iter_register_problems, iter_unloaded_register_problems
from schillen.checks.soundness import iter_soundness_problems
from schillen.checks.structure import iter_structure_problems
from schillen.diagnostics import Diagnostic, Severity
from schillen.graph import REGISTER, SCENARIOS, to_graph
from schillen.loading import Catalogue, UnloadedFiche
from schillen.model import Fiche
from schillen.registers import Register

__all__ = ["CHECKS", "REQUIRES", "check_catalogue", "check_unloaded", "run_checks"]

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
    """Add the diagnostics of :func:`run_checks` for every fiche of ``catalogue`` (in place).

    A file that was read but did not load (``catalogue.unloaded``) gets the register's
    name checks all the same (:func:`check_unloaded`), so that its register mistakes are
    reported together with the error that kept it from loading.
    """
    with paused_collection():
        for fiche in catalogue.fiches.values():
            catalogue.diagnostics.extend(run_checks(fiche, register=register))
        if catalogue.unloaded:
            errors = {(d.file, d.line, d.column) for d in catalogue.diagnostics if d.severity is Severity.ERROR}
            for unloaded in catalogue.unloaded:
                catalogue.diagnostics.extend(d for d in check_unloaded(unloaded, register=register)
                                             if (d.file, d.line, d.column) not in errors)
    catalogue.diagnostics.sort()
    return catalogue


def check_unloaded(unloaded: UnloadedFiche, *, register: Register | None = None) -> list[Diagnostic]:
    """The register's name checks on a fiche file that did not load, located and sorted.

    The same diagnostics (``register.no-such-object``, ``-attribute``, ``-operation``,
    ``-value``) as :func:`run_checks` gives a loaded fiche, for what of the file's data
    can be read (:func:`schillen.checks.register.iter_unloaded_register_problems`); the
    checks of the process (structure, soundness, paths, scenarios) need a loaded fiche.
    """
    smap = unloaded.source_map
    return sorted({d.located(unloaded.file, *smap.locate(d.loc))
                   for d in iter_unloaded_register_problems(unloaded.data, register)})
