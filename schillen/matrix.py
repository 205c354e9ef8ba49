"""The register matrix: which fiche creates, reads, updates or deletes what in the register, and what is missing.

Rows are the register's objects, each followed by its attributes (with the
fields of nested attributes, as paths such as ``gebouwPolygoon.geometrie``)
and its operations, all in the register's own order.  Columns are (fiche,
step) pairs that have at least one cell: the fiches sorted by id, first the
``kern`` column (step ``(kern)``), then the steps in the order the process
lists them.  A cell is one letter:

- **R** for a ``read``: on the object, on each attribute under ``attributes``
  and on each attribute under ``expect``;
- for an ``operation``: **C** when it creates the object (``creates: true``,
  e.g. ``plannen`` or ``voorstellen``); **D** when it leads to
  ``verwijderd``, ``gehistoreerd``, ``nietGerealiseerd`` or ``afgekeurd``
  (``verwijderen``, ``opheffen``, ``slopen``, ``nietrealiseren``,
  ``afkeuren``); **U** otherwise (``to: same``, ``previous`` or another status).
  The letter goes on the object, on the operation and on each attribute the
  interaction names under ``attributes``; ``expect`` of an operation counts as R;
- **R** in the ``(kern)`` column for each attribute the ``kern`` lists (not
  on the object: the kern says which attributes the process uses).

Names are matched as :mod:`schillen.checks.register` matches them (``Gebouw``
or ``gebouw``, an action or its command, an attribute or the one field with
that name); a name the register lacks gives no cell (``check`` reports it).
A step that reads and changes the same row gets one cell per letter.

The gap report lists the register attributes no fiche uses (an attribute
counts as used when it, or one of its fields, has a cell), the
``register_gaps`` the fiches declare, the operations fiches rely on (with
their fiches and steps) and the operations no fiche uses.

Examples:
    >>> from schillen.model import Fiche
    >>> fiche = Fiche.model_validate({
    ...     "id": "bouwen", "title": "Bouwen", "version": "1.0.0", "status": "draft",
    ...     "updated": "2026-11-28", "summary": "Een gebouw plannen.",
    ...     "shells": {"kern": {"Gebouw": ["gebouwStatus"]}},
    ...     "process": {
    ...         "start": {"kind": "start", "name": "Aanvraag", "next": "einde",
    ...                   "register": [{"operation": "plannen", "object": "Gebouw"}]},
    ...         "einde": {"kind": "end", "name": "Klaar"}}})
    >>> matrix = build_matrix([fiche])
    >>> [(c.object, c.name, c.step, c.letter) for c in matrix.cells]
    [('gebouw', 'gebouwStatus', '(kern)', 'R'), ('gebouw', '', 'start', 'C'), ('gebouw', 'plannen', 'start', 'C')]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schillen.errors import RegisterQueryError
from schillen.loading import Catalogue
from schillen.model import Fiche, RegisterInteraction
from schillen.registers import Register, load_register
from schillen.registers.loading import attribute_paths
from schillen.registers.lookup import attribute_named, find_operation, object_named
from schillen.registers.model import REMOVED, ObjectType

__all__ = [
    "DELETING",
    "KERN_STEP",
    "LETTERS",
    "Cell",
    "Column",
    "DeclaredGap",
    "Matrix",
    "Row",
    "UsedOperation",
    "build_matrix",
    "render_matrix",
    "render_matrix_csv",
    "render_matrix_json",
    "render_matrix_md",
]

LETTERS = "CRUD"
"""The letters of a cell, in the order they are shown."""
KERN_STEP = "(kern)"
"""The step of the column that holds what a fiche's ``kern`` lists."""
DELETING = frozenset({REMOVED, "gehistoreerd", "nietGerealiseerd", "afgekeurd"})
"""The statuses an operation leads to that make it a D."""

OBJECT, ATTRIBUTE, OPERATION = "object", "attribute", "operation"


@dataclass(frozen=True)
class Row:
    """A row: an object (``name`` empty), an attribute (its path) or an operation (its action)."""

    object: str
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Column:
    """A column: a step of a fiche, or its ``kern`` (:data:`KERN_STEP`)."""

    fiche: str
    step: str


@dataclass(frozen=True)
class Cell:
    """One letter of the matrix: C, R, U or D, on a row, in a column."""

    object: str
    kind: str
    name: str
    fiche: str
    step: str
    letter: str

    @property
    def row(self) -> Row:
        return Row(self.object, self.kind, self.name)

    @property
    def column(self) -> Column:
        return Column(self.fiche, self.step)


@dataclass(frozen=True)
class DeclaredGap:
    """A ``register_gaps`` entry of a fiche."""

    fiche: str
    title: str
    object: str
    attribute: str


@dataclass(frozen=True)
class UsedOperation:
    """An operation fiches rely on, with its letter and the (fiche, step) columns that use it."""

    object: str
    operation: str
    letter: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Matrix:
    """The matrix of a set of fiches against a register, and its gap report.

    ``unused_attributes`` are the attributes that no fiche reads or changes (nor any field of
    them), leaving out the API's hypermedia links (``_links``), which carry no data.
    """

    register: str
    fiches: tuple[str, ...]
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]
    unused_attributes: tuple[Row, ...]
    declared_gaps: tuple[DeclaredGap, ...]
    used_operations: tuple[UsedOperation, ...]
    unused_operations: tuple[Row, ...]

    def to_dict(self) -> dict[str, Any]:
        """The matrix and its gap report as JSON-ready data."""
        return {
            "register": self.register,
            "fiches": list(self.fiches),
            "rows": [_row_dict(r) for r in self.rows],
            "columns": [{"fiche": c.fiche, "step": c.step} for c in self.columns],
            "cells": [{**_row_dict(c.row), "fiche": c.fiche, "step": c.step, "letter": c.letter}
                      for c in self.cells],
            "gaps": {
                "unused_attributes": [_row_dict(r) for r in self.unused_attributes],
                "declared": [{"fiche": g.fiche, "title": g.title, "object": g.object, "attribute": g.attribute}
                             for g in self.declared_gaps],
                "used_operations": [{"object": u.object, "operation": u.operation, "letter": u.letter,
                                     "steps": [{"fiche": c.fiche, "step": c.step} for c in u.columns]}
                                    for u in self.used_operations],
                "unused_operations": [_row_dict(r) for r in self.unused_operations],
            },
        }


def _row_dict(row: Row) -> dict[str, str]:
    return {"object": row.object, "kind": row.kind, "name": row.name}


def _rows(register: Register) -> list[Row]:
    rows: list[Row] = []
    for key, kind in register.objects.items():
        rows.append(Row(key, OBJECT))
        rows += [Row(key, ATTRIBUTE, path) for path in attribute_paths(kind)]
        rows += [Row(key, OPERATION, action) for action in kind.operations]
    return rows


def _letter(kind: ObjectType, action: str) -> str:
    op = kind.operations[action]
    if op.creates:
        return "C"
    return "D" if op.to in DELETING else "U"


_Found = tuple[str, str, str, str]
"""A cell without its column: (object key, row kind, row name, letter)."""
_Placed = tuple[str, str, str, str, str]
"""A cell of a fiche: (step, object key, row kind, row name, letter)."""


def _interaction_cells(register: Register, interaction: RegisterInteraction) -> list[_Found]:
    """The cells of an interaction, in whatever step it is."""
    found = object_named(register, interaction.target)
    if found is None:
        return []
    key, kind = found
    cells: list[_Found] = []
    if interaction.operation is not None:
        try:
            action = find_operation(kind, interaction.operation)
        except RegisterQueryError:
            return []
        letter = _letter(kind, action)
        cells.append((key, OBJECT, "", letter))
        cells.append((key, OPERATION, action, letter))
    else:
        letter = "R"
        cells.append((key, OBJECT, "", letter))
    for name in interaction.attributes:
        path = attribute_named(kind, name)
        if path is not None:
            cells.append((key, ATTRIBUTE, path, letter))
    for name in interaction.expect:
        path = attribute_named(kind, name)
        if path is not None:
            cells.append((key, ATTRIBUTE, path, "R"))
    return cells


def _fiche_cells(register: Register, fiche: Fiche,
                 known: dict[tuple[object, ...], list[_Found]]) -> set[_Placed]:
    """The fiche's cells, each once: (step, object key, row kind, row name, letter).

    ``known`` holds the cells of each interaction already met (by what decides them): fiches repeat
    the same interactions in many steps, and looking their names up in the register is most of the work.
    """
    cells: set[_Placed] = set()
    for obj, names in fiche.shells.kern.items():
        found = object_named(register, obj)
        if found is None:
            continue
        key, kind = found
        for name in names:
            path = attribute_named(kind, name)
            if path is not None:
                cells.add((KERN_STEP, key, ATTRIBUTE, path, "R"))
    for step_key, step in fiche.process.items():
        for interaction in step.interactions:
            what = (interaction.target, interaction.operation, tuple(interaction.attributes), tuple(interaction.expect))
            if what not in known:
                known[what] = _interaction_cells(register, interaction)
            cells.update((step_key, *cell) for cell in known[what])
    return cells


def _in_order(cells: Iterable[_Placed], steps: list[str],
              rows: dict[tuple[str, str, str], int]) -> list[_Placed]:
    """A fiche's cells (:func:`_fiche_cells`) by step (in the order of ``steps``), row (by its position
    in ``rows``), then letter."""
    position = {step: i for i, step in enumerate(steps)}

    def place(cell: _Placed) -> tuple[int, int, int]:
        step, obj, kind, name, letter = cell
        return position[step], rows[obj, kind, name], LETTERS.index(letter)

    return sorted(cells, key=place)


def _fiches(source: Catalogue | Mapping[str, Fiche] | Iterable[Fiche]) -> list[Fiche]:
    if isinstance(source, Catalogue):
        found: Iterable[Fiche] = source.fiches.values()
    elif isinstance(source, Mapping):
        found = source.values()
    else:
        found = source
    return sorted(found, key=lambda f: f.id)


def build_matrix(source: Catalogue | Mapping[str, Fiche] | Iterable[Fiche],
                 register: Register | None = None) -> Matrix:
    """The matrix of the fiches in ``source`` against ``register`` (default: the bundled grar).

    Args:
        source: a :class:`~schillen.loading.Catalogue`, a mapping of id to fiche, or fiches.
        register: the register interface.

    Returns:
        The rows, columns and cells (see the module docstring for the rules) and the gap report.
    """
    register = register if register is not None else load_register()
    fiches = _fiches(source)
    rows = _rows(register)
    # Rows by their fields, not as Row objects: a frozen dataclass is slow to make and to hash, and a
    # book's matrix has thousands of cells.
    order = {(row.object, row.kind, row.name): i for i, row in enumerate(rows)}
    columns: list[Column] = []
    cells: list[Cell] = []
    known: dict[tuple[object, ...], list[_Found]] = {}
    for fiche in fiches:
        steps = [KERN_STEP, *fiche.process]
        ordered = _in_order(_fiche_cells(register, fiche, known), steps, order)
        cells += [Cell(obj, kind, name, fiche.id, step, letter) for step, obj, kind, name, letter in ordered]
        with_cells = {cell[0] for cell in ordered}
        columns += [Column(fiche.id, step) for step in steps if step in with_cells]
    by_row: dict[tuple[str, str, str], list[Cell]] = {}  # the cells of each used row, in matrix order
    for c in cells:
        by_row.setdefault((c.object, c.kind, c.name), []).append(c)
    used_names: dict[str, set[str]] = {}
    for obj, kind, name in by_row:
        if kind == ATTRIBUTE:
            used_names.setdefault(obj, set()).add(name)

    def unused(row: Row) -> bool:
        """An attribute no fiche uses, nor a field of it; the API's links (``_links``) are not data to use."""
        names = used_names.get(row.object, set())
        return not (row.name.startswith("_") or row.name in names
                    or any(name.startswith(row.name + ".") for name in names))

    unused_attributes = tuple(row for row in rows if row.kind == ATTRIBUTE and unused(row))
    declared = []
    for fiche in fiches:
        for gap in fiche.register_gaps:
            found_object = object_named(register, gap.object) if gap.object else None
            declared.append(DeclaredGap(fiche.id, gap.title, found_object[0] if found_object else (gap.object or ""),
                                        gap.attribute or ""))
    used_operations = []
    for row in rows:
        mine = by_row.get((row.object, row.kind, row.name), []) if row.kind == OPERATION else []
        if mine:
            used_operations.append(UsedOperation(row.object, row.name, mine[0].letter,
                                                 tuple(dict.fromkeys(c.column for c in mine))))
    unused_operations = tuple(row for row in rows
                              if row.kind == OPERATION and (row.object, row.kind, row.name) not in by_row)
    return Matrix(register.id, tuple(f.id for f in fiches), tuple(rows), tuple(columns), tuple(cells),
                  unused_attributes, tuple(declared), tuple(used_operations), unused_operations)


# --- rendering ------------------------------------------------------------------------------


def _label(row: Row) -> str:
    if row.kind == OPERATION:
        return f"{row.name} (operation)"
    return row.name


def _letters(cells: Iterable[Cell]) -> str:
    found = {c.letter for c in cells}
    return ", ".join(letter for letter in LETTERS if letter in found)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_matrix_md(matrix: Matrix) -> str:
    """The matrix as Markdown: the table (a column per fiche), the steps per fiche, then the gap report."""
    by_row: dict[tuple[Row, str], list[Cell]] = {}
    for cell in matrix.cells:
        by_row.setdefault((cell.row, cell.fiche), []).append(cell)
    lines = [f"# Register matrix ({matrix.register})", "",
             "C create, R read, U update, D delete; (kern): listed in the fiche's kern.", "",
             "| object | attribute / operation | " + " | ".join(matrix.fiches) + " |",
             "|---|---|" + "---|" * len(matrix.fiches)]
    for row in matrix.rows:
        letters = [_letters(by_row.get((row, fiche), [])) for fiche in matrix.fiches]
        lines.append("| " + " | ".join(_md(v) for v in (row.object, _label(row), *letters)) + " |")
    lines += ["", "## Steps"]
    for fiche in matrix.fiches:
        lines += ["", f"### {fiche}", ""]
        mine = [c for c in matrix.cells if c.fiche == fiche]
        if not mine:
            lines.append("No register interactions.")
            continue
        lines += ["| step | object | attribute / operation | letters |", "|---|---|---|---|"]
        seen: dict[tuple[str, Row], list[Cell]] = {}
        for cell in mine:
            seen.setdefault((cell.step, cell.row), []).append(cell)
        for (step, row), found in seen.items():
            lines.append("| " + " | ".join(_md(v) for v in (step, row.object, _label(row), _letters(found))) + " |")
    lines += ["", "## Gaps", "", "### Attributes no fiche uses", ""]
    lines += [f"- {r.object}.{r.name}" for r in matrix.unused_attributes] or ["None."]
    lines += ["", "### Gaps the fiches declare", ""]
    if matrix.declared_gaps:
        lines += ["| fiche | title | object | attribute |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(_md(v) for v in (g.fiche, g.title, g.object, g.attribute)) + " |"
                  for g in matrix.declared_gaps]
    else:
        lines.append("None.")
    lines += ["", "### Operations fiches rely on", ""]
    if matrix.used_operations:
        lines += ["| object | operation | letter | steps |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(_md(v) for v in (
            u.object, u.operation, u.letter, ", ".join(f"{c.fiche}: {c.step}" for c in u.columns))) + " |"
            for u in matrix.used_operations]
    else:
        lines.append("None.")
    lines += ["", "### Operations no fiche uses", ""]
    lines += [f"- {r.object} {r.name}" for r in matrix.unused_operations] or ["None."]
    return "\n".join(lines) + "\n"


def render_matrix_csv(matrix: Matrix) -> str:
    """The matrix as CSV: a header, then one line per cell (object, kind, name, fiche, step, letter)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["object", "kind", "name", "fiche", "step", "letter"])
    writer.writerows([c.object, c.kind, c.name, c.fiche, c.step, c.letter] for c in matrix.cells)
    return out.getvalue()


def render_matrix_json(matrix: Matrix) -> str:
    """The matrix and its gap report as JSON (:meth:`Matrix.to_dict`), indented."""
    return json.dumps(matrix.to_dict(), indent=2, ensure_ascii=False) + "\n"


FORMATS = {"md": render_matrix_md, "csv": render_matrix_csv, "json": render_matrix_json}


def render_matrix(matrix: Matrix, fmt: str = "md") -> str:
    """The matrix in ``fmt``: ``md``, ``csv`` or ``json``.

    Raises:
        ValueError: an unknown format.
    """
    try:
        return FORMATS[fmt](matrix)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: use md, csv or json") from None
