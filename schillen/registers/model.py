"""The model of a register interface: pydantic v2 models of a file such as ``grar.yaml``.

A register interface describes what a central register offers to the processes
that use it: its **code lists** (exact values and meanings), its **objects**
(with their API names, collections and URIs), their **attributes** and
**relations**, and their **operations**, each named by its edit-API action with
the register's own command name as an alias, the statuses it starts from and
leads to, the **preconditions** the register checks (with the error code it
answers when one fails) and the **cascades** it sets off on other objects.

Every rule carries a ``source``: the section of the reference it comes from
(``§4.3``); what the reference leaves open is listed under ``unconfirmed``.
Names keep the register's own spelling: objects are lower case as in the
register's URIs (``gebouw``), attributes and code values are camelCase as in
its API (``gebouwStatus``, ``inAanbouw``).

Keys are English and short; content follows the register.  Every field has a
Dutch and an English description, published in ``schemas/register.schema.json``
(``schillen schema``).  The texts are English; the texts the book shows to its
Dutch readers have a Dutch version beside them, in a field ending in ``_nl``
(``meaning_nl``, ``description_nl``, ``check_nl``, ``applies_nl``, ``relation_nl``,
``when_nl``), which the book shows instead (the command line keeps the English).

Examples:
    >>> op = Operation.model_validate({
    ...     "command": "RealizeBuilding", "from": ["inAanbouw"], "to": "gerealiseerd",
    ...     "status_error": "GebouwGehistoreerdGeplandOfNietGerealiseerd", "source": "§4.1"})
    >>> op.from_, op.to
    (['inAanbouw'], 'gerealiseerd')
"""

from __future__ import annotations

import enum
import functools
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from schillen._pydantic import Model, doc

__all__ = [
    "ANY",
    "PREVIOUS",
    "REMOVED",
    "SAME",
    "Adjustment",
    "Attribute",
    "AttributeType",
    "Cascade",
    "Channel",
    "CodeValue",
    "Codelist",
    "CommonUnit",
    "ObjectType",
    "Operation",
    "Precondition",
    "Register",
    "Relation",
    "Removal",
    "Repository",
    "Rule",
]

REMOVED = "verwijderd"
"""The state of a removed object (HTTP 410 Gone). Not a value of any code list."""
ANY = "any"
"""``from: any``: the operation starts from every status of the object (not from :data:`REMOVED`)."""
SAME = "same"
"""``to: same``: the operation leaves the status as it is."""
PREVIOUS = "previous"
"""``to: previous``: the status the object had before it was removed."""


class _Model(Model):
    """A register interface is read, never changed: its models are frozen."""

    model_config = ConfigDict(frozen=True)


SECTION_PATTERN = r"^§\d+(?:\.\d+)*(?:, §\d+(?:\.\d+)*)*$"
OBJECT_PATTERN = r"^[a-z][a-z0-9]*$"
ATTRIBUTE_PATTERN = r"^_?[a-z][A-Za-z0-9]*$"
PATH_PATTERN = r"^_?[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*$"
ACTION_PATTERN = r"^[a-z]+(?:[-/][a-z]+)*$"
CAPWORDS_PATTERN = r"^[A-Z][A-Za-z0-9]*$"

Text = Annotated[str, StringConstraints(min_length=1)]
Flag = Annotated[bool, Strict()]
Section = Annotated[str, StringConstraints(pattern=SECTION_PATTERN)]
ObjectName = Annotated[str, StringConstraints(pattern=OBJECT_PATTERN)]
AttributeName = Annotated[str, StringConstraints(pattern=ATTRIBUTE_PATTERN)]
AttributePath = Annotated[str, StringConstraints(pattern=PATH_PATTERN)]
"""An attribute, or a field of one: ``gebouwPolygoon.geometrieMethode``."""
Action = Annotated[str, StringConstraints(pattern=ACTION_PATTERN)]
CapWords = Annotated[str, StringConstraints(pattern=CAPWORDS_PATTERN)]
Value = Annotated[str, StringConstraints(pattern=r"^\S+$")]
Url = Annotated[str, StringConstraints(pattern=r"^(?:https?|urn):[^\s]+$")]
Scalar = Annotated[str, StringConstraints(min_length=1)] | Flag

_SOURCE = doc("Sectie van de referentie waar de regel vandaan komt, bv. '§4.3'.",
              "Section of the reference the rule comes from, e.g. '§4.3'.")
_UNCONFIRMED = doc("Wat de referentie hierover open laat of niet bevestigt (leeg: bevestigd).",
                   "What the reference leaves open or does not confirm about this (empty: confirmed).")
_NOTE = doc("Toelichting.", "Explanation.")


class Channel(str, enum.Enum):
    """Who runs an operation: municipalities through the edit API, GRB jobs, or an import."""

    EDIT_API = "edit-api"
    GRB = "grb"
    IMPORT = "import"


class AttributeType(str, enum.Enum):
    """The kinds of value an attribute of the API holds."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CODE = "code"
    LINK = "link"
    GEOMETRY = "geometry"
    IDENTIFICATOR = "identificator"
    OBJECT = "object"
    URI = "uri"


class Rule(_Model):
    """A rule, invariant or fact of the register in words, with its source."""

    text: Text = Field(**doc("De regel in woorden.", "The rule in words."))
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)


class Repository(_Model):
    """A source repository the reference was written from."""

    repo: Text = Field(**doc("De repository, bv. 'Informatievlaanderen/building-registry'.",
                             "The repository, e.g. 'Informatievlaanderen/building-registry'."))
    commit: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$")] = Field(
        **doc("De gelezen commit.", "The commit that was read."))
    date: Text | None = Field(None, **doc("Datum van die commit, als de referentie ze geeft.",
                                          "Date of that commit, when the reference gives it."))


class CodeValue(_Model):
    """One value of a code list: its API spelling (the key), domain name and meaning."""

    domain: CapWords | None = Field(None, **doc("De naam in het domein (C#), bv. 'UnderConstruction'.",
                                                "The domain (C#) name, e.g. 'UnderConstruction'."))
    meaning: Text | None = Field(None, **doc("Betekenis, uit de documentatie van de bron (Engels).",
                                             "Meaning, from the source's doc comments (English)."))
    meaning_nl: Text | None = Field(None, **doc("De betekenis in het Nederlands (voor het boek).",
                                                "The meaning in Dutch (for the book)."))
    read_only: Flag = Field(False, **doc("true als enkel het register zelf deze waarde zet.",
                                         "true when only the register itself sets this value."))
    note: Text | None = Field(None, **_NOTE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)


class Codelist(_Model):
    """A code list: the exact values the register accepts and returns."""

    description: Text | None = Field(None, **doc("Waarvoor de lijst dient (Engels).",
                                                 "What the list is for (English)."))
    description_nl: Text | None = Field(None, **doc("Waarvoor de lijst dient, in het Nederlands (voor het boek).",
                                                    "What the list is for, in Dutch (for the book)."))
    concept: Url | None = Field(None, **doc("URI van het conceptschema (v3-API en feeds).",
                                            "URI of the concept scheme (v3 API and feeds)."))
    values: dict[Value, CodeValue] = Field(
        **doc("De waarden, in de spelling van de API.", "The values, spelt as in the API."), min_length=1)
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)


def _attribute_schema(schema: dict[str, Any]) -> None:
    # The same rule as Attribute._fits_type, so editors flag it too.
    schema["allOf"] = [
        {"if": {"required": ["type"], "properties": {"type": {"const": kind}}},
         "then": {"required": [name]}, "else": {"not": {"required": [name]}}}
        for kind, name in (("code", "codelist"), ("link", "object"), ("geometry", "geometry"))
    ]


def _precondition_schema(schema: dict[str, Any]) -> None:
    # The same rule as Precondition._one_test.
    schema["oneOf"] = [{"required": [name]} for name in ("in", "not_in", "check")]


def _operation_schema(schema: dict[str, Any]) -> None:
    # The same rule as Operation._start.
    schema["oneOf"] = [
        {"required": ["creates"], "properties": {"creates": {"const": True}}, "not": {"required": ["from"]}},
        {"required": ["from"], "properties": {"creates": {"const": False}}},
    ]


class Attribute(_Model):
    """An attribute of an object in the read API (v2), by its API name."""

    model_config = ConfigDict(json_schema_extra=_attribute_schema)

    type: AttributeType = Field(**doc(
        "Soort waarde: string, integer, boolean, code, link, geometry, identificator, object of uri.",
        "Kind of value: string, integer, boolean, code, link, geometry, identificator, object or uri."))
    codelist: Annotated[str, StringConstraints(pattern=ATTRIBUTE_PATTERN)] | None = Field(
        None, **doc("Bij een code: de codelijst.", "For a code: its code list."))
    object: ObjectName | None = Field(None, **doc("Bij een link: het registerobject waarnaar ze wijst.",
                                                  "For a link: the register object it points to."))
    geometry: Literal["Polygon", "Point"] | None = Field(
        None, **doc("Bij een geometrie: Polygon of Point (GML 3.2, Lambert 72).",
                    "For a geometry: Polygon or Point (GML 3.2, Lambert 72)."))
    many: Flag = Field(False, **doc("true als het een lijst is.", "true when it is a list."))
    nullable: Flag = Field(False, **doc("true als de waarde null kan zijn.", "true when the value may be null."))
    optional: Flag = Field(
        False, **doc("true als het attribuut kan ontbreken.", "true when the attribute may be absent."))
    pattern: Text | None = Field(None, **doc("Reguliere expressie waaraan de waarde voldoet.",
                                             "Regular expression the value matches."))
    fields: dict[AttributeName, Attribute] = Field(
        default_factory=dict, **doc("Bij een object: de velden.", "For an object: its fields."))
    description: Text | None = Field(None, **doc("Betekenis (Engels).", "Meaning (English)."))
    description_nl: Text | None = Field(None, **doc("De betekenis in het Nederlands (voor het boek).",
                                                    "The meaning in Dutch (for the book)."))
    source: Section | None = Field(None, **_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)

    @model_validator(mode="after")
    def _fits_type(self) -> Attribute:
        needs = {AttributeType.CODE: "codelist", AttributeType.LINK: "object", AttributeType.GEOMETRY: "geometry"}
        for kind, name in needs.items():
            if (self.type is kind) != (getattr(self, name) is not None):
                raise PydanticCustomError(
                    "attribute-kind", "'{field}' goes with type '{type}' and only with it",
                    {"field": name, "type": kind.value})
        return self


class Relation(_Model):
    """How an object relates to another register object."""

    object: ObjectName = Field(**doc("Het andere object.", "The other object."))
    cardinality: Literal["1", "0..1", "0..n", "1..n"] = Field(
        **doc("Hoeveel: '1', '0..1', '0..n' of '1..n'.", "How many: '1', '0..1', '0..n' or '1..n'."))
    attribute: AttributeName | None = Field(None, **doc("Het attribuut dat de relatie in de API toont.",
                                                        "The attribute that shows the relation in the API."))
    stored: Flag = Field(True, **doc("false als het register de relatie berekent bij het lezen.",
                                     "false when the register computes the relation when it is read."))
    text: Text | None = Field(None, **doc("De relatie in woorden.", "The relation in words."))
    source: Section = Field(**_SOURCE)


class Removal(_Model):
    """What the register answers for a removed object."""

    http: Annotated[int, Strict()] = Field(410, **doc("HTTP-status van de lees-API.", "HTTP status of the read API."))
    problem: Url = Field(**doc("Het 'type' van het problem+json-antwoord.", "The 'type' of the problem+json answer."))
    title: Text | None = Field(None, **doc("De 'title' van dat antwoord.", "The 'title' of that answer."))
    error: CapWords | None = Field(None, **doc("Foutcode van een opdracht op het verwijderde object.",
                                               "Error code of a command on the removed object."))
    exception: CapWords | None = Field(None, **doc("De domeinuitzondering (C#).", "The domain exception (C#)."))
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)


class Precondition(_Model):
    """A condition the register checks before it runs an operation, and its error when it fails.

    On the object itself (``attribute``), or on a related object (``object``,
    with ``role`` when the relation needs a name, e.g. the target building of a
    move); on its status unless ``attribute`` names another attribute.  ``in``
    lists the values that pass, ``not_in`` those that fail; a ``check`` on data
    this interface does not model (geometry, uniqueness) is only described.
    """

    model_config = ConfigDict(json_schema_extra=_precondition_schema)

    object: ObjectName | None = Field(None, **doc("Het verwante object; weggelaten: het object zelf.",
                                                  "The related object; left out: the object itself."))
    role: AttributeName | None = Field(None, **doc("Welk verwant object, als de naam van het object niet volstaat.",
                                                   "Which related object, when the object's name is not enough."))
    attribute: AttributePath | None = Field(None, **doc("Het gecontroleerde attribuut; weggelaten: de status.",
                                                        "The attribute checked; left out: the status."))
    in_: list[Scalar] = Field(default_factory=list, alias="in", min_length=1,
                              **doc("De waarden die voldoen.", "The values that pass."))
    not_in: list[Scalar] = Field(default_factory=list, min_length=1,
                                 **doc("De waarden die niet voldoen.", "The values that fail."))
    check: Text | None = Field(None, **doc(
        "Een controle op gegevens die hier niet gemodelleerd zijn, in woorden (Engels).",
        "A check on data not modelled here, in words (English)."))
    check_nl: Text | None = Field(None, **doc(
        "Dezelfde controle in het Nederlands (voor het boek), naast 'check'.",
        "The same check in Dutch (for the book), beside 'check'."))
    applies: Text | None = Field(None, **doc("Wanneer de voorwaarde geldt, bv. 'box-number addresses' (Engels).",
                                             "When the condition applies, e.g. 'box-number addresses' (English)."))
    applies_nl: Text | None = Field(None, **doc(
        "Wanneer de voorwaarde geldt, in het Nederlands (voor het boek), bv. 'bij busnummeradressen'.",
        "When the condition applies, in Dutch (for the book), e.g. 'bij busnummeradressen'."))
    error: CapWords | None = Field(None, **doc("De foutcode van het register (ticket) als ze faalt.",
                                               "The register's error code (ticket) when it fails."))
    exception: Annotated[list[CapWords], Field(min_length=1)] | None = Field(
        None, **doc("De domeinuitzondering(en) (C#).", "The domain exception(s) (C#)."))
    note: Text | None = Field(None, **_NOTE)
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)

    @model_validator(mode="after")
    def _one_test(self) -> Precondition:
        given = [k for k, v in (("in", self.in_), ("not_in", self.not_in), ("check", self.check)) if v]
        if len(given) != 1:
            raise PydanticCustomError("precondition-kind", "needs exactly one of in, not_in or check",
                                      {"found": ", ".join(given) or "none"})
        return self


class Adjustment(_Model):
    """An exception to an operation's ``to``: another status when the object or a related one is in some state."""

    from_: list[Value] = Field(alias="from", min_length=1,
                               **doc("De statussen van het object waarvoor dit geldt.",
                                     "The statuses of the object this applies to."))
    object: ObjectName = Field(**doc("Het verwante object dat beslist.", "The related object that decides."))
    role: AttributeName | None = Field(None, **doc("Welk verwant object.", "Which related object."))
    in_: list[Value] = Field(alias="in", min_length=1, **doc("Zijn statussen die dit uitlokken.",
                                                              "Its statuses that bring this about."))
    to: Value = Field(**doc("De status die het object dan krijgt.", "The status the object gets then."))
    source: Section = Field(**_SOURCE)


class Cascade(_Model):
    """A change the register makes to other objects when an operation runs."""

    object: ObjectName = Field(**doc("De objecten die mee veranderen.", "The objects that change along."))
    relation: Text | None = Field(None, **doc("Welke: hun relatie met het object, bv. 'gebouweenheden'.",
                                              "Which: their relation to the object, e.g. 'gebouweenheden'."))
    relation_nl: Text | None = Field(None, **doc(
        "Die relatie in het Nederlands (voor het boek), als ze in woorden staat.",
        "That relation in Dutch (for the book), when it is given in words."))
    only: dict[AttributePath, Value] = Field(default_factory=dict, **doc(
        "Enkel die met deze attribuutwaarden.", "Only those with these attribute values."))
    excluding: dict[AttributePath, Value] = Field(default_factory=dict, **doc(
        "Niet die met deze attribuutwaarden.", "Not those with these attribute values."))
    from_: list[Value] = Field(default_factory=list, alias="from", **doc(
        "Enkel die in deze statussen (leeg: alle).", "Only those in these statuses (empty: all)."))
    to: Value | None = Field(None, **doc("Hun nieuwe status (of 'verwijderd').", "Their new status (or 'verwijderd')."))
    detach: ObjectName | None = Field(None, **doc("Hun koppelingen met dit soort object vervallen.",
                                                  "Their links to this kind of object are removed."))
    attach: ObjectName | None = Field(None, **doc("Koppelingen met dit soort object komen terug.",
                                                  "Links to this kind of object come back."))
    change: AttributePath | None = Field(
        None, **doc("Het attribuut dat mee verandert.", "The attribute that changes along."))
    when: Text | None = Field(None, **doc("Voorwaarde, in woorden (Engels).", "Condition, in words (English)."))
    when_nl: Text | None = Field(None, **doc(
        "Dezelfde voorwaarde in het Nederlands, als bijzin na 'als' (voor het boek).",
        "The same condition in Dutch, as a clause after 'als' (for the book)."))
    event: CapWords | None = Field(None, **doc("Het domeinevent.", "The domain event."))
    text: Text = Field(**doc("De cascade in woorden, zoals de referentie ze geeft.",
                             "The cascade in words, as the reference gives it."))
    text_nl: Text | None = Field(None, **doc(
        "Die tekst in het Nederlands (voor het boek), voor een cascade die geen status, koppeling of "
        "attribuut verandert.",
        "That text in Dutch (for the book), for a cascade that changes no status, link or attribute."))
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)


class Operation(_Model):
    """An operation on an object, by its edit-API action (the key), with the domain command as alias."""

    model_config = ConfigDict(json_schema_extra=_operation_schema)

    command: CapWords = Field(**doc("De domeinopdracht (alias), bv. 'RealizeBuilding'.",
                                    "The domain command (alias), e.g. 'RealizeBuilding'."))
    also: list[CapWords] = Field(default_factory=list, **doc("Andere opdrachten die hetzelfde doen.",
                                                             "Other commands that do the same."))
    event: CapWords | None = Field(None, **doc("Het domeinevent.", "The domain event."))
    path: Text | None = Field(None, **doc("Het pad in de edit-API (v2), bv. 'gebouwen/{id}/acties/realiseren'.",
                                          "The path in the edit API (v2), e.g. 'gebouwen/{id}/acties/realiseren'."))
    channel: Channel = Field(Channel.EDIT_API, **doc(
        "Wie de operatie uitvoert: edit-api (gemeenten), grb (GRB-jobs) of import.",
        "Who runs it: edit-api (municipalities), grb (GRB jobs) or import."))
    creates: Flag = Field(False, **doc("true als de operatie een nieuw object maakt.",
                                       "true when the operation creates a new object."))
    from_: Annotated[list[Value], Field(min_length=1)] | Literal["any"] = Field(
        default_factory=list, alias="from",
        **doc("De statussen waaruit de operatie vertrekt, of 'any'.", "The statuses it starts from, or 'any'."))
    to: Value | None = Field(None, **doc(
        "De status waarin ze eindigt; 'same', 'verwijderd' of 'previous'; weggelaten: onbekend.",
        "The status it leads to; 'same', 'verwijderd' or 'previous'; left out: unknown."))
    to_when: list[Adjustment] = Field(default_factory=list, **doc(
        "Uitzonderingen op 'to'.", "Exceptions to 'to'."))
    status_error: CapWords | None = Field(None, **doc(
        "De foutcode als het object in een andere status is.", "The error code when the object is in another status."))
    status_exception: CapWords | None = Field(None, **doc(
        "De domeinuitzondering bij een verkeerde status, als ze afwijkt van die van het object.",
        "The domain exception for a wrong status, when it differs from the object's."))
    noop_when: dict[AttributePath, Scalar] = Field(default_factory=dict, **doc(
        "Attribuutwaarden waarbij de operatie niets doet.", "Attribute values for which the operation does nothing."))
    sets: dict[AttributePath, Scalar] = Field(default_factory=dict, **doc(
        "Attributen die de operatie zet.", "Attributes the operation sets."))
    preconditions: list[Precondition] = Field(default_factory=list, **doc(
        "Wat het register controleert, in de volgorde van de referentie.",
        "What the register checks, in the reference's order."))
    cascades: list[Cascade] = Field(default_factory=list, **doc(
        "Wat mee verandert.", "What changes along."))
    source: Section = Field(**_SOURCE)
    note: Text | None = Field(None, **_NOTE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)

    @model_validator(mode="after")
    def _start(self) -> Operation:
        if self.creates == bool(self.from_):
            raise PydanticCustomError(
                "operation-start", "an operation either creates its object or starts from statuses (from)",
                {"creates": str(self.creates).lower()})
        return self


class CommonUnit(_Model):
    """The rules of the common unit (gemeenschappelijk deel) of a building."""

    attribute: AttributeName = Field(**doc("Het attribuut dat het gemeenschappelijk deel aanduidt.",
                                           "The attribute that marks the common unit."))
    value: Value = Field(**doc("Zijn waarde.", "Its value."))
    counted: list[Value] = Field(min_length=1, **doc(
        "De statussen van de andere eenheden die meetellen.", "The statuses of the other units that count."))
    threshold: Annotated[int, Strict()] = Field(**doc(
        "Vanaf zoveel getelde eenheden bestaat het gemeenschappelijk deel.",
        "From this many counted units on, the common unit exists."))
    error: CapWords = Field(**doc("De foutcode van een opdracht die er niet op mag.",
                                  "The error code of a command not allowed on it."))
    exception: CapWords = Field(**doc("De domeinuitzondering.", "The domain exception."))
    allowed: list[Action] = Field(default_factory=list, **doc(
        "De operaties die er wel op mogen.", "The operations allowed on it."))
    rules: list[Rule] = Field(default_factory=list, **doc("De regels in woorden.", "The rules in words."))
    source: Section = Field(**_SOURCE)


class ObjectType(_Model):
    """A register object (gebouw, gebouweenheid, ...): identity, attributes, relations and lifecycle."""

    title: Text = Field(**doc("De naam met hoofdletter, zoals fiches ze schrijven (bv. 'Gebouw').",
                              "The capitalised name fiches use (e.g. 'Gebouw')."))
    domain: CapWords = Field(
        **doc("Het domeinobject (C#), bv. 'Building'.", "The domain (C#) object, e.g. 'Building'."))
    registry: Text = Field(**doc("Het register (repository) dat het beheert, bv. 'BR'.",
                                 "The registry (repository) that keeps it, e.g. 'BR'."))
    aggregate: Text | None = Field(None, **doc("Waarin het object leeft, als het geen eigen aggregaat is.",
                                               "What it lives in, when it is not an aggregate of its own."))
    json_ld_type: Text | None = Field(None, **doc("Het '@type' van het detailantwoord.",
                                                  "The '@type' of the detail answer."))
    uri: Text = Field(**doc("De persistente URI, met '{objectId}'.", "The persistent URI, with '{objectId}'."))
    object_id: Text = Field(**doc("Wat de objectId is.", "What the objectId is."))
    collection: ObjectName = Field(**doc("De collectie in de API (v2), bv. 'gebouwen'.",
                                         "The collection in the API (v2), e.g. 'gebouwen'."))
    status: AttributeName = Field(**doc("Het statusattribuut.", "The status attribute."))
    removed: Removal = Field(**doc("Wat het register antwoordt voor een verwijderd object.",
                                   "What the register answers for a removed object."))
    status_exception: CapWords | None = Field(None, **doc(
        "De domeinuitzondering bij een verkeerde status.", "The domain exception for a wrong status."))
    attributes: dict[AttributeName, Attribute] = Field(min_length=1, **doc(
        "De attributen van het detailantwoord (v2).", "The attributes of the detail answer (v2)."))
    relations: dict[AttributeName, Relation] = Field(default_factory=dict, **doc(
        "De relaties met andere objecten.", "The relations to other objects."))
    filters: list[AttributeName] = Field(default_factory=list, **doc(
        "De filters van de lijst (v2).", "The list filters (v2)."))
    operations: dict[Action, Operation] = Field(default_factory=dict, **doc(
        "De operaties, per actie van de edit-API.", "The operations, by edit-API action."))
    not_allowed: list[Rule] = Field(default_factory=list, **doc(
        "Overgangen die de referentie uitdrukkelijk uitsluit.", "Transitions the reference expressly rules out."))
    rules: list[Rule] = Field(default_factory=list, **doc("Andere regels.", "Other rules."))
    common_unit: CommonUnit | None = Field(None, **doc(
        "De regels van het gemeenschappelijk deel.", "The rules of the common unit."))
    source: Section = Field(**_SOURCE)
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)

    @functools.cached_property
    def paths(self) -> tuple[str, ...]:
        """Every attribute and every field of one, as paths (``gebouwPolygoon.geometrieMethode``); made once."""
        found: list[str] = []

        def walk(prefix: str, attributes: dict[str, Attribute]) -> None:
            for name, attribute in attributes.items():
                found.append(prefix + name)
                walk(f"{prefix}{name}.", attribute.fields)

        walk("", self.attributes)
        return tuple(found)


class Register(_Model):
    """A register interface: code lists and objects, each rule traceable to its reference."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] = Field(
        **doc("Korte naam van het register, bv. 'grar'.", "Short name of the register, e.g. 'grar'."))
    title: Text = Field(**doc("Naam van het register.", "Name of the register."))
    description: Text | None = Field(None, **doc("Wat het register is.", "What the register is."))
    reference: Text = Field(**doc("Het referentiedocument waarnaar 'source' verwijst.",
                                  "The reference document 'source' points into."))
    repositories: dict[Text, Repository] = Field(default_factory=dict, **doc(
        "De gelezen broncode, per korte naam (bv. 'BR').", "The source code read, by short name (e.g. 'BR')."))
    base_url: Url | None = Field(None, **doc("Basisadres van de API.", "Base address of the API."))
    concepts: Url | None = Field(None, **doc("Basis van de concept-URI's.", "Base of the concept URIs."))
    codelists: dict[AttributeName, Codelist] = Field(min_length=1, **doc(
        "De codelijsten, per naam.", "The code lists, by name."))
    objects: dict[ObjectName, ObjectType] = Field(min_length=1, **doc(
        "De objecten, per naam (kleine letters, zoals in de URI's).",
        "The objects, by name (lower case, as in the URIs)."))
    rules: list[Rule] = Field(default_factory=list, **doc("Algemene regels.", "General rules."))
    not_modelled: list[Rule] = Field(default_factory=list, **doc(
        "Wat de referentie noemt maar dit bestand (nog) niet als operatie beschrijft.",
        "What the reference names but this file does not (yet) describe as an operation."))
    unconfirmed: list[Text] = Field(default_factory=list, **_UNCONFIRMED)

    def statuses(self, obj: str) -> list[str]:
        """The values of the status code list of object ``obj`` (its key)."""
        kind = self.objects[obj]
        status = kind.attributes.get(kind.status)
        codelist = self.codelists.get(status.codelist or "") if status else None
        return list(codelist.values) if codelist else []
