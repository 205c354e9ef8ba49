"""Asking a register interface: may an operation run on an object in a given state, and what follows?

Pure functions of a :class:`~schillen.registers.model.Register`: no disk, no network.

:func:`try_operation` answers the way the register would: allowed or refused
(with the register's error code), the status the object ends in, and the
cascades on other objects.  The checks run in this order (the reference does not
give one): a removed object; conditions on the object itself (its geometry
method, whether it is the common unit); "does nothing" (an operation on an
object already in its target status, or ``noop_when``); the status; conditions
on related objects.  A condition on something the caller did not give (a related
object's status, an attribute) is assumed to hold and listed in
:attr:`Outcome.assumed`, as are checks on data this interface does not model
(geometry, uniqueness).  A related object that is removed refuses the operation
with that object's own removal code (``VerwijderdGebouw``), unless the condition
names removal itself (§4: "always checked").

Examples:
    >>> from schillen.registers.loading import load_register
    >>> grar = load_register()
    >>> try_operation(grar, "Gebouweenheid", "realiseren", "gepland", related={"gebouw": "inAanbouw"}).to_dict()
    {'allowed': False, 'to': None, 'reason': 'GebouwStatusNietInGerealiseerd', 'cascades': []}
    >>> outcome = try_operation(grar, "gebouw", "RealizeBuilding", "inAanbouw")
    >>> outcome.allowed, outcome.to, [c["to"] for c in outcome.to_dict()["cascades"]]
    (True, 'gerealiseerd', ['gerealiseerd'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from schillen.errors import RegisterQueryError
from schillen.registers.loading import attribute_at, attribute_paths
from schillen.registers.model import (
    ANY,
    PREVIOUS,
    REMOVED,
    SAME,
    AttributeType,
    Cascade,
    ObjectType,
    Operation,
    Precondition,
    Register,
)

__all__ = [
    "LifecycleRow",
    "Outcome",
    "attribute_named",
    "cascade_dict",
    "describe_cascade",
    "describe_precondition",
    "find_attribute",
    "find_object",
    "find_operation",
    "guess_attribute",
    "iter_lifecycle",
    "object_named",
    "render_lifecycle",
    "render_outcome",
    "try_operation",
]


@dataclass(frozen=True)
class Outcome:
    """The register's answer to an operation on an object in a given state.

    Attributes:
        allowed: whether the register runs it.
        to: the status the object ends in (None when refused, or when unknown).
        reason: when refused, the register's error code (else its domain exception;
            None when the reference names neither).
        cascades: what else changes, as the register interface describes it.
        object: the object (its key, e.g. ``gebouw``).
        operation: the operation (its edit-API action, e.g. ``realiseren``).
        status: the status it was asked from (None: the operation creates the object).
        noop: allowed, but the register does nothing (already in the target status).
        failed: the precondition that refused it, if one did.
        why: in words, why it was refused ("" when allowed); ``why_nl`` the same in Dutch.
        assumed: conditions not checked here, assumed to hold; ``assumed_nl`` the same in Dutch.
    """

    allowed: bool
    to: str | None
    reason: str | None
    cascades: tuple[Cascade, ...] = ()
    object: str = ""
    operation: str = ""
    status: str | None = None
    noop: bool = False
    failed: Precondition | None = None
    why: str = ""
    assumed: tuple[str, ...] = field(default=())
    why_nl: str = ""
    assumed_nl: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """``{"allowed", "to", "reason", "cascades"}``: the JSON answer of ``schillen register try``."""
        return {
            "allowed": self.allowed,
            "to": self.to,
            "reason": self.reason,
            "cascades": [cascade_dict(c) for c in self.cascades],
        }


def cascade_dict(cascade: Cascade) -> dict[str, Any]:
    """A cascade as JSON: object, which ones, what happens to them, in words, and the source (in English)."""
    return cascade.model_dump(mode="json", by_alias=True, exclude_defaults=True,
                              exclude={"unconfirmed", "relation_nl", "when_nl", "text_nl"})


# --- names -----------------------------------------------------------------------------


def find_object(register: Register, name: str) -> str:
    """The key of the object called ``name`` (``Gebouw`` and ``gebouw`` alike).

    Raises:
        RegisterQueryError: no such object.
    """
    if name in register.objects:
        return name
    for key, kind in register.objects.items():
        if name.lower() in (key.lower(), kind.title.lower()):
            return key
    raise RegisterQueryError(f"{name!r} is not an object of register {register.id!r}", "object", name,
                             register.objects)


def find_operation(kind: ObjectType, name: str, obj: str = "") -> str:
    """The action of the operation called ``name``: its action (``realiseren``) or command (``RealizeBuilding``).

    Raises:
        RegisterQueryError: no such operation.
    """
    if name in kind.operations:
        return name
    for action, op in kind.operations.items():
        if name.lower() in (action.lower(), op.command.lower(), *(c.lower() for c in op.also)):
            return action
    choices = [*kind.operations, *(op.command for op in kind.operations.values())]
    raise RegisterQueryError(f"{obj or kind.title.lower()} has no operation {name!r}", "operation", name, choices)


def object_named(register: Register, name: str) -> tuple[str, ObjectType] | None:
    """The key and type of the object called ``name`` (as :func:`find_object`), or None when there is none."""
    try:
        key = find_object(register, name)
    except RegisterQueryError:
        return None
    return key, register.objects[key]


def attribute_named(kind: ObjectType, name: str) -> str | None:
    """The path of the attribute called ``name`` (as :func:`find_attribute`), or None when there is none."""
    try:
        return find_attribute(kind, name)
    except RegisterQueryError:
        return None


def guess_attribute(kind: ObjectType, name: str, cutoff: float = 0.6) -> str:
    """The attribute of ``kind`` that ``name`` most likely means, quoted for a hint, or "".

    The one attribute whose name ends in ``name`` (any case: ``status`` is ``adresStatus``), else
    the closest by spelling (:func:`schillen._validation.suggest`).

    Examples:
        >>> from schillen.registers import load_register
        >>> adres = load_register().objects["adres"]
        >>> guess_attribute(adres, "status"), guess_attribute(adres, "huisnumer"), guess_attribute(adres, "xyz")
        ("'adresStatus'", "'huisnummer'", '')
    """
    from schillen._validation import suggest

    paths = attribute_paths(kind)
    lower = name.lower()
    ends = [p for p in paths if p.lower().endswith(lower) or p.rsplit(".", 1)[-1].lower() == lower]
    return f"'{ends[0]}'" if len(ends) == 1 else suggest(name, paths, cutoff)


def find_attribute(kind: ObjectType, name: str, obj: str = "") -> str:
    """The path of the attribute called ``name``: its path, or the name of a field when only one has it.

    Raises:
        RegisterQueryError: no such attribute, or more than one field with that name.
    """
    paths = attribute_paths(kind)
    if name in paths:
        return name
    leaves = [p for p in paths if p.rsplit(".", 1)[-1] == name]
    if len(leaves) == 1:
        return leaves[0]
    raise RegisterQueryError(f"{obj or kind.title.lower()} has no attribute {name!r}", "attribute", name, paths)


def _states(register: Register, obj: str) -> list[str]:
    return [*register.statuses(obj), REMOVED]


def _check_status(register: Register, obj: str, status: str, what: str = "status") -> None:
    states = _states(register, obj)
    if status not in states:
        raise RegisterQueryError(f"{status!r} is not a status of {obj}", what, status, states)


def _roles(op: Operation) -> dict[str, str]:
    """Roles named by the operation's conditions (``doelgebouw``), and the object each is."""
    roles = {p.role: p.object for p in op.preconditions if p.role and p.object}
    roles.update({a.role: a.object for a in op.to_when if a.role})
    return roles


def _related(
    register: Register, op: Operation, related: Mapping[str, str | Iterable[str]] | None
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    roles = _roles(op)
    for name, values in (related or {}).items():
        if name in roles:
            key, obj = name, roles[name]
        else:
            try:
                key = obj = find_object(register, name)
            except RegisterQueryError as exc:
                raise RegisterQueryError(f"{name!r} is not an object of register {register.id!r} "
                                         "nor a role in this operation", "related object", name,
                                         [*register.objects, *roles]) from exc
        listed = [values] if isinstance(values, str) else list(values)
        for value in listed:
            _check_status(register, obj, value, "related status")
        found.setdefault(key, []).extend(listed)
    return found


def _attributes(register: Register, kind: ObjectType, obj: str, attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in (attributes or {}).items():
        path = find_attribute(kind, name, obj)
        attribute = attribute_at(kind, path)
        assert attribute is not None
        if attribute.type is AttributeType.BOOLEAN and isinstance(value, str):
            if value.lower() not in ("true", "false"):
                raise RegisterQueryError(f"{path} is true or false, not {value!r}", "value", value, ["true", "false"])
            value = value.lower() == "true"
        if attribute.type is AttributeType.CODE and attribute.codelist in register.codelists:
            values = list(register.codelists[attribute.codelist].values)
            if value not in values:
                raise RegisterQueryError(
                    f"{value!r} is not a value of {attribute.codelist}", "value", str(value), values)
        found[path] = value
    return found


# --- the answer ------------------------------------------------------------------------


def _passes(pre: Precondition, values: list[Any]) -> bool:
    if pre.in_:
        return all(v in pre.in_ for v in values)
    return not any(v in pre.not_in for v in values)


def _reason(pre: Precondition) -> str | None:
    return pre.error or (pre.exception[0] if pre.exception else None)


def try_operation(
    register: Register,
    object: str,
    operation: str,
    status: str | None = None,
    related: Mapping[str, str | Iterable[str]] | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> Outcome:
    """Whether ``operation`` may run on ``object`` in ``status``, where it leads, and what follows.

    Args:
        register: the register interface.
        object: the object, e.g. ``gebouweenheid`` (or ``Gebouweenheid``).
        operation: its edit-API action (``realiseren``) or domain command (``RealizeBuildingUnit``).
        status: the object's status (``verwijderd`` when removed); None for an
            operation that creates the object.
        related: statuses of related objects, by object (``{"gebouw": "gerealiseerd"}``)
            or by role (``{"doelgebouw": "gepland"}``); several statuses mean several
            objects (for instance units of a building).
        attributes: values of the object's attributes, by path or field name
            (``{"geometrieMethode": "ingemetenGRB"}``, ``{"functie": "gemeenschappelijkDeel"}``).

    Returns:
        The register's answer; see :class:`Outcome`.

    Raises:
        RegisterQueryError: an object, operation, status, related object, attribute
            or value the register does not have; a status for an operation that
            creates its object, or none for one that does not.
    """
    key = find_object(register, object)
    kind = register.objects[key]
    action = find_operation(kind, operation, key)
    op = kind.operations[action]
    if op.creates and status is not None:
        raise RegisterQueryError(f"{action} creates a new {key}: it has no status yet", "status", status, [])
    if not op.creates:
        if status is None:
            raise RegisterQueryError(f"{action} acts on an existing {key}: give its status", "status", "",
                                     _states(register, key))
        _check_status(register, key, status)
    given = _related(register, op, related)
    values = _attributes(register, kind, key, attributes)
    assumed: list[str] = []
    assumed_nl: list[str] = []

    def assume(pre: Precondition) -> None:
        assumed.append(describe_precondition(pre, key))
        assumed_nl.append(describe_precondition(pre, key, "nl"))

    def answer(allowed: bool, to: str | None, reason: str | None = None, cascades: Iterable[Cascade] = (),
               noop: bool = False, failed: Precondition | None = None, why: tuple[str, str] = ("", "")
               ) -> Outcome:
        return Outcome(allowed, to, reason, tuple(cascades), key, action, status, noop, failed, why[0],
                       tuple(assumed), why[1], tuple(assumed_nl))

    def refused(reason: str | None, why: tuple[str, str], failed: Precondition | None = None) -> Outcome:
        return answer(False, None, reason, failed=failed, why=why)

    def requires(pre: Precondition) -> tuple[str, str]:
        return (f"it requires that {describe_precondition(pre, key)}",
                f"het vereist dat {describe_precondition(pre, key, 'nl-clause')}")

    if status == REMOVED and (op.from_ == ANY or REMOVED not in op.from_):
        removed = kind.removed
        return refused(removed.error or removed.exception, (f"the {key} is removed", f"{key} is verwijderd"))
    for pre in op.preconditions:
        if pre.object is not None:
            continue
        if pre.check is not None:
            assume(pre)
            continue
        value = status if pre.attribute is None else values.get(pre.attribute)
        if value is None:
            assume(pre)
        elif not _passes(pre, [value]):
            return refused(_reason(pre), requires(pre), pre)
    if op.noop_when and all(values.get(path) == value for path, value in op.noop_when.items()):
        return answer(True, status, noop=True)
    if status is not None:
        starts = register.statuses(key) if op.from_ == ANY else list(op.from_)
        if status not in starts:
            if status == op.to:
                return answer(True, status, noop=True)
            reason = op.status_error or op.status_exception or kind.status_exception
            return refused(reason, (f"{action} starts from {_words(starts, 'or')}, not from {status}",
                                    f"{action} vertrekt van {_words(starts, 'of')}, niet van {status}"))
    for pre in op.preconditions:
        if pre.object is None:
            continue
        found = given.get(pre.role or "", given.get(pre.object, []))
        other = register.objects[pre.object].removed
        if pre.check is not None or pre.attribute is not None or not found:
            assume(pre)
        elif REMOVED in found and REMOVED not in (*pre.in_, *pre.not_in) and (other.error or other.exception):
            # §4 "always checked": a command that needs a removed building fails on that first.
            subject = pre.role or pre.object
            return refused(other.error or other.exception,
                           (f"the {subject} is removed", f"{subject} is verwijderd"), pre)
        elif not _passes(pre, found):
            return refused(_reason(pre), requires(pre), pre)
    return answer(True, _target(op, status, given), cascades=op.cascades)


def _target(op: Operation, status: str | None, given: dict[str, list[str]]) -> str | None:
    if op.to is None or op.to == PREVIOUS:
        return None
    to = status if op.to == SAME else op.to
    for adjust in op.to_when:
        found = given.get(adjust.role or "", given.get(adjust.object, []))
        if to in adjust.from_ and found and all(v in adjust.in_ for v in found):
            to = adjust.to
    return to


# --- words and tables --------------------------------------------------------------------


def _words(values: Iterable[Any], last: str) -> str:
    items = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def describe_precondition(pre: Precondition, obj: str = "", lang: str = "en") -> str:
    """A precondition in a few words, e.g. ``gebouw is gerealiseerd`` (``lang`` "nl": in Dutch;
    "nl-clause": in the order of a Dutch subordinate clause, ``gebouw gerealiseerd is``).

    A condition the register states in words of its own (``check``, ``applies``) is
    given as the interface file writes it: in Dutch its Dutch version (``check_nl``,
    ``applies_nl``) when it has one, else the English.

    Examples:
        >>> describe_precondition(Precondition(object="adres", **{"in": ["voorgesteld", "inGebruik"]}, source="§4.3"))
        'adres is voorgesteld or inGebruik'
        >>> describe_precondition(Precondition(object="adres", not_in=["afgekeurd"], source="§4.3"), lang="nl")
        'adres is niet afgekeurd'
        >>> pre = Precondition(check="the area is at least 1 m²", check_nl="de oppervlakte is minstens 1 m²",
        ...                    source="§4.1")
        >>> describe_precondition(pre), describe_precondition(pre, lang="nl")
        ('the area is at least 1 m²', 'de oppervlakte is minstens 1 m²')
    """
    nl = lang.startswith("nl")
    applies = (pre.applies_nl if nl else None) or pre.applies
    if pre.check is not None:
        text = (pre.check_nl if nl else None) or pre.check
    else:
        subject = pre.role or pre.object or obj
        if pre.attribute is not None:
            subject = pre.attribute.rsplit(".", 1)[-1] if pre.object is None else f"{subject} {pre.attribute}"
        either = "of" if nl else "or"
        values = _words(pre.in_, either) if pre.in_ else f"{'niet' if nl else 'not'} {_words(pre.not_in, either)}"
        text = f"{subject} {values} is" if lang == "nl-clause" else f"{subject} is {values}"
    return f"{text} ({applies})" if applies else text


_CASCADE_WORDS = {
    "en": {"with": "with", "except": "except", "and": "and ", "lose": "lose their {} links",
           "back": "get their {} links back", "change": "{} changes", "when": "when"},
    "nl": {"with": "met", "except": "behalve", "and": "en ", "lose": "verliezen hun {}-koppelingen",
           "back": "krijgen hun {}-koppelingen terug", "change": "— {} wijzigt", "when": "als"},
}


def describe_cascade(cascade: Cascade, lang: str = "en") -> str:
    """A cascade in a few words (``lang`` "nl": in Dutch, with the Dutch versions of its texts when it has them).

    Examples:
        >>> from schillen.registers.loading import load_register
        >>> unit = load_register().objects["gebouw"].operations["realiseren"].cascades[0]
        >>> describe_cascade(unit)
        'gebouweenheid (gebouweenheden) gepland -> gerealiseerd'
        >>> describe_cascade(load_register().objects["gebouw"].operations["nietrealiseren"].cascades[0], "nl")[-61:]
        'gepland → nietGerealiseerd en verliezen hun adres-koppelingen'
    """
    nl = lang.startswith("nl")
    words = _CASCADE_WORDS["nl" if nl else "en"]
    relation = (cascade.relation_nl if nl else None) or cascade.relation
    if nl and relation in ("zelf", "itself"):
        parts = [f"de {cascade.object} zelf"]
    elif nl and relation:  # the relation is the subject (de gebouweenheden ... verliezen), the object in brackets
        parts = [relation, f"({cascade.object})"]
    else:
        parts = [cascade.object, f"({relation})"] if relation else [cascade.object]
    for name, value in cascade.only.items():
        parts.append(f"{words['with']} {name} {value}")
    for name, value in cascade.excluding.items():
        parts.append(f"{words['except']} {name} {value}")
    if cascade.from_:
        parts.append("/".join(cascade.from_))
    if cascade.to:
        parts.append(f"{'→' if nl else '->'} {cascade.to}")
    if cascade.detach:
        parts.append(f"{words['and'] if cascade.to else ''}{words['lose'].format(cascade.detach)}")
    if cascade.attach:
        parts.append(words["back"].format(cascade.attach))
    if cascade.change:
        parts.append(words["change"].format(cascade.change))
    if not (cascade.to or cascade.detach or cascade.attach or cascade.change):  # nothing to say in fields: its text
        parts.append(f"— {(cascade.text_nl if nl else None) or cascade.text}")
    when = (cascade.when_nl if nl else None) or cascade.when
    if when:
        parts.append(f"{words['when']} {when}")
    return " ".join(parts)


@dataclass(frozen=True)
class LifecycleRow:
    """One operation of an object's lifecycle, for a table.

    Attributes:
        start: where it starts ("–" when it creates the object).
        operation: the action and the command, e.g. ``realiseren (RealizeBuilding)``.
        to: where it leads.
        checks: (precondition in words, error code) pairs, the status guard first.
        cascades: the cascades in words.
        source: the sections of the reference.
    """

    start: str
    operation: str
    to: str
    checks: tuple[tuple[str, str], ...]
    cascades: tuple[str, ...]
    source: str


def _code(error: str | None, exceptions: Iterable[str] | None) -> str:
    return error or "/".join(exceptions or ()) or "–"


_LIFECYCLE_WORDS = {
    "en": {"any": "any", SAME: "(same)", PREVIOUS: "(before removal)", "if": "if", "and": "and",
           "other": "another status", "removed": "the {} is removed", "any other": "any other"},
    "nl": {"any": "elke", SAME: "(ongewijzigd)", PREVIOUS: "(de status vóór het verwijderen)", "if": "als",
           "and": "en", "other": "vanuit een andere status", "removed": "{} is verwijderd", "any other": "elke andere"},
}


def iter_lifecycle(register: Register, object: str, lang: str = "en") -> Iterator[LifecycleRow]:
    """The lifecycle of ``object``: a row per operation, then a row for a removed object.

    ``lang`` "nl" gives the words of the rows in Dutch (the register's names and codes stay as
    they are; a condition it states in words of its own is given in its Dutch version, when the
    interface file has one).

    Raises:
        RegisterQueryError: no such object.
    """
    words = _LIFECYCLE_WORDS["nl" if lang.startswith("nl") else "en"]
    key = find_object(register, object)
    kind = register.objects[key]
    for action, op in kind.operations.items():
        start = "–" if op.creates else (words["any"] if op.from_ == ANY else ", ".join(op.from_))
        to = words[op.to] if op.to in (SAME, PREVIOUS) else (op.to or "?")
        for adjust in op.to_when:
            who = adjust.role or adjust.object
            to += f"; {adjust.to} {words['if']} {'/'.join(adjust.from_)} {words['and']} {who} {'/'.join(adjust.in_)}"
        checks: list[tuple[str, str]] = []
        if not op.creates and op.from_ != ANY:
            exception = op.status_exception or kind.status_exception or ""
            checks.append((words["other"], _code(op.status_error, [exception])))
        checks += [(describe_precondition(p, key, lang), _code(p.error, p.exception)) for p in op.preconditions]
        yield LifecycleRow(start, f"{action} ({op.command})", to, tuple(checks),
                           tuple(describe_cascade(c, lang) for c in op.cascades), op.source)
    removed = kind.removed
    gone = (words["removed"].format(key), _code(removed.error, [removed.exception or ""]))
    yield LifecycleRow(REMOVED, words["any other"], "–", (gone,), (), removed.source)


_OUTCOME_WORDS = {
    "en": {"new": "(new)", "from": "from", "refused": "refused", "no code": "no code in the reference",
           "why": "why", "noop": "allowed, does nothing (already so)", "allowed": "allowed, to",
           "unknown": "unknown", "then": "then", "assumed": "assumed"},
    "nl": {"new": "(nieuw)", "from": "vanuit", "refused": "geweigerd", "no code": "geen code in de referentie",
           "why": "waarom", "noop": "toegestaan, verandert niets (is al zo)", "allowed": "toegestaan, naar",
           "unknown": "onbekend", "then": "daarna", "assumed": "aangenomen"},
}


def render_outcome(outcome: Outcome, lang: str = "en") -> str:
    """An answer of :func:`try_operation` as a few lines of text, for people (``lang`` "nl": in Dutch).

    Examples:
        >>> from schillen.registers.loading import load_register
        >>> print(render_outcome(try_operation(load_register(), "adres", "goedkeuren", "afgekeurd")))
        adres goedkeuren from afgekeurd: refused (AdresAfgekeurdOfGehistoreerd)
          why: goedkeuren starts from voorgesteld, not from afgekeurd
        >>> print(render_outcome(try_operation(load_register(), "adres", "goedkeuren", "afgekeurd"), "nl"))
        adres goedkeuren vanuit afgekeurd: geweigerd (AdresAfgekeurdOfGehistoreerd)
          waarom: goedkeuren vertrekt van voorgesteld, niet van afgekeurd
    """
    nl = lang.startswith("nl")
    words = _OUTCOME_WORDS["nl" if nl else "en"]
    start = words["new"] if outcome.status is None else f"{words['from']} {outcome.status}"
    head = f"{outcome.object} {outcome.operation} {start}: "
    if not outcome.allowed:
        why = outcome.why_nl if nl and outcome.why_nl else outcome.why
        lines = [head + f"{words['refused']} ({outcome.reason or words['no code']})", f"  {words['why']}: {why}"]
    else:
        to = outcome.to if outcome.to is not None else words["unknown"]
        lines = [head + (words["noop"] if outcome.noop else f"{words['allowed']} {to}")]
        lines += [f"  {words['then']}: {describe_cascade(c, lang)} ({c.source})" for c in outcome.cascades]
    lines += [f"  {words['assumed']}: {text}" for text in (outcome.assumed_nl if nl else outcome.assumed)]
    return "\n".join(lines)


def render_lifecycle(rows: Iterable[LifecycleRow], fmt: str = "text", lang: str = "en") -> str:
    """The lifecycle as a table (``text``: aligned columns; ``md``: Markdown), then the cascades.

    Columns: from, operation, to, preconditions, error codes; one line per
    precondition, the status guard ("another status") first. ``lang`` "nl" gives the headings in
    Dutch (give the rows of ``iter_lifecycle(..., lang="nl")`` for the rest).

    Examples:
        >>> from schillen.registers.loading import load_register
        >>> print(render_lifecycle(iter_lifecycle(load_register(), "perceel"), "md").splitlines()[2])
        | gerealiseerd | opheffen (RetireParcel) | gehistoreerd | another status | – |
    """
    rows = list(rows)
    nl = lang.startswith("nl")
    header = (("van", "operatie", "naar", "voorwaarden", "foutcodes") if nl
              else ("from", "operation", "to", "preconditions", "error codes"))
    table: list[tuple[str, str, str, str, str]] = []
    for row in rows:
        checks = list(row.checks) or [("", "")]
        for i, (check, code) in enumerate(checks):
            table.append((row.start, row.operation, row.to, check, code) if i == 0 else ("", "", "", check, code))
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in table]
    else:
        widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
                 for line in [header, *table]]
        lines.insert(1, "  ".join("-" * w for w in widths))
    cascades = [(row.operation, text) for row in rows for text in row.cascades]
    if cascades:
        title = "gevolgen" if nl else "cascades"
        lines += ["", f"**{title.capitalize()}**", ""] if fmt == "md" else ["", f"{title}:"]
        lines += [f"- {operation}: {text}" for operation, text in cascades]
    return "\n".join(lines)
