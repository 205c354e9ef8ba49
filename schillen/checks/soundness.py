"""Soundness of a process: it can always finish, finishes once, and every step can run.

The semantics are those of BPMN's exclusive and parallel gateways, by the kind
of step: a token moves along the flows.  A task, wait or call runs for each
token that arrives (an implicit merge); a decision sends its token along one
branch; a parallel split sends a token along every outgoing flow (several flows
into it merge, as into a task: BPMN would draw an exclusive merge before it); a
parallel join waits for a token on every incoming flow, then sends one along
every outgoing flow; an end consumes its token.  A process is *sound* when

* it can always complete: from every state some end can still be reached, and
  no step waits forever (no deadlock) or loops forever (no livelock);
* it completes properly: when an end is reached no other branch is still
  running, and no step is ever reached twice at the same time (which would
  make it run twice: lack of synchronisation);
* it has no dead steps: every step runs in some run of the process.

This is decided exactly by exploring the states of the process (which flows
hold a token).  Steps in a plain sequence are passed in one move, so only
choices and concurrency make states.  The exploration stops at a budget of
states and then says so (``soundness.undecided``) rather than hang.

Every violation is explained as the answers to decisions that lead to it, in
the author's words ("if 'Adres gekend?' is 'nee', step 'samenvoegen' waits
forever for 'woonstvaststelling', which never runs").

Passing::

    start: {kind: start, name: Start, next: split}
    split: {kind: parallel_split, name: Tegelijk, next: [a, b]}
    a:     {kind: task, name: A, actor: x, next: join}
    b:     {kind: task, name: B, actor: x, next: join}
    join:  {kind: parallel_join, name: Samen, next: einde}
    einde: {kind: end, name: Einde}

Failing (``soundness.deadlock`` at ``join``: if 'Keuze' is 'a', it waits for 'B')::

    start: {kind: start, name: Start, next: keuze}
    keuze: {kind: decision, name: Keuze, branches: {a: a, b: b}}
    a:     {kind: task, name: A, actor: x, next: join}
    b:     {kind: task, name: B, actor: x, next: join}
    join:  {kind: parallel_join, name: Samen, next: einde}
    einde: {kind: end, name: Einde}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from schillen.diagnostics import Diagnostic, quote
from schillen.graph import DEFAULT, KIND, LABELS, NAME, start_steps
from schillen.model import StepKind

__all__ = ["CODES", "MAX_STATES", "SoundnessResult", "decide_soundness", "iter_soundness_problems"]

CODES = (
    "soundness.deadlock",
    "soundness.livelock",
    "soundness.unfinished-branch",
    "soundness.double-run",
    "soundness.dead-step",
    "soundness.undecided",
)

MAX_STATES = 200_000
"""States explored before the verdict is "undecided"."""

_JOIN = StepKind.PARALLEL_JOIN.value

# A state is the set of flows (edge numbers) that hold a token.
State = frozenset[int]


@dataclass
class SoundnessResult:
    """The verdict on one process.

    Attributes:
        sound: True, False, or None when the state budget ran out.
        problems: the diagnostics explaining each violation (``loc`` only).
        states: how many states were explored.
    """

    sound: bool | None
    problems: list[Diagnostic] = field(default_factory=list)
    states: int = 0


@dataclass(frozen=True)
class _Move:
    """How a state was reached: the step that ran and, for a decision, the flow it took."""

    step: str
    flow: int | None


class _Net:
    """The flows of a process graph, numbered, with what each step needs and gives."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.flows: list[tuple[str, str]] = list(graph.edges)
        number = {edge: i for i, edge in enumerate(self.flows)}
        self.inputs = {n: [number[e] for e in graph.in_edges(n)] for n in graph}
        self.outputs = {n: [number[e] for e in graph.out_edges(n)] for n in graph}
        self.kind = dict(graph.nodes(data=KIND))

    def name(self, step: str) -> str:
        return quote(self.graph.nodes[step][NAME])

    def answer(self, flow: int) -> str:
        """The words for taking ``flow`` out of a decision: its label, or the step it leads to."""
        source, target = self.flows[flow]
        data = self.graph.edges[source, target]
        if data[LABELS]:
            return quote(data[LABELS][0])
        return quote("default") if data[DEFAULT] else self.name(target)


def _moves(net: _Net, state: State) -> Iterator[tuple[_Move, list[int], list[int]]]:
    """Every step that can run in ``state``: (move, flows consumed, flows produced)."""
    seen: set[str] = set()
    for flow in sorted(state):
        step = net.flows[flow][1]
        kind = net.kind[step]
        if kind == _JOIN:
            if step in seen or not all(f in state for f in net.inputs[step]):
                continue
            seen.add(step)
            yield _Move(step, None), net.inputs[step], net.outputs[step]
        elif kind == StepKind.DECISION.value:
            for out in net.outputs[step]:
                yield _Move(step, out), [flow], [out]
        else:  # task, wait, call, parallel split, end: runs once per arriving token
            yield _Move(step, None), [flow], net.outputs[step]


@dataclass
class _Search:
    net: _Net
    parent: dict[State, tuple[State, _Move] | None] = field(default_factory=dict)
    edges: dict[State, list[State]] = field(default_factory=dict)
    ran: set[str] = field(default_factory=set)
    problems: list[Diagnostic] = field(default_factory=list)
    deadlocks: list[State] = field(default_factory=list)
    faulty: set[State] = field(default_factory=set)
    """States with a move that breaks proper completion (already reported)."""

    def decisions(self, state: State) -> list[_Move]:
        """The decisions taken on the shortest way to ``state``, in order."""
        taken: list[_Move] = []
        link = self.parent.get(state)
        while link is not None:
            previous, move = link
            if move.flow is not None:
                taken.append(move)
            link = self.parent.get(previous)
        return taken[::-1]

    def problem(
        self, code: str, at: str, state: State, move: _Move | None = None, *, avoided: str | None = None,
        **args: Any,
    ) -> None:
        """Record a problem at step ``at``, met in ``state`` (then by ``move``, if given).

        The explanation names the last decision on the way there: the answer that
        made the difference.  With ``avoided``, it is the last decision that could
        have led to that step instead.
        """
        taken = self.decisions(state)
        if move is not None and move.flow is not None:
            taken.append(move)
        if avoided is not None:
            taken = [m for m in taken if avoided in nx.descendants(self.net.graph, m.step) or avoided == m.step]
        last = [(self.net.name(m.step), self.net.answer(m.flow)) for m in taken[-1:] if m.flow is not None]
        when_en, when_nl = _when(last)
        self.problems.append(
            Diagnostic("", 0, 0, code, {"when": when_en, "when_nl": when_nl, **args}, ("process", at))
        )


def _when(conditions: list[tuple[str, str]]) -> tuple[str, str]:
    """The way to a problem in words: "if 'X?' is 'nee', " / "als 'X?' 'nee' is, "."""
    if not conditions:
        return "in every run, ", "in elke uitvoering "
    en = " and ".join(f"{d} is {a}" for d, a in conditions)
    nl = " en ".join(f"{d} {a} is" for d, a in conditions)
    return f"if {en}, ", f"als {nl}, "


def decide_soundness(graph: nx.DiGraph, *, max_states: int = MAX_STATES) -> SoundnessResult:
    """Decide whether the process ``graph`` is sound, and explain every violation.

    The graph should pass the structural checks first (one start, ends reachable).
    """
    net = _Net(graph)
    starts = start_steps(graph)
    if len(starts) != 1:
        return SoundnessResult(None)
    search = _Search(net)
    initial: State = frozenset(net.outputs[starts[0]])
    search.parent[initial] = None
    search.ran.add(starts[0])
    queue = deque([initial])
    reported: set[str] = set()
    while queue:
        state = queue.popleft()
        successors: list[State] = []
        for move, consumed, produced in _moves(net, state):
            search.ran.add(move.step)
            rest = state.difference(consumed)
            doubled = [f for f in produced if f in rest]
            if doubled:  # a step reached a second time while it is still running
                search.faulty.add(state)
                if "double" not in reported:  # the shortest case explains it; the rest follow from it
                    reported.add("double")
                    target = net.flows[doubled[0]][1]
                    search.problem("soundness.double-run", target, state, move, step=net.name(target))
                continue
            following: State = rest.union(produced)
            if net.kind[move.step] == StepKind.END.value and following:
                search.faulty.add(state)
                if not reported:
                    running = sorted({net.flows[f][1] for f in following}, key=list(graph).index)
                    reported.add("unfinished")
                    search.problem("soundness.unfinished-branch", move.step, state, move,
                                   end=net.name(move.step), running=", ".join(net.name(s) for s in running))
                continue
            successors.append(following)
            if following not in search.parent:
                search.parent[following] = (state, move)
                if len(search.parent) > max_states:
                    undecided = Diagnostic("", 0, 0, "soundness.undecided", {"limit": max_states}, ("process",))
                    return SoundnessResult(None, [*search.problems, undecided], len(search.parent))
                queue.append(following)
        search.edges[state] = successors
        if state and not successors and not any(True for _ in _moves(net, state)):
            search.deadlocks.append(state)
    _report_deadlocks(search)
    _report_livelocks(search)
    if not search.problems:
        for step in graph:
            if step not in search.ran:
                search.problems.append(
                    Diagnostic("", 0, 0, "soundness.dead-step", {"step": net.name(step)}, ("process", step))
                )
    return SoundnessResult(not search.problems, search.problems, len(search.parent))


def _report_deadlocks(search: _Search) -> None:
    net, reported = search.net, set()
    for state in search.deadlocks:
        waiting = sorted({net.flows[f][1] for f in state}, key=list(net.graph).index)
        for step in waiting:
            if step in reported:
                continue
            reported.add(step)
            missing = [net.flows[f][0] for f in net.inputs[step] if f not in state]
            names = [net.name(m) for m in missing]
            several = len(names) > 1
            search.problem("soundness.deadlock", step, state, avoided=missing[0], step=net.name(step),
                           missing=" and ".join([", ".join(names[:-1]), names[-1]] if several else names),
                           missing_nl=" en ".join([", ".join(names[:-1]), names[-1]] if several else names),
                           runs="run" if several else "runs",
                           runs_nl="die nooit uitgevoerd worden" if several else "dat nooit uitgevoerd wordt")


def _report_livelocks(search: _Search) -> None:
    """States from which no end can be reached, though something can still run: loops without exit."""
    net = search.net
    finished = {s for s in search.edges if not s} | search.faulty
    backwards: dict[State, list[State]] = {}
    for state, successors in search.edges.items():
        for following in successors:
            backwards.setdefault(following, []).append(state)
    can_finish = set(finished)
    queue = deque(finished)
    while queue:
        for previous in backwards.get(queue.popleft(), ()):
            if previous not in can_finish:
                can_finish.add(previous)
                queue.append(previous)
    stuck = [s for s in search.edges if s not in can_finish and search.edges[s]]
    if not stuck or search.deadlocks:
        return  # a deadlock explains why the end is out of reach
    state = stuck[0]
    loop: list[str] = []
    seen = {state}
    queue = deque([state])
    while queue:
        current = queue.popleft()
        for move, _, _ in _moves(net, current):
            if move.step not in loop:
                loop.append(move.step)
        for following in search.edges.get(current, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    order = list(net.graph).index
    loop.sort(key=order)
    search.problem("soundness.livelock", loop[0], state, loop=", ".join(net.name(s) for s in loop))


def iter_soundness_problems(graph: nx.DiGraph, *, max_states: int = MAX_STATES) -> Iterator[Diagnostic]:
    """Yield the soundness violations of ``graph`` (see :func:`decide_soundness`)."""
    yield from decide_soundness(graph, max_states=max_states).problems
