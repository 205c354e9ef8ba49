"""The fiche model: pydantic v2 models of one Schillenboek fiche.

A fiche documents one municipal process: its legal basis, actors, data model
(the *schillen*: a ``kern`` of register objects and the municipality's own
shells of entities), its process as steps, and what the working group learned.
Keys are English and short; content is Dutch.

Every field carries a Dutch and an English description; they become the hover
help of editors through ``schemas/fiche.schema.json`` (``schillen schema``).

The models check shape and local combinations only.  References between parts
of a fiche (actors, steps, entities, code lists, sources, the kern) are checked
by :mod:`schillen.loading`, so that each problem is reported at its own line.

Examples:
    >>> fiche = Fiche.model_validate({
    ...     "id": "voorbeeld", "title": "Voorbeeld", "version": "1.0.0",
    ...     "status": "draft", "updated": "2026-11-28", "summary": "Een voorbeeld.",
    ...     "process": {
    ...         "start": {"kind": "start", "name": "Aanvraag", "next": "einde"},
    ...         "einde": {"kind": "end", "name": "Afgehandeld"},
    ...     },
    ... })
    >>> fiche.process["start"].next
    ['einde']
    >>> fiche.process["start"].successors()
    ['einde']
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from annotated_types import Gt
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from schillen._pydantic import Model
from schillen._pydantic import doc as doc  # re-exported: schillen.model.doc is how other code has named it

if TYPE_CHECKING:  # the loader sets it; the model does not import the YAML reader
    from schillen._yaml import SourceMap

__all__ = [
    "KIND_FIELDS",
    "REGISTER_OBJECTS",
    "Actor",
    "ActorKind",
    "Attribute",
    "AttributeType",
    "Citation",
    "Codelist",
    "Deadline",
    "DeadlineUnit",
    "Entity",
    "Fiche",
    "FicheLink",
    "FicheStatus",
    "Practice",
    "Refusal",
    "RegisterGap",
    "RegisterInteraction",
    "Scenario",
    "ScenarioExpect",
    "ScenarioObject",
    "Shells",
    "Source",
    "Step",
    "StepKind",
    "canonical_object",
]


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NAME_PATTERN = r"^[a-z][a-z0-9_-]*$"
ENTITY_PATTERN = r"^[A-Z][A-Za-z0-9]*$"
SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$")]

def _integral(value: Any) -> Any:
    """8.0 counts as 8, as JSON Schema's ``integer`` does; text does not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _date_text(value: Any) -> Any:
    """A date is written as text (YAML dates stay text); numbers are not dates."""
    if isinstance(value, str | dt.date):
        return value
    raise PydanticCustomError("date_type", "Input should be a valid date")


# Strict scalars, so the loader accepts exactly what the published JSON Schema accepts
# (pydantic's lax mode would take 'yes' for true and "8" for 8).
Flag = Annotated[bool, Strict()]
Count = Annotated[int, Strict(), Gt(0), BeforeValidator(_integral)]
Date = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    WithJsonSchema({"type": "string", "format": "date"}),
]

REGISTER_OBJECTS = ("Gebouw", "Gebouweenheid", "Adres", "Perceel", "Straatnaam")
"""The objects of the bundled register interface (grar), in the capitalised form fiches use.

A fiche may name other objects, for a city whose own register interface has them
(``schillen check --register FILE``); the register checks report a name that the
register interface in use does not have (``register.no-such-object``).
"""

OBJECT_PATTERN = r"^[A-Za-z][A-Za-z0-9]*$"
_OBJECT_BY_LOWER = {name.lower(): name for name in REGISTER_OBJECTS}


def canonical_object(name: str) -> str:
    """The capitalised name of a grar object; ``gebouweenheid`` -> ``Gebouweenheid``; other names as they are.

    Examples:
        >>> canonical_object("adres")
        'Adres'
        >>> canonical_object("Woning")
        'Woning'
    """
    return _OBJECT_BY_LOWER.get(name.lower(), name) if isinstance(name, str) else name


def _canonical_object(value: Any) -> Any:
    return canonical_object(value) if isinstance(value, str) else value


RegisterObject = Annotated[
    str,
    StringConstraints(pattern=OBJECT_PATTERN),
    BeforeValidator(_canonical_object),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": [*REGISTER_OBJECTS, *(o.lower() for o in REGISTER_OBJECTS)]},
                {"type": "string", "pattern": OBJECT_PATTERN},
            ],
            "description": "Registerobject: Gebouw, Gebouweenheid, Adres, Perceel, Straatnaam, of een object van "
            "het eigen register van de stad.\n\nRegister object: one of grar's, or an object of the city's own "
            "register interface.",
        }
    ),
]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


StepRefs = Annotated[
    list[Name],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": NAME_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}},
            ]
        }
    ),
]

ExpectedValues = Annotated[
    list[str],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    ),
]


class FicheStatus(str, enum.Enum):
    """Where a fiche is in its life."""

    DRAFT = "draft"
    REVIEW = "review"
    VALIDATED = "validated"
    RETIRED = "retired"


class ActorKind(str, enum.Enum):
    """What kind of party an actor is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    SYSTEM = "system"
    EXTERNAL = "external"


class StepKind(str, enum.Enum):
    """What a step is: an event, work, a choice, a gateway, a wait or another fiche."""

    START = "start"
    END = "end"
    TASK = "task"
    DECISION = "decision"
    PARALLEL_SPLIT = "parallel_split"
    PARALLEL_JOIN = "parallel_join"
    WAIT = "wait"
    CALL = "call"

    def label(self, lang: str = "en") -> str:
        """The word for this kind of step in ``lang`` ("decision", "beslissing")."""
        if lang == "nl":
            return _STEP_KIND_NL[self.value]
        return self.value.replace("_", " ")


_STEP_KIND_NL = {"start": "startstap", "end": "eindstap", "task": "taak", "decision": "beslissing",
                 "parallel_split": "parallelle splitsing", "parallel_join": "parallelle samenkomst",
                 "wait": "wachtstap", "call": "oproep"}


class DeadlineUnit(str, enum.Enum):
    """The unit a deadline counts in."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class AttributeType(str, enum.Enum):
    """The scalar types of an entity attribute."""

    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"


class Citation(Model):
    """A legal text the process rests on."""

    text: Text = Field(**doc("De rechtsnorm, bv. 'Wet van 19 juli 1991 betreffende de bevolkingsregisters'.",
                              "The legal text, e.g. an act or royal decree."))
    article: Text | None = Field(None, **doc("Het artikel, bv. 'art. 7, §5'.", "The article, e.g. 'art. 7, §5'."))
    url: Url | None = Field(None, **doc("Webadres van de tekst.", "Web address of the text."))
    unconfirmed: Flag = Field(
        False,
        **doc("true als dit niet in een bron bevestigd is.", "true when no source confirms this."),
    )
    source: Name | None = Field(None, **doc("Id van een bron onder 'sources'.", "Id of a source under 'sources'."))


class Actor(Model):
    """A party that acts in the process."""

    name: Text = Field(**doc("Naam zoals lezers ze kennen, bv. 'Loket Burgerzaken'.",
                              "Name as readers know it."))
    kind: ActorKind = Field(**doc("Soort: person, organisation, system of external.",
                                   "Kind: person, organisation, system or external."))
    description: Text | None = Field(None, **doc("Wie of wat dit is.", "Who or what this is."))
    unconfirmed: Flag = Field(False, **doc("true als de rol van deze actor niet bevestigd is.",
                                           "true when this actor's role is not confirmed."))


_NOT_NULL: dict[str, Any] = {"not": {"type": "null"}}
_NULL: dict[str, Any] = {"type": "null"}


def _attribute_schema(schema: dict[str, Any]) -> None:
    # The same rules as Attribute._one_kind, so editors flag them too.
    schema["oneOf"] = [
        {"required": [k], "properties": {k: _NOT_NULL, **{o: _NULL for o in ("type", "codelist", "ref") if o != k}}}
        for k in ("type", "codelist", "ref")
    ]
    schema["allOf"] = [
        {
            "if": {"required": ["required"], "properties": {"required": {"const": flag}}},
            "then": {"properties": {"cardinality": {"enum": [*values, None]}}},
        }
        for flag, values in ((True, ["1", "1..n"]), (False, ["0..1", "0..n"]))
    ]


class Attribute(Model):
    """One attribute of an entity: a typed value, a code from a code list, or a reference."""

    model_config = ConfigDict(json_schema_extra=_attribute_schema)

    type: AttributeType | None = Field(
        None,
        **doc("Gegevenstype: string, integer, decimal, boolean, date of datetime.",
              "Data type: string, integer, decimal, boolean, date or datetime."),
    )
    codelist: Name | None = Field(
        None,
        **doc("Naam van een codelijst onder 'codelists'.", "Name of a code list under 'codelists'."),
    )
    ref: Text | None = Field(
        None,
        **doc("Verwijzing naar een entiteit van deze fiche of een registerobject (bv. Adres).",
              "Reference to an entity of this fiche or a register object (e.g. Adres)."),
    )
    cardinality: Literal["1", "0..1", "0..n", "1..n"] | None = Field(
        None,
        **doc("Hoeveel waarden: '1', '0..1', '0..n' of '1..n'.",
              "How many values: '1', '0..1', '0..n' or '1..n'."),
    )
    required: Flag | None = Field(
        None,
        **doc("Verplicht (kort voor cardinaliteit '1').", "Required (short for cardinality '1')."),
    )
    description: Text | None = Field(None, **doc("Betekenis van het attribuut.", "What the attribute means."))
    personal_data: Flag = Field(
        False,
        **doc("true als dit persoonsgegevens zijn (AVG/GDPR).", "true when this is personal data (GDPR)."),
    )
    unit: Text | None = Field(None, **doc("Eenheid, bv. 'm²' of 'euro'.", "Unit, e.g. 'm²' or 'euro'."))

    @model_validator(mode="after")
    def _one_kind(self) -> Attribute:
        given = [k for k in ("type", "codelist", "ref") if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "attribute-type",
                "needs exactly one of type, codelist or ref",
                {"found": ", ".join(given) or "none", "found_nl": ", ".join(given) or "geen"},
            )
        if (
            self.required is not None
            and self.cardinality is not None
            and self.required != self.cardinality.startswith("1")
        ):
            raise PydanticCustomError(
                "cardinality-conflict",
                "required and cardinality disagree",
                {"required": str(self.required).lower(), "cardinality": self.cardinality},
            )
        return self

    @property
    def effective_cardinality(self) -> str:
        """The cardinality, with ``required`` taken into account (default ``0..1``)."""
        if self.cardinality is not None:
            return self.cardinality
        return "1" if self.required else "0..1"


class Entity(Model):
    """A thing the municipality keeps data about, with its attributes."""

    description: Text | None = Field(None, **doc("Wat deze entiteit voorstelt.", "What this entity stands for."))
    personal_data: Flag = Field(
        False,
        **doc("true als de entiteit over een persoon gaat.", "true when the entity is about a person."),
    )
    attributes: dict[Name, Attribute] = Field(
        **doc("Attributen per naam.", "Attributes by name."), min_length=1
    )


class Shells(Model):
    """The *schillen*: the ``kern`` of register objects, then the municipality's own shells."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, dict[Annotated[str, StringConstraints(pattern=ENTITY_PATTERN)], Entity]] = Field(
        init=False
    )

    kern: dict[RegisterObject, list[Text]] = Field(
        default_factory=dict,
        **doc("Registerobjecten die het proces gebruikt, met hun registerattributen.",
              "Register objects the process uses, with their register attributes."),
    )

    def entities(self) -> dict[str, tuple[str, Entity]]:
        """Every entity of the municipal shells: name -> (shell, entity)."""
        found: dict[str, tuple[str, Entity]] = {}
        for shell, entities in (self.__pydantic_extra__ or {}).items():
            for name, entity in entities.items():
                found.setdefault(name, (shell, entity))
        return found

    def shells(self) -> dict[str, dict[str, Entity]]:
        """The municipal shells (all but ``kern``) by name."""
        return dict(self.__pydantic_extra__ or {})


class Codelist(Model):
    """A list of allowed codes, declared once and referenced by name."""

    description: Text | None = Field(None, **doc("Waarvoor de lijst dient.", "What the list is for."))
    values: list[Text] = Field(**doc("De toegelaten codes.", "The allowed codes."), min_length=1)


class Deadline(Model):
    """A term: how long, in which unit, counted from what."""

    within: Count = Field(**doc("Aantal eenheden (positief).", "Number of units (positive)."))
    unit: DeadlineUnit = Field(
        **doc("calendar_days, working_days, weeks, months of years.",
              "calendar_days, working_days, weeks, months or years.")
    )
    from_: Text | None = Field(
        None,
        alias="from",
        **doc("Vanaf wanneer de termijn loopt (gebeurtenis of stap-id).",
              "What the term runs from (an event or a step id)."),
    )
    basis: Text | None = Field(None, **doc("Rechtsgrond van de termijn, bv. 'KB 16/7/1992 art. 7'.",
                                            "Legal basis of the term."))
    before: Flag = Field(
        False,
        **doc("true als de termijn terugtelt: ten laatste 'within' eenheden vóór 'from'.",
              "true when the term counts back: at the latest 'within' units before 'from'."),
    )
    unconfirmed: Flag = Field(False, **doc("true als de termijn niet bevestigd is.",
                                           "true when the term is not confirmed."))
    source: Name | None = Field(None, **doc("Id van een bron onder 'sources'.", "Id of a source under 'sources'."))
    note: Text | None = Field(None, **doc("Toelichting, bv. de praktijk.", "Explanation, e.g. practice."))


def _interaction_schema(schema: dict[str, Any]) -> None:
    # The same rule as RegisterInteraction._read_or_operation.
    schema["oneOf"] = [
        {"required": ["read"], "properties": {"read": _NOT_NULL, "operation": _NULL, "object": _NULL}},
        {
            "required": ["operation", "object"],
            "properties": {"read": _NULL, "operation": _NOT_NULL, "object": _NOT_NULL},
        },
    ]


class RegisterInteraction(Model):
    """A read of, or an operation on, a register object."""

    model_config = ConfigDict(json_schema_extra=_interaction_schema)

    read: RegisterObject | None = Field(
        None, **doc("Het registerobject dat gelezen wordt.", "The register object that is read.")
    )
    operation: Text | None = Field(
        None,
        **doc("De registeroperatie (actie van de edit-API), bv. 'realiseren'.",
              "The register operation (edit API action), e.g. 'realiseren'."),
    )
    object: RegisterObject | None = Field(
        None, **doc("Het object van de operatie.", "The object the operation acts on.")
    )
    attributes: list[Text] = Field(
        default_factory=list, **doc("Gebruikte registerattributen.", "Register attributes used.")
    )
    expect: dict[Text, ExpectedValues] = Field(
        default_factory=dict,
        **doc("Verwachte waarden per attribuut, bv. adresStatus: [inGebruik].",
              "Expected values per attribute, e.g. adresStatus: [inGebruik]."),
    )
    note: Text | None = Field(None, **doc("Toelichting.", "Explanation."))
    unconfirmed: Flag = Field(False, **doc("true als deze interactie niet bevestigd is (bv. een voorstel).",
                                           "true when this interaction is not confirmed (e.g. a suggestion)."))

    @model_validator(mode="after")
    def _read_or_operation(self) -> RegisterInteraction:
        if self.read is not None and self.operation is None and self.object is None:
            return self
        if self.read is None and self.operation is not None and self.object is not None:
            return self
        found = [k for k in ("read", "operation", "object") if getattr(self, k) is not None]
        raise PydanticCustomError(
            "interaction-kind",
            "needs read, or operation with object",
            {"found": ", ".join(found) or "none", "found_nl": ", ".join(found) or "geen"},
        )

    @property
    def target(self) -> str:
        """The register object read or operated on."""
        return self.read or self.object or ""


KIND_FIELDS: dict[StepKind, frozenset[str]] = {
    StepKind.START: frozenset({"next", "deadline", "register", "actor"}),
    StepKind.END: frozenset({"register", "actor", "deadline"}),
    StepKind.TASK: frozenset({"next", "deadline", "register", "actor"}),
    StepKind.DECISION: frozenset({"branches", "default", "actor", "deadline", "register"}),
    StepKind.PARALLEL_SPLIT: frozenset({"next"}),
    StepKind.PARALLEL_JOIN: frozenset({"next"}),
    StepKind.WAIT: frozenset({"next", "timer", "actor", "deadline", "register"}),
    StepKind.CALL: frozenset({"next", "call", "actor", "deadline"}),
}
"""The kind-specific keys each kind of step may have (the keys every step has are not listed)."""
_SPECIFIC_FIELDS = ("next", "branches", "default", "timer", "call", "actor", "deadline", "register")
_ATTRIBUTE = {"register": "interactions"}
"""The attribute of a kind-specific key, where it differs from the key."""
_BANNED_ATTRIBUTES = {
    kind: frozenset(_ATTRIBUTE.get(f, f) for f in _SPECIFIC_FIELDS if f not in allowed)
    for kind, allowed in KIND_FIELDS.items()
}
"""The attributes of the kind-specific keys each kind of step may not have: every step is checked, few have one."""


def _step_schema(schema: dict[str, Any]) -> None:
    # The same rules as Step._fields_fit_kind.
    rules: list[dict[str, Any]] = []
    for kind, allowed in KIND_FIELDS.items():
        banned = [f for f in _SPECIFIC_FIELDS if f not in allowed]
        then: dict[str, Any] = {"not": {"anyOf": [{"required": [f]} for f in banned]}}
        if kind is StepKind.CALL:
            then = {"allOf": [then, {"required": ["call"], "properties": {"call": _NOT_NULL}}]}
        rules.append({"if": {"properties": {"kind": {"const": kind.value}}}, "then": then})
    schema["allOf"] = rules


class Step(Model):
    """One step of the process."""

    model_config = ConfigDict(json_schema_extra=_step_schema)

    kind: StepKind = Field(
        **doc("start, end, task, decision, parallel_split, parallel_join, wait of call.",
              "start, end, task, decision, parallel_split, parallel_join, wait or call.")
    )
    name: Text = Field(**doc("Korte naam, bv. 'Adres controleren' of 'Adres gekend?'.",
                              "Short name, e.g. 'Adres controleren' or 'Adres gekend?'."))
    actor: Name | None = Field(None, **doc("Id van de actor die de stap uitvoert.", "Id of the actor doing the step."))
    description: Text | None = Field(None, **doc("Wat er in deze stap gebeurt.", "What happens in this step."))
    next: StepRefs = Field(
        default_factory=list,
        **doc("Id van de volgende stap (of een lijst, na een parallel_split).",
              "Id of the next step (or a list, after a parallel_split)."),
    )
    branches: dict[Text, Name] = Field(
        default_factory=dict,
        **doc("Bij een beslissing: antwoord -> id van de volgende stap.",
              "On a decision: answer -> id of the next step."),
    )
    default: Name | None = Field(
        None,
        **doc("Bij een beslissing: de stap als geen antwoord past.",
              "On a decision: the step taken when no answer fits."),
    )
    deadline: Deadline | None = Field(None, **doc("Termijn van de stap.", "Term of the step."))
    timer: Deadline | None = Field(
        None, **doc("Bij een wachtstap: hoe lang er gewacht wordt.", "On a wait: how long it waits.")
    )
    call: Slug | None = Field(
        None, **doc("Bij een oproep: id van de fiche die start.", "On a call: id of the fiche it starts.")
    )
    interactions: list[RegisterInteraction] = Field(
        default_factory=list,
        alias="register",
        **doc("Wat de stap in het register leest of wijzigt.",
              "What the step reads or changes in the register."),
    )
    basis: Text | None = Field(None, **doc("Rechtsgrond van de stap.", "Legal basis of the step."))
    unconfirmed: Flag = Field(False, **doc("true als de stap niet bevestigd is.",
                                           "true when the step is not confirmed."))
    source: Name | None = Field(None, **doc("Id van een bron onder 'sources'.", "Id of a source under 'sources'."))

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Step:
        kind, given = self.kind, self.model_fields_set
        if not _BANNED_ATTRIBUTES[kind].isdisjoint(given):
            allowed = KIND_FIELDS[kind]
            name = next(f for f in _SPECIFIC_FIELDS if f not in allowed and _ATTRIBUTE.get(f, f) in given)
            raise PydanticCustomError(
                "field-not-for-kind",
                "field not allowed for this kind",
                {
                    "kind": kind.value,
                    "field": name,
                    "allowed": ", ".join(f for f in _SPECIFIC_FIELDS if f in allowed) or "-",
                },
            )
        if kind is StepKind.CALL and self.call is None:
            raise PydanticCustomError("call-missing", "call without fiche", {})
        return self

    def successors(self) -> list[str]:
        """Ids of the steps that may follow: ``next``, the branches, then the default."""
        found = list(self.next)
        found.extend(self.branches.values())
        if self.default is not None:
            found.append(self.default)
        return found


class Practice(Model):
    """A best practice or a pitfall."""

    title: Text = Field(**doc("Korte titel.", "Short title."))
    text: Text = Field(**doc("De beschrijving.", "The description."))
    source: Name | None = Field(None, **doc("Id van een bron onder 'sources'.", "Id of a source under 'sources'."))


class Source(Model):
    """A document, page or person the fiche draws on."""

    title: Text = Field(**doc("Titel van de bron.", "Title of the source."))
    url: Url | None = Field(None, **doc("Webadres.", "Web address."))
    publisher: Text | None = Field(None, **doc("Uitgever of auteur.", "Publisher or author."))
    date: Date | None = Field(None, **doc("Datum van de bron (JJJJ-MM-DD).", "Date of the source (YYYY-MM-DD)."))
    note: Text | None = Field(
        None, **doc("Wat de bron zegt of waarvoor ze dient.", "What the source says or is used for."))


class RegisterGap(Model):
    """Something the process needs that the register does not offer."""

    title: Text = Field(**doc("Korte titel.", "Short title."))
    text: Text = Field(**doc("Wat ontbreekt en waarom het nodig is.", "What is missing and why it is needed."))
    object: RegisterObject | None = Field(
        None, **doc("Het betrokken registerobject.", "The register object concerned."))
    attribute: Text | None = Field(
        None, **doc("Het ontbrekende of betrokken attribuut.", "The attribute missing or concerned."))
    source: Name | None = Field(None, **doc("Id van een bron onder 'sources'.", "Id of a source under 'sources'."))


class FicheLink(Model):
    """A hand-off to another fiche that is not a call in the process."""

    fiche: Slug = Field(**doc("Id van de andere fiche.", "Id of the other fiche."))
    text: Text = Field(**doc("Wanneer en waarom.", "When and why."))


Answers = Annotated[
    str | list[Text],
    StringConstraints(min_length=1),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "minLength": 1},
                   {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]}
    ),
]
Scalar = Annotated[str, Strict()] | Flag | Annotated[int, Strict()]


def _scenario_object_schema(schema: dict[str, Any]) -> None:
    # The same rule as ScenarioObject._id_or_status.
    schema["oneOf"] = [
        {"required": ["id"], "properties": {"id": _NOT_NULL, "status": _NULL, "attributes": {"maxProperties": 0}}},
        {"required": ["status"], "properties": {"id": _NULL, "status": _NOT_NULL}},
    ]


def _scenario_expect_schema(schema: dict[str, Any]) -> None:
    # The same rule as ScenarioExpect._end_or_refused.
    schema["not"] = {"required": ["end", "refused"],
                     "properties": {"end": _NOT_NULL, "refused": _NOT_NULL}}


class ScenarioObject(Model):
    """A register object a scenario starts from: one of the sample register, or a new one in a given status."""

    model_config = ConfigDict(json_schema_extra=_scenario_object_schema)

    id: Text | None = Field(None, **doc(
        "De objectId van een object in het voorbeeldregister (schillen register list).",
        "The objectId of an object in the sample register (schillen register list)."))
    status: Text | None = Field(None, **doc(
        "Of: een nieuw object in deze status, bv. 'gerealiseerd'.",
        "Or: a new object in this status, e.g. 'gerealiseerd'."))
    attributes: dict[Text, Scalar] = Field(default_factory=dict, **doc(
        "Attributen van het nieuwe object, bv. functie: gemeenschappelijkDeel.",
        "Attributes of the new object, e.g. functie: gemeenschappelijkDeel."))

    @model_validator(mode="after")
    def _id_or_status(self) -> ScenarioObject:
        if (self.id is None) == (self.status is None) or (self.id is not None and self.attributes):
            found = [k for k in ("id", "status", "attributes") if k in self.model_fields_set]
            raise PydanticCustomError("object-id-or-status", "needs id, or status (with attributes)",
                                      {"found": ", ".join(found) or "none", "found_nl": ", ".join(found) or "geen"})
        return self


class Refusal(Model):
    """The operation a scenario expects the register to refuse."""

    step: Name = Field(**doc("De stap waarin het register weigert.", "The step in which the register refuses."))
    code: Text = Field(**doc("De foutcode van het register, bv. 'GebouwStatusNietInGerealiseerd'.",
                             "The register's error code, e.g. 'GebouwStatusNietInGerealiseerd'."))


class ScenarioExpect(Model):
    """How a scenario ends: at an end step, or with an operation the register refuses."""

    model_config = ConfigDict(json_schema_extra=_scenario_expect_schema)

    end: Name | None = Field(None, **doc("De eindstap die het scenario bereikt.", "The end step the scenario reaches."))
    refused: Refusal | None = Field(None, **doc(
        "Of: de operatie die het register weigert.", "Or: the operation the register refuses."))

    @model_validator(mode="after")
    def _end_or_refused(self) -> ScenarioExpect:
        if self.end is not None and self.refused is not None:
            raise PydanticCustomError("expect-end-or-refused", "end and refused exclude each other", {})
        return self


class Scenario(Model):
    """One path through the process with concrete register objects, run by ``schillen simulate`` and ``check``."""

    title: Text = Field(**doc("Wat het scenario toont.", "What the scenario shows."))
    description: Text | None = Field(None, **doc("Toelichting.", "Explanation."))
    objects: dict[RegisterObject, ScenarioObject] = Field(default_factory=dict, **doc(
        "De registerobjecten bij de start, per soort (Gebouw, Gebouweenheid, Adres, ...).",
        "The register objects at the start, by kind (Gebouw, Gebouweenheid, Adres, ...)."))
    answers: dict[Name, Answers] = Field(default_factory=dict, **doc(
        "Per beslissing het antwoord (een tak), of een lijst: één antwoord per keer dat ze aan de beurt komt.",
        "Per decision the answer (a branch), or a list: one answer per time it is reached."))
    expect: ScenarioExpect = Field(default_factory=ScenarioExpect, **doc(
        "Hoe het scenario eindigt (standaard: in een eindstap, zonder weigering).",
        "How the scenario ends (default: at an end step, with no refusal)."))

    def answer(self, decision: str, visit: int) -> str | None:
        """The answer at the ``visit``-th time (from 0) ``decision`` is reached, or None when there is none."""
        given = self.answers.get(decision)
        if isinstance(given, str):
            return given
        if given is not None and visit < len(given):
            return given[visit]
        return None


class Fiche(Model):
    """One fiche of the Schillenboek."""

    id: Slug = Field(**doc("Unieke id, gelijk aan de bestandsnaam (kleine letters, koppeltekens).",
                            "Unique id, equal to the file name (lower case, hyphens)."))
    title: Text = Field(**doc("Titel van het proces.", "Title of the process."))
    version: Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)] = Field(
        **doc("Versie in de vorm 1.0.0 (semver).", "Version as 1.0.0 (semver).")
    )
    status: FicheStatus = Field(**doc("draft, review, validated of retired.", "draft, review, validated or retired."))
    updated: Date = Field(
        **doc("Datum van de laatste wijziging (JJJJ-MM-DD).", "Date of the last change (YYYY-MM-DD)."))
    working_group: Text | None = Field(
        None, **doc("De werkgroep die de fiche opstelde.", "The working group that wrote it."))
    authors: list[Text] = Field(default_factory=list, **doc("Auteurs.", "Authors."))
    summary: Text = Field(**doc("Samenvatting in enkele zinnen.", "Summary in a few sentences."))
    legal_basis: list[Citation] = Field(default_factory=list, **doc("Rechtsgrond.", "Legal basis."))
    actors: dict[Name, Actor] = Field(default_factory=dict, **doc("Actoren per id.", "Actors by id."))
    shells: Shells = Field(default_factory=Shells, **doc("Het gegevensmodel in schillen.", "The data model in shells."))
    codelists: dict[Name, Codelist] = Field(default_factory=dict, **doc("Codelijsten per naam.", "Code lists by name."))
    process: dict[Name, Step] = Field(
        **doc("De stappen van het proces per id.", "The steps of the process by id."), min_length=1
    )
    best_practices: list[Practice] = Field(default_factory=list, **doc("Goede praktijken.", "Best practices."))
    pitfalls: list[Practice] = Field(default_factory=list, **doc("Valkuilen.", "Pitfalls."))
    register_gaps: list[RegisterGap] = Field(
        default_factory=list,
        **doc("Wat het proces nodig heeft en het register mist.", "What the process needs and the register lacks."),
    )
    links: list[FicheLink] = Field(
        default_factory=list, **doc("Verbanden met andere fiches.", "Hand-offs to other fiches."))
    sources: dict[Name, Source] = Field(default_factory=dict, **doc("Bronnen per id.", "Sources by id."))
    scenarios: dict[Name, Scenario] = Field(default_factory=dict, **doc(
        "Voorbeelden die het proces doorlopen met echte registerobjecten (schillen simulate).",
        "Examples that run the process with concrete register objects (schillen simulate)."))
    notes: list[Text] = Field(default_factory=list, **doc("Opmerkingen.", "Notes."))

    _source: SourceMap | None = PrivateAttr(default=None)
    _file: str = PrivateAttr(default="")

    @property
    def source_map(self) -> SourceMap | None:
        """The :class:`~schillen._yaml.SourceMap` of the file it was loaded from, if any."""
        return self._source

    @property
    def file(self) -> str:
        """The path it was loaded from ("" when built in memory)."""
        return self._file
