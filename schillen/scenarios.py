"""Scenarios: one path through a fiche's process with concrete register objects, run against a register.

A fiche's ``scenarios`` name the register objects a run starts from (objects of the
sample register by ``id``, or new ones in a given ``status``), the answer to take at
each decision, and how the run should end (an end step, or an operation the register
refuses).  :func:`run_scenario` walks that path over the process graph with the token
rules of the soundness check (a parallel split runs every branch, a parallel join
waits for all of them), applies each register operation in turn to a copy of the
embedded register (so every rule and cascade comes from ``grar.yaml``), and records
each step with the register state after it.  It ends at an end step, at the first
operation the register refuses, or with a problem of the scenario itself.

Objects are tracked one per kind, as the fiches name them (``Gebouw``,
``Gebouweenheid``, ...): an operation that creates an object (``plannen``,
``voorstellen``) makes the new object the one of its kind from then on, and an
operation on a kind the run has no object of is skipped (a step that says what
to do with "the" new building does nothing when none was planned).  A read that
finds a value the step does not expect is a warning (``scenario.unexpected-value``),
except at a decision (what it reads is its question, which the answer settles) and
in a scenario that expects a refusal (there it is the point).  Kinds the
scenario does not give are taken from the objects it gives (the building of a unit,
the street of an address), so that a scenario names only what matters.

Examples:
    >>> from schillen.loading import parse_fiche
    >>> fiche = parse_fiche('''
    ... id: x
    ... title: X
    ... version: 1.0.0
    ... status: draft
    ... updated: 2026-11-28
    ... summary: X.
    ... actors: {loket: {name: Loket, kind: organisation}}
    ... shells: {kern: {Adres: [adresStatus]}}
    ... process:
    ...   start: {kind: start, name: Aanvraag, next: goed}
    ...   goed: {kind: decision, name: Goedgekeurd?, branches: {ja: goedkeuren, nee: afkeuren}}
    ...   goedkeuren: {kind: task, actor: loket, name: Goedkeuren, next: einde,
    ...                register: [{operation: goedkeuren, object: Adres}]}
    ...   afkeuren: {kind: task, actor: loket, name: Afkeuren, next: einde,
    ...              register: [{operation: afkeuren, object: Adres}]}
    ...   einde: {kind: end, name: Klaar}
    ... scenarios:
    ...   goedgekeurd:
    ...     title: Het adres wordt goedgekeurd
    ...     objects: {Straatnaam: {status: inGebruik}, Adres: {status: voorgesteld}}
    ...     answers: {goed: ja}
    ... ''', "x.yaml").fiche
    >>> run = run_scenario(fiche, "goedgekeurd")
    >>> run.passed, run.end, [s.step for s in run.steps]
    (True, 'einde', ['start', 'goed', 'goedkeuren', 'einde'])
    >>> [(kind, before, after, action) for kind, _, before, after, action in run.steps[2].changes]
    [('Adres', 'voorgesteld', 'inGebruik', 'goedkeuren')]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from schillen._validation import listing, suggest
from schillen._yaml import KEY
from schillen.diagnostics import Diagnostic, Severity, quote
from schillen.errors import RegisterQueryError
from schillen.graph import DEFAULT, INTERACTIONS, KIND, LABELS, NAME, REGISTER, SCENARIOS, start_steps, to_graph
from schillen.model import Fiche, RegisterInteraction, Scenario, StepKind, canonical_object
from schillen.registers import Register, load_register
from schillen.registers.embedded import EmbeddedRegister, RegisterDataError
from schillen.registers.loading import attribute_at
from schillen.registers.lookup import attribute_named, find_object, find_operation
from schillen.registers.objects import MODELS, Adres, ObjectNotFound, ObjectRemoved, OperationRefused, RegisterObject

__all__ = ["CODES", "MAX_STEPS", "Refused", "ScenarioRun", "StepRun", "iter_scenario_problems", "render_run",
           "run_scenario", "start_register"]

CODES = (
    "scenario.unknown-object",
    "scenario.missing-object",
    "scenario.bad-object",
    "scenario.refused",
    "scenario.not-refused",
    "scenario.wrong-end",
    "scenario.no-answer",
    "scenario.stuck",
    "scenario.endless",
    "scenario.unexpected-value",
    "scenario.unused-answer",
)

_POSTCODE = "9999"
"""A made-up postal code for a new address in a register that has no address to take one from."""

MAX_STEPS = 1_000
"""A run that takes more steps than this is going round in circles (``scenario.endless``)."""

# The order new objects are made in, so that each finds the objects it hangs under.
# A kind is taken from the objects of the kinds after it (a unit gives its building and addresses,
# an address its street, a building its parcels), never from those before it (not a parcel's addresses).
# Objects of another register interface come after these, in the order that interface lists them.
_ORDER = ("Straatnaam", "Perceel", "Adres", "Gebouw", "Gebouweenheid")


@dataclass(frozen=True)
class Refused:
    """The operation the register refused: where, on what, and the register's error code."""

    step: str
    operation: str
    object: str
    object_id: str | None
    code: str | None
    message: str
    message_nl: str


@dataclass
class StepRun:
    """One step of a run and the register after it.

    Attributes:
        step: the step id; ``name``, ``kind`` as in the fiche.
        answer: the branch taken at a decision.
        reads: what the step read: (kind, object id or None when there is none, values read).
        changes: what the step's operations did, cascades included: (kind, object id, status
            before or None for a new object, status after, the operation).
        skipped: operations on a kind of object the run does not have (kind, operation):
            a step that lists what to do with "the" building does nothing when there is none.
        state: every object of the run after the step: kind -> (register key, object id, status).
    """

    step: str
    name: str
    kind: str
    answer: str | None = None
    reads: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)
    changes: list[tuple[str, str, str | None, str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    state: dict[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass
class ScenarioRun:
    """The result of :func:`run_scenario`.

    Attributes:
        scenario: its name; ``steps`` the steps run, in order.
        end: the end step reached, or None.
        refused: the operation the register refused, or None.
        problems: diagnostics (with ``loc`` only: :func:`iter_scenario_problems` locates them).
        passed: the run ended as the scenario expects, without errors.
    """

    scenario: str
    title: str
    steps: list[StepRun] = field(default_factory=list)
    end: str | None = None
    refused: Refused | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.problems)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready summary, for ``schillen simulate --format json`` and the book."""
        return {
            "scenario": self.scenario,
            "title": self.title,
            "passed": self.passed,
            "end": self.end,
            "refused": None if self.refused is None else {
                "step": self.refused.step, "operation": self.refused.operation, "object": self.refused.object,
                "id": self.refused.object_id, "code": self.refused.code, "message": self.refused.message},
            "steps": [{
                "step": s.step, "name": s.name, "kind": s.kind, "answer": s.answer,
                "reads": [{"object": o, "id": i, "values": v} for o, i, v in s.reads],
                "changes": [{"object": o, "id": i, "from": a, "to": b, "operation": op}
                            for o, i, a, b, op in s.changes],
                "skipped": [{"object": o, "operation": a} for o, a in s.skipped],
                "state": {o: {"id": i, "status": st} for o, (_, i, st) in s.state.items()},
            } for s in self.steps],
            "problems": [d.to_dict(lang) for d in self.problems],
        }


def _problem(code: str, loc: tuple[str | int, ...], /, **args: Any) -> Diagnostic:
    return Diagnostic("", 0, 0, code, args, loc)


class _Run:
    """The state of one run: the register copy, the objects by kind, and the tokens."""

    def __init__(self, graph: nx.DiGraph[str], name: str, scenario: Scenario, interface: Register,
                 sample: EmbeddedRegister) -> None:
        self.graph, self.name, self.scenario, self.interface = graph, name, scenario, interface
        self.register = sample.copy()
        self.bound: dict[str, str] = {}  # kind as fiches write it -> object id
        self._state: dict[str, tuple[str, str, str]] | None = None
        self.result = ScenarioRun(name, scenario.title)
        self.base: tuple[str | int, ...] = ("scenarios", name)
        self.visits: dict[str, int] = {}  # decision -> how many times the run reached it

    # --- objects -------------------------------------------------------------

    def key(self, kind: str) -> str:
        return find_object(self.interface, kind)

    def holds(self, key: str, loc: tuple[str | int, ...], kind: str) -> bool:
        """Whether the embedded register can hold objects of ``key``; a problem at ``loc`` when not."""
        if key in MODELS:
            return True
        self.result.problems.append(_problem(
            "scenario.bad-object", loc, scenario=quote(self.name), object=kind,
            reason=f"the embedded register holds only {', '.join(MODELS)}, the objects of grar"))
        return False

    def rank(self, kind: str) -> int:
        """Where ``kind`` comes in :data:`_ORDER` (objects of another register after those)."""
        if kind in _ORDER:
            return _ORDER.index(kind)
        return len(_ORDER) + list(self.interface.objects).index(self.key(kind))

    def related(self, kind: str) -> dict[str, str]:
        """The ids of the run's objects that ``kind`` relates to, by their register key."""
        found: dict[str, str] = {}
        key = self.key(kind)
        for relation in self.interface.objects[key].relations.values():
            title = self.interface.objects[relation.object].title
            if relation.object != key and title in self.bound:
                found.setdefault(relation.object, self.bound[title])
        return found

    def inputs(self, key: str) -> dict[str, Any]:
        """Made-up values for what a new object must be given: a street's name, an address's number."""
        if key == "straatnaam":
            return {"straatnamen": f"Scenariostraat {sum(1 for _ in self.register.list(key)) + 1}"}
        if key == "adres" and "Straatnaam" in self.bound:
            street = self.bound["Straatnaam"]
            addresses = [a for a in self.register.list(key) if isinstance(a, Adres)]
            numbers = [a.huisnummer for a in addresses if a.related("straatnaam") == [street]]
            found = [int(n) for n in numbers if n.isdigit()]
            inputs: dict[str, Any] = {"huisnummer": str(max(found, default=0) + 1)}
            if not numbers:  # a new street: the postal code of the municipality's other addresses
                postcode = next((a.postinfo.objectId for a in addresses if a.postinfo), _POSTCODE)
                inputs["postinfo"] = postcode
            return inputs
        return {}

    def has_parents(self, kind: str, loc: tuple[str | int, ...], step: str) -> bool:
        """Whether the run has the objects a new ``kind`` must hang under (a unit's building, ...)."""
        key = self.key(kind)
        for relation in self.interface.objects[key].relations.values():
            needed = self.interface.objects[relation.object].title
            if relation.cardinality == "1" and relation.object != key and needed not in self.bound:
                self.result.problems.append(_problem(
                    "scenario.missing-object", loc, scenario=quote(self.name), object=kind, needed=needed,
                    where=f" (step {quote(step)})" if step else "", where_nl=f" (stap {quote(step)})" if step else ""))
                return False
        return True

    def seed(self) -> bool:
        """Put the scenario's objects in the register; False (with problems) when one cannot be."""
        given = sorted(self.scenario.objects.items(), key=lambda item: self.rank(item[0]))
        ok = True
        for kind, spec in given:
            loc = (*self.base, "objects", kind)
            key = self.key(kind)
            if not self.holds(key, (*loc, KEY), kind):
                ok = False
                continue
            if spec.id is not None:
                try:
                    self.register.get(key, spec.id)
                except (ObjectNotFound, ObjectRemoved):
                    known = [o.object_id for o in self.register.list(key)]
                    shown = ", ".join(known[:20]) + (", …" if len(known) > 20 else "")
                    self.result.problems.append(_problem(
                        "scenario.unknown-object", (*loc, "id"), id=quote(spec.id), object=kind,
                        suggestion=suggest(spec.id, known), known=shown or "-"))
                    ok = False
                    continue
                self.bound[kind] = spec.id
                continue
            assert spec.status is not None  # the model holds id or status
            status_attribute = self.interface.objects[key].status
            attribute = attribute_at(self.interface.objects[key], status_attribute)
            codelist = attribute.codelist if attribute is not None else None
            values = list(self.interface.codelists[codelist].values) if codelist else []
            if values and spec.status not in values:
                self.result.problems.append(_problem(
                    "register.no-such-value", (*loc, "status"), value=quote(spec.status),
                    attribute=status_attribute, codelist=codelist, suggestion=suggest(spec.status, values),
                    known=_listing(values)))
                ok = False
                continue
            if not self.has_parents(kind, loc, ""):
                ok = False
                continue
            try:
                made = self.register.add(key, spec.status, related=self.related(kind),
                                         attributes={**self.inputs(key), **spec.attributes})
            except (ValueError, RegisterQueryError) as exc:  # an attribute the register does not take
                self.result.problems.append(_problem(
                    "scenario.bad-object", (*loc, "attributes" if spec.attributes else "status"),
                    scenario=quote(self.name), object=kind, reason=str(exc)))
                ok = False
                continue
            self.bound[kind] = made.object_id
        self.complete()
        return ok

    def complete(self) -> None:
        """Take the kinds the scenario does not give from the objects it gives (the building of a unit, ...)."""
        changed = True
        while changed:
            changed = False
            for kind, object_id in sorted(self.bound.items(), key=lambda item: -self.rank(item[0])):
                obj = self.register.get(self.key(kind), object_id)
                for other_key, other in self.interface.objects.items():
                    if other.title in self.bound or self.rank(other.title) >= self.rank(kind):
                        continue
                    ids = obj.related(other_key)
                    if ids:
                        self.bound[other.title] = ids[0]
                        changed = True

    def state(self) -> dict[str, tuple[str, str, str]]:
        """Every object of the run with its status; read again only after the register changed."""
        if self._state is None:
            self._state = self._read_state()
        return self._state

    def _read_state(self) -> dict[str, tuple[str, str, str]]:
        found = {}
        for kind in sorted(self.bound, key=self.rank):
            key = self.key(kind)
            try:
                found[kind] = (key, self.bound[kind], self.register.get(key, self.bound[kind]).status)
            except (ObjectNotFound, ObjectRemoved):
                found[kind] = (key, self.bound[kind], "verwijderd")
        return found

    # --- steps ---------------------------------------------------------------

    def interact(self, sid: str, run: StepRun, interaction: RegisterInteraction) -> bool:
        """Do one register interaction of step ``sid``; False when the run stops here."""
        kind = canonical_object(interaction.target)
        try:
            key = self.key(kind)
        except RegisterQueryError:
            return True  # not an object of this register: the register checks say so
        object_type = self.interface.objects[key]
        if interaction.read is not None:
            # A decision's reads are its question, not an assumption; a scenario that expects a
            # refusal shows what happens when the register is not as the process assumes.
            compare = self.graph.nodes[sid][KIND] != StepKind.DECISION.value and self.scenario.expect.refused is None
            if kind not in self.bound:
                run.reads.append((kind, None, {}))
                return True
            obj = self.register.get(key, self.bound[kind])
            values = {}
            for name, expected in interaction.expect.items():
                value = _value(obj, attribute_named(object_type, name) or name)
                values[name] = value
                if value is not None and _text(value) not in expected and compare:
                    self.result.problems.append(_problem(
                        "scenario.unexpected-value", (*self.base, KEY), scenario=quote(self.name),
                        step=quote(sid), object=kind, id=quote(obj.object_id), attribute=name,
                        value=quote(_text(value)), expected=_either(expected, "or"),
                        expected_nl=_either(expected, "of")))
            run.reads.append((kind, obj.object_id, values))
            return True
        assert interaction.operation is not None
        try:
            action = find_operation(object_type, interaction.operation, key)
        except RegisterQueryError:
            return True  # reported by the register checks
        operation = object_type.operations[action]
        if not self.holds(key, (*self.base, KEY), kind):
            return False
        if not operation.creates and kind not in self.bound:
            run.skipped.append((kind, action))  # the run has no such object: the step does not touch one
            return True
        if operation.creates and not self.has_parents(kind, (*self.base, KEY), sid):
            return False
        before = None if operation.creates else self.state().get(kind, (key, "", ""))[2]
        try:
            applied = self.register.apply(key, None if operation.creates else self.bound[kind], action,
                                          related=self.related(kind),
                                          attributes=self.inputs(key) if operation.creates else None)
        except (ValueError, RegisterQueryError) as exc:  # what the operation needs, the run cannot give
            self.result.problems.append(_problem(
                "scenario.bad-object", (*self.base, KEY), scenario=quote(self.name), object=kind,
                reason=f"{action} in step {quote(sid)}: {exc}"))
            return False
        except OperationRefused as refusal:
            self.result.refused = Refused(sid, action, kind, refusal.object_id, refusal.code,
                                          refusal.message or str(refusal), refusal.message_nl or str(refusal))
            return False
        self.bound[kind] = applied.object.object_id
        self._state = None
        for change in applied.changes:
            title = self.interface.objects[change.object_type].title
            run.changes.append((title, change.object_id, change.before, change.after, action))
        if not applied.changes:
            run.changes.append((kind, applied.object.object_id, before, applied.object.status, action))
        return True

    def walk(self) -> None:
        graph = self.graph
        starts = start_steps(graph)
        if not starts:
            return
        tokens: list[tuple[str | None, str]] = [(None, starts[0])]
        visits = self.visits
        while tokens:
            if len(self.result.steps) >= MAX_STEPS:
                self.result.problems.append(_problem(
                    "scenario.endless", (*self.base, KEY), scenario=quote(self.name), steps=MAX_STEPS,
                    loop=", ".join(quote(s) for s in graph if s in _loop(self.result.steps))))
                return
            picked = _next_token(graph, tokens)
            if picked is None:
                waiting = sorted({t for _, t in tokens})
                self.result.problems.append(_problem(
                    "scenario.stuck", (*self.base, KEY), scenario=quote(self.name),
                    steps=", ".join(quote(s) for s in waiting)))
                return
            sid, consumed = picked
            for token in consumed:
                tokens.remove(token)
            node = graph.nodes[sid]
            run = StepRun(sid, node[NAME], node[KIND])
            self.result.steps.append(run)
            for interaction in node[INTERACTIONS]:
                if not self.interact(sid, run, interaction):
                    run.state = self.state()
                    return
            run.state = self.state()
            kind = node[KIND]
            if kind == StepKind.END.value:
                self.result.end = sid
                return
            if kind == StepKind.DECISION.value:
                target = self.decide(sid, run, visits)
                if target is None:
                    return
                tokens.append((sid, target))
            else:
                tokens.extend((sid, target) for target in graph.successors(sid))

    def decide(self, sid: str, run: StepRun, visits: dict[str, int]) -> str | None:
        visit = visits.get(sid, 0)
        visits[sid] = visit + 1
        answer = self.scenario.answer(sid, visit)
        for target in self.graph.successors(sid):
            data = self.graph.edges[sid, target]
            if answer is not None and answer in data[LABELS]:
                run.answer = answer
                return target
        given = self.scenario.answers.get(sid)
        for target in self.graph.successors(sid):
            if given is None and self.graph.edges[sid, target][DEFAULT]:
                run.answer = "default"
                return target
        loc = (*self.base, "answers", sid, KEY) if given is not None else (*self.base, KEY)
        labels = [label for t in self.graph.successors(sid) for label in self.graph.edges[sid, t][LABELS]]
        count = 0 if given is None else 1 if isinstance(given, str) else len(given)
        self.result.problems.append(_problem(
            "scenario.no-answer", loc, scenario=quote(self.name), step=quote(sid),
            name=quote(self.graph.nodes[sid][NAME]), visit=visit + 1, given=count, known=_listing(labels),
            again=_ordinal(visit + 1) if visit else "",
            answers=f"{count} answer" + ("" if count == 1 else "s"),
            answers_nl=f"{count} antwoord" + ("" if count == 1 else "en")))
        return None

    def finish(self) -> None:
        expect = self.scenario.expect
        result = self.result
        if any(d.severity is Severity.ERROR for d in result.problems):
            return
        if result.refused is not None:
            wanted = expect.refused
            if wanted is None or (wanted.step, wanted.code) != (result.refused.step, result.refused.code):
                refused = result.refused
                if wanted is not None and wanted.step == refused.step:  # the step is right, the code is not
                    result.problems.append(_problem(
                        "scenario.refused", (*self.base, "expect", "refused", "code"), scenario=quote(self.name),
                        step=quote(refused.step), operation=quote(refused.operation), object=refused.object,
                        code=quote(refused.code or "?"), expected_code=quote(wanted.code),
                        code_close="yes" if suggest(wanted.code, [refused.code or ""], cutoff=0.75) else "",
                        why=refused.message, why_nl=refused.message_nl))
                    return
                result.problems.append(_problem(
                    "scenario.refused", (*self.base, KEY), scenario=quote(self.name), step=quote(refused.step),
                    operation=quote(refused.operation), object=refused.object, code=refused.code or "?",
                    why=refused.message, why_nl=refused.message_nl,
                    expected="" if wanted is None else f"{quote(wanted.step)}: {wanted.code}"))
            return
        self.unused_answers()
        if expect.refused is not None:
            result.problems.append(_problem(
                "scenario.not-refused", (*self.base, "expect", "refused"), scenario=quote(self.name),
                step=quote(expect.refused.step), code=expect.refused.code,
                end=quote(result.end or "?")))
        elif expect.end is not None and result.end != expect.end:
            result.problems.append(_problem(
                "scenario.wrong-end", (*self.base, "expect", "end"), scenario=quote(self.name),
                end=quote(result.end or "?"), expected=quote(expect.end)))


    def unused_answers(self) -> None:
        """A warning for each decision the run reached fewer times than its list has answers.

        Only for a run that reached an end: one the register stopped never got to the later answers.
        """
        for sid, given in self.scenario.answers.items():
            visits = self.visits.get(sid, 0)
            if isinstance(given, str) or not visits or len(given) <= visits:
                continue
            first, last = visits + 1, len(given)
            unused = str(first) if first == last else f"{first}-{last}"
            self.result.problems.append(_problem(
                "scenario.unused-answer", (*self.base, "answers", sid, visits), scenario=quote(self.name),
                step=quote(sid), visits=visits, times="time" if visits == 1 else "times",
                unused=unused, given=len(given), plural="s" if first < last else "",
                plural_nl="en" if first < last else "", is_are="are" if first < last else "is",
                wordt_worden="worden" if first < last else "wordt"))


def _next_token(graph: nx.DiGraph[str], tokens: list[tuple[str | None, str]]
                ) -> tuple[str, list[tuple[str | None, str]]] | None:
    """The first step that can run, and the tokens it takes (a join takes one from each incoming flow)."""
    for token in tokens:
        target = token[1]
        if graph.nodes[target][KIND] != StepKind.PARALLEL_JOIN.value:
            return target, [token]
        inputs = list(graph.predecessors(target))
        taken: list[tuple[str | None, str]] = []
        for source in inputs:
            match = next((t for t in tokens if t == (source, target)), None)
            if match is None:
                break
            taken.append(match)
        else:
            return target, taken
    return None


def _loop(steps: list[StepRun]) -> list[str]:
    """The steps of the cycle a run that never ends keeps repeating."""
    tail = [s.step for s in steps[-50:]]
    last = tail[-1]
    before = len(tail) - 1 - tail[-2::-1].index(last) - 1 if last in tail[:-1] else 0
    return list(dict.fromkeys(tail[before + 1:]))


def _value(obj: RegisterObject, path: str) -> Any:
    """The value at ``path`` (``gebouwPolygoon.geometrieMethode``) of an object, or None."""
    value: Any = obj.model_dump(mode="json")
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    if isinstance(value, Mapping) and "objectId" in value:
        return value["objectId"]
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _ordinal(n: int) -> str:
    """``2nd``, ``3rd``, ``11th``, ``21st``.

    Examples:
        >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 102)]
        ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st', '102nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _listing(values: list[str]) -> str:
    return listing(values) or "-"


def _either(values: list[str], word: str) -> str:
    """'inGebruik or voorgesteld'."""
    quoted = [quote(v) for v in values]
    return f" {word} ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def start_register(interface: Register) -> EmbeddedRegister:
    """The register scenarios start from: the bundled sample, or an empty one for an interface the sample does not fit.

    The sample municipality is data of grar's objects and code lists; a city's own register
    interface may have others, and then its scenarios name their objects by status.
    """
    try:
        return EmbeddedRegister.sample(interface)
    except RegisterDataError:
        return EmbeddedRegister.empty(interface)


def run_scenario(fiche_or_graph: Fiche | nx.DiGraph[str], name: str, *, register: Register | None = None,
                 sample: EmbeddedRegister | None = None) -> ScenarioRun:
    """Run scenario ``name`` of a fiche (or of its process graph) and return what happened.

    Args:
        fiche_or_graph: a loaded fiche, or its graph from :func:`schillen.graph.to_graph`.
        name: the scenario's key under ``scenarios``.
        register: the register interface (default: the graph's, else the bundled grar).
        sample: the register to start from (default: :func:`start_register`); it is copied, never changed.

    Raises:
        KeyError: the fiche has no scenario ``name``.
    """
    graph = to_graph(fiche_or_graph) if isinstance(fiche_or_graph, Fiche) else fiche_or_graph
    scenario: Scenario = graph.graph[SCENARIOS][name]
    interface = register or graph.graph.get(REGISTER) or load_register()
    run = _Run(graph, name, scenario, interface, sample or start_register(interface))
    if run.seed():
        run.walk()
        run.finish()
    return run.result


def iter_scenario_problems(graph: nx.DiGraph[str], register: Register | None = None) -> Iterator[Diagnostic]:
    """Run every scenario of the fiche behind ``graph``; yield the problems of those that fail."""
    scenarios: Mapping[str, Scenario] = graph.graph.get(SCENARIOS, {})
    if not scenarios:
        return
    interface = register or graph.graph.get(REGISTER) or load_register()
    sample = start_register(interface)
    for name in scenarios:
        yield from run_scenario(graph, name, register=interface, sample=sample).problems


_WORDS = {
    "en": {"scenario": "scenario", "reads": "reads", "none": "not in the register", "answer": "answer",
           "end": "reached end step", "refused": "the register refuses", "passed": "passed", "failed": "FAILED",
           "state": "register", "skipped": "skipped, the run has none"},
    "nl": {"scenario": "scenario", "reads": "leest", "none": "niet in het register", "answer": "antwoord",
           "end": "eindstap bereikt", "refused": "het register weigert", "passed": "geslaagd", "failed": "MISLUKT",
           "state": "register", "skipped": "overgeslagen, de loop heeft er geen"},
}


def render_run(run: ScenarioRun, lang: str = "en") -> str:
    """A run as text: each step with what it read and changed, and the register after it; then the outcome."""
    words = _WORDS["nl" if lang == "nl" else "en"]
    lines = [f"{words['scenario']} {quote(run.scenario)}: {run.title}"]
    width = len(str(len(run.steps)))
    state: dict[str, tuple[str, str, str]] = {}
    for number, step in enumerate(run.steps, 1):
        head = f"  {number:>{width}}. {step.step} ({step.name})"
        if step.answer is not None:
            head += f" → {words['answer']} {quote(step.answer)}"
        lines.append(head)
        pad = " " * (width + 6)
        for kind, object_id, values in step.reads:
            if object_id is None:
                lines.append(f"{pad}{words['reads']} {kind}: {words['none']}")
            else:
                shown = ", ".join(f"{k} {_text(v)}" for k, v in values.items())
                lines.append(f"{pad}{words['reads']} {kind} {object_id}" + (f": {shown}" if shown else ""))
        for kind, object_id, before, after, action in step.changes:
            change = after if before == after else f"{before or '∅'} → {after}"
            lines.append(f"{pad}{action} {kind} {object_id}: {change}")
        for kind, action in step.skipped:
            lines.append(f"{pad}{action} {kind}: {words['skipped']}")
        if step.state != state:
            shown = " · ".join(f"{kind} {object_id} {status}" for kind, (_, object_id, status) in step.state.items())
            lines.append(f"{pad}{words['state']}: {shown}")
            state = step.state
    if run.refused is not None:
        refused = run.refused
        lines.append(f"  ✗ {words['refused']} {refused.operation} {refused.object} {refused.object_id or ''}".rstrip()
                     + f" ({refused.step}): {refused.code or '?'}")
    elif run.end is not None:
        lines.append(f"  ■ {words['end']} {quote(run.end)}")
    lines.append(f"  {words['passed'] if run.passed else words['failed']}")
    return "\n".join(lines)
