"""Soundness on small hand-written processes: verdicts, places, and the explanation in words."""

from __future__ import annotations

import networkx as nx

from schillen.checks import run_checks
from schillen.checks.soundness import decide_soundness, reduce_process
from schillen.graph import to_graph
from tests.checks.test_structure import SOUND
from tests.conftest import process_fiche, where


def decide(steps: str, **kwargs):
    return decide_soundness(to_graph(process_fiche(steps)), **kwargs)


def test_sound_process():
    result = decide(SOUND)
    assert (result.sound, result.problems, result.states) == (True, [], 2)  # reduced to start -> end
    unreduced = decide(SOUND, reduce=False)
    assert (unreduced.sound, unreduced.problems, unreduced.states) == (True, [], 10)


def test_deadlock_is_explained_by_the_answer_that_causes_it():
    fiche = process_fiche(
        "  s: {kind: start, name: Aangifte, next: gekend}\n"
        "  gekend: {kind: decision, name: Adres gekend?, branches: {ja: woonst, nee: melding}}\n"
        "  woonst: {kind: task, name: woonstvaststelling, actor: x, next: samen}\n"
        "  melding: {kind: task, name: melding, actor: x, next: samen}\n"
        "  samen: {kind: parallel_join, name: samenvoegen, next: e}\n"
        "  e: {kind: end, name: E}\n"
    )
    diags = run_checks(fiche)
    assert where(diags) == [(15, 3, "soundness.deadlock")]
    assert diags[0].message() == (
        "if 'Adres gekend?' is 'ja', step 'samenvoegen' waits forever for 'melding', which never runs"
    )
    assert diags[0].message("nl") == (
        "als het antwoord op 'Adres gekend?' 'ja' is, wacht stap 'samenvoegen' eeuwig op 'melding', "
        "die nooit uitgevoerd wordt"
    )


def test_deadlock_names_the_decision_that_could_have_led_to_the_missing_step():
    result = decide(
        "  s: {kind: start, name: S, next: eerst}\n"
        "  eerst: {kind: decision, name: Eerst?, branches: {a: midden, b: midden}}\n"
        "  midden: {kind: decision, name: Keuze?, branches: {links: l, rechts: r}}\n"
        "  l: {kind: task, name: L, actor: x, next: dan}\n"
        "  dan: {kind: decision, name: Daarna?, branches: {x: j, y: j2}}\n"
        "  j2: {kind: task, name: J2, actor: x, next: j}\n"
        "  r: {kind: task, name: R, actor: x, next: j}\n"
        "  j: {kind: parallel_join, name: J, next: e}\n"
        "  e: {kind: end, name: E}\n"
    )
    assert result.sound is False
    assert [d.message() for d in result.problems] == [
        "if 'Keuze?' is 'rechts', step 'J' waits forever for 'Daarna?' and 'J2', which never run"
    ]
    assert result.problems[0].message("nl") == (
        "als het antwoord op 'Keuze?' 'rechts' is, wacht stap 'J' eeuwig op 'Daarna?' en 'J2', "
        "die nooit uitgevoerd worden"
    )


def test_double_run_when_a_loop_leaves_a_parallel_branch():
    fiche = process_fiche(
        "  s: {kind: start, name: S, next: m}\n"
        "  m: {kind: task, name: M, actor: x, next: p}\n"
        "  p: {kind: parallel_split, name: P, next: [a, b]}\n"
        "  a: {kind: task, name: A, actor: x, next: d}\n"
        "  d: {kind: decision, name: Opnieuw?, branches: {ja: m, nee: j}}\n"
        "  b: {kind: task, name: B, actor: x, next: j}\n"
        "  j: {kind: parallel_join, name: J, next: e}\n"
        "  e: {kind: end, name: E}\n"
    )
    diags = run_checks(fiche)
    assert where(diags) == [(16, 3, "soundness.double-run")]
    assert diags[0].message() == (
        "if 'Opnieuw?' is 'ja', step 'B' is reached by two branches at once and would run twice")


def test_split_with_several_inputs_merges_them():
    # Two answers lead into one parallel split: it starts its branches for either.
    assert decide(
        "  s: {kind: start, name: S, next: d}\n"
        "  d: {kind: decision, name: D?, branches: {a: t, b: p}}\n"
        "  t: {kind: task, name: T, actor: x, next: p}\n"
        "  p: {kind: parallel_split, name: P, next: [x1, x2]}\n"
        "  x1: {kind: task, name: X1, actor: x, next: j}\n  x2: {kind: task, name: X2, actor: x, next: j}\n"
        "  j: {kind: parallel_join, name: J, next: e}\n  e: {kind: end, name: E}\n"
    ).sound is True


def _graph(edges: list[tuple[str, str]], kinds: dict[str, str]) -> nx.DiGraph:
    """A process graph built by hand, for outcomes the structural checks would stop earlier."""
    from schillen.graph import DEFAULT, KIND, LABELS, NAME, STARTS

    G = nx.DiGraph()
    G.graph[STARTS] = [n for n, k in kinds.items() if k == "start"]
    for node, kind in kinds.items():
        G.add_node(node, **{KIND: kind, NAME: node.upper()})
    for u, v in edges:
        G.add_edge(u, v, **{LABELS: (v,) if kinds[u] == "decision" else (), DEFAULT: False})
    return G


def test_reduce_process_passes_steps_and_keeps_the_order_of_flows():
    """The reduced multigraph: passed steps become the ``path`` of a flow, decisions keep their answers, and each
    step's flows stand in the order they were made (as networkx keeps them), the new ones after the old."""
    G = _graph([("s", "p"), ("p", "y"), ("y", "d"), ("d", "j"), ("d", "e2"), ("p", "x"), ("x", "j"), ("j", "e1")],
               {"s": "start", "p": "parallel_split", "x": "task", "y": "task", "d": "decision", "j": "parallel_join",
                "e1": "end", "e2": "end"})
    reduced, witnesses = reduce_process(G)
    assert list(reduced.edges(keys=True, data="path")) == [
        ("s", "p", 0, ()), ("p", "j", 0, ("x",)), ("p", "d", 0, ("y",)), ("d", "j", 0, ()), ("d", "e2", 0, ()),
        ("j", "e1", 0, ())]
    assert [reduced.edges["d", target, 0]["labels"] for target in reduced.succ["d"]] == [("j",), ("e2",)]
    assert list(reduced.pred["j"]) == ["d", "p"]  # p -> j was made when x was passed, after d -> j
    assert witnesses == {}
    _, witnesses = reduce_process(_graph([("s", "d"), ("d", "a"), ("d", "b"), ("a", "e"), ("b", "e")],
                                         {"s": "start", "d": "decision", "a": "task", "b": "task", "e": "end"}))
    assert witnesses == {"b": ("flow", ("s", "e", 0))}  # b runs in some run iff that flow does


def test_unfinished_branch():
    G = _graph(
        [("s", "p"), ("p", "a"), ("p", "b"), ("a", "e1"), ("b", "c"), ("c", "e2")],
        {"s": "start", "p": "parallel_split", "a": "task", "b": "task", "c": "task", "e1": "end", "e2": "end"},
    )
    result = decide_soundness(G)
    assert result.sound is False
    assert where(result.problems) == [(0, 0, "soundness.unfinished-branch")]
    assert result.problems[0].loc == ("process", "e1")
    assert result.problems[0].message() == (
        "in every run, the process reaches the end 'E1' while the branch through 'B' has not finished")


def test_livelock():
    G = _graph(
        [("s", "d"), ("d", "e"), ("d", "a"), ("a", "d2"), ("d2", "a"), ("d2", "b"), ("b", "a")],
        {"s": "start", "d": "decision", "a": "task", "d2": "decision", "b": "task", "e": "end"},
    )
    result = decide_soundness(G)
    assert result.sound is False
    assert [(d.code, d.loc) for d in result.problems] == [("soundness.livelock", ("process", "a"))]
    assert result.problems[0].message() == (
        "if 'D' is 'a', the process keeps running 'A', 'D2', 'B' and can never reach an end")


def test_dead_step():
    G = _graph([("s", "e"), ("t", "e")], {"s": "start", "t": "task", "e": "end"})
    result = decide_soundness(G)
    assert (result.sound, [(d.code, d.loc) for d in result.problems]) == (
        False, [("soundness.dead-step", ("process", "t"))]
    )


def test_undecided():
    # Six parallel branches of three steps: 4**6 states, more than a budget of 1,000.
    steps = "  s: {kind: start, name: S, next: p}\n"
    steps += "  p: {kind: parallel_split, name: P, next: [" + ", ".join(f"b{i}a" for i in range(6)) + "]}\n"
    for i in range(6):
        steps += (f"  b{i}a: {{kind: task, name: A{i}, actor: x, next: b{i}b}}\n"
                  f"  b{i}b: {{kind: task, name: B{i}, actor: x, next: b{i}c}}\n"
                  f"  b{i}c: {{kind: task, name: C{i}, actor: x, next: j}}\n")
    steps += "  j: {kind: parallel_join, name: J, next: e}\n  e: {kind: end, name: E}\n"
    result = decide(steps, max_states=1_000, reduce=False)
    assert result.sound is None
    assert [(d.code, d.severity.name) for d in result.problems] == [("soundness.undecided", "WARNING")]
    assert decide(steps, reduce=False).states == 4**6 + 3  # branch positions, before and after
    assert (decide(steps).sound, decide(steps).states) == (True, 2)
