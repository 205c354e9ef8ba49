"""The process of a fiche as a Mermaid ``flowchart``, to paste into GitHub or GitLab Markdown.

One ``subgraph`` per actor (the lanes of :func:`schillen.render.dot.step_lanes`,
so a step without an actor sits in its neighbour's lane), BPMN-like shapes:

=================  =========================================
start              circle ``(( ))``
end                double circle ``((( )))``
decision           diamond ``{ }`` marked with :data:`EXCLUSIVE`
parallel split,    diamond ``{ }`` marked ``+``
parallel join
task               rounded box ``( )``
wait               rounded box marked with :data:`CLOCK`
call               subroutine box ``[[ ]]``, ``→ fiche``
=================  =========================================

Branch answers label the edges; deadlines are lines of the step's label.  The
text is deterministic (fiche order), ids are sanitised (``s_`` or ``lane_`` and
the fiche's id with ``-`` as ``_``, numbered when two would meet, never a word
Mermaid reserves), and every label is quoted with Mermaid's entity codes for
the characters that would end or change it (:func:`escape`).

Examples:
    >>> from schillen.model import Fiche
    >>> fiche = Fiche.model_validate({
    ...     "id": "x", "title": "X", "version": "1.0.0", "status": "draft",
    ...     "updated": "2026-11-28", "summary": "X.",
    ...     "actors": {"loket": {"name": "Loket", "kind": "organisation"}},
    ...     "process": {
    ...         "a": {"kind": "start", "name": "Aanvraag", "actor": "loket", "next": "b"},
    ...         "b": {"kind": "end", "name": "Klaar"},
    ...     },
    ... })
    >>> print(render_mermaid(fiche), end="")
    flowchart LR
        %% x
        subgraph lane_loket ["Loket"]
            s_a(("Aanvraag"))
            s_b((("Klaar")))
        end
        s_a --> s_b
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from schillen.model import Fiche, Step, StepKind
from schillen.render.dot import EXCLUSIVE, NO_ACTOR, format_deadline, step_lanes

__all__ = ["CLOCK", "escape", "render_mermaid"]

CLOCK = "\u23f1"
"""The mark of a wait (a stopwatch)."""

# Characters that end a quoted label, start an entity code or markup, or that Mermaid reads as syntax, each as
# the decimal entity code Mermaid turns back into the character (``#34;`` is ``"``).
_ENTITIES = {char: f"#{ord(char)};" for char in '"#&<>[]{}|`'}
_SAFE_ID = re.compile(r"[^A-Za-z0-9_]")
_INDENT = "    "


def escape(text: str) -> str:
    """Fiche text as the inside of a quoted Mermaid label: entity codes, lines joined by ``<br>``.

    Examples:
        >>> escape('Adres "gekend"? [ja|nee] #1 <b>')
        'Adres #34;gekend#34;? #91;ja#124;nee#93; #35;1 #60;b#62;'
        >>> escape("twee\\nregels")
        'twee<br>regels'
    """
    lines = text.splitlines() or [""]
    return "<br>".join("".join(_ENTITIES.get(char, char) for char in line) for line in lines)


def _label(lines: list[str]) -> str:
    return '"' + "<br>".join(escape(line) for line in lines) + '"'


class _Ids:
    """Mermaid ids for fiche ids: sanitised, unique, stable in the order asked."""

    def __init__(self) -> None:
        self.given: dict[tuple[str, str], str] = {}
        self.taken: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        key = (prefix, name)
        if key not in self.given:
            base = prefix + _SAFE_ID.sub("_", name)
            candidate, number = base, 1
            while candidate in self.taken:
                number += 1
                candidate = f"{base}_{number}"
            self.given[key] = candidate
            self.taken.add(candidate)
        return self.given[key]


def _node(mid: str, step: Step, names: Mapping[str, str]) -> str:
    """A step's node; ``names`` are the fiche's step names by id, for a term that counts from a step."""
    deadline = [format_deadline(step.deadline, names)] if step.deadline is not None else []
    kind = step.kind
    if kind is StepKind.START:
        return f"{mid}(({_label([step.name, *deadline])}))"
    if kind is StepKind.END:
        return f"{mid}((({_label([step.name, *deadline])})))"
    if kind is StepKind.DECISION:
        return f"{mid}{{{_label([f'{EXCLUSIVE} {step.name}', *deadline])}}}"
    if kind in (StepKind.PARALLEL_SPLIT, StepKind.PARALLEL_JOIN):
        return f"{mid}{{{_label([f'+ {step.name}', *deadline])}}}"
    if kind is StepKind.WAIT:
        timer = [f"wacht {format_deadline(step.timer, names, timer=True)}"] if step.timer is not None else []
        return f"{mid}({_label([f'{CLOCK} {step.name}', *timer, *deadline])})"
    if kind is StepKind.CALL:
        return f"{mid}[[{_label([step.name, f'→ {step.call}', *deadline])}]]"
    return f"{mid}({_label([step.name, *deadline])})"


def render_mermaid(fiche: Fiche) -> str:
    """The process of ``fiche`` as Mermaid ``flowchart LR`` text, ending in a newline."""
    ids = _Ids()
    step_ids = {sid: ids("s_", sid) for sid in fiche.process}
    names = {sid: step.name for sid, step in fiche.process.items()}
    lanes: dict[str, list[str]] = {actor: [] for actor in fiche.actors}
    for sid, lane in step_lanes(fiche).items():
        lanes.setdefault(lane, []).append(sid)
    out = ["flowchart LR", f"{_INDENT}%% {fiche.id}"]
    for lane, steps in lanes.items():
        if not steps:
            continue
        name = "(zonder actor)" if lane == NO_ACTOR else fiche.actors[lane].name
        out.append(f"{_INDENT}subgraph {ids('lane_', lane)} [{_label([name])}]")
        out += [f"{_INDENT * 2}{_node(step_ids[sid], fiche.process[sid], names)}" for sid in steps]
        out.append(f"{_INDENT}end")
    for sid, step in fiche.process.items():
        targets: dict[str, list[str]] = {}
        for target in step.next:
            targets.setdefault(target, [])
        for answer, target in step.branches.items():
            targets.setdefault(target, []).append(answer)
        if step.default is not None:
            targets.setdefault(step.default, []).append("anders")
        for target, answers in targets.items():
            if target not in fiche.process:
                continue
            label = f"|{_label(answers)}|" if answers else ""
            out.append(f"{_INDENT}{step_ids[sid]} -->{label} {step_ids[target]}")
    return "\n".join(out) + "\n"
