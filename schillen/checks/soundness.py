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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx

from schillen.diagnostics import Diagnostic, quote
from schillen.graph import DEFAULT, KIND, LABELS, NAME, post_dominators, start_steps
from schillen.model import StepKind

__all__ = ["CODES", "MAX_STATES", "SoundnessResult", "decide_soundness", "iter_soundness_problems", "reduce_process"]

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
# The kinds as the graph stores them, looked up once: an enum member's .value is a property call.
_DECISION, _START, _END, _SPLIT = (StepKind.DECISION.value, StepKind.START.value, StepKind.END.value,
                                  StepKind.PARALLEL_SPLIT.value)

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


@dataclass(frozen=True)
class _Flow:
    """A flow of the reduced process: from ``source`` to ``target`` through the steps of ``path``.

    The steps of ``path`` were passed in one move (they are in a plain sequence);
    ``labels`` and ``default`` are those of the first original flow.
    """

    source: str
    target: str
    path: tuple[str, ...]
    labels: tuple[str, ...]
    default: bool

    @property
    def first(self) -> str:
        """The first original step a token on this flow runs."""
        return self.path[0] if self.path else self.target

    @property
    def last(self) -> str:
        """The last original step before the flow's target."""
        return self.path[-1] if self.path else self.source


_PATH = "path"
Edge = tuple[str, str, int]


class _Link(NamedTuple):
    """What a flow of the process being reduced carries: the steps passed on the way (``path``),
    and the labels and default of the first original flow."""

    path: tuple[str, ...]
    labels: tuple[str, ...]
    default: bool


def reduce_process(graph: nx.DiGraph[str]) -> tuple[nx.MultiDiGraph[str], dict[str, tuple[str, Any]]]:
    """Reduce the well-structured parts of a process, keeping its soundness.

    Rules (each preserves soundness; together they settle block-structured fragments):

    * a step with one flow in and one out is passed in one move (its flows fuse);
    * several flows from a decision to one step that is not a parallel join fuse
      (whichever answer, the token arrives at the same place);
    * several flows from a parallel split or join to one parallel join fuse (the
      tokens arrive together);
    * a loop back from a decision to itself, or to a step that leads straight
      back to it, is dropped (it can always be left, and runs nothing else);
    * a region entered only through a decision and left only through one step
      that is not a parallel join, holding no parallel split or join, from every
      step of which that exit can be reached, becomes one flow (one token goes
      through it and always comes out: the choices that cross inside it, which
      the rules above cannot take apart, need no exploring).

    Returns:
        The reduced multigraph (edge attribute ``path``: the steps passed on the
        way, with the labels of the first original flow) and, for every step that
        was reduced away from all flows, its witness: ``("flow", edge)`` or
        ``("step", node)``: the step runs in some run iff its witness does.
    """
    reducer = _reduce(graph)
    return reducer.multigraph(graph), reducer.witnesses()


def _reduce(graph: nx.DiGraph[str]) -> _Reducer:
    """Apply the rules of :func:`reduce_process` until none applies."""
    reducer = _Reducer(graph)
    succ, pred = reducer.succ, reducer.pred
    pending = deque(succ)  # in the fiche's order, so that explanations follow it
    while pending:
        while pending:  # local rules, until nothing changes around the steps they touched
            node = pending.popleft()
            if node not in succ:
                continue
            around = {*pred[node], *succ[node]}  # before the step may go; sorted only if it changed
            if reducer.reduce_at(node):
                pending.extend(n for n in (node, *sorted(around, key=reducer.order.__getitem__)) if n in succ)
        pending = deque(reducer.reduce_choice_regions())
    return reducer


class _Reducer:
    """The process being reduced: a multigraph as plain dicts, laid out and ordered as networkx's
    ``MultiDiGraph`` keeps its adjacency (step -> neighbour -> edge key -> data), edge keys included.

    The rules read flows thousands of times per fiche; networkx's views cost a call or more per
    read, these dicts none.  :meth:`multigraph` gives the same ``MultiDiGraph`` as if every change
    had been made to one.
    """

    def __init__(self, graph: nx.DiGraph[str]) -> None:
        self.kind: dict[str, str] = {n: data[KIND] for n, data in graph.nodes(data=True)}
        self.order = {n: i for i, n in enumerate(graph)}
        self.succ: dict[str, dict[str, dict[int, _Link]]] = {n: {} for n in graph}
        self.pred: dict[str, dict[str, dict[int, _Link]]] = {n: {} for n in graph}
        # The pairs of steps that flows join, in the order of their first flow: the order networkx
        # keeps each step's neighbours in, and so the order to rebuild them in (:meth:`multigraph`).
        self.pairs: dict[tuple[str, str], None] = {}
        self.riding: dict[Edge, list[str]] = {}  # steps whose fate follows an edge
        self.by_step: dict[str, tuple[str, Any]] = {}
        for u, v, data in graph.edges(data=True):
            self.add_edge(u, v, _Link((), data[LABELS], data[DEFAULT]))

    def add_edge(self, u: str, v: str, link: _Link) -> int:
        """Add a flow from ``u`` to ``v``; its key is the one networkx would give it."""
        keys = self.succ[u].get(v)
        if keys is None:
            keys = self.succ[u][v] = self.pred[v][u] = {}
            self.pairs[u, v] = None
        key = len(keys)
        while key in keys:
            key += 1
        keys[key] = link
        return key

    def remove_edge(self, u: str, v: str, key: int) -> None:
        keys = self.succ[u][v]
        del keys[key]
        if not keys:
            del self.succ[u][v], self.pred[v][u], self.pairs[u, v]

    def remove_node(self, node: str) -> None:
        for target in self.succ.pop(node):
            del self.pred[target][node], self.pairs[node, target]
        for source in self.pred.pop(node):
            del self.succ[source][node], self.pairs[source, node]

    def multigraph(self, graph: nx.DiGraph[str]) -> nx.MultiDiGraph[str]:
        """The reduced process as a networkx multigraph (see :func:`reduce_process`), with the data of its steps."""
        work: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        work.add_nodes_from((n, graph.nodes[n]) for n in self.succ)
        for u, v in self.pairs:
            for key, link in self.succ[u][v].items():
                work.add_edge(u, v, key, **{_PATH: link.path, LABELS: link.labels, DEFAULT: link.default})
        return work

    def witnesses(self) -> dict[str, tuple[str, Any]]:
        found = dict(self.by_step)
        for edge, steps in self.riding.items():
            found.update((step, ("flow", edge)) for step in steps)
        return found

    def drop(self, edge: Edge, witness: tuple[str, Any]) -> None:
        """Remove ``edge``; the steps on it run when ``witness`` does."""
        u, v, key = edge
        for step in (*self.succ[u][v][key].path, *self.riding.pop(edge, [])):
            if witness[0] == "flow":
                self.riding.setdefault(witness[1], []).append(step)
            else:
                self.by_step[step] = witness
        self.remove_edge(u, v, key)

    def outs(self, node: str) -> list[Edge]:
        """The flows out of ``node``, in the order networkx's ``out_edges(node, keys=True)`` gives them."""
        return [(node, target, key) for target, keys in self.succ[node].items() for key in keys]

    def ins(self, node: str) -> list[Edge]:
        """The flows into ``node``, in the order networkx's ``in_edges(node, keys=True)`` gives them."""
        return [(source, node, key) for source, keys in self.pred[node].items() for key in keys]

    def reduce_at(self, node: str) -> bool:
        kinds = self.kind
        kind = kinds[node]
        changed = self.fuse_parallel(node, kind) if kind in _FUSING else False
        outs = self.outs(node)
        if kind == _DECISION and len(outs) >= 2:
            for edge in outs:
                target = edge[1]
                if target == node:
                    self.drop(edge, ("step", node))
                    return True
                if kinds[target] not in _MERGING or sum(map(len, self.pred[target].values())) < 2:
                    continue
                back = self.outs(target)
                if len(back) == 1 and back[0][1] == node:
                    self.drop(edge, ("step", node))
                    return True
        if kind in (_START, _END) or len(outs) != 1:
            return changed
        ins = self.ins(node)
        if len(ins) != 1:
            return changed
        (u, _, k1), (_, w, k2) = ins[0], outs[0]
        if u == node or w == node:
            return changed
        first, second = self.succ[u][node][k1], self.succ[node][w][k2]
        key = self.add_edge(u, w, _Link((*first.path, node, *second.path), first.labels, first.default))
        self.riding[(u, w, key)] = [*self.riding.pop((u, node, k1), []), *self.riding.pop((node, w, k2), [])]
        self.remove_node(node)
        return True

    def reduce_choice_regions(self) -> list[str]:
        """Replace every largest choice-only region by one flow; return the steps around them."""
        succ, kinds = self.succ, self.kind
        starts = [n for n in succ if kinds[n] == _START]
        ends = [n for n in succ if kinds[n] == _END]
        if len(starts) != 1 or not ends:
            return []
        exits = post_dominators(succ, ends)
        regions: list[tuple[int, str, str, set[str]]] = []
        for entry in succ:
            exit_ = exits.get(entry)
            if kinds[entry] != _DECISION or exit_ is None or exit_ == entry or kinds[exit_] == _JOIN:
                continue
            inside = self._region(entry, exit_)
            if inside:
                regions.append((len(inside), entry, exit_, inside))
        touched: set[str] = set()
        around: list[str] = []
        for _, entry, exit_, inside in sorted(regions, key=lambda r: -r[0]):
            if touched & (inside | {entry, exit_}):
                continue
            touched |= inside | {entry, exit_}
            _, target, key = next(e for e in self.outs(entry) if e[1] in inside)
            first = succ[entry][target][key]
            for step in inside:
                self.by_step[step] = ("step", entry)
                for edge in [*self.ins(step), *self.outs(step)]:
                    u, v, k = edge
                    for rider in (*succ[u][v][k].path, *self.riding.pop(edge, [])):
                        self.by_step[rider] = ("step", entry)
            for step in inside:
                self.remove_node(step)
            self.add_edge(entry, exit_, _Link((), first.labels, first.default))
            around += [entry, exit_]
        return around

    def _region(self, entry: str, exit_: str) -> set[str]:
        """The steps between ``entry`` and ``exit_``, if they form a choice-only region (else empty)."""
        succ, pred = self.succ, self.pred
        inside: set[str] = set()
        queue = [t for t in succ[entry] if t != exit_]
        while queue:
            node = queue.pop()
            if node in inside or node == entry:
                continue
            if self.kind[node] not in _MERGING:
                return set()
            inside.add(node)
            queue.extend(t for t in succ[node] if t != exit_)
        if not inside or any(p not in inside and p != entry for n in inside for p in pred[n]):
            return set()  # entered elsewhere than through the decision
        reaching = {exit_}
        queue = [exit_]
        while queue:
            for p in pred[queue.pop()]:
                if p in inside and p not in reaching:
                    reaching.add(p)
                    queue.append(p)
        return inside if inside <= reaching else set()

    def fuse_parallel(self, node: str, kind: str) -> bool:
        """Fuse flows from ``node`` to one target that arrive as one (see :func:`reduce_process`)."""
        if kind not in _FUSING:
            return False
        into_join = kind != _DECISION  # a decision's flows fuse into any step but a join, the others' into a join
        changed = False
        for target, keys in list(self.succ[node].items()):
            if len(keys) > 1 and target != node and (self.kind[target] == _JOIN) == into_join:
                edges = [(node, target, key) for key in keys]
                for edge in edges[1:]:
                    self.drop(edge, ("flow", edges[0]))
                changed = True
        return changed


_MERGING = {StepKind.TASK.value, StepKind.WAIT.value, StepKind.CALL.value, _DECISION}
_FUSING = {_DECISION, _SPLIT, _JOIN}
"""The kinds whose flows to one target may fuse (:meth:`_Reducer.fuse_parallel`)."""


class _Net:
    """The flows of a (reduced) process, numbered, with what each step needs and gives."""

    def __init__(self, graph: nx.DiGraph[str], reduced: _Reducer) -> None:
        self.graph = graph
        self.order = {n: i for i, n in enumerate(graph)}
        # numbered as networkx's reduced multigraph lists its edges (reduced.multigraph(graph).edges)
        self.edges: list[Edge] = [edge for node in reduced.succ for edge in reduced.outs(node)]
        self.flows = [_Flow(u, v, *reduced.succ[u][v][key]) for u, v, key in self.edges]
        number = {edge: i for i, edge in enumerate(self.edges)}
        self.inputs = {n: [number[e] for e in reduced.ins(n)] for n in reduced.succ}
        self.outputs = {n: [number[e] for e in reduced.outs(n)] for n in reduced.succ}
        self.kind = {n: reduced.kind[n] for n in reduced.succ}

    def name(self, step: str) -> str:
        return quote(self.graph.nodes[step][NAME])

    def names(self, steps: Iterable[str]) -> list[str]:
        """Quoted names, in the order of the fiche, each once."""
        return [self.name(s) for s in sorted(set(steps), key=self.order.__getitem__)]

    def answer(self, flow: int) -> str:
        """The words for taking ``flow`` out of a decision: its label, or the step it leads to."""
        data = self.flows[flow]
        if data.labels:
            return quote(data.labels[0])
        return quote("default") if data.default else self.name(data.first)


def _moves(net: _Net, state: State) -> Iterator[tuple[_Move, list[int], list[int]]]:
    """Every step that can run in ``state``: (move, flows consumed, flows produced)."""
    seen: set[str] = set()
    for flow in sorted(state):
        step = net.flows[flow].target
        kind = net.kind[step]
        if kind == _JOIN:
            if step in seen or not all(f in state for f in net.inputs[step]):
                continue
            seen.add(step)
            yield _Move(step, None), net.inputs[step], net.outputs[step]
        elif kind == _DECISION:
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
    nl = " en ".join(f"het antwoord op {d} {a} is" for d, a in conditions)
    return f"if {en}, ", f"als {nl}, "


def decide_soundness(graph: nx.DiGraph[str], *, max_states: int = MAX_STATES, reduce: bool = True) -> SoundnessResult:
    """Decide whether the process ``graph`` is sound, and explain every violation.

    The graph should pass the structural checks first (one start, ends reachable).
    With ``reduce`` (the default) well-structured fragments are settled first by
    :func:`reduce_process`; without it every state is explored (for comparison).
    """
    starts = start_steps(graph)
    if len(starts) != 1:
        return SoundnessResult(None)
    reduced = _reduce(graph) if reduce else _Reducer(graph)
    witnesses = reduced.witnesses()
    net = _Net(graph, reduced)
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
                    target = net.flows[doubled[0]].first
                    search.problem("soundness.double-run", target, state, move, step=net.name(target))
                continue
            following: State = rest.union(produced)
            if net.kind[move.step] == _END and following:
                search.faulty.add(state)
                if not reported:
                    reported.add("unfinished")
                    running = net.names({net.flows[f].first for f in following})
                    search.problem("soundness.unfinished-branch", move.step, state, move,
                                   end=net.name(move.step), running=", ".join(running))
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
        marked = {f for state in search.parent for f in state}
        marked_edges = {net.edges[f] for f in marked}
        ran = set(search.ran) | {step for f in marked for step in net.flows[f].path}
        pending = dict(witnesses)
        while True:  # witnesses may be steps that were reduced away themselves
            settled = [step for step, (kind, witness) in pending.items()
                       if (kind == "step" and witness in ran) or (kind == "flow" and witness in marked_edges)]
            if not settled:
                break
            for step in settled:
                ran.add(step)
                del pending[step]
        for step in graph:
            if step not in ran:
                search.problems.append(
                    Diagnostic("", 0, 0, "soundness.dead-step", {"step": net.name(step)}, ("process", step))
                )
    return SoundnessResult(not search.problems, search.problems, len(search.parent))


def _report_deadlocks(search: _Search) -> None:
    net, reported = search.net, set()
    for state in search.deadlocks:
        waiting = sorted({net.flows[f].target for f in state}, key=net.order.__getitem__)
        for step in waiting:
            if step in reported:
                continue
            reported.add(step)
            missing = [net.flows[f].last for f in net.inputs[step] if f not in state]
            names = net.names(missing)
            several = len(names) > 1
            search.problem("soundness.deadlock", step, state, avoided=missing[0], step=net.name(step),
                           missing=" and ".join([", ".join(names[:-1]), names[-1]] if several else names),
                           missing_nl=" en ".join([", ".join(names[:-1]), names[-1]] if several else names),
                           runs="run" if several else "runs",
                           runs_nl="die nooit uitgevoerd worden" if several else "die nooit uitgevoerd wordt")


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
        loop.extend(step for f in current for step in net.flows[f].path if step not in loop)
        for following in search.edges.get(current, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    search.problem("soundness.livelock", min(loop, key=net.order.__getitem__), state, loop=", ".join(net.names(loop)))


def iter_soundness_problems(graph: nx.DiGraph[str], *, max_states: int = MAX_STATES) -> Iterator[Diagnostic]:
    """Yield the soundness violations of ``graph`` (see :func:`decide_soundness`)."""
    yield from decide_soundness(graph, max_states=max_states).problems
