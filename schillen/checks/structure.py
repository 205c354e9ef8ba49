"""Structural checks of a process: starts and ends, reachability, successors, gateways, cycles.

Each check yields diagnostics with a ``loc`` only (``("process", step_id, ...)``);
:func:`schillen.checks.run_checks` places them at their line.

Passing::

    aanvraag:  {kind: start, name: Aanvraag, next: beslissen}
    beslissen: {kind: decision, name: Volledig?, branches: {ja: klaar, nee: aanvraag}}
    klaar:     {kind: end, name: Klaar}

Failing (``graph.unreachable-step`` on ``vergeten``, ``graph.decision-branches`` on ``beslissen``)::

    aanvraag:  {kind: start, name: Aanvraag, next: beslissen}
    beslissen: {kind: decision, name: Volledig?, branches: {ja: klaar}}
    vergeten:  {kind: task, name: Vergeten stap, actor: loket, next: klaar}
    klaar:     {kind: end, name: Klaar}
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import networkx as nx

from schillen.diagnostics import Diagnostic, quote
from schillen.graph import (
    ACTOR,
    KIND,
    NAME,
    end_steps,
    iter_kinds,
    reachable_steps,
    start_steps,
    steps_reaching_an_end,
)
from schillen.model import StepKind

__all__ = ["CODES", "iter_structure_problems"]

CODES = (
    "graph.no-start",
    "graph.multiple-starts",
    "graph.no-end",
    "graph.unreachable-step",
    "graph.no-way-to-end",
    "graph.decision-branches",
    "graph.successors",
    "graph.split-branches",
    "graph.join-inputs",
    "graph.unmatched-split",
    "graph.cycle-without-decision",
    "graph.task-without-actor",
)

_ONE_SUCCESSOR = {StepKind.START.value, StepKind.TASK.value, StepKind.WAIT.value, StepKind.CALL.value,
                  StepKind.PARALLEL_JOIN.value}


def _step(graph: nx.DiGraph[str], node: str) -> str:
    return quote(graph.nodes[node][NAME])


def _problem(code: str, loc: tuple[str | int, ...], **args: Any) -> Diagnostic:
    return Diagnostic("", 0, 0, code, args, loc)


def iter_structure_problems(graph: nx.DiGraph[str]) -> Iterator[Diagnostic]:
    """Yield every structural problem of the process ``graph`` (see :mod:`schillen.graph`)."""
    starts = start_steps(graph)
    if not starts:
        yield _problem("graph.no-start", ("process",))
    for extra in starts[1:]:
        yield _problem("graph.multiple-starts", ("process", extra), step=_step(graph, extra),
                       first=_step(graph, starts[0]))
    ends = end_steps(graph)
    if not ends:
        yield _problem("graph.no-end", ("process",))

    reachable: set[str] = set()
    for start in starts:
        reachable |= reachable_steps(graph, start)
    finishing = steps_reaching_an_end(graph)
    cycles = list(_cycles_without_decision(graph))
    looping = {node for _, component in cycles for node in component}
    # A step reported for where it leads (no 'next', too few branches, a loop without a decision)
    # explains why the steps before it cannot finish: once it is put right, they can. They are not
    # reported again; a trap that would remain after that fix still is, at its entry.
    broken = _broken_ways(graph)
    explained = set(broken) | looping
    could_finish = finishing.union(explained, *(nx.ancestors(graph, n) for n in explained))
    unreachable = _first_unreachable(graph, reachable) if starts else set()
    above = {b: a for a, b in itertools.pairwise(graph)}  # each step -> the step above it in the fiche
    for node in graph:
        if starts and node not in reachable:
            if node in unreachable:
                yield _problem("graph.unreachable-step", ("process", node), step=_step(graph, node),
                               **_lost_at(graph, broken, reachable, above.get(node)))
        elif ends and node not in could_finish and (
            node in starts or any(p in could_finish for p in graph.predecessors(node))
        ):  # the way into a trap: the steps after it follow from it
            yield _problem("graph.no-way-to-end", ("process", node), step=_step(graph, node))
    yield from _successors(graph)
    yield from _unmatched_splits(graph, starts)
    yield from (problem for problem, _ in cycles)
    for node, data in graph.nodes(data=True):
        if data[KIND] == StepKind.TASK.value and not data[ACTOR]:
            yield _problem("graph.task-without-actor", ("process", node), step=_step(graph, node))


_BECAUSE = {
    "next": ("has no 'next'", "die geen 'next' heeft"),
    "branches": ("has no 'branches'", "die geen 'branches' heeft"),
    "one-branch": ("leads to only one step", "die maar naar één stap leidt"),
    "itself": ("leads to itself", "die naar zichzelf leidt"),
}


def _broken_ways(graph: nx.DiGraph[str]) -> dict[str, str]:
    """The steps whose way on is itself reported, and how (a key of ``_BECAUSE``), in the fiche's order:
    no 'next' or no 'branches' (out of a step that is not an end), a decision that leads to one step, a
    step that leads only to itself."""
    broken: dict[str, str] = {}
    for node, kind in iter_kinds(graph):
        out = graph.out_degree(node)
        if kind == _DECISION and out < 2:
            broken[node] = "branches" if out == 0 else "itself" if graph.has_edge(node, node) else "one-branch"
        elif kind != StepKind.END.value and out == 0:
            broken[node] = "next"
        elif out == 1 and graph.has_edge(node, node):
            broken[node] = "itself"
    return broken


def _lost_at(graph: nx.DiGraph[str], broken: dict[str, str], reachable: set[str], step: str | None
             ) -> dict[str, str]:
    """For an unreachable step: ``step``, the one just above it in the fiche, when that one can be reached
    and its way on is broken (so it probably should lead here), with why; {} otherwise.

    Fiches are written in the order of the process, so the step meant to lead to an unreachable one is
    most often the one above it; a broken step further away is not named, as the unreachable step may be
    an orphan of its own.
    """
    if step is None or step not in broken or step not in reachable:
        return {}
    because, because_nl = _BECAUSE[broken[step]]
    return {"after": _step(graph, step), "because": because, "because_nl": because_nl}


def _first_unreachable(graph: nx.DiGraph[str], reachable: set[str]) -> set[str]:
    """The first step of each unreachable stretch: the others can only be reached through it."""
    lost = [n for n in graph if n not in reachable]
    first: set[str] = set()
    covered: set[str] = set()
    # Steps nothing lost leads to come first, then any loop of lost steps, in the fiche's order.
    heads = [n for n in lost if all(p in reachable for p in graph.predecessors(n))]
    for node in [*heads, *lost]:
        if node not in covered:
            first.add(node)
            covered |= {node} | nx.descendants(graph, node)
    return first


_DECISION, _SPLIT, _JOIN = StepKind.DECISION.value, StepKind.PARALLEL_SPLIT.value, StepKind.PARALLEL_JOIN.value


def _successors(graph: nx.DiGraph[str]) -> Iterator[Diagnostic]:
    out_degree, in_degree = graph.out_degree, graph.in_degree
    for node, kind in iter_kinds(graph):
        out = out_degree(node)
        if kind == _DECISION and out < 2:
            yield _problem("graph.decision-branches", ("process", node), step=_step(graph, node), count=out,
                           none="" if out else "yes")
        elif kind in _ONE_SUCCESSOR and out != 1:
            yield _problem("graph.successors", ("process", node, "next") if out else ("process", node),
                           step=_step(graph, node), count=out, kind=quote(kind), many="yes" if out > 1 else "",
                           none="" if out else "yes")
        elif kind == _SPLIT and out < 2:
            yield _problem("graph.split-branches", ("process", node), step=_step(graph, node), count=out,
                           branches="only one branch" if out else "no branch",
                           branches_nl="maar één tak" if out else "geen enkele tak")
        if kind == _JOIN and (into := in_degree(node)) < 2:
            yield _problem("graph.join-inputs", ("process", node), step=_step(graph, node), count=into,
                           inputs="only one step" if into else "no step",
                           inputs_nl="maar één stap" if into else "geen enkele stap")


_SINK = ("sink",)  # a node name no fiche can use (ids are text)


def _unmatched_splits(graph: nx.DiGraph[str], starts: list[str]) -> Iterator[Diagnostic]:
    """A parallel split must be closed by a parallel join that every one of its branches reaches.

    That join is the split's immediate post-dominator: the first step that every
    path from the split to an end passes through.
    """
    splits = [n for n, kind in iter_kinds(graph) if kind == StepKind.PARALLEL_SPLIT.value]
    ends = end_steps(graph)
    if not splits or not ends:
        return
    # The edges only: no step data to copy.
    reverse: nx.DiGraph[str | tuple[str]] = nx.DiGraph((v, u) for u, v in graph.edges)
    reverse.add_nodes_from(graph)
    reverse.add_edges_from((_SINK, end) for end in ends)
    post = nx.immediate_dominators(reverse, _SINK)
    for split in splits:
        if graph.out_degree(split) < 2 or split not in post:
            continue  # reported as split-branches or no-way-to-end
        closer = post[split]
        if closer == _SINK or graph.nodes[closer][KIND] != StepKind.PARALLEL_JOIN.value:
            where = "" if closer == _SINK or graph.nodes[closer][KIND] == StepKind.END.value else _step(graph, closer)
            yield _problem("graph.unmatched-split", ("process", split), step=_step(graph, split), meets=where)


def _cycles_without_decision(graph: nx.DiGraph[str]) -> Iterator[tuple[Diagnostic, set[str]]]:
    """Every cycle must pass through a decision, or nothing ever leaves it (with the steps of each)."""
    deciding = {n for n, kind in iter_kinds(graph) if kind == StepKind.DECISION.value}
    rest = graph.subgraph(n for n in graph if n not in deciding)
    order = {n: i for i, n in enumerate(graph)}
    for component in nx.strongly_connected_components(rest):
        node = min(component, key=order.__getitem__)
        if len(component) > 1 or rest.has_edge(node, node):
            cycle = nx.find_cycle(rest.subgraph(component), node)
            names = " → ".join(_step(graph, u) for u, _ in cycle)
            yield (_problem("graph.cycle-without-decision", ("process", node), step=_step(graph, node), cycle=names,
                            itself="yes" if len(component) == 1 else ""),
                   set(component))
