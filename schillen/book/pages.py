"""What the book consists of: its pages and diagrams, each with the key that decides whether it is rendered again.

:func:`plan_book` turns a checked catalogue, its register matrix and the register
into a :class:`Plan`: a :class:`Page` per HTML file (template, context, key) and a
:class:`Diagram` per SVG file (DOT source, key).  Nothing here touches the disk,
renders a template or runs a layout; :mod:`schillen.book.build` does.

A key is a SHA-256 over exactly what the output is made of: for a page, the
content of what it shows (a fiche's data and diagnostics, the ids of the fiches
it may link to, the register, the schillen version and the templates); for a
diagram, the layout engine and the DOT source.  Equal key, equal file: the
builder carries the previous file over instead of rendering it again.

Output layout (all links relative, so the book reads from ``file://``)::

    index.html                       fiches with status, version, last update; files that did not load
    matrix.html                      the register matrix (C/R/U/D) and the gap report
    woordenlijst.html                the code lists of the register
    objecten/<object>.html           a register object: attributes, lifecycle, fiches that use it
    objecten/<object>-levensloop.svg
    fiches/<id>.html                 a fiche
    fiches/<id>/proces.svg, fiches/<id>/gegevensmodel.svg, fiches/<id>/levensloop-<object>.svg
    book.css                         screen and print styles

The sections of a fiche page are listed once, in :data:`FICHE_SECTIONS`: a section
is a template ``fiche/<name>.html`` and an entry there (with its Dutch heading).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from schillen.diagnostics import Diagnostic, Severity
from schillen.errors import RegisterQueryError
from schillen.loading import Catalogue
from schillen.matrix import KERN_STEP, LETTERS, Cell, Matrix
from schillen.model import Deadline, Fiche, RegisterInteraction, StepKind
from schillen.registers import Register
from schillen.registers.lookup import LifecycleRow, find_object, find_operation, iter_lifecycle
from schillen.registers.model import AttributeType as RegisterType
from schillen.render.dot import (
    TYPE_WORDS,
    data_model_diagram,
    deadline_words,
    lifecycle_source,
    lifecycle_sources,
    process_diagram,
)
from schillen.scenarios import ScenarioRun, run_scenario, start_register

__all__ = [
    "FICHE_SECTIONS",
    "HANDOUT_OMITS",
    "REGISTER_TYPE_WORDS",
    "Diagram",
    "Page",
    "Plan",
    "digest",
    "external_url",
    "fiche_diagrams",
    "handout_note",
    "iter_diagrams",
    "plan_book",
    "plan_diagrams",
    "plan_pages",
    "register_diagrams",
]

FICHE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("samenvatting", "Samenvatting"),
    ("rechtsgrond", "Rechtsgrond"),
    ("actoren", "Actoren"),
    ("stappen", "Stappen"),
    ("diagrammen", "Diagrammen"),
    ("gegevensmodel", "Gegevensmodel"),
    ("register", "Registerinteracties"),
    ("scenarios", "Scenario's"),
    ("praktijken", "Goede praktijken en valkuilen"),
    ("hiaten", "Hiaten in het register"),
    ("verbanden", "Verbanden met andere fiches"),
    ("bronnen", "Bronnen"),
    ("meldingen", "Meldingen"),
)
"""The sections of a fiche page, in order: (template ``fiche/<name>.html`` and anchor, heading).

To add a section (e.g. scenario results), write its template and add it here;
what it needs goes into the fiche context in :func:`_fiche_context`.
"""

HANDOUT_OMITS: tuple[tuple[str, str], ...] = (
    ("opmerkingen", "de opmerkingen"),
    ("beschrijvingen", "de beschrijvingen van de stappen"),
    ("gegevensmodel", "het gegevensmodel"),
    ("levensloop", "de levenslopen van de registerobjecten"),
    ("register", "de registerinteracties"),
    ("scenarios", "de scenario's"),
    ("hiaten", "de hiaten in het register"),
    ("verbanden", "de verbanden met andere fiches"),
    ("bronnen", "de bronnen"),
    ("meldingen", "de meldingen"),
)
"""What the printed handout leaves out (``book.css``, ``@media print``), in the order of the page: (part, the
words for it in the handout's note). A part is a section of :data:`FICHE_SECTIONS`, or ``opmerkingen`` (the
summary's remarks), ``beschrijvingen`` (the steps' descriptions) or ``levensloop`` (the lifecycle diagrams)."""


def handout_note(parts: set[str]) -> str:
    """The note on the printed handout: what it leaves out of those of ``parts`` the page has.

    Examples:
        >>> handout_note({"bronnen", "verbanden", "levensloop", "stappen"})
        'Deze handout geeft de kern van de fiche. De levenslopen van de registerobjecten, de verbanden met andere \
fiches en de bronnen staan in de volledige fiche in het Schillenboek.'
        >>> handout_note(set())
        'Deze handout geeft de kern van de fiche.'
    """
    left_out = [words for part, words in HANDOUT_OMITS if part in parts]
    if not left_out:
        return "Deze handout geeft de kern van de fiche."
    listed = left_out[0] if len(left_out) == 1 else f"{', '.join(left_out[:-1])} en {left_out[-1]}"
    return (f"Deze handout geeft de kern van de fiche. {listed[0].upper()}{listed[1:]} "
            f"staan in de volledige fiche in het Schillenboek.")


STATUS = {"draft": "ontwerp", "review": "ter review", "validated": "gevalideerd", "retired": "ingetrokken"}
ACTOR_KIND = {"person": "persoon", "organisation": "organisatie", "system": "systeem", "external": "extern"}
STEP_KIND = {
    "start": "start", "end": "einde", "task": "taak", "decision": "beslissing",
    "parallel_split": "parallelle splitsing", "parallel_join": "parallelle samenkomst",
    "wait": "wachten", "call": "oproep",
}
_STEP_KINDS = {kind: (STEP_KIND[kind.value], STEP_KIND[kind.value].replace(" ", "-")) for kind in StepKind}
"""Each step kind's Dutch word and its CSS class (``kind-<class>``), by the kind itself (an enum's ``value``
is a property, slow in a loop)."""
SEVERITY = {Severity.ERROR: "fout", Severity.WARNING: "waarschuwing", Severity.INFO: "info"}
_HTTP = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LETTER_WORDS = {"C": "aanmaken", "R": "lezen", "U": "wijzigen", "D": "beëindigen of verwijderen"}


@dataclass(frozen=True)
class Page:
    """An HTML file of the book: where it goes, its template and context, and its key."""

    path: str
    template: str
    context: Mapping[str, Any]
    key: str


@dataclass(frozen=True)
class Diagram:
    """An SVG file of the book: where it goes, the DOT source to lay out, and its key."""

    path: str
    source: str
    key: str


@dataclass
class Plan:
    """Every page and diagram of a book."""

    pages: list[Page] = field(default_factory=list)
    diagrams: list[Diagram] = field(default_factory=list)


REGISTER_TYPE_WORDS: dict[RegisterType, str] = {
    RegisterType.STRING: "tekst",
    RegisterType.INTEGER: "geheel getal",
    RegisterType.BOOLEAN: "ja/nee",
    RegisterType.CODE: "code",
    RegisterType.LINK: "koppeling",
    RegisterType.GEOMETRY: "geometrie",
    RegisterType.IDENTIFICATOR: "identificator",
    RegisterType.OBJECT: "samengesteld",
    RegisterType.URI: "webadres (URI)",
}
"""The kinds of value of the register's attributes as the object pages write them, in Dutch, as the
fiches' data types are (:data:`schillen.render.dot.TYPE_WORDS`: the words of the kinds both have must stay
the same); the register keeps its own English names."""


def external_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) address, else "" (no link is made).

    The fiche model admits only such addresses already; this keeps ``javascript:``
    and other schemes out of the book even for a fiche built in memory.

    Examples:
        >>> external_url("https://codex.vlaanderen.be/"), external_url("javascript:alert(1)")
        ('https://codex.vlaanderen.be/', '')
    """
    return url if url is not None and _HTTP.match(url) else ""


def _diagram_key(engine: str, source: str) -> str:
    """The key of a diagram: its engine and DOT source (hashed as they are: no JSON around a long text)."""
    return hashlib.sha256(f"diagram\0{engine}\0{source}".encode()).hexdigest()


def digest(*parts: Any) -> str:
    """SHA-256 (hex) of ``parts`` as canonical JSON (anything else as its ``str``).

    Examples:
        >>> digest("a", 1) == digest("a", 1) != digest("a", 2)
        True
    """
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"file": d.file, "line": d.line, "column": d.column, "code": d.code,
            "severity": SEVERITY[d.severity], "error": d.severity is Severity.ERROR,
            "message": d.message("nl"), "hint": d.hint("nl")}


def _scenario(fiche: Fiche, run: ScenarioRun, objects: Mapping[str, str]) -> dict[str, Any]:
    """What the page shows of one scenario's run: its start, answers, outcome and every change."""
    scenario = fiche.scenarios[run.scenario]
    names = {sid: step.name for sid, step in fiche.process.items()}
    start = run.steps[0].state if run.steps else {}
    refused = run.refused
    return {
        "name": run.scenario, "title": run.title, "description": scenario.description or "", "passed": run.passed,
        "start": [{"object": kind, "key": key if key in objects else "", "id": object_id, "status": status}
                  for kind, (key, object_id, status) in start.items()],
        "answers": [(step.step, step.name, step.answer) for step in run.steps if step.answer is not None],
        "end": run.end or "", "end_name": names.get(run.end or "", run.end or ""),
        "refused": None if refused is None else {
            "step": refused.step, "step_name": names.get(refused.step, refused.step),
            "operation": refused.operation, "object": refused.object,
            "id": refused.object_id or "", "code": refused.code or "", "message": refused.message_nl},
        "changes": [{"step": step.step, "step_name": names[step.step], "operation": operation, "object": kind,
                     "id": object_id, "before": before or "", "after": after}
                    for step in run.steps for kind, object_id, before, after, operation in step.changes],
        "problems": [_diagnostic(d) for d in run.problems],
    }


def _interaction(i: RegisterInteraction, letter: str) -> dict[str, Any]:
    return {"letter": letter, "word": LETTER_WORDS.get(letter, ""), "object": i.target,
            "operation": i.operation or "", "attributes": list(i.attributes),
            "expect": list(enumerate((name, list(values)) for name, values in i.expect.items())),  # see "next"
            "note": i.note or "", "unconfirmed": i.unconfirmed}


def _operation_letters(cells: list[Cell]) -> dict[tuple[str, str, str], str]:
    """(step, object key, action) -> the letter of that operation in a fiche's matrix cells."""
    return {(c.step, c.object, c.name): c.letter for c in cells if c.kind == "operation"}


def _letter(register: Register, letters: dict[tuple[str, str, str], str], step: str,
            interaction: RegisterInteraction) -> tuple[str, str]:
    """(object key, letter) of an interaction: R for a read, the matrix's letter for an operation ("" if unknown)."""
    try:
        key = find_object(register, interaction.target)
        if interaction.operation is None:
            return key, "R"
        action = find_operation(register.objects[key], interaction.operation, key)
    except RegisterQueryError:
        return "", "R" if interaction.operation is None else ""
    return key, letters.get((step, key, action), "")


def _object_keys(register: Register) -> dict[str, str]:
    """Object names as fiches write them (``Gebouw``, ``gebouw``) -> the register's key."""
    keys: dict[str, str] = {}
    for key, kind in register.objects.items():
        keys[key] = key
        keys[kind.title] = key
    return keys


def _term(deadline: Deadline | None, steps: Mapping[str, str], *, timer: bool = False) -> dict[str, Any] | None:
    """A term as the steps table shows it: its words, and what it counts from (a step, by its name and id).

    ``from`` is a step's name when it is one of ``steps`` (the fiche's step names by id), and ``step``
    that step's id, for a link to its row; any other ``from`` is shown as written (``step`` is "").
    ``timer`` says whether it is a wait's duration (shown after "wacht") or a deadline.
    """
    if deadline is None:
        return None
    words, start = deadline_words(deadline, timer=timer)
    return {"words": words, "from": steps.get(start, start), "step": start if start in steps else "", "timer": timer}


def _fiche_context(fiche: Fiche, register: Register, cells: list[Cell], diagnostics: list[Diagnostic],
                   fiche_ids: set[str], svgs: dict[str, str], runs: list[ScenarioRun],
                   objects: Mapping[str, str]) -> dict[str, Any]:
    """The context of a fiche's page; ``objects`` is :func:`_object_keys` of ``register``."""
    letters = _operation_letters(cells)
    steps = []
    interactions = []
    process = fiche.process
    step_names = {sid: step.name for sid, step in process.items()}
    for sid, step in process.items():
        actor = fiche.actors.get(step.actor or "")
        rows = []
        for interaction in step.interactions:
            key, letter = _letter(register, letters, sid, interaction)
            row = {**_interaction(interaction, letter), "key": key}
            rows.append(row)
            interactions.append({"step": sid, "step_name": step.name, **row})
        kind, kind_class = _STEP_KINDS[step.kind]
        deadline = step.deadline
        timer = _term(step.timer, step_names, timer=True)
        steps.append({
            "id": sid, "name": step.name, "kind": kind, "kind_class": kind_class,
            "end": step.kind is StepKind.END,
            "decision": step.kind is StepKind.DECISION, "actor": actor.name if actor else (step.actor or ""),
            "description": step.description or "",
            "terms": [t for t in (timer, _term(deadline, step_names)) if t],  # the timer, then the deadline
            "timer": timer,
            "deadline_basis": deadline.basis or "" if deadline else "",
            "deadline_note": deadline.note or "" if deadline else "",
            # (position, item): the steps table puts a separator before every item but the first
            "next": list(enumerate([t for t in step.next if t in process])),
            "branches": list(step.branches.items()),
            "default": step.default or "",
            "call": step.call or "", "call_known": step.call in fiche_ids,
            "basis": step.basis or "", "unconfirmed": step.unconfirmed, "source": step.source or "",
            "register": list(enumerate(rows)),
        })
    kern = [{"object": obj, "key": objects.get(obj, ""), "attributes": list(attrs)}
            for obj, attrs in fiche.shells.kern.items()]
    shells = []
    for shell, entities in fiche.shells.shells().items():
        shells.append({"name": shell, "entities": [
            {"name": name, "description": entity.description or "", "personal": entity.personal_data,
             "attributes": [{"name": attr, "type": TYPE_WORDS[a.type] if a.type else "", "codelist": a.codelist or "",
                             "ref": a.ref or "", "ref_key": objects.get(a.ref or "", ""),
                             "cardinality": a.effective_cardinality, "personal": a.personal_data,
                             "unit": a.unit or "", "description": a.description or ""}
                            for attr, a in entity.attributes.items()]}
            for name, entity in entities.items()]})
    present = {
        "rechtsgrond": bool(fiche.legal_basis), "actoren": bool(fiche.actors),
        "gegevensmodel": bool(kern or shells or fiche.codelists),
        "praktijken": bool(fiche.best_practices or fiche.pitfalls),
        "hiaten": bool(fiche.register_gaps), "verbanden": bool(fiche.links), "bronnen": bool(fiche.sources),
        "meldingen": bool(diagnostics), "scenarios": bool(runs),
    }
    names = dict(step_names)
    for step in fiche.process.values():  # a target the fiche lacks (check reports it) shows its id
        for target in (*step.next, *step.branches.values(), *([step.default] if step.default else [])):
            names.setdefault(target, target)
    return {
        "fiche": fiche,
        "names": names,
        "status": STATUS[fiche.status.value],
        "sections": [(name, heading) for name, heading in FICHE_SECTIONS if present.get(name, True)],
        "legal_basis": [{"text": c.text, "article": c.article or "", "url": external_url(c.url),
                         "source": c.source or "", "unconfirmed": c.unconfirmed,
                         "source_title": fiche.sources[c.source].title if c.source in fiche.sources else c.source or ""}
                        for c in fiche.legal_basis],
        "actors": [{"id": aid, "name": a.name, "kind": ACTOR_KIND[a.kind.value], "description": a.description or "",
                    "unconfirmed": a.unconfirmed} for aid, a in fiche.actors.items()],
        "steps": steps,
        "ends": [s for s in steps if s["end"]],
        "decisions": [s for s in steps if s["decision"]],
        "kern": kern,
        "shells": shells,
        "codelists": [{"name": name, "description": c.description or "", "values": list(c.values)}
                      for name, c in fiche.codelists.items()],
        "interactions": interactions,
        "svgs": svgs,
        "links": [{"fiche": link.fiche, "known": link.fiche in fiche_ids, "text": link.text} for link in fiche.links],
        "source_titles": {sid: s.title for sid, s in fiche.sources.items()},
        "sources": [{"id": sid, "title": s.title, "url": external_url(s.url), "publisher": s.publisher or "",
                     "date": s.date.isoformat() if s.date else "", "note": s.note or ""}
                    for sid, s in fiche.sources.items()],
        "diagnostics": [_diagnostic(d) for d in diagnostics],
        "scenarios": [_scenario(fiche, run, objects) for run in runs],
    }


def _runs(fiche: Fiche, register: Register, samples: list[Any], diagnostics: list[Diagnostic]) -> list[ScenarioRun]:
    """The runs of the fiche's scenarios, or none when a check found an error they would stumble on.

    Scenarios run on a sound process whose register names are right (as in ``check``, whose
    ``diagnostics`` tell); ``samples`` holds the register they start from, made at the first
    fiche with scenarios.
    """
    blocked = any(d.severity is Severity.ERROR and (d.code.startswith(("graph.", "soundness.", "register.no-such")))
                  for d in diagnostics)
    if not fiche.scenarios or blocked:
        return []
    if not samples:
        samples.append(start_register(register))
    return [run_scenario(fiche, name, register=register, sample=samples[0]) for name in fiche.scenarios]


def _dutch(nl: str | None, en: str | None) -> str:
    """A register text as the book shows it: its Dutch version when the register has one, else the English.

    Examples:
        >>> _dutch("in aanbouw", "being built"), _dutch(None, "being built"), _dutch(None, None)
        ('in aanbouw', 'being built', '')
    """
    return nl or en or ""


def _lifecycle_row(row: LifecycleRow) -> dict[str, Any]:
    return {"start": row.start, "operation": row.operation, "to": row.to, "checks": list(row.checks),
            "cascades": list(row.cascades), "source": row.source}


def fiche_diagrams(fiche: Fiche, register: Register, engine: str) -> list[Diagram]:
    """The diagrams of a fiche: its process, its data model, a lifecycle per register object it touches."""
    folder = f"fiches/{fiche.id}"
    found = [(f"{folder}/proces.svg", process_diagram(fiche, register).source),
             (f"{folder}/gegevensmodel.svg", data_model_diagram(fiche).source)]
    found += [(f"{folder}/levensloop-{key}.svg", source) for key, source in lifecycle_sources(fiche, register).items()]
    return [Diagram(path, source, _diagram_key(engine, source)) for path, source in found]


def iter_diagrams(catalogue: Catalogue, register: Register, engine: str) -> Iterator[Diagram]:
    """Every diagram of the book: those of each fiche (by id), then a lifecycle per register object.

    Needs the fiches only (not the checks), and yields as it goes, so that layouts can start early.
    """
    for fiche in sorted(catalogue.fiches.values(), key=lambda f: f.id):
        yield from fiche_diagrams(fiche, register, engine)
    yield from register_diagrams(register, engine)


def register_diagrams(register: Register, engine: str) -> Iterator[Diagram]:
    """The diagrams of the register's pages: a lifecycle per register object."""
    for key in register.objects:
        source = lifecycle_source(register, key)
        yield Diagram(f"objecten/{key}-levensloop.svg", source, _diagram_key(engine, source))


def plan_diagrams(catalogue: Catalogue, register: Register, engine: str) -> list[Diagram]:
    """Every diagram of the book (:func:`iter_diagrams`) as a list."""
    return list(iter_diagrams(catalogue, register, engine))


def plan_pages(catalogue: Catalogue, register: Register, matrix: Matrix, diagrams: list[Diagram], *,
               base: str) -> list[Page]:
    """Every page of the book of ``catalogue`` (checked), with their keys.

    Args:
        catalogue: the fiches that loaded and every diagnostic (loading and checks).
        register: the register interface the fiches were checked against.
        matrix: ``build_matrix(catalogue, register)``.
        diagrams: ``plan_diagrams(catalogue, register, engine)``.
        base: a digest of what every page depends on (schillen version, templates, register).
    """
    pages: list[Page] = []
    fiches = sorted(catalogue.fiches.values(), key=lambda f: f.id)
    fiche_ids = {f.id for f in fiches}
    by_file: dict[str, list[Diagnostic]] = {}
    for d in catalogue.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    loaded_files = {f.file for f in fiches}
    titles = {f.id: f.title for f in fiches}
    by_folder: dict[str, list[Diagram]] = {}
    for diagram in diagrams:
        by_folder.setdefault(diagram.path.rsplit("/", 1)[0], []).append(diagram)
    cells: dict[str, list[Cell]] = {}
    users: dict[str, dict[str, None]] = {key: {} for key in register.objects}  # the fiches of each, in order, once
    for cell in matrix.cells:
        cells.setdefault(cell.fiche, []).append(cell)
        if cell.object in users:
            users[cell.object][cell.fiche] = None

    objects = {key: kind.title for key, kind in register.objects.items()}
    object_keys = _object_keys(register)
    samples: list[Any] = []  # the register scenarios start from, made once when a fiche has scenarios
    index_rows = []
    for fiche in fiches:
        own = by_file.get(fiche.file, []) if fiche.file else []
        folder = f"fiches/{fiche.id}"
        mine = by_folder.get(folder, [])
        svgs = {"proces": f"{folder}/proces.svg", "gegevensmodel": f"{folder}/gegevensmodel.svg"}
        runs = _runs(fiche, register, samples, own)
        context = _fiche_context(fiche, register, cells.get(fiche.id, []), own, fiche_ids, svgs, runs, object_keys)
        prefix = f"{folder}/levensloop-"
        changed = {c.object for c in cells.get(fiche.id, []) if c.kind == "operation"}
        context["lifecycles"] = [{"key": d.path[len(prefix):-4], "title": objects[d.path[len(prefix):-4]],
                                  "svg": d.path, "changed": d.path[len(prefix):-4] in changed}
                                 for d in mine if d.path.startswith(prefix)]
        context["root"] = "../"
        parts = {name for name, _ in context["sections"]} | {"gegevensmodel"}  # its diagram is always drawn
        parts |= {part for part, has in (("opmerkingen", fiche.notes), ("levensloop", context["lifecycles"]),
                                         ("beschrijvingen", any(s["description"] for s in context["steps"])))
                  if has}
        context["handout_note"] = handout_note(parts)
        referenced = {link.fiche for link in fiche.links} | {s.call for s in fiche.process.values() if s.call}
        data = hashlib.sha256(fiche.model_dump_json(by_alias=True).encode()).hexdigest()  # cheaper than it in JSON
        key = digest(base, data, context["diagnostics"], context["scenarios"],
                     sorted(referenced & fiche_ids), [d.key for d in mine], sorted(objects.items()))
        pages.append(Page(f"{folder}.html", "fiche.html", context, key))
        counts = {name: sum(SEVERITY[d.severity] == name for d in own) for name in ("fout", "waarschuwing")}
        index_rows.append({"id": fiche.id, "title": fiche.title, "status": STATUS[fiche.status.value],
                           "version": fiche.version, "updated": fiche.updated.isoformat(),
                           "errors": counts["fout"], "warnings": counts["waarschuwing"]})

    broken = [{"file": file, "diagnostics": [_diagnostic(d) for d in found]}
              for file, found in sorted(by_file.items())
              if file not in loaded_files and any(d.severity is Severity.ERROR for d in found)]
    pages.append(Page("index.html", "index.html", {"root": "", "fiches": index_rows, "broken": broken,
                                                   "register": register.title},
                      digest(base, index_rows, broken)))

    codelists = set(register.codelists)
    for key, kind in register.objects.items():
        svg = next((d for d in by_folder.get("objecten", []) if d.path == f"objecten/{key}-levensloop.svg"), None)
        attributes = [{"name": name, "type": REGISTER_TYPE_WORDS[a.type], "codelist": a.codelist or "",
                       "codelist_known": (a.codelist or "") in codelists, "object": a.object or "",
                       "object_known": (a.object or "") in register.objects,
                       "geometry": a.geometry or "", "many": a.many, "nullable": a.nullable, "optional": a.optional,
                       "description": _dutch(a.description_nl, a.description), "fields": list(a.fields)}
                      for name, a in kind.attributes.items()]
        using = [{"id": f, "title": titles[f]} for f in users[key] if f in titles]
        lifecycle = [_lifecycle_row(r) for r in iter_lifecycle(register, key, "nl")]
        context = {"root": "../", "key": key, "kind": kind, "attributes": attributes, "lifecycle": lifecycle,
                   "svg": svg.path if svg else "", "fiches": using,
                   "status_codelist": kind.attributes[kind.status].codelist if kind.status in kind.attributes else ""}
        pages.append(Page(f"objecten/{key}.html", "object.html", context,
                          digest(base, key, using, svg.key if svg else "", attributes, lifecycle)))

    glossary = [{"name": name, "description": _dutch(c.description_nl, c.description), "concept": c.concept or "",
                 "values": [{"value": value, "domain": v.domain or "", "meaning": _dutch(v.meaning_nl, v.meaning),
                             "read_only": v.read_only, "note": v.note or ""} for value, v in c.values.items()]}
                for name, c in register.codelists.items()]
    glossary_context = {"root": "", "codelists": glossary, "register": register.title}
    pages.append(Page("woordenlijst.html", "glossary.html", glossary_context, digest(base, "glossary", glossary)))
    step_names = {(c.fiche, c.step): catalogue.fiches[c.fiche].process[c.step].name
                  for u in matrix.used_operations for c in u.columns
                  if c.fiche in catalogue.fiches and c.step in catalogue.fiches[c.fiche].process}
    matrix_context = _matrix_context(matrix, register, titles, step_names)
    pages.append(Page("matrix.html", "matrix.html", matrix_context, digest(base, "matrix", matrix_context)))
    for page in pages:
        if isinstance(page.context, dict):
            page.context["objects"] = objects
    return pages


def plan_book(catalogue: Catalogue, register: Register, matrix: Matrix, *, base: str, engine: str) -> Plan:
    """Every page and diagram of the book of ``catalogue`` (checked): :func:`plan_diagrams`, :func:`plan_pages`."""
    diagrams = plan_diagrams(catalogue, register, engine)
    return Plan(plan_pages(catalogue, register, matrix, diagrams, base=base), diagrams)


def _matrix_context(matrix: Matrix, register: Register, titles: dict[str, str],
                    steps: dict[tuple[str, str], str]) -> dict[str, Any]:
    """The matrix page; ``titles`` of the fiches by id, ``steps`` the names of their steps by (fiche, step).

    Objects are named by their title (``Gebouw``), as everywhere in the book, and linked by key. The API's
    hypermedia links (``_links``, ``_links.self``, ...) carry no data: their rows are left out, unless a fiche
    uses one (the gap report leaves them out of the unused attributes for the same reason).
    """
    column = {fiche: i for i, fiche in enumerate(matrix.fiches)}
    by_row: dict[tuple[str, str, str], dict[int, set[str]]] = {}  # a row's letters by column, where it has any
    for cell in matrix.cells:
        if cell.fiche in column:
            by_row.setdefault((cell.object, cell.kind, cell.name), {}).setdefault(column[cell.fiche], set()).add(
                cell.letter)
    objects = {key: kind.title for key, kind in register.objects.items()}

    def title(key: str) -> str:
        return objects.get(key, key)

    shown: dict[frozenset[str], tuple[str, str]] = {}  # a cell's (letters, words), made once per set of letters

    def letters(found: set[str]) -> tuple[str, str]:
        key = frozenset(found)
        if key not in shown:
            x = "".join(c for c in LETTERS if c in found)
            shown[key] = (x, ", ".join(LETTER_WORDS[c] for c in x))
        return shown[key]

    blank = ("", "")
    rows = []
    for row in matrix.rows:
        used = by_row.get((row.object, row.kind, row.name), {})
        if row.kind == "attribute" and row.name.startswith("_") and not used:
            continue
        cells = [blank] * len(matrix.fiches)
        for i, found in used.items():
            cells[i] = letters(found)
        rows.append({"object": row.object, "title": title(row.object), "kind": row.kind, "name": row.name,
                     "letters": cells})
    return {
        "root": "", "register": register.title, "fiches": [{"id": f, "title": titles.get(f, f)} for f in matrix.fiches],
        "rows": rows, "kern_step": KERN_STEP,
        "unused_attributes": [{"object": r.object, "title": title(r.object), "path": r.name.split(".")}
                              for r in matrix.unused_attributes],
        "declared_gaps": [{"fiche": g.fiche, "fiche_title": titles.get(g.fiche, g.fiche), "title": g.title,
                           "object": g.object if g.object in objects else "", "object_title": title(g.object),
                           "attribute": g.attribute}
                          for g in matrix.declared_gaps],
        "used_operations": [{"object": u.object, "title": title(u.object), "operation": u.operation,
                             "letter": u.letter,
                             "steps": [{"fiche": c.fiche, "step": c.step, "fiche_title": titles.get(c.fiche, c.fiche),
                                        "step_name": steps.get((c.fiche, c.step), c.step)} for c in u.columns]}
                            for u in matrix.used_operations],
        "unused_operations": [{"object": r.object, "title": title(r.object), "name": r.name}
                              for r in matrix.unused_operations],
    }
