"""Loading fiches: YAML, then the model, then the references; every failure a diagnostic.

The stages, each reported at the line and column of the offending key or value:

1. bytes -> text (UTF-8, BOM, size) and text -> data (:mod:`schillen._yaml`);
2. data -> :class:`~schillen.model.Fiche` (pydantic; its errors become
   ``schema.*`` and ``model.*`` diagnostics, with "did you mean ...");
3. references inside the fiche (actors, steps, entities, code lists, sources,
   the kern) and the file name;
4. for a catalogue: unique ids and references between fiches.

The published JSON Schema (``schemas/fiche.schema.json``) is generated from the
same models; a test proves it accepts and rejects the same files.  The loader
validates with pydantic alone, which is what the start-up budget allows.

Examples:
    >>> result = parse_fiche("id: x\\ntitel: X\\n", "fiches/x.yaml")
    >>> result.fiche is None
    True
    >>> [(d.line, d.column, d.code) for d in result.diagnostics if d.code != "schema.required"]
    [(1, 1, 'yaml.schema-comment'), (2, 1, 'schema.unknown-key')]
"""

from __future__ import annotations

import errno
import functools
import os
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from schillen._gc import paused_collection
from schillen._validation import (
    Vocabulary,
    not_a_mapping,
    pydantic_diagnostic,
    read_source,
    suggest,
)
from schillen._validation import (
    display_path as _display_path,
)
from schillen._validation import (
    listing as _listing,
)
from schillen._validation import (
    only_causes as _only_causes,
)
from schillen._validation import (
    os_reason as _os_reason,
)
from schillen._validation import (
    where as _where,
)
from schillen._yaml import KEY, SourceMap, parse_yaml
from schillen.diagnostics import Diagnostic, Severity, listed, quote
from schillen.errors import FicheError
from schillen.model import (
    OBJECT_PATTERN,
    REGISTER_OBJECTS,
    SLUG_PATTERN,
    DeadlineUnit,
    Fiche,
    Step,
    StepKind,
    canonical_object,
)

__all__ = [
    "SCHEMA_COMMENT",
    "Catalogue",
    "LoadResult",
    "UnloadedFiche",
    "find_schema",
    "iter_fiche_files",
    "load_catalogue",
    "load_fiche",
    "parse_fiche",
    "read_fiche",
    "suggest",
]

SCHEMA_COMMENT = "# yaml-language-server: $schema="
"""How the first line of every fiche starts, so editors find the schema."""


class LoadResult(NamedTuple):
    """A fiche (None when it has errors) and every diagnostic about it, sorted."""

    fiche: Fiche | None
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class UnloadedFiche:
    """A fiche file that was read as YAML (a mapping) but did not load: its plain data and source map.

    Checks that need no model (the names of the register) run on it, so that one error
    elsewhere in the file does not hide theirs until the next run.
    """

    file: str
    """The path, as shown in diagnostics."""
    data: dict[str, Any]
    source_map: SourceMap


# Keys Dutch-speaking authors type by habit, and the key they mean.
_DUTCH_KEYS = {
    "naam": "name", "soort": "kind", "volgende": "next", "titel": "title", "versie": "version",
    "samenvatting": "summary", "beschrijving": "description", "omschrijving": "description",
    "actoren": "actors", "actor": "actors", "stappen": "process", "proces": "process",
    "termijn": "deadline", "binnen": "within", "eenheid": "unit", "vanaf": "from",
    "takken": "branches", "antwoorden": "branches", "standaard": "default", "bronnen": "sources",
    "bron": "source", "opmerkingen": "notes", "auteurs": "authors", "werkgroep": "working_group",
    "rechtsgrond": "legal_basis", "schillen": "shells", "codelijsten": "codelists", "waarden": "values",
    "bijgewerkt": "updated", "datum": "date", "artikel": "article", "tekst": "text",
    "onbevestigd": "unconfirmed", "verplicht": "required", "persoonsgegevens": "personal_data",
    "attributen": "attributes", "verwacht": "expect", "lezen": "read", "operatie": "operation",
    "goede_praktijken": "best_practices", "valkuilen": "pitfalls", "oproep": "call",
}



_PATTERN_WORDS = {
    "id": ("fiche id", "fiche-id", "use lower-case letters, digits and single hyphens, e.g. 'leegstaande-woningen'",
           "gebruik kleine letters, cijfers en enkele koppeltekens, bv. 'leegstaande-woningen'"),
    "call": ("fiche id", "fiche-id", "use the id of a fiche, e.g. 'ambtshalve-afvoering'",
             "gebruik de id van een fiche, bv. 'ambtshalve-afvoering'"),
    "fiche": ("fiche id", "fiche-id", "use the id of a fiche, e.g. 'ambtshalve-afvoering'",
              "gebruik de id van een fiche, bv. 'ambtshalve-afvoering'"),
    "version": ("version number", "versienummer", "write three numbers, e.g. 1.0.0 (major.minor.patch)",
                "schrijf drie getallen, bv. 1.0.0 (major.minor.patch)"),
    "url": ("web address", "webadres", "write a full address starting with https://",
            "schrijf een volledig adres dat begint met https://"),
}


def _model_kind(kind: str, ctx: Any, loc: tuple[str | int, ...], args: dict[str, Any]) -> Any:
    """The fiche model's own error kinds (``PydanticCustomError``) as ``model.*`` codes, at the key."""
    if kind not in ("attribute-type", "cardinality-conflict", "interaction-kind", "field-not-for-kind", "call-missing",
                    "object-id-or-status", "expect-end-or-refused"):
        return None
    args.update({k: v for k, v in ctx.items()})
    name = loc[-1] if loc else ""
    args.update(name=quote(name), step=quote(name))
    if kind == "field-not-for-kind":
        args.update(kind=quote(ctx["kind"]), field=quote(ctx["field"]))
        loc = (*loc, ctx["field"])
        instead = {("decision", "next"): "branches", ("task", "branches"): "next", ("start", "branches"): "next"}
        args.update(instead=instead.get((ctx["kind"], ctx["field"]), ""))
    return "model." + kind, loc


FICHE_WORDS = Vocabulary(Fiche, ("the fiche", "de fiche"), _DUTCH_KEYS, _PATTERN_WORDS, _model_kind)
"""What diagnostics of a fiche need to know about fiches (see :class:`schillen._validation.Vocabulary`)."""


def _pydantic_diagnostic(err: Any, file: str, smap: SourceMap) -> Diagnostic:
    return pydantic_diagnostic(err, file, smap, FICHE_WORDS)


# --- references inside one fiche --------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def iter_reference_problems(data: dict[str, Any]) -> Iterator[Diagnostic]:
    """Yield a diagnostic (with ``loc`` only) for every broken reference in a fiche's data.

    It reads the plain data, not the model, so broken references are reported
    together with problems of shape, all at once; values of the wrong type are
    skipped here (the model reports them).
    """

    def problem(loc: tuple[str | int, ...], code: str, **args: Any) -> Diagnostic:
        return Diagnostic("", 0, 0, code, args, loc)

    process = _mapping(data.get("process"))
    actors, steps = set(_mapping(data.get("actors"))), set(process)
    shells = _mapping(data.get("shells"))
    # A kern entry that is not a list (text, say) has its own schema.type; its attributes are not checked.
    kern = {canonical_object(k): [a for a in v if isinstance(a, str)] if isinstance(v, list) else None
            for k, v in _mapping(shells.get("kern")).items()}
    for sid, step in process.items():
        yield from _step_references(sid, _mapping(step), actors, steps, kern, problem)

    codelists = _mapping(data.get("codelists"))
    municipal = {name: _mapping(members) for name, members in shells.items() if name != "kern"}
    known = {n for members in municipal.values() for n in members} | set(REGISTER_OBJECTS) | set(kern)
    homes: dict[str, str] = {}
    for shell, members in municipal.items():
        for name, entity in members.items():
            if name in homes:
                yield problem(("shells", shell, name, KEY), "model.duplicate-entity",
                              name=quote(name), other=quote(homes[name]))
            homes.setdefault(name, shell)
            for attr_name, attr in _mapping(_mapping(entity).get("attributes")).items():
                loc: tuple[str | int, ...] = ("shells", shell, name, "attributes", attr_name)
                ref, codelist = _text(_mapping(attr).get("ref")), _text(_mapping(attr).get("codelist"))
                if ref is not None and ref not in known and canonical_object(ref) not in known:
                    yield problem((*loc, "ref"), "model.unknown-ref", name=quote(ref),
                                  suggestion=suggest(ref, known), objects=_listing(REGISTER_OBJECTS))
                if codelist is not None and codelist not in codelists:
                    yield problem((*loc, "codelist"), "model.unknown-codelist", name=quote(codelist),
                                  suggestion=suggest(codelist, codelists))

    for name, codelist in codelists.items():
        seen: set[Any] = set()
        for index, value in enumerate(_items(_mapping(codelist).get("values"))):
            if not isinstance(value, str):
                continue
            if value in seen:
                where_en, where_nl = _where(("codelists", name, "values"))
                yield problem(("codelists", name, "values", index), "model.duplicate-value",
                              value=quote(value), where=where_en, where_nl=where_nl)
            seen.add(value)

    # Without a process (missing, misspelt, or not a group of steps: reported as such) every step a
    # scenario names would be "unknown": one mistake, one diagnostic.
    if isinstance(data.get("process"), dict):
        for name, scenario in _mapping(data.get("scenarios")).items():
            yield from _scenario_references(("scenarios", name), _mapping(scenario), process, problem)

    sources = _mapping(data.get("sources"))
    citing: list[tuple[tuple[str | int, ...], str]] = []  # the unknown sources, and where they are cited
    for section in ("legal_basis", "best_practices", "pitfalls", "register_gaps"):
        citing += [((section, i), source) for i, item in enumerate(_items(data.get(section)))
                   if (source := _unknown_source(item, sources)) is not None]
    for sid, step in process.items():
        if not isinstance(step, dict):
            continue
        if (source := _unknown_source(step, sources)) is not None:
            citing.append((("process", sid), source))
        for term in ("deadline", "timer"):
            if (source := _unknown_source(step.get(term), sources)) is not None:
                citing.append((("process", sid, term), source))
    for loc, source in citing:
        yield problem((*loc, "source"), "model.unknown-source", name=quote(source),
                      suggestion=suggest(source, sources), known=_listing(sources))


def _unknown_source(item: Any, sources: dict[str, Any]) -> str | None:
    """The source that ``item`` cites when it is not one of ``sources``; None when it cites none, or a known one."""
    source = item.get("source") if isinstance(item, dict) else None
    return source if isinstance(source, str) and source not in sources else None


def _kind_args(step: dict[str, Any]) -> dict[str, str]:
    try:
        kind = StepKind(step.get("kind"))
    except ValueError:
        return {"kind": "?", "kind_nl": "?"}
    return {"kind": kind.label("en"), "kind_nl": kind.label("nl")}


def _scenario_references(
    base: tuple[str | int, ...], scenario: dict[str, Any], process: dict[str, Any], problem: Any
) -> Iterator[Diagnostic]:
    steps = set(process)
    decisions = [sid for sid, step in process.items() if _mapping(step).get("kind") == StepKind.DECISION.value]
    for sid, given in _mapping(scenario.get("answers")).items():
        loc = (*base, "answers", sid, KEY)
        step = _mapping(process.get(sid))
        if sid not in steps:
            yield problem(loc, "model.unknown-step", name=quote(sid), suggestion=suggest(sid, decisions),
                          known=_listing(decisions))
            continue
        if step.get("kind") != StepKind.DECISION.value:
            yield problem(loc, "model.not-a-decision", name=quote(sid), suggestion=suggest(sid, decisions),
                          known=_listing(decisions), **_kind_args(step))
            continue
        labels = [label for label in _mapping(step.get("branches")) if isinstance(label, str)]
        values = [((*base, "answers", sid), given)] if isinstance(given, str) else [
            ((*base, "answers", sid, i), v) for i, v in enumerate(_items(given))]
        for value_loc, value in values:
            if isinstance(value, str) and value not in labels:
                yield problem(value_loc, "model.unknown-branch", name=quote(value), step=quote(sid),
                              suggestion=suggest(value, labels), known=_listing(labels))
    expect = _mapping(scenario.get("expect"))
    ends = [sid for sid, step in process.items() if _mapping(step).get("kind") == StepKind.END.value]
    end = _text(expect.get("end"))
    if end is not None and end not in steps:
        yield problem((*base, "expect", "end"), "model.unknown-step", name=quote(end),
                      suggestion=suggest(end, ends), known=_listing(ends))
    elif end is not None and end not in ends:
        yield problem((*base, "expect", "end"), "model.not-an-end", name=quote(end),
                      suggestion=suggest(end, ends), known=_listing(ends), **_kind_args(_mapping(process[end])))
    refused_step = _text(_mapping(expect.get("refused")).get("step"))
    if refused_step is not None and refused_step not in steps:
        yield problem((*base, "expect", "refused", "step"), "model.unknown-step", name=quote(refused_step),
                      suggestion=suggest(refused_step, steps), known=_listing(steps))


_OBJECT_NAME = re.compile(OBJECT_PATTERN)


def _step_references(
    sid: str, step: dict[str, Any], actors: set[str], steps: set[str], kern: dict[str, list[str] | None],
    problem: Any,
) -> Iterator[Diagnostic]:
    # Every step is looked at and few have a mistake: the ``loc`` of a reference is made only for a problem.
    base = ("process", sid)
    actor = step.get("actor")
    if isinstance(actor, str) and actor not in actors:
        yield problem((*base, "actor"), "model.unknown-actor", name=quote(actor),
                      suggestion=suggest(actor, actors), known=_listing(actors))
    nxt, branches = step.get("next"), step.get("branches")
    targets: list[tuple[tuple[str | int, ...], str]] = []  # the unknown ones
    if isinstance(nxt, str):
        if nxt not in steps:
            targets.append(((*base, "next"), nxt))
    elif isinstance(nxt, list):
        targets += [((*base, "next", i), t) for i, t in enumerate(nxt) if isinstance(t, str) and t not in steps]
    if isinstance(branches, dict):
        targets += [((*base, "branches", label), t) for label, t in branches.items()
                    if isinstance(t, str) and t not in steps]
    default = step.get("default")
    if isinstance(default, str) and default not in steps:
        targets.append(((*base, "default"), default))
    for loc, target in targets:
        yield problem(loc, "model.unknown-step", name=quote(target),
                      suggestion=suggest(target, steps), known=_listing(steps))
    for index, interaction in enumerate(_items(step.get("register"))):
        interaction = _mapping(interaction)
        loc = (*base, "register", index)
        field_name = "read" if "read" in interaction else "object"
        obj = _text(interaction.get(field_name))
        if obj is None or not _OBJECT_NAME.fullmatch(obj):
            continue  # no object, or not an object's name: the model says so
        obj = canonical_object(obj)
        if obj not in kern:
            hint = _kern_object_hint(obj, kern)
            if hint is not None:  # None: a misspelling in the kern, reported there once (register checks)
                yield problem((*loc, field_name), "model.object-not-in-kern", name=quote(obj), bare=obj, **hint)
            continue
        listed = kern[obj]
        if listed is None:
            continue  # the kern entry is not a list: the model says so
        unlisted: list[tuple[tuple[str | int, ...], str]] = [
            ((*loc, "attributes", i), a) for i, a in enumerate(_items(interaction.get("attributes")))
            if isinstance(a, str) and a not in listed]
        unlisted += [((*loc, "expect", a, KEY), a) for a in _mapping(interaction.get("expect"))
                     if isinstance(a, str) and a not in listed]
        for attr_loc, attr in unlisted:
            hint = _kern_hint(obj, attr, listed)
            if hint is not None:  # None: a misspelling in the kern, reported there once (register checks)
                yield problem(attr_loc, "model.attribute-not-in-kern", name=quote(attr), object=quote(obj),
                              object_bare=obj, **hint)


def _bundled_kind(obj: str) -> tuple[str, Any] | None:
    """(register id, object type) of ``obj`` in the bundled register, or None when it has no such object.

    Only to shape hints: a fiche may be checked against another register (``--register``), so
    the loader reports nothing from it; the register checks do, against the register in use.
    """
    from schillen.errors import RegisterError
    from schillen.registers import load_register
    from schillen.registers.lookup import object_named

    try:
        register = load_register()
    except RegisterError:  # pragma: no cover - the bundled register loads
        return None
    found = object_named(register, obj)
    return None if found is None else (register.id, found[1])


def _close(name: str, other: str) -> bool:
    """Whether ``other`` looks like a misspelling (or a shortening) of ``name``."""
    a, b = name.lower(), other.lower()
    return a == b or a.endswith(b) or b.endswith(a) or bool(suggest(a, [b], cutoff=0.75))


def _kern_object_hint(obj: str, kern: Mapping[str, Any]) -> dict[str, str] | None:
    """The hint arguments for object ``obj``, used in a step but not in the kern; None when not to report it.

    As for attributes (:func:`_kern_hint`): a kern entry is offered as "did you mean" only when
    the register knows it; when the kern has a misspelling of ``obj`` the step is right and only
    the kern is reported (None); when the register does not know ``obj`` but one of its objects
    is close, the hint names that.
    """
    from schillen.errors import RegisterError
    from schillen.registers import load_register
    from schillen.registers.lookup import object_named

    try:
        register = load_register()
    except RegisterError:  # pragma: no cover - the bundled register loads
        return {"suggestion": suggest(obj, kern)}
    known = [name for name in kern if object_named(register, name) is not None]
    if object_named(register, obj) is not None:
        if any(name not in known and _close(obj, name) for name in kern):
            return None
        return {"suggestion": suggest(obj, known)}
    guess = suggest(obj, known) or suggest(obj, REGISTER_OBJECTS, cutoff=0.6)  # what the kern lists first
    if guess:
        return {"register": register.id, "register_suggestion": guess}
    # Not like any object of the bundled register: maybe one of the register the fiche is checked
    # against (--register), which the loader does not know; adding it to the kern is then right.
    return {"suggestion": suggest(obj, kern)}


def _kern_hint(obj: str, attr: str, listed: list[str]) -> dict[str, str] | None:
    """The hint arguments for ``attr`` of ``obj``, used in a step but not in the kern; None when not to report it.

    A kern entry is offered as "did you mean" only when the register knows it, so that an
    author is never steered from the register's spelling to a typo in the kern; when the
    kern has the typo, the step is right and only the kern is reported (None: the register
    checks report it, once, with the register's spelling); when the register does not know
    ``attr`` either, the hint says so (adding it to the kern would not help).
    """
    from schillen.registers.lookup import attribute_named, guess_attribute

    found = _bundled_kind(obj)
    if found is None:  # an object of another register: only the kern to go by
        return {"suggestion": suggest(attr, listed, cutoff=0.85)}
    register_id, kind = found
    known = [a for a in listed if attribute_named(kind, a) is not None]
    if attribute_named(kind, attr) is not None:
        if any(a not in known and _close(attr, a) for a in listed):
            return None
        return {"suggestion": suggest(attr, known, cutoff=0.85)}
    in_kern = suggest(attr, known, cutoff=0.85)
    if in_kern:  # a misspelling of what the kern lists
        return {"suggestion": in_kern}
    guess = guess_attribute(kind, attr)
    return {"register": register_id, "register_suggestion": guess, "not_in_register": "yes",
            "known": _listing(kind.attributes)}


# --- one fiche -----------------------------------------------------------------


def find_schema(folder: str | os.PathLike[str]) -> Path | None:
    """The nearest ``schemas/fiche.schema.json`` in ``folder`` or a folder above it."""
    start = Path(folder).resolve()
    for parent in (start, *start.parents):
        candidate = parent / "schemas" / "fiche.schema.json"
        if candidate.is_file():
            return candidate
    return None


def _check_first_line(text: str, file: str) -> list[Diagnostic]:
    first = text.split("\n", 1)[0].strip()
    if first.startswith(SCHEMA_COMMENT):
        return []
    schema = "../schemas/fiche.schema.json"
    folder = Path(file).parent
    found = find_schema(folder) if file != "<string>" and folder.is_dir() else None
    if found is not None:
        schema = Path(os.path.relpath(found, folder.resolve())).as_posix()
    return [Diagnostic(file, 1, 1, "yaml.schema-comment", {"schema": schema})]


def parse_fiche(text: str, file: str = "<string>") -> LoadResult:
    """Check and load a fiche from its text; never raises for a bad fiche.

    Args:
        text: the YAML text.
        file: the path shown in diagnostics; its stem must equal the fiche's id
            (not checked for ``<string>``).

    Returns:
        The fiche (None if any error was found) and all diagnostics, sorted.
    """
    return _parse(text, file)[0]


def _parse(text: str, file: str) -> tuple[LoadResult, UnloadedFiche | None]:
    """:func:`parse_fiche`, and the data of the fiche when it was read as YAML (a mapping), else None."""
    data, smap, problems = parse_yaml(text, file)
    if not any(d.code == "yaml.empty" for d in problems):
        problems.extend(_check_first_line(text, file))
    if data is not None:
        problems.extend(_keys_in_text(text, file))
    return _finish(data, smap, problems, file)


_BLOCK_INDICATOR = re.compile(r": +[>|][-+0-9]* *(?:#[^\n]*)?(?=\n|$)")
"""Where a block text may start (a fast search: a pattern anchored at each line start is ten times slower)."""
_BLOCK_HEADER = re.compile(r"(?P<indent> *(?:- +)?)(?P<key>[A-Za-z_][\w-]*): +[>|][-+0-9]* *(?:#[^\n]*)?(?=\n|$)")
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+): +\S")


@functools.cache
def _siblings() -> dict[str, frozenset[str]]:
    """Each key of a fiche -> the keys that can stand beside it (in some model that has it)."""
    found: dict[str, set[str]] = {}
    for model in _models(Fiche, set()):
        names = {info.alias or name for name, info in model.model_fields.items()}
        for name in names:
            found.setdefault(name, set()).update(names - {name})
    return {name: frozenset(others) for name, others in found.items()}


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """``model`` and every model its fields hold, at any depth."""
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        for inner in _inner_types(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                _models(inner, seen)
    return seen


def _inner_types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for argument in typing.get_args(annotation):
        yield from _inner_types(argument)


def _keys_in_text(text: str, file: str) -> list[Diagnostic]:
    """A warning for a key written into a block text by indenting it like the text.

    ``text: >-`` followed by the lines of the text and then ``article: art. 8`` indented like those
    lines makes the article part of the text (YAML allows it, nothing is lost that anyone sees).
    The last line of a block text is reported when it reads ``key: value`` with a key that can
    stand beside the text's own key in a fiche.
    """
    found: list[Diagnostic] = []
    line_number, counted = 1, 0
    for indicator in _BLOCK_INDICATOR.finditer(text):
        match = _BLOCK_HEADER.match(text, text.rfind("\n", 0, indicator.start()) + 1)
        if match is None or match.end() != indicator.end():
            continue
        line_number += text.count("\n", counted, match.start())
        counted = match.start()
        column = len(match["indent"])
        last: tuple[int, str] | None = None
        content_indent = lines = 0
        at, number = match.end() + 1, line_number
        while at < len(text):  # the lines of the text: blank, or indented further than its key
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line, at, number = text[at:end], end + 1, number + 1
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip(" "))
            if indent <= column:
                break
            content_indent = content_indent or indent
            last, lines = (number, line), lines + 1
        if last is None or lines < 2:
            continue  # no text, or a text of one line: nothing can have been swallowed
        key_line = _KEY_LINE.match(last[1])
        if key_line is None or len(key_line["indent"]) != content_indent:
            continue
        if key_line["key"] in _siblings().get(match["key"], frozenset()):
            found.append(Diagnostic(file, last[0], content_indent + 1, "yaml.key-in-text",
                                    {"key": quote(key_line["key"]), "text_key": quote(match["key"]),
                                     "column": column + 1}))
    return found


_DEADLINE_KEYS = ("within", "unit", "from", "before", "note")
"""The keys of a deadline or timer that a step itself does not have."""


def _in_steps(found: list[Diagnostic], data: dict[str, Any]) -> list[Diagnostic]:
    """Diagnostics of shape in steps, said in the words of the step's kind.

    Deadline keys written straight under a step (``within``, ``unit``, ...: the ``deadline:`` line
    forgotten) are one diagnostic, at the first of them, that says where they belong; an empty
    ``branches`` of a decision or ``next`` of a step that goes on is not "optional".
    """
    process = _mapping(data.get("process"))
    deadline_keys: dict[str, list[Diagnostic]] = {}
    kept: list[Diagnostic] = []
    for d in found:
        loc = d.loc
        step = loc[1] if len(loc) == 3 and loc[0] == "process" and isinstance(loc[1], str) else None
        kind = _text(_mapping(process.get(step)).get("kind")) if step is not None else None  # text, or None
        if d.code == "schema.unknown-key" and step is not None and loc[2] in _DEADLINE_KEYS:
            deadline_keys.setdefault(step, []).append(d)
            continue
        if d.code == "schema.empty" and step is not None and (kind, loc[2]) in _EMPTY_ADVICE:
            d = replace(d, args={**d.args, **_EMPTY_ADVICE[kind, loc[2]]})
        if d.code == "schema.type" and loc[-1:] == ("within",) and len(loc) == 4 and loc[0] == "process":
            term = _mapping(_mapping(process.get(str(loc[1]))).get(str(loc[2])))  # a deadline or a timer
            d = replace(d, args={**d.args, **_within_in_words(term)})
        kept.append(d)
    for step, group in deadline_keys.items():
        group.sort()
        keys = [str(d.loc[2]) for d in group]
        wait = _mapping(process.get(step)).get("kind") == StepKind.WAIT.value
        kept.append(replace(group[0], args={
            **group[0].args,
            "keys": listed([quote(k) for k in keys], "and"), "keys_nl": listed([quote(k) for k in keys], "en"),
            "belong": "belongs" if len(keys) == 1 else "belong", "belong_nl": "hoort" if len(keys) == 1 else "horen",
            "belongs": "'timer:' (how long the step waits) or 'deadline:'" if wait else "'deadline:'",
            "belongs_nl": "'timer:' (hoe lang de stap wacht) of 'deadline:'" if wait else "'deadline:'",
            "parent": "'timer:' or 'deadline:'" if wait else "'deadline:'",
            "parent_nl": "'timer:' of 'deadline:'" if wait else "'deadline:'",
        }))
    return kept


_NUMBER_AND_UNIT = re.compile(r"\s*(\d+)\s*([^\W\d_].*?)\s*")
_UNITS = [unit.value for unit in DeadlineUnit]


def _within_in_words(term: dict[str, Any]) -> dict[str, str]:
    """The hint for a term whose ``within`` holds a unit too (``within: 20 dagen``): the two keys to write."""
    match = _NUMBER_AND_UNIT.fullmatch(term["within"]) if isinstance(term.get("within"), str) else None
    if match is None:
        return {}
    number, word = match[1], match[2]
    unit = suggest(word, _UNITS).strip("'")
    if not unit:
        return {"type_hint_en": f"write only the number, within: {number}, and the unit under 'unit'",
                "type_hint_nl": f"schrijf alleen het getal, within: {number}, en de eenheid onder 'unit'"}
    return {"type_hint_en": f"write the number and the unit apart: within: {number} and unit: {unit}",
            "type_hint_nl": f"schrijf het getal en de eenheid apart: within: {number} en unit: {unit}"}


_GOES_ON = {"start", "task", "wait", "call", "parallel_join", "parallel_split"}
_EMPTY_ADVICE: dict[tuple[Any, Any], dict[str, str]] = {
    ("decision", "branches"): {
        "advice": "list each answer with the step it leads to, e.g. branches: {ja: ..., nee: ...}",
        "advice_nl": "zet elk antwoord eronder met de stap waarnaar het leidt, bv. branches: {ja: ..., nee: ...}",
    },
    **{(kind, "next"): {
        "advice": "write the id of the step that comes next",
        "advice_nl": "schrijf de id van de stap die erna komt",
    } for kind in _GOES_ON},
}
"""What to write in a key of a step that must not stay empty for its kind, by (kind, key)."""


def _finish(data: Any, smap: SourceMap | None, problems: list[Diagnostic], file: str
            ) -> tuple[LoadResult, UnloadedFiche | None]:
    if data is None and smap is None:
        return LoadResult(None, sorted(problems)), None
    assert smap is not None
    if not isinstance(data, dict):
        problems.append(not_a_mapping(data, file, smap))
        return LoadResult(None, sorted(problems)), None
    fiche: Fiche | None = None
    try:
        fiche = Fiche.model_validate(data)
    except ValidationError as exc:
        problems.extend(_in_steps(_only_causes(
            [_pydantic_diagnostic(err, file, smap) for err in exc.errors(include_url=False)], smap), data))
    for d in iter_reference_problems(data):
        problems.append(d.located(file, *smap.locate(d.loc)))
    stem = PurePath(file).stem
    fiche_id = data.get("id")
    valid_id = isinstance(fiche_id, str) and re.match(SLUG_PATTERN, fiche_id) is not None
    if file != "<string>" and valid_id and stem != fiche_id:
        problems.append(Diagnostic(file, *smap.locate(("id",)), "model.id-mismatch",
                                   {"id": quote(fiche_id), "id_bare": fiche_id, "stem": quote(stem), "stem_bare": stem,
                                    "stem_valid": "yes" if re.match(SLUG_PATTERN, stem) else ""},
                                   ("id",)))
    problems = _misindented_steps(data, smap, sorted(set(problems)), file)
    raw = UnloadedFiche(file, data, smap)
    if fiche is None or any(d.severity is Severity.ERROR for d in problems):
        return LoadResult(None, problems), raw
    fiche._source, fiche._file = smap, file
    return LoadResult(fiche, problems), raw


@functools.cache
def _step_keys() -> frozenset[str]:
    return frozenset(info.alias or name for name, info in Step.model_fields.items())


def _misindented_steps(data: dict[str, Any], smap: SourceMap, problems: list[Diagnostic], file: str
                       ) -> list[Diagnostic]:
    """One ``yaml.indentation`` for a step whose lines stand in the wrong column, instead of the errors
    that follow from it (``problems`` is sorted; so is what is returned).

    * The keys of a step not indented under it (``voorlopig:`` then ``kind: end`` in its column): the
      step is empty and ``kind``, ``name``, ... read as steps of their own.
    * A step's id indented like the keys of the step above (``    aangifte:`` under ``  controle:``):
      it is read as an empty key of that step, and its own keys as repeats of that step's keys.
    """
    process = data.get("process")
    if not isinstance(process, dict):
        return problems
    steps, keys = list(process.items()), _step_keys()
    said: list[Diagnostic] = []
    drop_locs: set[tuple[str | int, ...]] = set()
    drop_lines: set[int] = set()
    drop_names: set[str] = set()
    for index, (sid, step) in enumerate(steps):
        if step is not None or not isinstance(sid, str):
            continue
        loose = []  # the step's own keys, read as steps
        for key, value in steps[index + 1:]:
            if key not in keys or isinstance(value, dict):
                break
            loose.append(key)
        if not loose:
            continue
        line, column = smap.locate(("process", sid, KEY))
        first = smap.locate(("process", loose[0], KEY))
        shown = listed([quote(k) for k in loose], "and")
        shown_nl = listed([quote(k) for k in loose], "en")
        said.append(Diagnostic(file, *first, "yaml.indentation", {
            "problem": f"{shown} belong to {quote(sid)} but are not indented under it",
            "problem_nl": f"{shown_nl} horen bij {quote(sid)} maar springen er niet onder in",
            "advice": f"indent them two spaces further than {quote(sid + ':')} (to column {column + 2})",
            "advice_nl": f"spring ze twee spaties verder in dan {quote(sid + ':')} (tot kolom {column + 2})",
        }))
        drop_locs.update([("process", sid), *(("process", k) for k in loose)])
    for index, (sid, step) in enumerate(steps):
        if not isinstance(step, dict) or None not in step.values():  # nearly every step: nothing left empty
            continue
        inner = [k for k, v in step.items() if v is None and k not in keys and isinstance(k, str)]
        if not inner:
            continue
        name = inner[0]
        line, column = smap.locate(("process", sid, name, KEY))
        end = smap.locate(("process", steps[index + 1][0], KEY))[0] if index + 1 < len(steps) else 1 << 30
        repeats = [d for d in problems if d.code == "yaml.duplicate-key" and line < d.line < end]
        if not repeats:
            continue  # an unknown key of its own: the schema says so
        step_column = smap.locate(("process", sid, KEY))[1]
        said.append(Diagnostic(file, line, column, "yaml.indentation", {
            "problem": f"step {quote(name)} is indented like the keys of step {quote(sid)}, so it is read as one "
                       "of them",
            "problem_nl": f"stap {quote(name)} springt in zoals de sleutels van stap {quote(sid)}, en wordt als "
                          f"een ervan gelezen",
            "advice": f"start it in the column of {quote(sid + ':')} (column {step_column}), and its keys two spaces "
                      "further",
            "advice_nl": f"begin ze in de kolom van {quote(sid + ':')} (kolom {step_column}), en haar sleutels twee "
                         "spaties verder",
        }))
        drop_lines.update(d.line for d in repeats)
        drop_locs.add(("process", sid, name))
        drop_names.add(name)
    if not said:
        return problems
    kept = [d for d in problems
            if d.loc[:2] not in drop_locs and d.loc[:3] not in drop_locs
            and not (d.code == "yaml.duplicate-key" and d.line in drop_lines)
            and not (d.code == "model.unknown-step" and d.args.get("name") in {quote(n) for n in drop_names})]
    return sorted([*kept, *said])


def read_fiche(path: str | os.PathLike[str]) -> LoadResult:
    """Check and load the fiche at ``path``; never raises for a bad file."""
    return _read(path)[0]


def _read(path: str | os.PathLike[str], cwd: Path | None = None) -> tuple[LoadResult, UnloadedFiche | None, str]:
    """:func:`read_fiche`, the data of a fiche that was read as YAML (a mapping) but did not load, else None,
    and the path as diagnostics show it (relative to ``cwd``, the working folder resolved, when given)."""
    text, file, problems = read_source(path, cwd)
    if text is None:
        return LoadResult(None, problems), None, file
    result, raw = _parse(text, file)
    if problems:
        fiche = result.fiche if not any(d.severity is Severity.ERROR for d in problems) else None
        result = LoadResult(fiche, sorted([*problems, *result.diagnostics]))
    return result, raw if result.fiche is None else None, file


def load_fiche(path: str | os.PathLike[str]) -> Fiche:
    """Load the fiche at ``path``.

    Raises:
        FicheError: the fiche has errors; ``.diagnostics`` lists every problem.
    """
    result = read_fiche(path)
    if result.fiche is None:
        raise FicheError(f"cannot load fiche {os.fspath(path)!r}", result.diagnostics)
    return result.fiche


# --- a catalogue of fiches ---------------------------------------------------


def iter_fiche_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Diagnostic]:
    """The fiche files named by ``paths`` (files, or folders searched for ``*.yaml``/``*.yml`` in any case).

    A path that does not exist, or a folder without fiches, yields a diagnostic instead; so does
    a ``*.yaml.txt`` file in a folder (a fiche that an editor saved with '.txt' added), which is not read.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, saved_as_text = [], []
            for p in path.rglob("*"):
                name = p.name.lower()
                if name.endswith((".yaml", ".yml")) and p.is_file():  # also .YAML, as Windows may save it
                    found.append(p)
                elif name.endswith((".yaml.txt", ".yml.txt")) and p.is_file():
                    saved_as_text.append(p)
            for p in sorted(saved_as_text):  # Notepad adds '.txt' unless told otherwise: say why it is not read
                shown = _display_path(p)
                yield Diagnostic(shown, 0, 0, "io.txt-suffix", {"path": quote(shown), "name": quote(p.name[:-4])})
            if not found:
                yield Diagnostic(_display_path(path), 0, 0, "io.no-fiches", {"path": quote(_display_path(path))})
            yield from sorted(found)
        elif path.exists():
            yield path
        else:
            yield Diagnostic(_display_path(path), 0, 0, "io.unreadable",
                             {"path": quote(_display_path(path)), **_os_reason(FileNotFoundError(errno.ENOENT, ""))})


@dataclass
class Catalogue:
    """The fiches that loaded, by id, and every diagnostic of every file."""

    fiches: dict[str, Fiche] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every fiche file that was read, as shown in diagnostics."""
    unloaded: list[UnloadedFiche] = field(default_factory=list)
    """The files that were read as YAML (a mapping) but did not load, for the checks that need no model."""


def load_catalogue(paths: Iterable[str | os.PathLike[str]], loaded: Callable[[Fiche], object] | None = None
                   ) -> Catalogue:
    """Load every fiche under ``paths`` and check references between them; never raises.

    A fiche that calls or links to a fiche that is not in the catalogue, and two
    fiches with one id, are reported (``catalogue.*``).

    ``loaded``, when given, is called with each fiche as soon as it joins the catalogue
    (in file order; not the second fiche with an id), so that work on it can start while
    the others load (the book lays out its diagrams).
    """
    catalogue = Catalogue()
    folders: set[Path] = set()
    with paused_collection():
        _load_into(catalogue, folders, paths, loaded)
    # A fiche checked on its own may call fiches beside it that were not named.
    siblings = {p.stem for folder in folders for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")}
    catalogue.diagnostics.extend(iter_catalogue_problems(catalogue.fiches, siblings))
    catalogue.diagnostics.sort()
    return catalogue


def _load_into(catalogue: Catalogue, folders: set[Path], paths: Iterable[str | os.PathLike[str]],
               loaded: Callable[[Fiche], object] | None) -> None:
    cwd = Path.cwd().resolve()  # once, not for each file
    for item in iter_fiche_files(paths):
        if isinstance(item, Diagnostic):
            catalogue.diagnostics.append(item)
            continue
        folders.add(item.parent)
        result, raw, file = _read(item, cwd)
        catalogue.files.append(file)
        catalogue.diagnostics.extend(result.diagnostics)
        fiche = result.fiche
        if fiche is None:
            if raw is not None:
                catalogue.unloaded.append(raw)
            continue
        if fiche.id in catalogue.fiches:
            other = catalogue.fiches[fiche.id].file
            smap = fiche.source_map
            position = smap.locate(("id",)) if smap is not None else (0, 0)
            catalogue.diagnostics.append(Diagnostic(fiche.file, *position, "catalogue.duplicate-id",
                                                    {"id": quote(fiche.id), "other": quote(other)}, ("id",)))
            continue
        catalogue.fiches[fiche.id] = fiche
        if loaded is not None:
            loaded(fiche)


def iter_catalogue_problems(fiches: dict[str, Fiche], elsewhere: Iterable[str] = ()) -> Iterator[Diagnostic]:
    """Located diagnostics for calls and links to fiches that are neither in ``fiches`` nor ``elsewhere``."""
    known = set(fiches) | set(elsewhere)
    for fiche in fiches.values():
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("process", sid, "call"), step.call) for sid, step in fiche.process.items() if step.call
        ]
        refs += [(("links", i, "fiche"), link.fiche) for i, link in enumerate(fiche.links)]
        for loc, target in refs:
            if target not in known:
                position = fiche.source_map.locate(loc) if fiche.source_map else (0, 0)
                yield Diagnostic(fiche.file, *position, "catalogue.unknown-fiche",
                                 {"name": quote(target), "suggestion": suggest(target, known)}, loc)
