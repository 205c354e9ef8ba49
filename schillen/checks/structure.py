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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from schillen.diagnostics import Diagnostic, quote
from schillen.graph import ACTOR, KIND, NAME, end_steps, iter_kinds, post_dominators, start_steps
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

    # The analyses below walk the steps many times: over plain lists, not networkx's views (a call per step).
    kinds = dict(iter_kinds(graph))
    after = {node: list(targets) for node, targets in graph.adjacency()}
    before: dict[str, list[str]] = {node: [] for node in after}
    for node, targets in after.items():
        for target in targets:
            before[target].append(node)
    reachable = _reach(after, starts)
    finishing = _reach(before, ends)
    cycles = list(_cycles_without_decision(graph, kinds, after))
    looping = {node for _, component in cycles for node in component}
    # A step reported for where it leads (no 'next', too few branches, a loop without a decision)
    # explains why the steps before it cannot finish: once it is put right, they can. They are not
    # reported again; a trap that would remain after that fix still is, at its entry.
    broken = _broken_ways(kinds, after)
    could_finish = finishing | _reach(before, set(broken) | looping)
    unreachable = _first_unreachable(after, before, reachable) if starts else set()
    above = {b: a for a, b in itertools.pairwise(graph)}  # each step -> the step above it in the fiche
    for node in graph:
        if starts and node not in reachable:
            if node in unreachable:
                yield _problem("graph.unreachable-step", ("process", node), step=_step(graph, node),
                               **_lost_at(graph, broken, reachable, above.get(node)))
        elif ends and node not in could_finish and (
            node in starts or any(p in could_finish for p in before[node])
        ):  # the way into a trap: the steps after it follow from it
            yield _problem("graph.no-way-to-end", ("process", node), step=_step(graph, node))
    yield from _successors(graph, kinds, after, before)
    yield from _unmatched_splits(graph, kinds, after, ends)
    yield from (problem for problem, _ in cycles)
    for node, data in graph.nodes(data=True):
        if data[KIND] == _TASK and not data[ACTOR]:
            yield _problem("graph.task-without-actor", ("process", node), step=_step(graph, node))


def _reach(adjacency: Mapping[str, Iterable[str]], sources: Iterable[str]) -> set[str]:
    """The steps reached from ``sources`` along ``adjacency`` (successors, or predecessors), ``sources`` included."""
    found = set(sources)
    stack = list(found)
    while stack:
        for node in adjacency[stack.pop()]:
            if node not in found:
                found.add(node)
                stack.append(node)
    return found


_BECAUSE = {
    "next": ("has no 'next'", "die geen 'next' heeft"),
    "branches": ("has no 'branches'", "die geen 'branches' heeft"),
    "one-branch": ("leads to only one step", "die maar naar één stap leidt"),
    "itself": ("leads to itself", "die naar zichzelf leidt"),
}


def _broken_ways(kinds: dict[str, str | None], after: dict[str, list[str]]) -> dict[str, str]:
    """The steps whose way on is itself reported, and how (a key of ``_BECAUSE``), in the fiche's order:
    no 'next' or no 'branches' (out of a step that is not an end), a decision that leads to one step, a
    step that leads only to itself."""
    broken: dict[str, str] = {}
    for node, kind in kinds.items():
        out = len(after[node])
        if kind == _DECISION and out < 2:
            broken[node] = "branches" if out == 0 else "itself" if node in after[node] else "one-branch"
        elif kind != _END and out == 0:
            broken[node] = "next"
        elif out == 1 and node in after[node]:
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


def _first_unreachable(after: dict[str, list[str]], before: dict[str, list[str]], reachable: set[str]) -> set[str]:
    """The first step of each unreachable stretch: the others can only be reached through it."""
    lost = [n for n in after if n not in reachable]
    first: set[str] = set()
    covered: set[str] = set()
    # Steps nothing lost leads to come first, then any loop of lost steps, in the fiche's order.
    heads = [n for n in lost if all(p in reachable for p in before[n])]
    for node in [*heads, *lost]:
        if node not in covered:
            first.add(node)
            covered |= _reach(after, [node])
    return first


# The kinds as the graph stores them, looked up once: an enum member's .value is a property call.
_DECISION, _SPLIT, _JOIN = StepKind.DECISION.value, StepKind.PARALLEL_SPLIT.value, StepKind.PARALLEL_JOIN.value
_TASK, _END = StepKind.TASK.value, StepKind.END.value


def _successors(graph: nx.DiGraph[str], kinds: dict[str, str | None], after: dict[str, list[str]],
                before: dict[str, list[str]]) -> Iterator[Diagnostic]:
    for node, kind in kinds.items():
        out = len(after[node])
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
        if kind == _JOIN and (into := len(before[node])) < 2:
            yield _problem("graph.join-inputs", ("process", node), step=_step(graph, node), count=into,
                           inputs="only one step" if into else "no step",
                           inputs_nl="maar één stap" if into else "geen enkele stap")


def _unmatched_splits(graph: nx.DiGraph[str], kinds: dict[str, str | None], after: dict[str, list[str]],
                      ends: list[str]) -> Iterator[Diagnostic]:
    """A parallel split must be closed by a parallel join that every one of its branches reaches.

    That join is the split's immediate post-dominator: the first step that every
    path from the split to an end passes through.
    """
    splits = [n for n, kind in kinds.items() if kind == _SPLIT]
    if not splits or not ends:
        return
    post = post_dominators(after, ends)
    for split in splits:
        if len(after[split]) < 2 or split not in post:
            continue  # reported as split-branches or no-way-to-end
        closer = post[split]
        if closer is None or kinds[closer] != _JOIN:
            where = "" if closer is None or kinds[closer] == _END else _step(graph, closer)
            yield _problem("graph.unmatched-split", ("process", split), step=_step(graph, split), meets=where)


def _cycles_without_decision(graph: nx.DiGraph[str], kinds: dict[str, str | None], after: dict[str, list[str]]
                             ) -> Iterator[tuple[Diagnostic, set[str]]]:
    """Every cycle must pass through a decision, or nothing ever leaves it (with the steps of each)."""
    if not _has_cycle_without_decision(kinds, after):
        return  # as in most processes; the components below cost far more than this test
    deciding = {n for n, kind in kinds.items() if kind == _DECISION}
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


def _has_cycle_without_decision(kinds: dict[str, str | None], after: dict[str, list[str]]) -> bool:
    """Whether some cycle avoids every decision: the steps other than decisions cannot all be put in
    an order in which each comes after those that lead to it (Kahn's topological sort)."""
    into = {node: 0 for node, kind in kinds.items() if kind != _DECISION}
    for node in into:
        for target in after[node]:
            if target in into:
                into[target] += 1
    free = [node for node, count in into.items() if count == 0]
    placed = 0
    while free:
        placed += 1
        for target in after[free.pop()]:
            if target in into:
                into[target] -= 1
                if into[target] == 0:
                    free.append(target)
    return placed < len(into)
