"""Diagrams of a fiche as :class:`graphviz.Digraph` objects: built here, laid out elsewhere.

Each builder returns a ``Digraph``; its ``.source`` is the DOT text (deterministic:
fiche order, stable ids), :func:`schillen.render.engine.run_engine` lays it out.
Nothing here touches the disk or runs a layout.

All fiche text is escaped: plain labels go through :func:`graphviz.escape` (so a
name such as ``<b>`` is never taken for an HTML-like label and backslashes are not
escape sequences), HTML-like labels through :func:`html.escape`.

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
    >>> diagram = process_diagram(fiche)
    >>> print(diagram.source.splitlines()[0])
    digraph x {
    >>> "subgraph cluster_loket {" in diagram.source
    True
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

import graphviz

from schillen.errors import RegisterQueryError
from schillen.matrix import DELETING
from schillen.model import (
    REGISTER_OBJECTS,
    Attribute,
    AttributeType,
    Deadline,
    DeadlineUnit,
    Entity,
    Fiche,
    RegisterInteraction,
    Step,
    StepKind,
    canonical_object,
)
from schillen.registers import Register, load_register
from schillen.registers.lookup import find_object, find_operation
from schillen.registers.model import ANY, PREVIOUS, REMOVED, SAME

__all__ = [
    "CLOCK",
    "EXCLUSIVE",
    "PERSONAL",
    "TYPE_WORDS",
    "data_model_diagram",
    "deadline_words",
    "format_deadline",
    "lifecycle_diagram",
    "lifecycle_diagrams",
    "lifecycle_source",
    "lifecycle_sources",
    "process_diagram",
    "step_lanes",
]

FONT = "Helvetica"
HIGHLIGHT = "#1f5fbf"
GREY = "#9a9a9a"
MUTED = "#666666"
"""The operations of a lifecycle that the fiche does not use: grey, but readable (5.7:1 on white)."""
LANE_FILL = "#f4f6f8"
EXCLUSIVE = "\u00d7"
"""The mark of an exclusive gateway (a multiplication sign, as BPMN draws it)."""
CLOCK = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
         '<TR><TD WIDTH="8" HEIGHT="8" BORDER="1" SIDES="R"></TD><TD WIDTH="8" HEIGHT="8"></TD></TR>'
         '<TR><TD WIDTH="8" HEIGHT="8"></TD><TD WIDTH="8" HEIGHT="8" BORDER="1" SIDES="T"></TD></TR></TABLE>>')
"""The hands of a clock at three o'clock, drawn by two cell borders: the label of a wait, which is
a timer event (a double circle) as in BPMN. Drawn, not a character: no font of ``graphviz-pure``'s
PNG has a clock, and fonts in browsers differ."""
PERSONAL = "\u25cf"
"""The mark of personal data in the data model (a black circle: a glyph every Graphviz font has)."""
NO_ACTOR = "_zonder_actor"
"""Id of the lane of steps without an actor (actor ids never start with ``_``)."""

TASK = {"shape": "box", "style": "rounded"}
"""The process diagram's default node: a task (rounded box); other steps, notes and anchors say their own."""

_UNITS: dict[DeadlineUnit, tuple[str, str]] = {
    DeadlineUnit.CALENDAR_DAYS: ("kalenderdag", "kalenderdagen"),
    DeadlineUnit.WORKING_DAYS: ("werkdag", "werkdagen"),
    DeadlineUnit.WEEKS: ("week", "weken"),
    DeadlineUnit.MONTHS: ("maand", "maanden"),
    DeadlineUnit.YEARS: ("jaar", "jaar"),
}

TYPE_WORDS: dict[AttributeType, str] = {
    AttributeType.STRING: "tekst",
    AttributeType.INTEGER: "geheel getal",
    AttributeType.DECIMAL: "decimaal getal",
    AttributeType.BOOLEAN: "ja/nee",
    AttributeType.DATE: "datum",
    AttributeType.DATETIME: "datum en tijd",
}
"""The data types of the fiche's attributes as the book writes them, in Dutch (the data model's tables and diagram)."""


def _text(value: str) -> str:
    """Fiche text as a plain DOT label: escaped, newlines as DOT line breaks.

    Graphviz reads HTML entities in plain labels too (``&amp;`` is drawn as ``&``), so ``&`` is
    written as ``&amp;``: the drawing shows the text as the fiche has it, as the page does.
    The label is a :func:`graphviz.nohtml` string, so that text such as ``<b>Titel</b>`` is never taken for
    an HTML-like label (``str.replace`` drops the mark that :func:`graphviz.escape` puts on its result).
    """
    return _plain("\\n".join(_escape(line) for line in value.splitlines() or [""]))


def _plain(label: str) -> str:
    """``label``, marked as text that :func:`graphviz.quoting.quote` always quotes (never an HTML-like label)."""
    return graphviz.nohtml(label)  # type: ignore[no-any-return]


def _escape(line: str) -> str:
    """Fiche text escaped for a plain label as :func:`_text` does, but its line breaks left as they are."""
    return graphviz.escape(line).replace("&", "&amp;")  # type: ignore[no-any-return]


def _html(value: str) -> str:
    """Fiche text inside an HTML-like label: escaped, on one line.

    A backslash gets an invisible word joiner after it, so that ``\\N`` stays text
    instead of becoming the node's name (Graphviz expands such escapes in HTML text too).
    """
    return html.escape(" ".join(value.splitlines())).replace("\\", "\\\u2060")


STEP_WIDTH = 28
"""Characters on a line of a step's label before it wraps: the process runs left to right, so a
step's width is the width of its column; unwrapped, the longest diagrams were over 4 m wide."""
NOTE_WIDTH = 36
"""Characters on a line of a register note (its operations) before it wraps."""


def wrap(value: str, width: int) -> list[str]:
    """``value``'s lines, each broken at spaces into lines of at most ``width`` characters.

    A word longer than ``width`` (an id, a web address) stays whole on a line of its own.

    Examples:
        >>> wrap("≤ 30 kalenderdagen vanaf de dag na de indiening", 20)
        ['≤ 30 kalenderdagen', 'vanaf de dag na de', 'indiening']
        >>> wrap("vanaf beslissing_aanplakken_of_bekendmaken", 20)
        ['vanaf', 'beslissing_aanplakken_of_bekendmaken']
    """
    wrapped: list[str] = []
    for line in value.splitlines() or [""]:
        if len(line) <= width:
            wrapped.append(line)
            continue
        current = ""
        for word in filter(None, line.split(" ")):  # not at a no-break space: the author kept those words together
            if current and len(current) + 1 + len(word) > width:
                wrapped.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        wrapped.append(current)
    return wrapped


def _lines(values: Iterable[str], width: int = 0) -> str:
    """Several lines of fiche text as one plain label; with ``width``, each wrapped (:func:`wrap`)."""
    if width:  # a wrapped line has no line breaks: the lines are escaped at once, then joined as DOT's
        text = "\n".join([line for value in values for line in wrap(value, width)])
        return _plain(_escape(text).replace("\n", "\\n"))
    return _plain("\\n".join(_text(value) for value in values))


def deadline_words(deadline: Deadline, *, timer: bool = False) -> tuple[str, str]:
    """A term in words, in two parts: how long (with ``vanaf`` or ``vóór``), and what it counts from.

    A deadline is a limit (``≤``, or ``≥`` when it counts back); a wait's ``timer`` is a duration, so
    it has no sign (``12 maanden``), and one that counts back ends some time before: ``tot 2 weken vóór``.
    The second part is ``from`` as the fiche writes it ("" without one): see :func:`format_deadline`.

    Examples:
        >>> deadline_words(Deadline.model_validate({"within": 30, "unit": "calendar_days", "from": "betekening"}))
        ('≤ 30 kalenderdagen vanaf', 'betekening')
        >>> deadline_words(Deadline.model_validate({"within": 12, "unit": "months"}), timer=True)
        ('12 maanden', '')
    """
    singular, plural = _UNITS[deadline.unit]
    length = f"{deadline.within} {singular if deadline.within == 1 else plural}"
    if timer:
        words = f"tot {length}" if deadline.before and deadline.from_ else length
    else:
        words = f"{'≥' if deadline.before else '≤'} {length}"
    if deadline.from_:
        words += f" {'vóór' if deadline.before else 'vanaf'}"
    return words, deadline.from_ or ""


def format_deadline(deadline: Deadline, steps: Mapping[str, str] | None = None, *, timer: bool = False) -> str:
    """A term in words, e.g. ``≤ 8 werkdagen vanaf verhuis``; a wait's ``timer`` without the sign.

    ``steps`` are the names of the fiche's steps by id: a ``from`` that is one of its step ids is
    written as that step's name (readers do not know the ids); any other ``from`` stays as written.

    Examples:
        >>> format_deadline(Deadline.model_validate({"within": 1, "unit": "months"}))
        '≤ 1 maand'
        >>> format_deadline(Deadline.model_validate({"within": 2, "unit": "weeks", "from": "zitting", "before": True}))
        '≥ 2 weken vóór zitting'
        >>> format_deadline(Deadline.model_validate({"within": 8, "unit": "working_days", "from": "aangifte"}),
        ...                 {"aangifte": "Aangifte adreswijziging"})
        '≤ 8 werkdagen vanaf Aangifte adreswijziging'
        >>> format_deadline(Deadline.model_validate({"within": 12, "unit": "months", "from": "opname"}), timer=True)
        '12 maanden vanaf opname'
    """
    words, start = deadline_words(deadline, timer=timer)
    if not start:
        return words
    return f"{words} {steps.get(start, start) if steps is not None else start}"


def _resolve(register: Register, interaction: RegisterInteraction) -> tuple[str, str] | None:
    """(object key, operation action) of an operation the register knows, else None."""
    if interaction.operation is None or interaction.object is None:
        return None
    try:
        key = find_object(register, interaction.object)
        return key, find_operation(register.objects[key], interaction.operation, key)
    except RegisterQueryError:
        return None


def _interaction_line(register: Register, interaction: RegisterInteraction) -> str:
    """``R Adres (busnummer)`` or ``U Gebouweenheid: realiseren``: the letter is C, R, U or D."""
    if interaction.read is not None:
        line = f"R {interaction.read}"
    else:
        letter = "U"
        found = _resolve(register, interaction)
        if found is not None:
            op = register.objects[found[0]].operations[found[1]]
            letter = "C" if op.creates else ("D" if op.to in DELETING else "U")
        line = f"{letter} {interaction.object}: {interaction.operation}"
    if interaction.attributes:
        line += f" ({', '.join(interaction.attributes)})"
    if interaction.unconfirmed:
        line += " ?"
    return line


_quote: Callable[[str], str] = functools.lru_cache(maxsize=4096, typed=True)(graphviz.quoting.quote)
""":func:`graphviz.quoting.quote`, remembered: a process diagram quotes the same ids, shapes and sizes
again and again (64,000 calls for a book of 100 fiches, a quarter of the time of their diagrams).
Typed: fiche text (:func:`_text`, :func:`_lines`) is a :class:`graphviz.nohtml` string, always quoted, even
when it looks like an HTML-like label (``<b>Titel</b>``); the same characters as a plain ``str`` are not."""
_quote_html: Callable[[str], str] = graphviz.quoting.quote
""":func:`graphviz.quoting.quote` for an HTML-like label (which it leaves as is): not remembered, each is drawn once."""


def _statement(name: str, attrs: str = "", *, quote: Callable[[str], str] = _quote) -> str:
    """A node statement with attributes already quoted (see :func:`_attrs`), for a (sub)graph's ``body``."""
    return f"\t{quote(name)} [{attrs}]\n" if attrs else f"\t{quote(name)}\n"


def _attrs(**attrs: str) -> str:
    """An attribute list, each name and value quoted by the graphviz package, in the order given."""
    return " ".join(f"{name}={_quote(value)}" for name, value in attrs.items())


_ANCHOR = _attrs(label="", height="0", shape="point", style="invis", width="0")
"""The attributes of an invisible node that holds a lane open: ids ``_begin__LANE`` and ``_einde__LANE``.

Ids of nodes that are not steps start with ``_``, which a step id never does.
"""


def _edge(tail: str, head: str, attrs: str = "", *, quote: Callable[[str], str] = _quote) -> str:
    """An edge statement with attributes already quoted (see :func:`_attrs`), for a (sub)graph's ``body``."""
    return f"\t{quote(tail)} -> {quote(head)} [{attrs}]\n" if attrs else f"\t{quote(tail)} -> {quote(head)}\n"


def _settings(kw: str | None = None, **attrs: str) -> str:
    """An attribute statement as :meth:`graphviz.Digraph.attr` writes it (names sorted): of the (sub)graph
    itself, or with ``kw`` (``node``, ``edge``) the defaults of its nodes or edges."""
    listed = _attrs(**dict(sorted(attrs.items())))
    return f"\t{kw} [{listed}]\n" if kw else f"\t{listed}\n"


_PROCESS_DEFAULTS = (_settings("node", fontname=FONT, fontsize="10", **TASK),
                     _settings("edge", fontname=FONT, fontsize="9"))
"""The defaults of the process diagram's nodes (a task, :data:`TASK`) and edges."""
_NOTE = _attrs(color=GREY, fillcolor="#fffbe6", fontsize="8", shape="note", style="filled")
_NOTE_LINK = _attrs(arrowhead="none", color=GREY, style="dashed")
"""A register note and its link to its step (:func:`_group`)."""


_SYMBOLS: dict[StepKind, str] = {
    StepKind.START: _attrs(label="", penwidth="1", shape="circle", style="", width="0.35"),
    StepKind.END: _attrs(label="", penwidth="3", shape="circle", style="", width="0.35"),
    StepKind.DECISION: _attrs(label=EXCLUSIVE, fixedsize="true", height="0.5", shape="diamond", style="", width="0.5"),
    StepKind.PARALLEL_SPLIT: _attrs(label="+", fixedsize="true", height="0.5", shape="diamond", style="", width="0.5"),
    StepKind.PARALLEL_JOIN: _attrs(label="+", fixedsize="true", height="0.5", shape="diamond", style="", width="0.5"),
    StepKind.WAIT: _attrs(label=CLOCK, fixedsize="true", height="0.45", shape="doublecircle", style="", width="0.45"),
}
"""The attributes of the steps drawn as a symbol (events, gateways, a wait) by kind, but their name and term:
these stand under the symbol as a node of their own (:func:`_group`), as in BPMN. As an ``xlabel`` (placed
after the layout, where it may cover another) the name of a lane's first event stood left of the lane, outside
it, and in the six bundled fiches 41 texts covered another text or a node; as captions, none does."""
_CAPTION = _attrs(fontsize="9", height="0", margin="0", shape="plaintext", style="", width="0")
"""The caption of a symbol (an event, a gateway, a wait): its text only, no border (the defaults of a step
are a task's)."""
_GROUP = _attrs(label="", peripheries="0")
"""The cluster of a step, its caption and its note (:func:`_group`): no border and no title (it would take
its lane's)."""
_CALL = _attrs(peripheries="2", style="")
"""The attributes of a call after its label: a task with a double border."""


def _step_text(step: Step, names: Mapping[str, str]) -> str:
    """A step's label, quoted: its name, and what it waits for, calls or must keep to.

    ``names`` are the fiche's step names by id, for a term that counts from a step (:func:`format_deadline`).
    """
    kind = step.kind
    lines = [step.name]
    if kind is StepKind.WAIT and step.timer is not None:
        lines.append(f"wacht {format_deadline(step.timer, names, timer=True)}")
    elif kind is StepKind.CALL:
        lines.append(f"→ {step.call}")
    if step.deadline is not None and kind not in (StepKind.PARALLEL_SPLIT, StepKind.PARALLEL_JOIN):
        lines.append(format_deadline(step.deadline, names))
    return _quote(_lines(lines, STEP_WIDTH))


def _step_node(sid: str, step: Step, names: Mapping[str, str]) -> str:
    """The node statement of a step: its shape by kind (a task is the graph's default node, :data:`TASK`).

    The text of a symbol (an event, a gateway, a wait) is not in it: that is its caption (:func:`_group`).
    """
    kind = step.kind
    if kind in _SYMBOLS:
        return _statement(sid, _SYMBOLS[kind])
    text = _step_text(step, names)
    if kind is StepKind.CALL:
        return _statement(sid, f"label={text} {_CALL}")
    return _statement(sid, f"label={text}")


def _group(sid: str, step: Step, names: Mapping[str, str], note: str | None) -> list[str]:
    """The statements of what stands with a step in its column: a symbol's caption (its text as a node of its
    own, under it) and, with ``note`` (a label), the step's register note (above it).

    They stand in a cluster of their own without a border, which Graphviz keeps together: with only the
    invisible flows between them, two ends in one column could stack as end, caption, caption, end, and a
    note could stand beyond another step.
    """
    lines = [f"\tsubgraph {_quote(f'cluster__bij__{sid}')} {{\n", f"\t\t{_GROUP}\n", f"\t{_statement(sid)}"]
    flat = []
    if step.kind in _SYMBOLS:
        caption = f"_naam__{sid}"
        lines.append(f"\t{_statement(caption, f'label={_step_text(step, names)} {_CAPTION}')}")
        flat.append(f"\t\t{_edge(caption, sid, 'style=invis')}")
    if note is not None:
        lines.append(f"\t{_statement(f'_register__{sid}', f'label={_quote(note)} {_NOTE}')}")
        flat.append(f"\t\t{_edge(sid, f'_register__{sid}', _NOTE_LINK)}")
    return [*lines, "\t\t{\n", "\t\t\trank=same\n", *flat, "\t\t}\n", "\t}\n"]


def _note(register: Register, step: Step) -> str:
    """The label of a step's register note: a line per interaction."""
    return _lines((_interaction_line(register, i) for i in step.interactions), NOTE_WIDTH)


def step_lanes(fiche: Fiche) -> dict[str, str]:
    """The lane of each step: its actor; a step without one takes the lane of a neighbour.

    A gateway, event or wait without an actor goes to the lane of its first
    predecessor (in fiche order) that has one, else of its first successor that
    has one, found to a fixed point; only a step with neither (no actor anywhere
    around it) goes to the lane :data:`NO_ACTOR`.

    Examples:
        >>> from schillen.model import Fiche
        >>> fiche = Fiche.model_validate({
        ...     "id": "x", "title": "X", "version": "1.0.0", "status": "draft",
        ...     "updated": "2026-11-28", "summary": "X.",
        ...     "actors": {"loket": {"name": "Loket", "kind": "organisation"}},
        ...     "process": {
        ...         "a": {"kind": "start", "name": "A", "next": "b"},
        ...         "b": {"kind": "task", "name": "B", "actor": "loket", "next": "c"},
        ...         "c": {"kind": "end", "name": "C"},
        ...     },
        ... })
        >>> step_lanes(fiche)
        {'a': 'loket', 'b': 'loket', 'c': 'loket'}
    """
    lanes = {sid: step.actor for sid, step in fiche.process.items() if step.actor in fiche.actors}
    pending = [sid for sid in fiche.process if sid not in lanes]  # in fiche order: each pass visits only these
    # The neighbours of the steps without a lane (only theirs are looked at), in fiche order.
    predecessors: dict[str, list[str]] = {sid: [] for sid in pending}
    successors: dict[str, list[str]] = {}
    for sid, step in fiche.process.items():
        targets = step.successors()
        for target in targets:
            if target in predecessors and sid not in predecessors[target]:
                predecessors[target].append(sid)
        if sid in predecessors:
            successors[sid] = [t for t in targets if t in fiche.process]
    progress = True
    while progress and pending:
        progress = False
        for neighbours in (predecessors, successors):  # predecessors first, to a fixed point each
            changed = True
            while changed and pending:
                changed = False
                left = []
                for sid in pending:  # a lane found here counts for the steps after it in this same pass
                    lane = next((lanes[n] for n in neighbours[sid] if n in lanes), None)
                    if lane is None:
                        left.append(sid)
                    else:
                        lanes[sid] = lane
                        changed = progress = True
                pending = left
    return {sid: lanes.get(sid, NO_ACTOR) for sid in fiche.process}


def process_diagram(fiche: Fiche, register: Register | None = None) -> graphviz.Digraph:
    """The process as a BPMN-like flow: a swimlane per actor, left to right.

    Lanes are rows, declared in the order of ``fiche.actors`` (actors without
    steps get none), each as wide as the whole process: an invisible anchor per
    lane at the first rank and one past the ends, which every end of the lane
    points to (``newrank`` lets ranks cross the lanes), so no two lanes share a
    column.  Graphviz stacks the rows in the order that crosses fewest flows (the
    same for the same fiche; it does not keep an order asked for with flat edges
    between clusters). A step without an actor is drawn in the lane of its
    neighbour (:func:`step_lanes`). Register
    interactions hang off their step as a note in the same column (``R``, ``C``,
    ``U``, ``D``, letters as in the register matrix; ``register`` defaults to the
    bundled grar).

    Flows are orthogonal, as BPMN draws sequence flows: Graphviz's curved
    splines cross the lanes in straight lines that ran over other steps and notes
    (58 times in the six bundled fiches); orthogonal ones go around them. Their
    answers are ``xlabel``s, which orthogonal routing places (it draws no
    ``label`` of an edge). Labels wrap (:data:`STEP_WIDTH`, :data:`NOTE_WIDTH`),
    since a step's width is its whole column's. The text of an event, a gateway or
    a wait stands under its symbol (:func:`_group`). A lane's start events stand
    one column in, so that every lane begins at the same place whatever the width
    of their captions. Nodes of a column stand 0.3 in apart (``nodesep``): a caption
    close under its symbol; as ``xlabel``s the texts needed 0.5 in, now no text
    covers another at 0.3 either (measured on the six bundled fiches, with both
    engines), and the diagrams are 12-17 % less tall.
    """
    register = register if register is not None else load_register()
    graph = graphviz.Digraph(fiche.id)
    graph.body += [_settings(rankdir="LR", newrank="true", splines="ortho", fontname=FONT, fontsize="11",
                             nodesep="0.3", ranksep="0.8", label=_text(fiche.title), labelloc="t", labeljust="l"),
                   *_PROCESS_DEFAULTS]
    of_step = step_lanes(fiche)
    names = {sid: step.name for sid, step in fiche.process.items()}
    lanes: dict[str, list[str]] = {actor: [] for actor in fiche.actors}
    for sid, lane in of_step.items():
        lanes.setdefault(lane, []).append(sid)
    drawn = [lane for lane, steps in lanes.items() if steps]
    # A lane's statements are many: they go into the body of its subgraph as the graphviz package quotes
    # them, and the subgraph is added with ``subgraph(graph)``: without a node() call each, or the ``with``
    # block, which builds each lane from a copy of the whole graph (their overhead was most of the time).
    quote = _quote
    for lane in drawn:
        name = fiche.actors[lane].name if lane in fiche.actors else "(zonder actor)"
        body = [_settings(label=_text(name), style="filled", fillcolor=LANE_FILL, color="#c8ced6", labeljust="l"),
                _statement(f"_begin__{lane}", _ANCHOR), _statement(f"_einde__{lane}", _ANCHOR)]
        body += [_step_node(sid, fiche.process[sid], names) for sid in lanes[lane]]
        for sid in lanes[lane]:  # a symbol's caption, a step's register note
            step = fiche.process[sid]
            if step.kind in _SYMBOLS or step.interactions:
                body += _group(sid, step, names, _note(register, step) if step.interactions else None)
        graph.subgraph(graphviz.Digraph(f"cluster_{lane}", body=body))
    # The lanes' anchors: the first rank holds where each lane begins, one rank where each ends.
    graph.subgraph(graphviz.Digraph(body=["\trank=min\n", *(_statement(f"_begin__{lane}") for lane in drawn)]))
    graph.subgraph(graphviz.Digraph(body=["\trank=same\n", *(_statement(f"_einde__{lane}") for lane in drawn)]))
    for sid, step in fiche.process.items():
        if step.kind is StepKind.START:  # one rank in: its caption, wider than the event, stays in the lane
            graph.body.append(_edge(f"_begin__{of_step[sid]}", sid, "style=invis"))
    for sid, step in fiche.process.items():  # the lanes reach past the steps that end the process
        if fiche.process.keys().isdisjoint(step.successors()):
            graph.body.append(_edge(sid, f"_einde__{of_step[sid]}", "style=invis"))
    for sid, step in fiche.process.items():
        targets: dict[str, list[str]] = {}
        for target in step.next:
            targets.setdefault(target, [])
        for answer, target in step.branches.items():
            targets.setdefault(target, []).append(answer)
        for target, answers in targets.items():
            if target in fiche.process:
                graph.body.append(_edge(sid, target, f"xlabel={quote(_lines(answers, STEP_WIDTH))}" if answers else ""))
        if step.default is not None and step.default in fiche.process:
            graph.body.append(_edge(sid, step.default, _OTHERWISE))
    return graph


_OTHERWISE = _attrs(xlabel="anders", arrowtail="odiamond", dir="both")
"""The flow a decision takes for any other answer."""


def _attribute_row(name: str, attribute: Attribute) -> str:
    if attribute.ref is not None:
        kind = f"→ {attribute.ref}"
    elif attribute.codelist is not None:
        kind = f"code: {attribute.codelist}"
    else:
        kind = TYPE_WORDS[attribute.type] if attribute.type is not None else ""
    lock = f" {PERSONAL}" if attribute.personal_data else ""
    cells = (name + lock, kind, attribute.effective_cardinality)
    return "<TR>" + "".join(f'<TD ALIGN="LEFT">{_html(cell)}</TD>' for cell in cells) + "</TR>"


def _entity_label(name: str, entity: Entity) -> str:
    header = _html(name) + (f" {PERSONAL} (persoonsgegevens)" if entity.personal_data else "")
    rows = [f'<TR><TD COLSPAN="3" BGCOLOR="#dde6f0"><B>{header}</B></TD></TR>']
    rows += [_attribute_row(attr, attribute) for attr, attribute in entity.attributes.items()]
    return '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"


def _object_label(name: str, attributes: list[str]) -> str:
    rows = [f'<TR><TD BGCOLOR="#e8e0f5"><B>{_html(name)}</B></TD></TR>']
    rows += [f'<TR><TD ALIGN="LEFT">{_html(attribute)}</TD></TR>' for attribute in attributes]
    return '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"


def data_model_diagram(fiche: Fiche) -> graphviz.Digraph:
    """The data model in shells: the kern (register objects) in the centre, the municipal shells around it.

    Each shell is a cluster that holds the next one inward, so the kern is drawn
    innermost. Entities are tables (attribute, type / code list / reference,
    cardinality; :data:`PERSONAL` marks personal data); a reference is an edge to its entity or
    register object.
    """
    graph = graphviz.Digraph(f"{fiche.id}-gegevensmodel")
    personal = any(entity.personal_data or any(a.personal_data for a in entity.attributes.values())
                   for entities in fiche.shells.shells().values() for entity in entities.values())
    legend = [f"{PERSONAL} persoonsgegevens"] if personal else []
    graph.body += [_settings(rankdir="LR", fontname=FONT, fontsize="11", compound="true",
                             label=_lines([fiche.title, *legend]), labelloc="t"),
                   *_DATA_MODEL_DEFAULTS]
    kern: dict[str, list[str]] = {obj: list(attributes) for obj, attributes in fiche.shells.kern.items()}
    shells = fiche.shells.shells()
    # Ids from positions and entity names (a pattern of letters and digits), never from shell names.
    shell_ids = {shell: f"schil{i}" for i, shell in enumerate(shells, 1)}
    ids: dict[str, str] = {}
    for obj in kern:
        ids[obj] = f"kern__{obj}"
    for shell, entities in shells.items():
        for name in entities:
            ids.setdefault(name, f"{shell_ids[shell]}__{name}")
    # A reference to a register object the kern does not list still gets a node in the kern.
    referenced = [attribute.ref for entities in shells.values() for entity in entities.values()
                  for attribute in entity.attributes.values() if attribute.ref is not None]
    for ref in referenced:
        if ref not in ids:
            key = _register_object(ref)
            if key is not None and key not in kern:
                kern[key] = []
                ids[key] = f"kern__{key}"
            if key is not None:
                ids.setdefault(ref, ids[key])

    # The clusters from the kern outwards, each added to the next shell's (the nodes of a shell come first).
    nested = graphviz.Digraph("cluster_kern", body=[
        _KERN, *(_statement(ids[obj], f"label={_quote_html(_object_label(obj, attributes))}")
                 for obj, attributes in kern.items())])
    for shell, entities in shells.items():
        outer = graphviz.Digraph(f"cluster_{shell_ids[shell]}", body=[
            _settings(label=_text(shell), style="rounded", color="#7a8a9c"),
            *(_statement(ids[name], f"label={_quote_html(_entity_label(name, entity))}")
              for name, entity in entities.items() if ids[name] == f"{shell_ids[shell]}__{name}")])
        outer.subgraph(nested)
        nested = outer
    graph.subgraph(nested)
    for shell, entities in shells.items():
        for name, entity in entities.items():
            if ids[name] != f"{shell_ids[shell]}__{name}":
                continue
            for attr, attribute in entity.attributes.items():
                if attribute.ref is not None and attribute.ref in ids:
                    label = _text(f"{attr} [{attribute.effective_cardinality}]")
                    graph.body.append(_edge(ids[name], ids[attribute.ref], f"label={_quote(label)}"))
    return graph


_DATA_MODEL_DEFAULTS = (_settings("node", fontname=FONT, fontsize="9", shape="plain"),
                        _settings("edge", fontname=FONT, fontsize="8", color="#55606e"))
"""The defaults of the data model's nodes (each an HTML-like table) and edges."""
_KERN = _settings(label="kern (register)", style="filled", fillcolor="#f3effa", color="#8e7cc3")
"""The attributes of the kern's cluster."""


def _register_object(name: str) -> str | None:
    """The fiche's spelling (``Adres``) of a register object, or None when ``name`` is none."""
    found = canonical_object(name)
    return found if found in REGISTER_OBJECTS else None


def lifecycle_diagrams(fiche: Fiche, register: Register | None = None) -> dict[str, graphviz.Digraph]:
    """A state diagram per register object the fiche reads or changes, by object key, in register order.

    States are the values of the object's status code list (and ``verwijderd``
    when an operation removes it); transitions are its operations, from each
    ``from`` status to ``to``. The operations this fiche uses are bold and
    coloured, the others grey.
    """
    register = register if register is not None else load_register()
    return {key: _lifecycle(register, key, used).graph.copy() for key, used in _touched(fiche, register).items()}


def lifecycle_sources(fiche: Fiche, register: Register | None = None) -> dict[str, str]:
    """The DOT sources of :func:`lifecycle_diagrams` (without a ``Digraph`` to copy each time, as a book needs)."""
    register = register if register is not None else load_register()
    return {key: _lifecycle(register, key, used).source for key, used in _touched(fiche, register).items()}


def _touched(fiche: Fiche, register: Register) -> dict[str, frozenset[str]]:
    """The register objects the fiche reads or changes, in register order, each with the operations it uses."""
    used: dict[str, set[str]] = {}
    for step in fiche.process.values():
        for interaction in step.interactions:
            try:
                key = find_object(register, interaction.target)
            except RegisterQueryError:
                continue
            actions = used.setdefault(key, set())
            if interaction.operation is not None:  # then the target is its object
                with contextlib.suppress(RegisterQueryError):
                    actions.add(find_operation(register.objects[key], interaction.operation, key))
    return {key: frozenset(used[key]) for key in register.objects if key in used}


def lifecycle_diagram(register: Register, key: str, used: Iterable[str] = ()) -> graphviz.Digraph:
    """The state diagram of register object ``key`` with the operations ``used`` (edit-API actions) lit.

    Many fiches draw the same lifecycle: it is built once per register and lit operations, and
    each call gets a copy of its own.
    """
    return _lifecycle(register, key, frozenset(used)).graph.copy()


def lifecycle_source(register: Register, key: str, used: Iterable[str] = ()) -> str:
    """The DOT source of :func:`lifecycle_diagram`."""
    return _lifecycle(register, key, frozenset(used)).source


class _Lifecycle(NamedTuple):
    """A lifecycle as drawn, and its DOT source (made once: the graphviz package builds it anew each time)."""

    graph: graphviz.Digraph
    source: str


# Many fiches draw the same lifecycle (the same object, the same operations lit): built once per register.
# The register is kept with its diagrams, so that its id is not reused while they are cached.
_LIFECYCLES: dict[int, tuple[Register, dict[tuple[str, frozenset[str]], _Lifecycle]]] = {}


def _lifecycle(register: Register, key: str, used: frozenset[str]) -> _Lifecycle:
    """The lifecycle of ``key`` with ``used`` lit (cached: callers copy the graph)."""
    if id(register) not in _LIFECYCLES and len(_LIFECYCLES) >= 8:  # a few registers in one process at most
        _LIFECYCLES.clear()
    _, cache = _LIFECYCLES.setdefault(id(register), (register, {}))
    if (key, used) not in cache:
        graph = _draw_lifecycle(register, key, used)
        cache[key, used] = _Lifecycle(graph, graph.source)
    return cache[key, used]


def _draw_lifecycle(register: Register, key: str, used: frozenset[str]) -> graphviz.Digraph:
    kind = register.objects[key]
    states = register.statuses(key)
    graph = graphviz.Digraph(f"{key}-levensloop")
    graph.attr(rankdir="LR", fontname=FONT, fontsize="11", label=_text(f"{kind.title}: levensloop"), labelloc="t")
    graph.attr("node", fontname=FONT, fontsize="10", shape="box", style="rounded")
    graph.attr("edge", fontname=FONT, fontsize="9")
    extra: list[str] = []
    edges: list[tuple[str, str, str]] = []
    for action, op in kind.operations.items():
        if op.creates:
            sources = ["__nieuw"]
        elif op.from_ == ANY:
            sources = list(states)
        else:
            sources = list(op.from_)
        for source in sources:
            if op.to is None:
                target = "__onbekend"
            elif op.to == SAME:
                target = source
            elif op.to == PREVIOUS:
                target = "__vorige"
            else:
                target = op.to
            for name in (source, target):
                if name not in states and name not in extra:
                    extra.append(name)
            edges.append((source, target, action))
    for state in states:
        graph.node(state, label=_text(state))
    special = {"__nieuw": ("", {"shape": "circle", "style": "filled", "fillcolor": "black", "width": "0.2"}),
               "__onbekend": ("?", {"shape": "plaintext"}),
               "__vorige": ("(vorige status)", {"shape": "plaintext"}),
               REMOVED: (REMOVED, {"shape": "box", "style": "rounded,dashed"})}
    for name in extra:
        label, attrs = special.get(name, (name, {}))
        graph.node(name, label=_text(label), **attrs)
    # One edge per (from, to), the operations on it as lines; what the fiche uses on an edge of its own, except
    # on a self-loop: a state's loops are one edge (Graphviz stacks loops on one side of a node), its lines coloured.
    grouped: dict[tuple[str, str, bool], list[str]] = {}
    loops: dict[str, list[str]] = {}
    for source, target, action in edges:
        if source == target:
            loops.setdefault(source, []).append(action)
        else:
            grouped.setdefault((source, target, action in used), []).append(action)
    for (source, target, lit), actions in grouped.items():
        if lit:
            graph.edge(source, target, label=_lines(actions), color=HIGHLIGHT, fontcolor=HIGHLIGHT, penwidth="2.5")
        else:
            graph.edge(source, target, label=_lines(actions), color=MUTED, fontcolor=MUTED)
    for state, actions in loops.items():
        ordered = [a for a in actions if a in used] + [a for a in actions if a not in used]
        if all(a in used for a in ordered) or not any(a in used for a in ordered):
            lit = ordered[0] in used
            colour = HIGHLIGHT if lit else MUTED
            graph.edge(state, state, label=_lines(ordered), color=colour, fontcolor=colour,
                       **({"penwidth": "2.5"} if lit else {}))
            continue
        lines = [f'<FONT COLOR="{HIGHLIGHT}"><B>{_html(a)}</B></FONT>' if a in used
                 else f'<FONT COLOR="{MUTED}">{_html(a)}</FONT>' for a in ordered]
        lit = ordered[0] in used
        graph.edge(state, state, label="<" + '<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>>',
                   color=HIGHLIGHT if lit else MUTED, **({"penwidth": "2.5"} if lit else {}))
    return graph
