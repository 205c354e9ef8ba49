"""Generated processes for the soundness benchmark: block-structured and not, sound and not.

Each generator returns a fiche's data (a dict that ``Fiche.model_validate`` accepts)
with about ``steps`` steps; the same arguments always give the same process.

Kinds:
    block-sound        nested sequences, choices, parallel branches and loops
    parallel-sound     mostly parallel branches (much concurrency), nested, with a few choices
    unstructured-sound choices that cross ("N" shapes) inside parallel branches
    xor-and            block-structured, one choice closed by a parallel join (deadlock)
    and-xor            block-structured, parallel branches closed by a merge (runs twice)
    loop-no-exit       a loop whose only way out is never taken (no way to an end)
    dead-step          a step nothing leads to
"""

from __future__ import annotations

import random
from typing import Any

KINDS = ("block-sound", "parallel-sound", "unstructured-sound", "xor-and", "and-xor", "loop-no-exit", "dead-step")


class _Process:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.steps: dict[str, dict[str, Any]] = {}

    def add(self, kind: str, **fields: Any) -> str:
        sid = f"s{len(self.steps)}"
        step: dict[str, Any] = {"kind": kind, "name": f"Stap {len(self.steps)}", **fields}
        if kind in ("task", "call") and "actor" not in fields:
            step["actor"] = "loket"
        self.steps[sid] = step
        return sid

    def link(self, source: str, target: str, label: str | None = None) -> None:
        step = self.steps[source]
        if step["kind"] == "decision":
            step.setdefault("branches", {})[label or f"naar {target}"] = target
        elif "next" in step:
            step["next"] = [*([step["next"]] if isinstance(step["next"], str) else step["next"]), target]
        else:
            step["next"] = target

    def block(self, budget: int, shapes: tuple[str, ...]) -> tuple[str, str]:
        """A fragment of about ``budget`` steps with one entry and one exit."""
        if budget <= 2:
            task = self.add("task")
            return task, task
        shape = self.random.choice(shapes)
        if shape == "seq":
            cut = self.random.randint(1, budget - 1)
            first, middle = self.block(cut, shapes)
            second, last = self.block(budget - cut, shapes)
            self.link(middle, second)
            return first, last
        if shape == "loop":
            merge, decide, out = self.add("task"), self.add("decision"), self.add("task")
            entry, exit_ = self.block(budget - 3, shapes)
            self.link(merge, entry)
            self.link(exit_, decide)
            self.link(decide, merge, "opnieuw")
            self.link(decide, out, "verder")
            return merge, out
        if shape == "n":  # two choices whose branches cross: not series-parallel
            d1, d2, m1, m2 = self.add("decision"), self.add("decision"), self.add("task"), self.add("task")
            end = self.add("task")
            self.link(d1, d2, "a")
            self.link(d1, m2, "b")
            self.link(d2, m1, "c")
            self.link(d2, m2, "d")
            self.link(m1, end)
            self.link(m2, end)
            rest_entry, rest_exit = self.block(budget - 5, shapes) if budget > 7 else (None, None)
            if rest_entry is None:
                return d1, end
            self.link(end, rest_entry)
            return d1, rest_exit
        ways = self.random.randint(2, 3)
        split = self.add("decision" if shape == "xor" else "parallel_split")
        join = self.add("task" if shape == "xor" else "parallel_join")
        share = max(1, (budget - 2) // ways)
        for way in range(ways):
            entry, exit_ = self.block(share, shapes)
            self.link(split, entry, f"keuze {way}")
            self.link(exit_, join)
        return split, join


def generate(kind: str, steps: int, seed: int = 1) -> dict[str, Any]:
    """The data of a fiche with a process of ``kind`` and about ``steps`` steps."""
    process = _Process(seed)
    start = process.add("start")
    shapes = {
        "unstructured-sound": ("seq", "and", "n", "n", "loop"),
        "parallel-sound": ("and", "and", "and", "xor"),
    }.get(kind, ("seq", "xor", "and", "loop", "seq"))
    entry, exit_ = process.block(max(steps - 2, 3), shapes)
    end = process.add("end")
    process.link(start, entry)
    process.link(exit_, end)
    if kind == "xor-and":
        _replace(process, lambda s: s["kind"] == "task" and _merges(process, s), "parallel_join")
    elif kind == "and-xor":
        _replace(process, lambda s: s["kind"] == "parallel_join", "task")
    elif kind == "loop-no-exit":
        loops = [sid for sid, s in process.steps.items()
                 if s["kind"] == "decision" and "opnieuw" in s.get("branches", {})]
        if loops:
            decision = process.steps[loops[0]]
            decision["branches"] = {"opnieuw": decision["branches"]["opnieuw"]}
            decision["kind"] = "task"
            decision["actor"] = "loket"
            decision["next"] = decision.pop("branches")["opnieuw"]
    elif kind == "dead-step":
        process.add("task", next=end)
    return {
        "id": f"{kind}-{steps}",
        "title": f"{kind} {steps}",
        "version": "1.0.0",
        "status": "draft",
        "updated": "2026-11-28",
        "summary": f"Gegenereerd proces ({kind}, {steps} stappen).",
        "actors": {"loket": {"name": "Loket", "kind": "organisation"}},
        "process": process.steps,
    }


def _merges(process: _Process, step: dict[str, Any]) -> bool:
    sid = next(k for k, v in process.steps.items() if v is step)
    incoming = 0
    for other in process.steps.values():
        targets = other.get("next", [])
        targets = [targets] if isinstance(targets, str) else targets
        incoming += targets.count(sid) + list(other.get("branches", {}).values()).count(sid)
    return incoming >= 2


def _replace(process: _Process, chosen: Any, kind: str) -> None:
    """Change the kind of the first step ``chosen`` accepts (the damage of an unsound kind)."""
    for step in process.steps.values():
        if chosen(step):
            step["kind"] = kind
            step.pop("actor", None) if kind == "parallel_join" else step.setdefault("actor", "loket")
            return
