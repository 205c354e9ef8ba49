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


class TestFollowUps:
    """A step whose way on is wrong is reported once; what follows from it says so, or is not reported."""

    def test_a_step_without_next(self):
        diags = check("  s: {kind: start, name: S, next: t}\n  t: {kind: task, name: Registreren, actor: x}\n"
                      "  u: {kind: task, name: Controleren, actor: x, next: e}\n  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.successors"), (13, 3, "graph.unreachable-step")]
        assert [d.message() for d in diags] == [
            "step 'Registreren' (kind 'task') has no 'next'; it needs exactly one",
            "step 'Controleren' can never be reached from the start; this probably follows from step "
            "'Registreren', which has no 'next'"]
        assert [d.message("nl") for d in diags] == [
            "stap 'Registreren' (soort 'task') heeft geen 'next'; er moet er precies één zijn",
            "stap 'Controleren' is vanaf de start nooit bereikbaar; dat volgt wellicht uit stap 'Registreren', "
            "die geen 'next' heeft"]
        assert diags[1].hint() == ("correct step 'Registreren' first: if it is meant to lead here, this error goes "
                                   "away too; otherwise let another step lead to this one, or remove it")
        assert diags[1].hint("nl") == ("verbeter eerst stap 'Registreren': hoort die hierheen te leiden, dan "
                                       "verdwijnt ook deze fout; laat anders een andere stap naar deze leiden, of "
                                       "verwijder deze stap")

    def test_a_decision_without_branches(self):
        diags = check("  s: {kind: start, name: S, next: d}\n  d: {kind: decision, name: Beroep?}\n"
                      "  b: {kind: task, name: Behandelen, actor: x, next: e}\n  e: {kind: end, name: E}\n")
        assert where(diags) == [(12, 3, "graph.decision-branches"), (13, 3, "graph.unreachable-step")]
        assert [d.message() for d in diags] == [
            "decision 'Beroep?' has no 'branches'; its answers must lead to at least two different steps",
            "step 'Behandelen' can never be reached from the start; this probably follows from step 'Beroep?', "
            "which has no 'branches'"]
        assert diags[0].message("nl") == ("beslissing 'Beroep?' heeft geen 'branches'; haar antwoorden moeten naar "
                                          "minstens twee verschillende stappen leiden")

    def test_a_step_that_leads_to_itself(self):
        diags = check("  s: {kind: start, name: S, next: t}\n"
                      "  t: {kind: task, name: Registreren, actor: x, next: t}\n"
                      "  u: {kind: task, name: Controleren, actor: x, next: e}\n  e: {kind: end, name: E}\n")
        # not also "from step 'S' the process can never reach an end": that follows from the loop
        assert where(diags) == [(12, 3, "graph.cycle-without-decision"), (13, 3, "graph.unreachable-step")]
        assert [(d.message(), d.hint()) for d in diags] == [
            ("step 'Registreren' leads to itself in 'next', so it never ends",
             "let 'next' lead to the step that comes after it"),
            ("step 'Controleren' can never be reached from the start; this probably follows from step "
             "'Registreren', which leads to itself",
             "correct step 'Registreren' first: if it is meant to lead here, this error goes away too; otherwise "
             "let another step lead to this one, or remove it")]
        assert diags[0].message("nl") == "stap 'Registreren' leidt in 'next' naar zichzelf, dus hij eindigt nooit"

    def test_a_trap_of_its_own_is_still_reported(self):
        diags = check(
            "  s: {kind: start, name: S, next: d}\n"
            "  d: {kind: decision, name: D?, branches: {ja: t, nee: t1}}\n"
            "  t: {kind: task, name: T, actor: x}\n"
            "  t1: {kind: task, name: T1, actor: x, next: d2}\n"
            "  d2: {kind: decision, name: D2?, branches: {a: t1, b: t2}}\n"
            "  t2: {kind: task, name: T2, actor: x, next: t1}\n"
            "  e: {kind: end, name: E}\n"
        )
        assert where(diags) == [(13, 3, "graph.successors"), (14, 3, "graph.no-way-to-end"),
                                (17, 3, "graph.unreachable-step")]
        assert diags[1].message() == "from step 'T1' the process can never reach an end"

    def test_an_orphan_away_from_the_broken_step_is_not_blamed_on_it(self):
        diags = check("  s: {kind: start, name: S, next: d}\n  d: {kind: decision, name: D?, branches: {ja: e}}\n"
                      "  e: {kind: end, name: E}\n  w: {kind: task, name: Extra controle, actor: x, next: e}\n")
        assert where(diags) == [(12, 3, "graph.decision-branches"), (14, 3, "graph.unreachable-step")]
        assert diags[1].message() == "step 'Extra controle' can never be reached from the start"

    def test_an_unreachable_step_without_a_broken_one_keeps_the_plain_words(self):
        diags = check("  s: {kind: start, name: S, next: e}\n  weg: {kind: task, name: Weg, actor: x, next: e}\n"
                      "  e: {kind: end, name: E}\n")
        assert [(d.message(), d.hint()) for d in diags] == [
            ("step 'Weg' can never be reached from the start",
             "let another step lead to it (in 'next', 'branches' or 'default'), or remove it")]


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
