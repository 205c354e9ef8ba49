"""The objects of a building register, and the protocol every register adapter follows.

A *register* here is the building and address register itself (its data), not its
interface (:mod:`schillen.registers.model` describes the interface: ``grar.yaml``).
Two adapters implement :class:`BuildingRegister`: the embedded register
(:mod:`schillen.registers.embedded`, in-process, seeded from a bundled sample) and
the HTTP register (:mod:`schillen.registers.http`, the public read API v2).

**Objects** are pydantic models in the register's own field names, the JSON-LD
detail shape of the read API v2 (reference §2): :class:`Gebouw`,
:class:`Gebouweenheid`, :class:`Adres`, :class:`Straatnaam`, :class:`Perceel`.
Each has

- ``object_type``: its key in ``grar.yaml`` (``gebouw``, ...);
- ``object_id``: ``identificator.objectId``;
- ``status``: the value of its status attribute (``gebouwStatus``, ...);
- ``related(object_type)``: the object ids of the related objects it stores a link to.

Details the reference forces, against the first sketch of this contract:

- a building's geometry method lives in ``gebouwPolygoon.geometrieMethode`` (§2),
  and ``gebouwPolygoon`` is null for imported multipolygons; the property
  :attr:`Gebouw.geometrieMethode` reads it (None without a polygon);
- a link to another object is ``{objectId, detail}`` (§2); the units listed on a
  building also carry their ``status``, so :class:`ObjectRef` has an optional one;
- the JSON-LD keys ``@context`` and ``@type`` and the ``_links`` block are not kept:
  they are addresses of the API, not data of the object (unknown keys are ignored
  on input, so a real API answer validates);
- an address stores its parent (``huisnummerObject``) but not its box-number
  children, a street name stores none of its addresses, and a parcel does not store
  the buildings on it: ``related`` gives only the links the object itself holds.
  A register finds the others with :meth:`BuildingRegister.list` filters.

**Errors** (none of them is a :class:`~schillen.errors.RegisterError`, which is
about a register *interface*)::

    SchillenError
    └── RegisterAccessError      something a register answered or could not answer
        ├── ObjectNotFound       (also a LookupError) no such object: HTTP 404
        ├── ObjectRemoved        (also a LookupError) the object was removed: HTTP 410
        ├── OperationRefused     the register refused an operation, with its error code
        ├── RegisterUnavailable  transport trouble after retries, or a malformed answer
        └── ReadOnlyRegister     the register cannot change anything (the public read API)

Examples:
    >>> unit = Gebouweenheid.model_validate({
    ...     "identificator": {"id": "https://data.vlaanderen.be/id/gebouweenheid/7",
    ...                       "naamruimte": "https://data.vlaanderen.be/id/gebouweenheid",
    ...                       "objectId": "7", "versieId": "2024-01-01T00:00:00+01:00"},
    ...     "gebouweenheidStatus": "gepland", "functie": "nietGekend",
    ...     "gebouw": {"objectId": "3"}, "adressen": [{"objectId": "12"}, {"objectId": "11"}],
    ...     "afwijkingVastgesteld": False})
    >>> unit.object_type, unit.object_id, unit.status, unit.related("adres")
    ('gebouweenheid', '7', 'gepland', ['12', '11'])
    >>> resolve_filters(["gebouwObjectId", "status"], {"gebouwobjectid": "3"})
    {'gebouwObjectId': '3'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, model_validator

from schillen.errors import SchillenError

__all__ = [
    "MODELS",
    "Adres",
    "AdresPositie",
    "Applied",
    "BuildingRegister",
    "Change",
    "Gebouw",
    "GebouwPolygoon",
    "Gebouweenheid",
    "GebouweenheidPositie",
    "Gemeente",
    "GeografischeNaam",
    "Geometrie",
    "Identificator",
    "ObjectNotFound",
    "ObjectRef",
    "ObjectRemoved",
    "OperationRefused",
    "Perceel",
    "Postinfo",
    "ReadOnlyRegister",
    "RegisterAccessError",
    "RegisterObject",
    "RegisterUnavailable",
    "Straatnaam",
    "StraatnaamRef",
    "resolve_filters",
]


# --- parts --------------------------------------------------------------------------------


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Control characters (C0, DEL, C1): ESC and BEL in a name would drive the terminal that shows it."""


def _escape(found: re.Match[str]) -> str:
    return f"\\x{ord(found.group()):02x}"


class _Part(BaseModel):
    """A part of an object as the API gives it; unknown keys (``@type``, ``_links``) are ignored.

    Control characters in its texts are written out as ``\\x1b``: data from an API or a
    register file is shown on terminals, and an escape sequence in a street name must
    not change the terminal's colours or title.
    """

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(isinstance(v, str) and _CONTROL.search(v) for v in data.values()):
            data = {k: _CONTROL.sub(_escape, v) if isinstance(v, str) else v for k, v in data.items()}
        return data


class Identificator(_Part):
    """``{id, naamruimte, objectId, versieId}``: ``id`` is ``naamruimte + "/" + objectId`` (§2)."""

    id: str
    naamruimte: str
    objectId: str
    versieId: str


class ObjectRef(_Part):
    """A link to another object: ``{objectId, detail}``; a building's units also carry their ``status`` (§2)."""

    objectId: str
    detail: str | None = None
    status: str | None = None


class Geometrie(_Part):
    """GML 3.2 wrapped in JSON, in Lambert 72 (EPSG 31370): ``{"type": "Polygon"|"Point", "gml": "<gml:...>"}``."""

    type: Literal["Polygon", "Point", "MultiPolygon"]
    gml: str


class GeografischeNaam(_Part):
    """A name in one language: ``{spelling, taal}``."""

    spelling: str
    taal: str


class _Named(_Part):
    geografischeNaam: GeografischeNaam


class Gemeente(_Part):
    """The municipality of an address or street name: ``{objectId, detail, gemeentenaam{geografischeNaam}}``."""

    objectId: str
    detail: str | None = None
    gemeentenaam: _Named | None = None


class Postinfo(_Part):
    """The postal code of an address: ``{objectId, detail}`` (objectId is the postcode)."""

    objectId: str
    detail: str | None = None


class StraatnaamRef(_Part):
    """The street name of an address: ``{objectId, detail, straatnaam{geografischeNaam}}``."""

    objectId: str
    detail: str | None = None
    straatnaam: _Named | None = None


class GebouwPolygoon(_Part):
    """A building's outline and how it was made (``ingemetenGRB`` or ``ingeschetst``)."""

    geometrie: Geometrie
    geometrieMethode: str


class GebouweenheidPositie(_Part):
    """A unit's point and how it was placed."""

    geometrie: Geometrie
    positieGeometrieMethode: str


class AdresPositie(_Part):
    """An address's point, how it was placed, and what it marks."""

    geometrie: Geometrie
    positieGeometrieMethode: str
    positieSpecificatie: str


# --- objects ------------------------------------------------------------------------------


class _Object(_Part):
    object_type: ClassVar[str]
    _status: ClassVar[str]
    _link_attributes: ClassVar[dict[str, str]] = {}
    """object type -> the attribute that holds links to it (a list or one ObjectRef)."""

    identificator: Identificator

    @property
    def object_id(self) -> str:
        """``identificator.objectId``."""
        return self.identificator.objectId

    @property
    def status(self) -> str:
        """The value of the object's status attribute."""
        return str(getattr(self, self._status))

    def related(self, object_type: str) -> list[str]:
        """The object ids of the ``object_type`` objects this object links to, in its own order."""
        attribute = self._link_attributes.get(object_type)
        value = getattr(self, attribute) if attribute else None
        if value is None:
            return []
        refs: Iterable[Any] = value if isinstance(value, list) else [value]
        return [ref.objectId for ref in refs]


class Gebouw(_Object):
    """A building (§2): its polygon, status, units (not removed) and parcels."""

    object_type: ClassVar[str] = "gebouw"
    _status: ClassVar[str] = "gebouwStatus"
    _link_attributes: ClassVar[dict[str, str]] = {"gebouweenheid": "gebouweenheden", "perceel": "percelen"}

    gebouwPolygoon: GebouwPolygoon | None = None
    gebouwStatus: str
    gebouweenheden: list[ObjectRef] = []
    percelen: list[ObjectRef] = []

    @property
    def geometrieMethode(self) -> str | None:
        """``gebouwPolygoon.geometrieMethode``; None for a building without a polygon."""
        return self.gebouwPolygoon.geometrieMethode if self.gebouwPolygoon else None


class Gebouweenheid(_Object):
    """A building unit (§2): its point, status, function, building and addresses."""

    object_type: ClassVar[str] = "gebouweenheid"
    _status: ClassVar[str] = "gebouweenheidStatus"
    _link_attributes: ClassVar[dict[str, str]] = {"gebouw": "gebouw", "adres": "adressen"}

    gebouweenheidPositie: GebouweenheidPositie | None = None
    gebouweenheidStatus: str
    functie: str | None = None
    gebouw: ObjectRef
    adressen: list[ObjectRef] = []
    afwijkingVastgesteld: bool = False


class Adres(_Object):
    """An address (§2): street name, number, box number, postal code, position, status."""

    object_type: ClassVar[str] = "adres"
    _status: ClassVar[str] = "adresStatus"
    _link_attributes: ClassVar[dict[str, str]] = {"straatnaam": "straatnaam", "adres": "huisnummerObject"}

    gemeente: Gemeente | None = None
    postinfo: Postinfo | None = None
    straatnaam: StraatnaamRef
    homoniemToevoeging: _Named | GeografischeNaam | None = None
    """``{geografischeNaam{spelling, taal}}`` as the API gives it; a bare ``{spelling, taal}`` is read too."""
    huisnummer: str
    huisnummerObject: ObjectRef | None = None
    busnummer: str | None = None
    volledigAdres: _Named | None = None
    adresPositie: AdresPositie | None = None
    adresStatus: str
    officieelToegekend: bool = False


class Straatnaam(_Object):
    """A street name (§2): municipality, names per language, status."""

    object_type: ClassVar[str] = "straatnaam"
    _status: ClassVar[str] = "straatnaamStatus"

    gemeente: Gemeente | None = None
    straatnamen: list[GeografischeNaam] = []
    homoniemToevoegingen: list[GeografischeNaam] = []
    straatnaamStatus: str


class Perceel(_Object):
    """A cadastral parcel (§2): CaPaKey, status, addresses; no geometry."""

    object_type: ClassVar[str] = "perceel"
    _status: ClassVar[str] = "perceelStatus"
    _link_attributes: ClassVar[dict[str, str]] = {"adres": "adressen"}

    caPaKey: str
    perceelStatus: str
    adressen: list[ObjectRef] = []


RegisterObject = Gebouw | Gebouweenheid | Adres | Straatnaam | Perceel
"""Any object of the building register."""

MODELS: dict[str, type[Gebouw] | type[Gebouweenheid] | type[Adres] | type[Straatnaam] | type[Perceel]] = {
    model.object_type: model for model in (Gebouw, Gebouweenheid, Adres, Straatnaam, Perceel)
}
"""The model of each object type, by its key in ``grar.yaml``."""


# --- errors -------------------------------------------------------------------------------


class RegisterAccessError(SchillenError):
    """Base of what a register answers (or cannot answer) when it is asked."""


class ObjectNotFound(RegisterAccessError, LookupError):
    """No such object (the read API's 404); ``detail`` is the register's own words, when it gave some."""

    def __init__(self, object_type: str, object_id: str, detail: str = "") -> None:
        super().__init__(f"{object_type} {object_id!r} not found" + (f" (the register: {detail})" if detail else ""))
        self.object_type, self.object_id, self.detail = object_type, object_id, detail


class ObjectRemoved(RegisterAccessError, LookupError):
    """The object existed and was removed (the read API's 410 Gone); ``detail`` as for :class:`ObjectNotFound`."""

    def __init__(self, object_type: str, object_id: str, detail: str = "") -> None:
        super().__init__(f"{object_type} {object_id!r} is removed (verwijderd)"
                         + (f" (the register: {detail})" if detail else ""))
        self.object_type, self.object_id, self.detail = object_type, object_id, detail


class OperationRefused(RegisterAccessError):
    """The register refused an operation; ``code`` is its error code (e.g. ``GebouwStatusNietInGerealiseerd``).

    ``code`` is None when the reference names no code for that refusal; ``message`` says why in
    English, ``message_nl`` in Dutch.
    """

    def __init__(self, object_type: str, object_id: str | None, operation: str, code: str | None,
                 message: str = "", message_nl: str = "") -> None:
        target = object_type if object_id is None else f"{object_type} {object_id!r}"
        super().__init__(f"{operation} on {target} refused ({code or 'no code in the reference'})"
                         + (f": {message}" if message else ""))
        self.object_type, self.object_id, self.operation = object_type, object_id, operation
        self.code, self.message, self.message_nl = code, message, message_nl or message


class RegisterUnavailable(RegisterAccessError):
    """The register cannot be reached after retries, or answered something malformed; the message says which."""


class ReadOnlyRegister(RegisterAccessError):
    """The register cannot change anything, e.g. the public read API."""


# --- results of apply ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One object's status change: ``before`` is None for a created object, ``after`` may be ``verwijderd``.

    A change of links only (an address attached or detached) has ``before == after``.
    """

    object_type: str
    object_id: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Applied:
    """What an operation did: the object as it is now, and every change (the object itself first)."""

    object: RegisterObject
    changes: tuple[Change, ...]


# --- the protocol -------------------------------------------------------------------------


@runtime_checkable
class BuildingRegister(Protocol):
    """What a building register offers: read objects, list them, run operations.

    Object types and operations are named as ``grar.yaml`` accepts them (``gebouw``
    or ``Gebouw``; ``realiseren`` or ``RealizeBuilding``).
    """

    def get(self, object_type: str, object_id: str) -> RegisterObject:
        """The object; raises :class:`ObjectNotFound` or :class:`ObjectRemoved`."""
        ...

    def list(self, object_type: str, filters: Mapping[str, str] | None = None) -> Iterator[RegisterObject]:
        """Every object of the type that the filters select (all pages), removed ones left out.

        Filter keys are the list filters ``grar.yaml`` gives for the object (any
        case: ``adresobjectid`` or ``adresObjectId``); an unknown key raises
        :class:`ValueError` naming the valid ones (see :func:`resolve_filters`).
        """
        ...

    def apply(self, object_type: str, object_id: str | None, operation: str, *,
              related: Mapping[str, str] | None = None, attributes: Mapping[str, Any] | None = None) -> Applied:
        """Run an operation; ``object_id`` None for one that creates an object.

        ``related`` names the objects (by type or role) it acts with or under, by
        object id: ``{"gebouw": "3"}`` to plan a unit, ``{"adres": "12"}`` to
        attach an address.  Raises :class:`OperationRefused` with the register's
        code, or :class:`ReadOnlyRegister`.
        """
        ...


def resolve_filters(valid: Iterable[str], filters: Mapping[str, str] | None) -> dict[str, str]:
    """The filters with their keys spelt as the register spells them (``adresobjectid`` -> ``adresObjectId``).

    Args:
        valid: the object's list filters (``ObjectType.filters`` of ``grar.yaml``).
        filters: the filters asked for, keys in any case.

    Raises:
        ValueError: a key that is not a filter of the object; the message names the valid ones.

    Examples:
        >>> resolve_filters(["status", "caPaKey"], {"CAPAKEY": "11001B0008-00G002"})
        {'caPaKey': '11001B0008-00G002'}
        >>> resolve_filters(["status", "caPaKey"], {"kleur": "rood"})
        Traceback (most recent call last):
        ...
        ValueError: unknown filter 'kleur'; the filters are: status, caPaKey
    """
    spelled = {name.lower(): name for name in valid}
    found: dict[str, str] = {}
    for key, value in (filters or {}).items():
        name = spelled.get(key.lower())
        if name is None:
            raise ValueError(f"unknown filter {key!r}; the filters are: {', '.join(spelled.values()) or '(none)'}")
        found[name] = value
    return found
