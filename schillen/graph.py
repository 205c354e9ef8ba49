"""A fiche's process as a networkx graph, and analyses of it as plain functions.

:func:`to_graph` turns ``fiche.process`` into an :class:`networkx.DiGraph`: one
node per step, one edge per possible succession.  The attribute keys are the
constants below (use them rather than string literals).

Node attributes:
    ``KIND``         the :class:`~schillen.model.StepKind` value ("task", "decision", ...)
    ``NAME``         the step's name, as readers see it
    ``ACTOR``        the actor id, or None
    ``DEADLINE``     the :class:`~schillen.model.Deadline`, or None
    ``TIMER``        the timer of a wait step, or None
    ``CALL``         the called fiche id, or None
    ``INTERACTIONS`` the step's register interactions (a list)

Edge attributes:
    ``LABELS``       branch labels of a decision that lead along this edge (a tuple;
                     empty for a plain ``next``); two answers may lead to one step
    ``DEFAULT``      True when the edge is the decision's ``default``

Graph attributes: ``graph.graph[FICHE]`` is the fiche id, ``graph.graph[STARTS]``
the ids of the start steps, ``graph.graph[KERN]`` the ``kern``: register object ->
its attributes, as the fiche lists them, ``graph.graph[SCENARIOS]`` its scenarios by name.

Examples:
    >>> from schillen.model import Fiche
    >>> fiche = Fiche.model_validate({
    ...     "id": "x", "title": "X", "version": "1.0.0", "status": "draft",
    ...     "updated": "2026-11-28", "summary": "X.",
    ...     "process": {
    ...         "a": {"kind": "start", "name": "Aanvraag", "next": "b"},
    ...         "b": {"kind": "decision", "name": "Volledig?", "branches": {"ja": "c", "nee": "a2"}},
    ...         "a2": {"kind": "task", "name": "Aanvullen", "next": "b"},
    ...         "c": {"kind": "end", "name": "Klaar"},
    ...     },
    ... })
    >>> G = to_graph(fiche)
    >>> sorted(G.edges(data=LABELS))
    [('a', 'b', ()), ('a2', 'b', ()), ('b', 'a2', ('nee',)), ('b', 'c', ('ja',))]
    >>> sorted(reachable_steps(G, "a2"))
    ['a2', 'b', 'c']
    >>> end_dependencies(G, "c")
    ['a', 'a2', 'b']
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping

import networkx as nx

from schillen.model import Fiche, StepKind

__all__ = [
    "ACTOR",
    "CALL",
    "DEADLINE",
    "DEFAULT",
    "FICHE",
    "GAPS",
    "INTERACTIONS",
    "KERN",
    "KIND",
    "LABELS",
    "NAME",
    "REGISTER",
    "SCENARIOS",
    "STARTS",
    "TIMER",
    "end_dependencies",
    "end_steps",
    "iter_kinds",
    "paths_between",
    "post_dominators",
    "reachable_steps",
    "start_steps",
    "steps_reaching_an_end",
    "to_graph",
]

KIND = "kind"
NAME = "name"
ACTOR = "actor"
DEADLINE = "deadline"
TIMER = "timer"
CALL = "call"
INTERACTIONS = "interactions"
LABELS = "labels"
DEFAULT = "default"
FICHE = "fiche"
STARTS = "starts"
KERN = "kern"
REGISTER = "register"
"""Graph attribute: the register interface to check the process against (the bundled grar when absent)."""
SCENARIOS = "scenarios"
"""Graph attribute: the fiche's scenarios, name -> :class:`~schillen.model.Scenario`."""
GAPS = "register_gaps"
"""Graph attribute: the register gaps the fiche declares (:class:`~schillen.model.RegisterGap`), in order."""

_END = StepKind.END.value  # looked up once: an enum member's .value is a property call


def to_graph(fiche: Fiche) -> nx.DiGraph[str]:
    """The process of ``fiche`` as a directed graph (see the module docstring)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph[FICHE] = fiche.id
    graph.graph[STARTS] = [sid for sid, step in fiche.process.items() if step.kind is StepKind.START]
    graph.graph[KERN] = {obj: list(attributes) for obj, attributes in fiche.shells.kern.items()}
    graph.graph[SCENARIOS] = dict(fiche.scenarios)
    graph.graph[GAPS] = list(fiche.register_gaps)
    for sid, step in fiche.process.items():
        graph.add_node(
            sid,
            **{
                KIND: step.kind.value,
                NAME: step.name,
                ACTOR: step.actor,
                DEADLINE: step.deadline,
                TIMER: step.timer,
                CALL: step.call,
                INTERACTIONS: list(step.interactions),
            },
        )
    for sid, step in fiche.process.items():
        for target in step.next:
            _add_edge(graph, sid, target, None, default=False)
        for label, target in step.branches.items():
            _add_edge(graph, sid, target, label, default=False)
        if step.default is not None:
            _add_edge(graph, sid, step.default, None, default=True)
    return graph


def _add_edge(graph: nx.DiGraph[str], source: str, target: str, label: str | None, *, default: bool) -> None:
    if target not in graph:  # a reference the loader reports; the graph stays within the process
        return
    if graph.has_edge(source, target):
        data = graph.edges[source, target]
        if label is not None:
            data[LABELS] = (*data[LABELS], label)
        data[DEFAULT] = data[DEFAULT] or default
        return
    graph.add_edge(source, target, **{LABELS: () if label is None else (label,), DEFAULT: default})


def start_steps(graph: nx.DiGraph[str]) -> list[str]:
    """The ids of the start steps, in the order of the fiche."""
    return list(graph.graph.get(STARTS, ()))


def end_steps(graph: nx.DiGraph[str]) -> list[str]:
    """The ids of the end steps, in the order of the fiche."""
    return [n for n, kind in iter_kinds(graph) if kind == _END]


def iter_kinds(graph: nx.Graph[str]) -> Iterator[tuple[str, str | None]]:
    """Each step and its kind (``KIND``: "task", "decision", ...), in the order of the fiche.

    The same pairs as ``graph.nodes(data=KIND)``, typed (the networkx stubs
    give a node's whole attribute dict there).

    Examples:
        >>> G = nx.DiGraph()
        >>> G.add_node("a", kind="start"); G.add_node("b")
        >>> list(iter_kinds(G))
        [('a', 'start'), ('b', None)]
    """
    for node, data in graph.nodes(data=True):
        yield node, data.get(KIND)


def reachable_steps(graph: nx.DiGraph[str], source: str) -> set[str]:
    """Every step that can run after ``source`` (``source`` included)."""
    return {source} | nx.descendants(graph, source)


def steps_reaching_an_end(graph: nx.DiGraph[str]) -> set[str]:
    """Every step from which some end step can be reached (the ends included)."""
    found: set[str] = set()
    for end in end_steps(graph):
        found |= {end} | nx.ancestors(graph, end)
    return found


def paths_between(
    graph: nx.DiGraph[str], source: str, target: str, *, cutoff: int | None = None
) -> Iterator[list[str]]:
    """Every simple path (no step twice) from ``source`` to ``target``, shortest first.

    Examples:
        >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
        >>> list(paths_between(G, "a", "c"))
        [['a', 'c'], ['a', 'b', 'c']]
    """
    paths = nx.shortest_simple_paths(graph, source, target)
    if cutoff is None:
        yield from paths
    else:
        yield from itertools.takewhile(lambda path: len(path) - 1 <= cutoff, paths)


def end_dependencies(graph: nx.DiGraph[str], end: str, starts: Iterable[str] | None = None) -> list[str]:
    """The steps an end depends on: those on some path from a start to ``end``, sorted."""
    before = nx.ancestors(graph, end)
    after_start: set[str] = set()
    for start in start_steps(graph) if starts is None else starts:
        after_start |= reachable_steps(graph, start)
    return sorted(before & after_start)


def post_dominators(successors: Mapping[str, Iterable[str]], ends: Iterable[str]) -> dict[str, str | None]:
    """The immediate post-dominator of every step from which an end can be reached.

    A step's immediate post-dominator is the first step that every way from it to an
    end passes through: the parallel join that closes a parallel split, the step where
    the branches of a decision meet.  It is None when there is no such step (the ways
    part at different ends, or the step is an end).  Steps from which no end can be
    reached are left out.  (What ``nx.immediate_dominators`` gives on the reversed
    graph with one sink after every end, without building that graph.)

    Args:
        successors: each step -> the steps right after it: ``graph.succ``, or a plain
            dict of lists, which is faster.
        ends: the steps where the process ends.

    Examples:
        >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("d", "f")])
        >>> sorted(post_dominators(G.succ, ["e", "f"]).items())
        [('a', 'd'), ('b', 'd'), ('c', 'd'), ('d', None), ('e', None), ('f', None)]
    """
    before: dict[str, list[str]] = {node: [] for node in successors}
    for node, after in successors.items():
        for target in after:
            before[target].append(node)
    # Cooper, Harvey and Kennedy's "simple, fast dominance algorithm", as networkx runs it, on the
    # reversed flow from a sink after every end (None: no step id): number the steps in post-order
    # of a depth-first search from the sink, then refine each step's guess until nothing changes.
    ends = list(ends)  # walked twice
    postorder: list[str] = []
    seen: set[str] = set()
    for end in ends:
        if end in seen:
            continue
        seen.add(end)
        stack = [(end, iter(before[end]))]
        while stack:
            node, pending = stack[-1]
            for previous in pending:
                if previous not in seen:
                    seen.add(previous)
                    stack.append((previous, iter(before[previous])))
                    break
            else:
                stack.pop()
                postorder.append(node)
    rank: dict[str | None, int] = {node: i for i, node in enumerate(postorder)}
    rank[None] = len(postorder)
    idom: dict[str | None, str | None] = {None: None}

    def meet(a: str | None, b: str | None) -> str | None:
        while a != b:
            while rank[a] < rank[b]:
                a = idom[a]
            while rank[a] > rank[b]:
                b = idom[b]
        return a

    is_end = set(ends)
    changed = True
    while changed:
        changed = False
        for node in reversed(postorder):
            ways: Iterable[str | None] = (*successors[node], None) if node in is_end else successors[node]
            found = functools.reduce(meet, (way for way in ways if way in idom))
            if node not in idom or idom[node] != found:
                idom[node] = found
                changed = True
    return {node: found for node, found in idom.items() if node is not None}
