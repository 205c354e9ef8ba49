"""The process graph: nodes, edges and attributes, and the analyses over it."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from schillen.graph import (
    ACTOR,
    DEADLINE,
    DEFAULT,
    FICHE,
    KIND,
    LABELS,
    NAME,
    end_dependencies,
    end_steps,
    paths_between,
    post_dominators,
    reachable_steps,
    start_steps,
    steps_reaching_an_end,
    to_graph,
)
from schillen.loading import load_fiche
from tests.conftest import MINIMAL, ROOT, process_fiche


def test_minimal_fiche_graph_shape():
    G = to_graph(load_fiche(MINIMAL))
    assert G.graph[FICHE] == "minimal"
    assert list(G.nodes) == [
        "aangifte", "controle", "gekend", "wachten", "splitsen", "rijksregister", "melden", "samen", "ingeschreven",
    ]
    assert sorted(G.edges(data=LABELS)) == [
        ("aangifte", "controle", ()),
        ("controle", "gekend", ()),
        ("gekend", "splitsen", ("ja",)),
        ("gekend", "wachten", ("nee",)),
        ("melden", "samen", ()),
        ("rijksregister", "samen", ()),
        ("samen", "ingeschreven", ()),
        ("splitsen", "melden", ()),
        ("splitsen", "rijksregister", ()),
        ("wachten", "controle", ()),
    ]
    assert G.nodes["controle"][KIND] == "task"
    assert G.nodes["controle"][ACTOR] == "loket"
    assert G.nodes["gekend"][NAME] == "Adres gekend?"
    assert G.nodes["aangifte"][DEADLINE].within == 8
    assert start_steps(G) == ["aangifte"] and end_steps(G) == ["ingeschreven"]


def test_two_answers_to_one_step_share_an_edge_and_default_is_marked():
    fiche = process_fiche(
        "  s: {kind: start, name: S, next: d}\n"
        "  d: {kind: decision, name: D?, branches: {ja: e, ook: e}, default: t}\n"
        "  t: {kind: task, name: T, actor: x, next: e}\n"
        "  e: {kind: end, name: E}\n"
    )
    G = to_graph(fiche)
    assert G.edges["d", "e"] == {LABELS: ("ja", "ook"), DEFAULT: False}
    assert G.edges["d", "t"] == {LABELS: (), DEFAULT: True}


def test_analyses():
    G = to_graph(load_fiche(MINIMAL))
    assert reachable_steps(G, "samen") == {"samen", "ingeschreven"}
    assert steps_reaching_an_end(G) == set(G)
    assert end_dependencies(G, "ingeschreven") == sorted(set(G) - {"ingeschreven"})
    assert list(paths_between(G, "gekend", "samen")) == [  # equal lengths in the fiche's order
        ["gekend", "splitsen", "rijksregister", "samen"],
        ["gekend", "splitsen", "melden", "samen"],
    ]
    assert list(paths_between(G, "aangifte", "samen", cutoff=4)) == []


def test_every_bundled_fiche_is_a_connected_graph():
    for path in sorted((ROOT / "fiches").glob("*.yaml")):
        G = to_graph(load_fiche(path))
        assert nx.is_weakly_connected(G), path.stem
        [start] = start_steps(G)
        assert reachable_steps(G, start) == set(G), path.stem


@settings(max_examples=300, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25),
       ends=st.sets(st.integers(0, 9), min_size=1, max_size=3))
def test_post_dominators_agree_with_networkx(edges: list[tuple[int, int]], ends: set[int]) -> None:
    """``post_dominators`` is networkx's immediate dominators of the reversed graph with a sink after every end,
    on any graph: several ends, loops, steps from which no end can be reached."""
    graph = nx.DiGraph()
    graph.add_nodes_from(f"s{n}" for n in range(10))
    graph.add_edges_from((f"s{a}", f"s{b}") for a, b in edges)
    end_names = sorted(f"s{n}" for n in ends)
    reversed_graph = graph.reverse()
    reversed_graph.add_edges_from(("sink", end) for end in end_names)
    expected = {node: (None if dominator in ("sink", node) else dominator)
                for node, dominator in nx.immediate_dominators(reversed_graph, "sink").items() if node != "sink"}
    assert post_dominators(graph.succ, end_names) == expected
