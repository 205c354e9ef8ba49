"""Loading a register interface: YAML, then the model, then its references; every failure a diagnostic.

The same stages as for a fiche (:mod:`schillen.loading`), with the same helpers
(:mod:`schillen._yaml`, :mod:`schillen._validation`):

1. bytes -> text -> data, every key and value with its line and column;
2. data -> :class:`~schillen.registers.model.Register` (pydantic; ``schema.*`` diagnostics);
3. names used inside the file: objects, attributes, code lists, statuses and
   code values, operations (``register.*`` diagnostics).

:func:`load_register` without a path loads the bundled ``grar.yaml``.

Examples:
    >>> grar = load_register()
    >>> sorted(grar.objects)
    ['adres', 'gebouw', 'gebouweenheid', 'perceel', 'straatnaam']
    >>> result = parse_register("id: x\\n", "registers/x.yaml")
    >>> result.register is None
    True
    >>> [(d.line, d.column, d.code) for d in result.diagnostics][:2]
    [(1, 1, 'schema.required'), (1, 1, 'schema.required')]
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, NamedTuple

from pydantic import ValidationError

from schillen._validation import (
    Vocabulary,
    listing,
    not_a_mapping,
    only_causes,
    pydantic_diagnostic,
    read_source,
    suggest,
    where,
)
from schillen._yaml import KEY, parse_yaml
from schillen.diagnostics import Diagnostic, Severity, quote
from schillen.errors import RegisterError
from schillen.registers.model import (
    PREVIOUS,
    REMOVED,
    SAME,
    Attribute,
    AttributeType,
    ObjectType,
    Register,
)

__all__ = [
    "GRAR",
    "RegisterResult",
    "attribute_at",
    "iter_register_problems",
    "load_register",
    "parse_register",
    "read_register",
]

GRAR = "grar.yaml"
"""The bundled register interface (package data of :mod:`schillen.registers`)."""

_OWN_KINDS = {
    "operation-start": "an operation either creates its object or starts from statuses (from)",
    "attribute-kind": "'{field}' goes with type '{type}' and only with it",
    "precondition-kind": "a precondition needs exactly one of in, not_in or check (found: {found})",
}


def _model_kind(kind: str, ctx: Any, loc: tuple[str | int, ...], args: dict[str, Any]) -> Any:
    """The register model's own error kinds, at the key of what they are about."""
    if kind not in _OWN_KINDS:
        return None
    args.update(value=quote(where(loc[-2:])[0] if loc and isinstance(loc[-1], int) else loc[-1] if loc else ""),
                reason=_OWN_KINDS[kind].format(**ctx))
    return "schema.invalid", loc


_CAPWORDS = ("name", "naam", "write it as the register does, in CapWords, e.g. 'RealizeBuilding'",
             "schrijf het zoals het register, in CapWords, bv. 'RealizeBuilding'")
REGISTER_WORDS = Vocabulary(
    Register,
    ("the register", "het register"),
    patterns={
        "source": ("section", "sectie", "cite a section of the reference, e.g. '§4.3' or '§4.3, §4.4'",
                   "verwijs naar een sectie van de referentie, bv. '§4.3' of '§4.3, §4.4'"),
        "id": ("register id", "register-id", "use lower-case letters, digits and single hyphens, e.g. 'grar'",
               "gebruik kleine letters, cijfers en enkele koppeltekens, bv. 'grar'"),
        **{key: _CAPWORDS for key in ("command", "event", "domain", "error", "status_error", "status_exception")},
    },
    model_kind=_model_kind,
)
"""What diagnostics of a register file need to know about register files."""


class RegisterResult(NamedTuple):
    """A register interface (None when it has errors) and every diagnostic about it, sorted."""

    register: Register | None
    diagnostics: list[Diagnostic]


def parse_register(text: str, file: str = "<string>") -> RegisterResult:
    """Check and load a register interface from its text; never raises for a bad file."""
    data, smap, problems = parse_yaml(text, file)
    if smap is None:
        return RegisterResult(None, sorted(problems))
    if not isinstance(data, dict):
        problems.append(not_a_mapping(data, file, smap))
        return RegisterResult(None, sorted(problems))
    register: Register | None = None
    try:
        register = Register.model_validate(data)
    except ValidationError as exc:
        problems.extend(only_causes(
            [pydantic_diagnostic(err, file, smap, REGISTER_WORDS) for err in exc.errors(include_url=False)], smap))
    if register is not None:
        problems.extend(d.located(file, *smap.locate(d.loc, key=d.loc[-1:] == (KEY,)))
                        for d in iter_register_problems(register))
    problems = sorted(set(problems))
    if any(d.severity is Severity.ERROR for d in problems):
        return RegisterResult(None, problems)
    return RegisterResult(register, problems)


def read_register(path: str | os.PathLike[str] | None = None) -> RegisterResult:
    """Check and load the register interface at ``path`` (default: the bundled grar); never raises."""
    if path is None:
        return _bundled()
    text, file, problems = read_source(path)
    if text is None:
        return RegisterResult(None, problems)
    result = parse_register(text, file)
    if problems:
        register = result.register if not any(d.severity is Severity.ERROR for d in problems) else None
        return RegisterResult(register, sorted([*problems, *result.diagnostics]))
    return result


@functools.lru_cache(maxsize=1)
def _bundled() -> RegisterResult:
    with resources.as_file(resources.files("schillen.registers") / GRAR) as path:
        text, file, problems = read_source(path)
    result = parse_register(text or "", file)
    return RegisterResult(result.register, sorted([*problems, *result.diagnostics]))


def load_register(path: str | os.PathLike[str] | None = None) -> Register:
    """Load the register interface at ``path``; without a path, the bundled ``grar.yaml``.

    Raises:
        RegisterError: the file has errors; ``.diagnostics`` lists every problem.
    """
    result = read_register(path)
    if result.register is None:
        shown = GRAR if path is None else os.fspath(path)
        raise RegisterError(f"cannot use register interface {shown!r}", result.diagnostics)
    return result.register


# --- names used inside a register file -------------------------------------------


def attribute_at(kind: ObjectType, path: str) -> Attribute | None:
    """The attribute (or field of one) of ``kind`` at ``path``, e.g. ``gebouwPolygoon.geometrieMethode``.

    Examples:
        >>> attribute_at(load_register().objects["gebouw"], "gebouwPolygoon.geometrieMethode").codelist
        'geometrieMethode'
    """
    head, *rest = path.split(".")
    found = kind.attributes.get(head)
    for part in rest:
        found = found.fields.get(part) if found is not None else None
    return found


def attribute_paths(kind: ObjectType) -> list[str]:
    """Every attribute of ``kind`` and every field of one, as paths (:attr:`ObjectType.paths`)."""
    return list(kind.paths)


def iter_register_problems(register: Register) -> Iterator[Diagnostic]:
    """Yield a diagnostic (with ``loc`` only) for every name a register file uses but does not declare."""
    objects, codelists = register.objects, register.codelists

    def problem(loc: tuple[str | int, ...], code: str, **args: Any) -> Diagnostic:
        return Diagnostic("", 0, 0, code, args, loc)

    def known_object(loc: tuple[str | int, ...], name: str) -> Iterator[Diagnostic]:
        if name not in objects:
            yield problem(loc, "register.unknown-object", name=quote(name), suggestion=suggest(name, objects),
                          known=listing(objects))

    def values_in(loc: tuple[str | int, ...], values: list[Any] | Any, allowed: list[str], codelist: str,
                  extra: Iterable[str] = ()) -> Iterator[Diagnostic]:
        """Values (a list, each at its index; or one value, at ``loc``) that are not in ``allowed`` or ``extra``."""
        pool = [*allowed, *extra]
        items = enumerate(values) if isinstance(values, list) else [(None, values)]
        for index, value in items:
            if isinstance(value, str) and value not in pool:
                yield problem(loc if index is None else (*loc, index), "register.code-not-in-list",
                              value=quote(value), codelist=quote(codelist), suggestion=suggest(value, pool),
                              known=listing(pool))

    def status_values(loc: tuple[str | int, ...], obj: str, values: list[Any] | Any,
                      extra: Iterable[str] = (REMOVED,)) -> Iterator[Diagnostic]:
        if obj in objects and register.statuses(obj):  # no statuses: its code list is reported instead
            status = objects[obj].attributes.get(objects[obj].status)
            codelist = status.codelist if status is not None and status.codelist else objects[obj].status
            yield from values_in(loc, values, register.statuses(obj), codelist, extra)

    def attribute(loc: tuple[str | int, ...], obj: str, path: str) -> Iterator[Diagnostic]:
        if obj in objects and attribute_at(objects[obj], path) is None:
            paths = attribute_paths(objects[obj])
            yield problem(loc, "register.unknown-attribute", name=quote(path), object=quote(obj),
                          suggestion=suggest(path, paths), known=listing(objects[obj].attributes))

    def attribute_values(
        loc: tuple[str | int, ...], obj: str, path: str, values: list[Any] | Any
    ) -> Iterator[Diagnostic]:
        found = attribute_at(objects[obj], path) if obj in objects else None
        if found is not None and found.type is AttributeType.CODE and found.codelist in codelists:
            yield from values_in(loc, values, list(codelists[found.codelist].values), found.codelist)

    def mapping(loc: tuple[str | int, ...], obj: str, pairs: dict[str, Any]) -> Iterator[Diagnostic]:
        for path, value in pairs.items():
            yield from attribute((*loc, path, KEY), obj, path)
            yield from attribute_values((*loc, path), obj, path, value)

    def attributes(loc: tuple[str | int, ...], declared: dict[str, Attribute]) -> Iterator[Diagnostic]:
        for name, attr in declared.items():
            if attr.codelist is not None and attr.codelist not in codelists:
                yield problem((*loc, name, "codelist"), "register.unknown-codelist", name=quote(attr.codelist),
                              suggestion=suggest(attr.codelist, codelists), known=listing(codelists))
            if attr.object is not None:
                yield from known_object((*loc, name, "object"), attr.object)
            yield from attributes((*loc, name, "fields"), attr.fields)

    for key, kind in objects.items():
        base: tuple[str | int, ...] = ("objects", key)
        yield from attributes((*base, "attributes"), kind.attributes)
        status = kind.attributes.get(kind.status)
        if status is None or status.type is not AttributeType.CODE:
            yield problem((*base, "status"), "register.unknown-attribute", name=quote(kind.status), object=quote(key),
                          suggestion=suggest(kind.status, kind.attributes), known=listing(kind.attributes))
        for name, relation in kind.relations.items():
            yield from known_object((*base, "relations", name, "object"), relation.object)
        for action, op in kind.operations.items():
            at = (*base, "operations", action)
            if isinstance(op.from_, list):
                yield from status_values((*at, "from"), key, op.from_)
            if op.to is not None:
                yield from status_values((*at, "to"), key, op.to, () if op.creates else (REMOVED, SAME, PREVIOUS))
            for i, adjust in enumerate(op.to_when):
                yield from status_values((*at, "to_when", i, "from"), key, adjust.from_, ())
                yield from status_values((*at, "to_when", i, "to"), key, adjust.to, ())
                yield from known_object((*at, "to_when", i, "object"), adjust.object)
                yield from status_values((*at, "to_when", i, "in"), adjust.object, adjust.in_)
            yield from mapping((*at, "sets"), key, op.sets)
            yield from mapping((*at, "noop_when"), key, op.noop_when)
            for i, pre in enumerate(op.preconditions):
                ploc = (*at, "preconditions", i)
                target = pre.object or key
                if pre.object is not None:
                    yield from known_object((*ploc, "object"), pre.object)
                for field_name, values in (("in", pre.in_), ("not_in", pre.not_in)):
                    if pre.attribute is None:
                        yield from status_values((*ploc, field_name), target, values)
                    else:
                        yield from attribute_values((*ploc, field_name), target, pre.attribute, values)
                if pre.attribute is not None:
                    yield from attribute((*ploc, "attribute"), target, pre.attribute)
            for i, cascade in enumerate(op.cascades):
                cloc = (*at, "cascades", i)
                yield from known_object((*cloc, "object"), cascade.object)
                yield from status_values((*cloc, "from"), cascade.object, cascade.from_, ())
                if cascade.to is not None:
                    yield from status_values((*cloc, "to"), cascade.object, cascade.to)
                for field_name in ("detach", "attach"):
                    other = getattr(cascade, field_name)
                    if other is not None:
                        yield from known_object((*cloc, field_name), other)
                yield from mapping((*cloc, "only"), cascade.object, cascade.only)
                yield from mapping((*cloc, "excluding"), cascade.object, cascade.excluding)
                if cascade.change is not None:
                    yield from attribute((*cloc, "change"), cascade.object, cascade.change)
        common = kind.common_unit
        if common is not None:
            cbase = (*base, "common_unit")
            yield from attribute((*cbase, "attribute"), key, common.attribute)
            yield from attribute_values((*cbase, "value"), key, common.attribute, common.value)
            yield from status_values((*cbase, "counted"), key, common.counted, ())
            for i, action in enumerate(common.allowed):
                if action not in kind.operations:
                    yield problem((*cbase, "allowed", i), "register.unknown-operation", name=quote(action),
                                  object=quote(key), suggestion=suggest(action, kind.operations),
                                  known=listing(kind.operations))
