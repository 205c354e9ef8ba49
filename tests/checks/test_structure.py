"""Structural checks on small hand-written processes: exact codes, places and words."""

from __future__ import annotations

from schillen.checks import run_checks
from tests.conftest import process_fiche, where

SOUND = """\
  aanvraag: {kind: start, name: Aanvraag, next: volledig}
  volledig: {kind: decision, name: Volledig?, branches: {ja: splitsen, nee: aanvullen}}
  aanvullen: {kind: task, name: Aanvullen, actor: x, next: volledig}
  splitsen: {kind: parallel_split, name: Verwerken, next: [a, b]}
  a: {kind: task, name: A, actor: x, next: samen}
  b: {kind: wait, name: Wachten, timer: {within: 1, unit: months}, next: samen}
  samen: {kind: parallel_join, name: Samen, next: klaar}
  klaar: {kind: end, name: Klaar}
"""


def check(steps: str) -> list:
    return run_checks(process_fiche(steps))


def test_a_sound_process_has_no_problems():
    assert check(SOUND) == []


class TestStartsAndEnds:
    def test_no_start(self):
        diags = check("  a: {kind: task, name: A, actor: x, next: e}\n  e: {kind: end, name: E}\n")
        assert where(diags) == [(10, 1, "graph.no-start")]

    def test_two_starts(self):
        diags = check("  s: {kind: start, name: S, next: e}\n  t: {kind: start, name: T, next: e}\n"
                      "  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.multiple-starts")]
        assert diags[0].message() == "step 'T' is a second start; the process already starts at 'S'"

    def test_no_end(self):
        diags = check("  s: {kind: start, name: S, next: d}\n"
                      "  d: {kind: decision, name: D?, branches: {ja: s2, nee: d}}\n"
                      "  s2: {kind: task, name: T, actor: x, next: d}\n")
        assert where(diags) == [(10, 1, "graph.no-end")]


class TestReachability:
    def test_unreachable_step(self):
        diags = check("  s: {kind: start, name: S, next: e}\n  weg: {kind: task, name: Weg, actor: x, next: e}\n"
                      "  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.unreachable-step")]

    def test_trap_is_reported_once_at_its_entry(self):
        diags = check(
            "  s: {kind: start, name: S, next: d}\n"
            "  d: {kind: decision, name: D?, branches: {ja: e, nee: t1}}\n"
            "  t1: {kind: task, name: T1, actor: x, next: d2}\n"
            "  d2: {kind: decision, name: D2?, branches: {a: t1, b: t2}}\n"
            "  t2: {kind: task, name: T2, actor: x, next: t1}\n"
            "  e: {kind: end, name: E}\n"
        )
        assert where(diags) == [(13, 3, "graph.no-way-to-end")]
        assert diags[0].message() == "from step 'T1' the process can never reach an end"


class TestSuccessors:
    def test_decision_needs_two_ways_out(self):
        diags = check("  s: {kind: start, name: S, next: d}\n  d: {kind: decision, name: D?, branches: {ja: e}}\n"
                      "  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.decision-branches")]

    def test_decision_default_counts_as_a_way_out(self):
        assert check("  s: {kind: start, name: S, next: d}\n"
                     "  d: {kind: decision, name: D?, branches: {ja: e}, default: t}\n"
                     "  t: {kind: task, name: T, actor: x, next: e}\n  e: {kind: end, name: E}\n") == []

    def test_task_with_two_next_steps(self):
        diags = check("  s: {kind: start, name: S, next: t}\n  t: {kind: task, name: T, actor: x, next: [e, f]}\n"
                      "  e: {kind: end, name: E}\n  f: {kind: end, name: F}\n")
        assert where(diags) == [(12, 38, "graph.successors")]
        assert diags[0].hint().startswith("keep one 'next'")

    def test_split_needs_two_branches_and_join_two_inputs(self):
        diags = check("  s: {kind: start, name: S, next: p}\n  p: {kind: parallel_split, name: P, next: [j]}\n"
                      "  j: {kind: parallel_join, name: J, next: e}\n  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.split-branches"), (13, 3, "graph.join-inputs")]


class TestSplits:
    def test_branches_meeting_in_a_task(self):
        diags = check("  s: {kind: start, name: S, next: p}\n  p: {kind: parallel_split, name: P, next: [a, b]}\n"
                      "  a: {kind: task, name: A, actor: x, next: m}\n  b: {kind: task, name: B, actor: x, next: m}\n"
                      "  m: {kind: task, name: M, actor: x, next: e}\n  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.unmatched-split")]
        assert diags[0].hint() == ("the branches first meet in 'M', which is not a parallel_join: "
                                   "make that a parallel_join, or join the branches before it")

    def test_branches_that_never_meet(self):
        diags = check("  s: {kind: start, name: S, next: p}\n  p: {kind: parallel_split, name: P, next: [a, e]}\n"
                      "  a: {kind: task, name: A, actor: x, next: f}\n"
                      "  e: {kind: end, name: E}\n  f: {kind: end, name: F}\n")
        assert where(diags) == [(12, 3, "graph.unmatched-split")]
        assert diags[0].hint() == "let every branch lead to the same parallel_join before the process goes on"

    def test_nested_splits_each_with_their_join(self):
        assert check(
            "  s: {kind: start, name: S, next: p}\n"
            "  p: {kind: parallel_split, name: P, next: [q, c]}\n"
            "  q: {kind: parallel_split, name: Q, next: [a, b]}\n"
            "  a: {kind: task, name: A, actor: x, next: jq}\n  b: {kind: task, name: B, actor: x, next: jq}\n"
            "  jq: {kind: parallel_join, name: JQ, next: jp}\n"
            "  c: {kind: task, name: C, actor: x, next: jp}\n"
            "  jp: {kind: parallel_join, name: JP, next: e}\n  e: {kind: end, name: E}\n"
        ) == []


class TestCyclesAndActors:
    def test_loop_without_decision(self):
        diags = check("  s: {kind: start, name: S, next: d}\n"
                      "  d: {kind: decision, name: D?, branches: {ja: e, nee: a}}\n"
                      "  a: {kind: task, name: A, actor: x, next: b}\n  b: {kind: task, name: B, actor: x, next: a}\n"
                      "  e: {kind: end, name: E}\n")
        assert where(diags) == [(13, 3, "graph.cycle-without-decision")]
        assert diags[0].message() == "the loop 'A' → 'B' has no decision, so it never ends"

    def test_task_without_actor(self):
        diags = check("  s: {kind: start, name: S, next: t}\n  t: {kind: task, name: T, next: e}\n"
                      "  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.task-without-actor")]
