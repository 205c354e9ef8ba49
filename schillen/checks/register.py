"""Checks of a fiche against its register interface (the bundled ``grar``): names and values.

The ``kern`` lists register objects with their attributes; each object must be
one the register has, and each attribute an attribute of that object in the
register (or a field of one).  A step's
``register`` entries read or operate on those objects: each ``operation`` must
be one the register offers for the object (by its edit-API action or its
command), and each value under ``expect`` must be in the code list of its
attribute.  Which attributes a step may use is the loader's business (they
must be in the ``kern``), so a misspelt attribute gives one diagnostic, at the
``kern``.  These checks do not need the process to be well formed.

:func:`iter_path_problems` then follows the objects whose statuses the start
step declares along every path of the process, and reports each operation the
register refuses on some path (``register.refused-on-path``), with the answers
that lead there.

Passing::

    shells: {kern: {Adres: [adresStatus]}}
    ...  register: [{read: Adres, expect: {adresStatus: inGebruik}}, {operation: afkeuren, object: Adres}]

Failing (``register.no-such-attribute``, ``register.no-such-value``, ``register.no-such-operation``)::

    shells: {kern: {Adres: [adresstatus, adresStatus]}}
    ...  register: [{read: Adres, expect: {adresStatus: ingebruik}}, {operation: weigeren, object: Adres}]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from pydantic import ValidationError

from schillen._validation import listing, suggest
from schillen._yaml import KEY
from schillen.diagnostics import Diagnostic, quote
from schillen.errors import RegisterQueryError
from schillen.graph import DEFAULT, GAPS, INTERACTIONS, KERN, KIND, LABELS, NAME, REGISTER, SCENARIOS, start_steps
from schillen.model import KIND_FIELDS, OBJECT_PATTERN, RegisterInteraction, StepKind, canonical_object
from schillen.registers import Register, load_register, try_operation
from schillen.registers.loading import attribute_at
from schillen.registers.lookup import attribute_named, find_operation, guess_attribute, object_named
from schillen.registers.model import ObjectType

__all__ = ["CODES", "iter_path_problems", "iter_register_problems", "iter_unloaded_register_problems"]

CODES = (
    "register.no-such-object",
    "register.no-such-attribute",
    "register.no-such-value",
    "register.no-such-operation",
    "register.refused-on-path",
)


def _problem(code: str, loc: tuple[str | int, ...], **args: Any) -> Diagnostic:
    return Diagnostic("", 0, 0, code, args, loc)


def iter_register_problems(graph: nx.DiGraph[str], register: Register | None = None) -> Iterator[Diagnostic]:
    """Yield every name or value of the fiche behind ``graph`` that ``register`` (default: grar) lacks.

    Args:
        graph: the process graph of a fiche (:func:`schillen.graph.to_graph`), with its ``kern``.
        register: the register interface; the bundled grar by default (loaded once per process).
    """
    register = register or graph.graph.get(REGISTER) or load_register()
    kern: dict[str, list[str]] = graph.graph.get(KERN, {})
    titles = [kind.title for kind in register.objects.values()]
    for obj, attributes in kern.items():
        yield from _kern_problems(register, titles, obj, enumerate(attributes))
    for name, scenario in graph.graph.get(SCENARIOS, {}).items():
        for obj in scenario.objects:
            if obj not in kern:
                yield from _object_problems(register, titles, obj, ("scenarios", name, "objects", obj, KEY))
    for index, gap in enumerate(graph.graph.get(GAPS, [])):  # the attribute of a gap may well be missing
        if gap.object is not None:
            yield from _object_problems(register, titles, gap.object, ("register_gaps", index, "object"))
    for sid in graph:
        interactions: list[RegisterInteraction] = graph.nodes[sid][INTERACTIONS]
        for index, interaction in enumerate(interactions):
            yield from _step_problems(register, interaction, ("process", sid, "register", index))


def _object_problems(register: Register, titles: list[str], obj: str, loc: tuple[str | int, ...]
                     ) -> Iterator[Diagnostic]:
    if object_named(register, obj) is None:
        yield _problem("register.no-such-object", loc, name=quote(obj), register=register.id,
                       suggestion=suggest(obj, titles), known=listing(titles))


def _kern_problems(register: Register, titles: list[str], obj: str, attributes: Iterable[tuple[int, str]]
                   ) -> Iterator[Diagnostic]:
    """The problems of the kern entry ``obj``; ``attributes`` are (index in the entry, name)."""
    found = object_named(register, obj)
    if found is None:
        yield from _object_problems(register, titles, obj, ("shells", "kern", obj, KEY))
        return
    _, kind = found
    for index, name in attributes:
        if attribute_named(kind, name) is None:
            yield _problem("register.no-such-attribute", ("shells", "kern", obj, index), name=quote(name),
                           object=quote(obj), register=register.id, suggestion=guess_attribute(kind, name, 0.75),
                           known=listing(kind.attributes))


def _step_problems(register: Register, interaction: RegisterInteraction, loc: tuple[str | int, ...]
                   ) -> Iterator[Diagnostic]:
    found = object_named(register, interaction.target)
    if found is not None:
        yield from _interaction_problems(register, *found, interaction, loc)


def _interaction_problems(
    register: Register, key: str, kind: ObjectType, interaction: RegisterInteraction, loc: tuple[str | int, ...]
) -> Iterator[Diagnostic]:
    if interaction.operation is not None:
        try:
            find_operation(kind, interaction.operation, key)
        except RegisterQueryError:
            choices = [*kind.operations, *(op.command for op in kind.operations.values())]
            yield _problem("register.no-such-operation", (*loc, "operation"), name=quote(interaction.operation),
                           object=quote(interaction.target), suggestion=suggest(interaction.operation, choices),
                           known=listing(kind.operations), **_owners(register, interaction.operation, key))
    for name, values in interaction.expect.items():
        path = attribute_named(kind, name)
        attribute = attribute_at(kind, path) if path is not None else None
        codelist = register.codelists.get(attribute.codelist or "") if attribute is not None else None
        if codelist is None:
            continue  # not an attribute (reported at the kern), or not a code
        for position, value in enumerate(values):
            if value not in codelist.values:
                yield _problem("register.no-such-value", (*loc, "expect", name, position), value=quote(value),
                               attribute=quote(name), codelist=quote(attribute.codelist if attribute else ""),
                               suggestion=suggest(value, codelist.values), known=listing(codelist.values))


def _owners(register: Register, operation: str, key: str) -> dict[str, str]:
    """The other objects of ``register`` that have ``operation`` (``other``: ``'Gebouw'``), for the hint."""
    owners: list[str] = []
    for other, kind in register.objects.items():
        try:
            find_operation(kind, operation, other)
        except RegisterQueryError:
            continue
        if other != key:
            owners.append(quote(canonical_object(kind.title or other)))
    return {"other": " or ".join(owners), "other_nl": " of ".join(owners)}


# --- a fiche that did not load ----------------------------------------------------------


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _object_name(value: Any) -> str | None:
    """``value`` as the model reads a register object's name (capitalised), or None when it is not one."""
    if isinstance(value, str) and re.fullmatch(OBJECT_PATTERN, value):
        return canonical_object(value)
    return None


_UNCHECKED = ("read", "operation", "object")
"""The keys of an interaction that say what it does: an entry with one of them malformed is not checked."""


def _interaction(entry: Any) -> RegisterInteraction | None:
    """A ``register`` entry of a step as the model reads it, without the parts that have errors of their own.

    An expected attribute whose values are malformed is left out as a whole (so that the
    position of each value stays its place in the list), and so is a key that does not
    say what the entry does (``note``, an unknown key); an entry whose ``read``,
    ``operation`` or ``object`` is malformed, or that is neither a read nor an
    operation, is None: the model reports it, and what it means is unclear.
    """
    if not isinstance(entry, dict):
        return None
    for _ in range(2):
        try:
            return RegisterInteraction.model_validate(entry)
        except ValidationError as exc:
            entry = dict(entry)
            expect = dict(_mapping(entry.get("expect")))
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                if not loc or loc[0] in _UNCHECKED:
                    return None
                if loc[0] == "expect" and len(loc) > 1 and isinstance(entry.get("expect"), dict):
                    expect.pop(loc[1], None)
                    entry["expect"] = expect
                else:
                    entry.pop(loc[0], None)
    return None


def iter_unloaded_register_problems(data: Any, register: Register | None = None) -> Iterator[Diagnostic]:
    """What :func:`iter_register_problems` finds, from the plain data of a fiche that did not load.

    A fiche with one error elsewhere (a misspelt status, say) still has its register
    names and values checked, so that every problem is reported at once. Whatever is
    malformed is skipped (the loader reports it): a kern entry that is not a list of
    names, an object name that is not one, a ``register`` entry that the model cannot
    read, the ``register`` of a step whose kind has none. The diagnostics, with ``loc``
    only, are those a loaded fiche with the same names would get.

    Args:
        data: the fiche file's data, as read from YAML (anything).
        register: the register interface; the bundled grar by default.
    """
    if not isinstance(data, dict):
        return
    register = register or load_register()
    titles = [kind.title for kind in register.objects.values()]
    kern: dict[str, list[tuple[int, str]]] = {}
    for key, value in _mapping(_mapping(data.get("shells")).get("kern")).items():
        obj = _object_name(key)
        if obj is not None:  # the last of two spellings of one object counts, as in the model
            kern[obj] = [(i, a) for i, a in enumerate(_items(value)) if isinstance(a, str) and a]
    for obj, attributes in kern.items():
        yield from _kern_problems(register, titles, obj, attributes)
    for name, scenario in _mapping(data.get("scenarios")).items():
        objects = dict.fromkeys(_object_name(key) for key in _mapping(_mapping(scenario).get("objects")))
        for obj in objects:
            if isinstance(name, str) and obj is not None and obj not in kern:
                yield from _object_problems(register, titles, obj, ("scenarios", name, "objects", obj, KEY))
    for index, gap in enumerate(_items(data.get("register_gaps"))):
        obj = _object_name(_mapping(gap).get("object"))
        if obj is not None:
            yield from _object_problems(register, titles, obj, ("register_gaps", index, "object"))
    for sid, step in _mapping(data.get("process")).items():
        if not isinstance(sid, str) or not isinstance(step, dict):
            continue
        try:
            kind: StepKind | None = StepKind(step.get("kind"))
        except ValueError:
            kind = None
        if kind is not None and "register" not in KIND_FIELDS[kind]:
            continue  # the step may have no register entries: reported as such
        for index, entry in enumerate(_items(step.get("register"))):
            interaction = _interaction(entry)
            if interaction is not None:
                yield from _step_problems(register, interaction, ("process", sid, "register", index))


# --- along every path -------------------------------------------------------------------

UNKNOWN = "?"
"""A status the fiche has not declared (yet) on some path: operations from it are not judged."""

State = dict[str, frozenset[str]]
"""Register object (its key) -> the statuses it may have at a point of the process."""


def _status_attribute(register: Register, key: str) -> str:
    return register.objects[key].status


def _declare(
    register: Register, key: str, interaction: RegisterInteraction, statuses: frozenset[str]
) -> frozenset[str]:
    """A read with ``expect`` on the status, in a start step, declares the statuses the object starts in."""
    declared = interaction.expect.get(_status_attribute(register, key))
    if not declared or UNKNOWN not in statuses:
        return statuses
    return (statuses - {UNKNOWN}) | frozenset(declared)


def _cascade(statuses: frozenset[str], cascade: Any) -> frozenset[str]:
    if cascade.to is None:
        return statuses
    moved = frozenset(cascade.to if (not cascade.from_ or s in cascade.from_) and s != UNKNOWN else s
                      for s in statuses)
    return moved | statuses if cascade.only or cascade.excluding else moved


def _apply(
    register: Register, state: State, key: str, interaction: RegisterInteraction, refusals: list[tuple[Any, ...]],
    *, start: bool = False, tracked: frozenset[str] = frozenset(),
) -> State:
    """``state`` after ``interaction``; each refusal found is appended as (wrong object, status, outcome).

    Only ``tracked`` objects (declared at the start) are judged: an object the
    process creates or only names later may be another one of its kind each time.
    """
    if interaction.read is not None:
        if start and key in state:
            state = {**state, key: _declare(register, key, interaction, state[key])}
        return state
    if key not in tracked and not any(p.object in tracked for p in _preconditions(register, key, interaction)):
        return state
    kind = register.objects[key]
    try:
        action = find_operation(kind, interaction.operation or "", key)
    except RegisterQueryError:
        return state
    op = kind.operations[action]
    related = sorted({p.object for p in op.preconditions if p.object in tracked and p.object != key})
    own: list[str | None] = (
        [None] if op.creates else [UNKNOWN] if key not in tracked else list(sorted(state[key])))
    after: set[str] = set()
    cascades: list[Any] = []
    for status in own:
        # The object's own status, with every related object as yet unknown; then each related one's.
        trials: list[tuple[str, str | None, dict[str, str]]] = [(key, status, {})]
        trials += [(other, value, {other: value}) for other in related for value in sorted(state[other])
                   if value != UNKNOWN]
        for wrong, value, given in trials:
            if status == UNKNOWN:
                if wrong == key:
                    after.add(UNKNOWN if op.to is None else op.to)
                    continue
                starts = register.statuses(key) if op.from_ == "any" else list(op.from_)
                probe: str | None = starts[0] if starts else None
            else:
                probe = status
            try:
                outcome = try_operation(register, key, action, probe, given)
            except RegisterQueryError:
                continue
            if not outcome.allowed:
                refusals.append((wrong, value, outcome))
            elif wrong == key:
                after.add(UNKNOWN if outcome.to is None else outcome.to)
                cascades.extend(outcome.cascades)
    if key not in tracked:
        return state
    if not after and not op.creates:
        after = set(state[key])  # refused on every path: report, and go on as if it had not run
    state = {**state, key: frozenset(after or {UNKNOWN})}
    for cascade in cascades:
        if cascade.object in tracked:
            state[cascade.object] = _cascade(state[cascade.object], cascade)
    return state


def _preconditions(register: Register, key: str, interaction: RegisterInteraction) -> list[Any]:
    kind = register.objects[key]
    try:
        return list(kind.operations[find_operation(kind, interaction.operation or "", key)].preconditions)
    except RegisterQueryError:
        return []


def _declared(register: Register, graph: nx.DiGraph[str], keys: dict[str, str]) -> frozenset[str]:
    """The objects whose status a start step declares."""
    found = set()
    for start in start_steps(graph):
        for interaction in graph.nodes[start][INTERACTIONS]:
            key = keys.get(interaction.target)
            if interaction.read is not None and key and interaction.expect.get(_status_attribute(register, key)):
                found.add(key)
    return frozenset(found)


def _join(into: State, other: State) -> State:
    return {key: into.get(key, frozenset()) | other.get(key, frozenset()) for key in into.keys() | other.keys()}


def iter_path_problems(graph: nx.DiGraph[str], register: Register | None = None) -> Iterator[Diagnostic]:
    """Yield each register operation of the process that the register refuses on some path.

    From the statuses the fiche declares at its start (``expect`` on the status in a
    read of its start step; an object not declared there is not judged), the possible statuses of each ``kern``
    object are carried along every path to a fixed point (loops included); each
    operation is tried from each status with :func:`try_operation`, its ``to`` and
    cascades giving the statuses after it.

    Args:
        graph: the process graph of a fiche (:func:`schillen.graph.to_graph`), with its ``kern``.
        register: the register interface; the bundled grar by default.
    """
    register = register or graph.graph.get(REGISTER) or load_register()
    keys: dict[str, str] = {}
    for obj in graph.graph.get(KERN, {}):
        found = object_named(register, obj)
        if found is not None:
            keys[obj] = found[0]
    initial: State = {key: frozenset({UNKNOWN}) for key in keys.values()}
    tracked = _declared(register, graph, keys)
    if not tracked:
        return
    ins: dict[str, State] = {}
    outs: dict[str, State] = {}
    came: dict[tuple[str, str, str], str] = {}  # (step, object, status) -> the step it first came from
    refused: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    starts = set(start_steps(graph))
    work = list(start_steps(graph))
    for start in work:
        ins[start] = initial
    queued = set(work)
    while work:
        node = work.pop()
        queued.discard(node)
        state = ins[node]
        for index, interaction in enumerate(graph.nodes[node][INTERACTIONS]):
            key = keys.get(interaction.target) or (object_named(register, interaction.target) or ("", None))[0]
            if not key:
                continue
            refusals: list[tuple[Any, ...]] = []
            state = _apply(register, state, key, interaction, refusals, start=node in starts, tracked=tracked)
            known = refused.setdefault((node, index), [])
            known.extend(r for r in refusals if r not in known)
        if outs.get(node) == state:
            continue
        outs[node] = state
        for succ in graph.successors(node):
            before = ins.get(succ, {})
            joined = _join(before, state)
            if joined != before or succ not in ins:
                for key, statuses in joined.items():
                    for status in statuses - before.get(key, frozenset()):
                        came.setdefault((succ, key, status), node)
                ins[succ] = joined
                if succ not in queued:
                    queued.add(succ)
                    work.append(succ)
    for (node, index), problems in sorted(refused.items()):
        if not problems:
            continue
        wrong, value, outcome = problems[0]
        when_en, when_nl = _when(_answers(graph, _way(graph, came, node, wrong, value)))
        interaction = graph.nodes[node][INTERACTIONS][index]
        yield _problem("register.refused-on-path", ("process", node, "register", index, "operation"),
                       when=when_en, when_nl=when_nl, step=quote(graph.nodes[node][NAME]),
                       operation=quote(interaction.operation), object=quote(interaction.target),
                       subject=quote(register.objects[wrong].title), status=quote(value),
                       reason=outcome.reason or "?", why=outcome.why, why_nl=outcome.why_nl)


def _way(graph: nx.DiGraph[str], came: dict[tuple[str, str, str], str], node: str, key: str, status: str) -> list[str]:
    """A way from a start to ``node`` along which ``key`` comes to have ``status``."""
    chain = [node]
    seen = {node}
    while (step := came.get((chain[-1], key, status))) is not None and step not in seen:
        chain.append(step)
        seen.add(step)
    chain.reverse()
    for start in start_steps(graph):
        if nx.has_path(graph, start, chain[0]):
            return [*nx.shortest_path(graph, start, chain[0])[:-1], *chain]
    return chain


def _answers(graph: nx.DiGraph[str], way: list[str]) -> list[tuple[str, list[str]]]:
    """The decisions along ``way`` and the answers given to each, in order (a loop may give several)."""
    answers: dict[str, list[str]] = {}
    for u, v in itertools.pairwise(way):
        if graph.nodes[u][KIND] != "decision":
            continue
        data = graph.edges[u, v]
        label = data[LABELS][0] if data[LABELS] else ("default" if data[DEFAULT] else "")
        given = answers.setdefault(quote(graph.nodes[u][NAME]), [])
        if label and quote(label) not in given:
            given.append(quote(label))
    return [(decision, labels) for decision, labels in answers.items() if labels]


def _when(conditions: list[tuple[str, list[str]]]) -> tuple[str, str]:
    """The way to a problem in words, as soundness words it; a decision met twice: "'X?' is 'nee', then 'ja'"."""
    if not conditions:
        return "in every run, ", "in elke uitvoering "
    en = " and ".join(f"{d} is {', then '.join(a)}" for d, a in conditions)
    nl = " en ".join(f"het antwoord op {d} {a[0]} is" if len(a) == 1
                     else f"het antwoord op {d} eerst {a[0]} en daarna {' en daarna '.join(a[1:])} is"
                     for d, a in conditions)
    return f"if {en}, ", f"als {nl}, "
