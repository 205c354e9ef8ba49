"""Property: settling well-structured fragments by reduction never changes the verdict.

Processes are built from blocks (sequences, choices, parallel branches, loops),
then some are damaged (a merge made a join, a join made a merge, an extra way
out of a decision), which gives sound and unsound processes of every shape.
"""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schillen.checks.soundness import decide_soundness
from schillen.checks.structure import iter_structure_problems
from schillen.graph import ACTOR, DEFAULT, KIND, LABELS, NAME, STARTS


class _Builder:
    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.graph = nx.DiGraph()
        self.count = itertools.count()

    def node(self, kind: str) -> str:
        name = f"{kind[0]}{next(self.count)}"
        self.graph.add_node(name, **{KIND: kind, NAME: name, ACTOR: "x"})
        return name

    def edge(self, u: str, v: str) -> None:
        decision = self.graph.nodes[u][KIND] == "decision"
        self.graph.add_edge(u, v, **{LABELS: (f"naar {v}",) if decision else (), DEFAULT: False})

    def block(self, depth: int) -> tuple[str, str]:
        """A fragment with one entry and one exit."""
        shape = self.draw(st.sampled_from(["task"] if depth > 2 else ["task", "seq", "xor", "and", "loop"]))
        if shape == "task":
            task = self.node("task")
            return task, task
        if shape == "seq":
            first, middle = self.block(depth + 1)
            second, last = self.block(depth + 1)
            self.edge(middle, second)
            return first, last
        if shape == "loop":
            merge, decide = self.node("task"), self.node("decision")
            entry, exit_ = self.block(depth + 1)
            self.edge(merge, entry)
            self.edge(exit_, decide)
            self.edge(decide, merge)
            out = self.node("task")
            self.edge(decide, out)
            return merge, out
        split = self.node("decision" if shape == "xor" else "parallel_split")
        join = self.node("task" if shape == "xor" else "parallel_join")
        for _ in range(self.draw(st.integers(2, 3))):
            entry, exit_ = self.block(depth + 1)
            self.edge(split, entry)
            self.edge(exit_, join)
        return split, join


@st.composite
def processes(draw: st.DrawFn, damaged: bool = True) -> nx.DiGraph:
    builder = _Builder(draw)
    start, end = builder.node("start"), builder.node("end")
    entry, exit_ = builder.block(0)
    builder.edge(start, entry)
    builder.edge(exit_, end)
    G = builder.graph
    G.graph[STARTS] = [start]
    for _ in range(draw(st.integers(0, 2)) if damaged else 0):
        damage = draw(st.sampled_from(["to-join", "to-merge", "extra-branch"]))
        if damage == "to-join":
            merges = sorted(n for n in G if G.nodes[n][KIND] == "task" and G.in_degree(n) >= 2)
            if merges:
                G.nodes[draw(st.sampled_from(merges))][KIND] = "parallel_join"
        elif damage == "to-merge":
            joins = sorted(n for n in G if G.nodes[n][KIND] == "parallel_join")
            if joins:
                G.nodes[draw(st.sampled_from(joins))][KIND] = "task"
        else:
            decisions = sorted(n for n in G if G.nodes[n][KIND] == "decision")
            if decisions:
                source = draw(st.sampled_from(decisions))
                target = draw(st.sampled_from(sorted(n for n in G if G.nodes[n][KIND] not in ("start",))))
                if target != source and not G.has_edge(source, target):
                    builder.edge(source, target)
    return G


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes())
def test_reduction_keeps_the_verdict(G: nx.DiGraph):
    if list(iter_structure_problems(G)):
        return  # soundness runs only on a clean structure
    reduced = decide_soundness(G, max_states=50_000)
    full = decide_soundness(G, max_states=50_000, reduce=False)
    if reduced.sound is None or full.sound is None:
        return
    assert reduced.sound == full.sound, (list(G.edges), [d.message() for d in full.problems],
                                         [d.message() for d in reduced.problems])
    assert {d.code for d in reduced.problems} == {d.code for d in full.problems}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes(damaged=False))
def test_block_structured_processes_are_sound_and_settle_without_exploring(G: nx.DiGraph):
    assert list(iter_structure_problems(G)) == []
    result = decide_soundness(G)
    assert (result.sound, result.problems, result.states) == (True, [], 2)
