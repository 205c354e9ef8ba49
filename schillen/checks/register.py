"""Checks of a fiche against its register interface (the bundled ``grar``): names and values.

The ``kern`` lists register objects with their attributes; each must be an
attribute of that object in the register (or a field of one).  A step's
``register`` entries read or operate on those objects: each ``operation`` must
be one the register offers for the object (by its edit-API action or its
command), and each value under ``expect`` must be in the code list of its
attribute.  Which attributes a step may use is the loader's business (they
must be in the ``kern``), so a misspelt attribute gives one diagnostic, at the
``kern``.  These checks do not need the process to be well formed.

Passing::

    shells: {kern: {Adres: [adresStatus]}}
    ...  register: [{read: Adres, expect: {adresStatus: inGebruik}}, {operation: afkeuren, object: Adres}]

Failing (``register.no-such-attribute``, ``register.no-such-value``, ``register.no-such-operation``)::

    shells: {kern: {Adres: [adresstatus, adresStatus]}}
    ...  register: [{read: Adres, expect: {adresStatus: ingebruik}}, {operation: weigeren, object: Adres}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from schillen._validation import listing, suggest
from schillen.diagnostics import Diagnostic, quote
from schillen.errors import RegisterQueryError
from schillen.graph import INTERACTIONS, KERN
from schillen.model import RegisterInteraction
from schillen.registers import Register, load_register
from schillen.registers.loading import attribute_at, attribute_paths
from schillen.registers.lookup import find_attribute, find_object, find_operation
from schillen.registers.model import ObjectType

__all__ = ["CODES", "iter_register_problems"]

CODES = (
    "register.no-such-attribute",
    "register.no-such-value",
    "register.no-such-operation",
)


def _problem(code: str, loc: tuple[str | int, ...], **args: Any) -> Diagnostic:
    return Diagnostic("", 0, 0, code, args, loc)


def _kind(register: Register, name: str) -> tuple[str, ObjectType] | None:
    try:
        key = find_object(register, name)
    except RegisterQueryError:
        return None  # the fiche model admits only the objects of grar
    return key, register.objects[key]


def _attribute(kind: ObjectType, name: str) -> str | None:
    try:
        return find_attribute(kind, name)
    except RegisterQueryError:
        return None


def iter_register_problems(graph: nx.DiGraph[str], register: Register | None = None) -> Iterator[Diagnostic]:
    """Yield every name or value of the fiche behind ``graph`` that ``register`` (default: grar) lacks.

    Args:
        graph: the process graph of a fiche (:func:`schillen.graph.to_graph`), with its ``kern``.
        register: the register interface; the bundled grar by default (loaded once per process).
    """
    register = register or load_register()
    kern: dict[str, list[str]] = graph.graph.get(KERN, {})
    for obj, attributes in kern.items():
        found = _kind(register, obj)
        if found is None:
            continue
        _, kind = found
        paths = attribute_paths(kind)
        for index, name in enumerate(attributes):
            if _attribute(kind, name) is None:
                yield _problem("register.no-such-attribute", ("shells", "kern", obj, index), name=quote(name),
                               object=quote(obj), register=register.id, suggestion=suggest(name, paths, 0.75),
                               known=listing(kind.attributes))
    for sid in graph:
        interactions: list[RegisterInteraction] = graph.nodes[sid][INTERACTIONS]
        for index, interaction in enumerate(interactions):
            found = _kind(register, interaction.target)
            if found is None:
                continue
            yield from _interaction_problems(register, *found, interaction, ("process", sid, "register", index))


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
                           known=listing(kind.operations))
    for name, values in interaction.expect.items():
        path = _attribute(kind, name)
        attribute = attribute_at(kind, path) if path is not None else None
        codelist = register.codelists.get(attribute.codelist or "") if attribute is not None else None
        if codelist is None:
            continue  # not an attribute (reported at the kern), or not a code
        for position, value in enumerate(values):
            if value not in codelist.values:
                yield _problem("register.no-such-value", (*loc, "expect", name, position), value=quote(value),
                               attribute=quote(name), codelist=quote(attribute.codelist if attribute else ""),
                               suggestion=suggest(value, codelist.values), known=listing(codelist.values))
