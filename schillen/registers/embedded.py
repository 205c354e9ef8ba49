"""The embedded building register: the register's data in-process, every operation checked against grar.yaml.

:class:`EmbeddedRegister` implements :class:`~schillen.registers.objects.BuildingRegister`
without a network: it is the register ``schillen`` uses when no API is given, and the
one scenarios run against.  :meth:`EmbeddedRegister.sample` gives a fresh copy of the
bundled sample (``sample.json``), the fictional municipality *Schillegem*: streets,
houses and apartment buildings in every status, units with box-number addresses, a
common unit, parcels.

**Rules come from the register interface.**  :meth:`~EmbeddedRegister.apply` resolves
names with :func:`~schillen.registers.lookup.find_object` and
:func:`~schillen.registers.lookup.find_operation`, gathers from its own data the
statuses of the related objects and the attributes the operation's preconditions
name, asks :func:`~schillen.registers.lookup.try_operation`, and on success writes
the new status, the attributes the operation sets, and every cascade of the
:class:`~schillen.registers.lookup.Outcome`.  What ``grar.yaml`` says only in words
is interpreted here, each text once, in the tables :data:`WHEN` (conditions of
cascades), :data:`CHECKS` (preconditions on data the interface does not model that
this register does have) and :data:`CHANGES` (attributes cascades change); a test
holds them equal to the texts of ``grar.yaml``, so a new text fails loudly instead
of being skipped.  The only effect the interface gives in no form at all is what
``adreskoppelen``/``adresontkoppelen`` do to the links: :data:`LINK_OPERATIONS`.
A check in words this register cannot decide (geometry validity, languages) is
assumed to hold, as :func:`try_operation` assumes it.

**Identity and versions.**  New objects get the next free integer objectId of their
type (a parcel: its CaPaKey).  Every change bumps the ``versieId`` of the objects it
touches (and of the building of a touched unit: a unit lives inside its building's
aggregate) to one second after the newest ``versieId`` in the register: a logical
clock, so that a scenario gives the same data every time it runs.

**Removed objects** are kept aside with the status they had before removal: ``get``
raises :class:`~schillen.registers.objects.ObjectRemoved` for them (the API's 410),
lists leave them out, and ``corrigeren/verwijdering`` brings a unit back to that
status ("previous").

**Persistence: JSON.**  :meth:`~EmbeddedRegister.save` writes one JSON file in the
shape of the API's own detail answers (objects by type, sorted by objectId, keys in
the register's spelling, sorted keys, two-space indent, a trailing newline), so a
saved register is readable and diffs well under version control, and the bundled
sample is the same format.  SQLite would give transactions, but this register is
small (tens to thousands of objects), is written whole, and is shared as a file; an
atomic write gives what a transaction would: the text is written beside the target,
flushed and fsynced, then moved over it with ``os.replace``
(:func:`schillen._io.write_text_atomic`), so a crash leaves the old file or the new
one, never half of one.  :meth:`~EmbeddedRegister.load` checks everything (JSON,
shape, every object against its model, statuses against the code lists, every link)
and raises :class:`RegisterDataError` naming the file and the problem.

Examples:
    >>> reg = EmbeddedRegister.sample()
    >>> reg.get("gebouw", "5").status
    'inAanbouw'
    >>> done = reg.apply("gebouw", "5", "realiseren")
    >>> [(c.object_type, c.object_id, c.before, c.after) for c in done.changes]
    [('gebouw', '5', 'inAanbouw', 'gerealiseerd'), ('gebouweenheid', '9', 'gepland', 'gerealiseerd'), \
('gebouweenheid', '10', 'gepland', 'gerealiseerd'), ('gebouweenheid', '11', 'gepland', 'gerealiseerd')]
    >>> reg.apply("gebouweenheid", "9", "nietrealiseren")
    Traceback (most recent call last):
    ...
    schillen.registers.objects.OperationRefused: nietrealiseren on gebouweenheid '9' refused \
(GebouweenheidGehistoreerdOfGerealiseerd): nietrealiseren starts from gepland, not from gerealiseerd
"""

from __future__ import annotations

import builtins
import copy
import itertools
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schillen._io import read_at_most
from schillen.registers.loading import attribute_at, load_register
from schillen.registers.lookup import find_attribute, find_object, find_operation, try_operation
from schillen.registers.model import PREVIOUS, REMOVED, SAME, AttributeType, Cascade, ObjectType, Operation, Register
from schillen.registers.objects import (
    MODELS,
    Applied,
    Change,
    ObjectNotFound,
    ObjectRemoved,
    OperationRefused,
    RegisterAccessError,
    RegisterObject,
    resolve_filters,
)

__all__ = [
    "CHANGES",
    "CHECKS",
    "FORMAT",
    "LINK_OPERATIONS",
    "MAX_BYTES",
    "SAMPLE",
    "WHEN",
    "EmbeddedRegister",
    "RegisterDataError",
]

SAMPLE = "sample.json"
"""The bundled sample municipality (package data of :mod:`schillen.registers`)."""
FORMAT = "schillen-embedded-register"
"""The ``format`` of a saved register; ``version`` is 1."""
_VERSION = 1

CRS = "https://www.opengis.net/def/crs/EPSG/0/31370"
"""Lambert 72, the reference system of every geometry (§2)."""

LINK_OPERATIONS = {"adreskoppelen": ("adres", True), "adresontkoppelen": ("adres", False)}
"""Operations whose effect is a link: action -> (the object type linked, attach?).

``grar.yaml`` gives their statuses and checks; that they add or remove the address
given in ``related`` to the object's own list of addresses it says only in words.
"""


class RegisterDataError(RegisterAccessError, ValueError):
    """A saved register cannot be read: the message names the file and the problem."""


MAX_BYTES = 50_000_000
"""The largest saved register read (the bundled sample is 57 kB; thousands of objects take a few megabytes)."""


# --- geometry: just enough to place points (GML 3.2 in Lambert 72) ---------------------------


def _numbers(gml: str) -> list[float]:
    found = re.search(r"<gml:(?:posList|pos)[^>]*>([^<]*)<", gml)
    return [float(x) for x in found.group(1).split()] if found else []


def polygon_gml(points: Sequence[tuple[float, float]]) -> str:
    """A closed polygon as GML 3.2 in Lambert 72."""
    ring = [*points, points[0]] if points[0] != points[-1] else list(points)
    coords = " ".join(f"{x:.2f} {y:.2f}" for x, y in ring)
    return (f'<gml:Polygon srsName="{CRS}"><gml:exterior><gml:LinearRing><gml:posList>{coords}'
            "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>")


def point_gml(x: float, y: float) -> str:
    """A point as GML 3.2 in Lambert 72."""
    return f'<gml:Point srsName="{CRS}"><gml:pos>{x:.2f} {y:.2f}</gml:pos></gml:Point>'


def _ring(gml: str) -> list[tuple[float, float]]:
    values = _numbers(gml)
    return list(zip(values[0::2], values[1::2], strict=True))


def centroid(polygon: str) -> tuple[float, float]:
    """The centroid of a polygon in GML (the area-weighted one; the mean of its corners if it has no area)."""
    ring = _ring(polygon)
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        area, cx, cy = area + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    if math.isclose(area, 0.0):
        corners = ring[:-1] or ring
        return (sum(x for x, _ in corners) / len(corners), sum(y for _, y in corners) / len(corners))
    return cx / (3 * area), cy / (3 * area)


def inside(point: str, polygon: str) -> bool:
    """Whether a GML point lies inside a GML polygon (ray casting)."""
    values = _numbers(point)
    if len(values) < 2:
        return False
    x, y = values[0], values[1]
    ring, result = _ring(polygon), False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


# --- the words of grar.yaml this register understands ----------------------------------------


@dataclass
class _Run:
    """What an operation being applied knows: the register, the subject, and what is given."""

    register: EmbeddedRegister
    key: str
    action: str
    op: Operation
    subject: dict[str, Any]
    given: dict[str, list[str]]
    attributes: dict[str, Any]
    building: str | None = None
    """For a unit operation: the building the unit is in when it starts (for the common unit)."""
    involved: dict[str, list[str]] = field(default_factory=dict)
    """Objects an earlier cascade changed, by type ("those addresses")."""

    @property
    def subject_id(self) -> str:
        return str(self.subject["identificator"]["objectId"])


def _building_status(run: _Run) -> str | None:
    found = run.register._data("gebouw", run.building) if run.building else None
    return str(found["gebouwStatus"]) if found else None


def _counted(run: _Run) -> int:
    return len(run.register._non_common_units(run.building, counted_only=True)) if run.building else 0


COMMON_UNIT = "common unit of the building"
"""The ``relation`` of a cascade on the common unit of the subject's building (§4.4)."""
TARGET_COMMON_UNIT = "common unit of the target building"
"""The same for the building a unit moves into (``doelgebouw``)."""


def _threshold(run: _Run) -> int:
    common = run.register.grar.objects["gebouweenheid"].common_unit
    return common.threshold if common else 0


WHEN: dict[str, Callable[[_Run, dict[str, Any]], bool]] = {
    "their point is derived from the building (afgeleidVanObject)":
        lambda run, unit: _method(unit) == "afgeleidVanObject",
    "the job also adds a unit": lambda run, unit: True,
    "their point is derived, or an administrator point falls outside the building":
        lambda run, unit: _method(unit) == "afgeleidVanObject" or not _inside_building(run, unit),
    "the building is gerealiseerd and then has at least 2 non-common units that are gepland or gerealiseerd":
        lambda run, unit: _building_status(run) == "gerealiseerd" and _counted(run) >= _threshold(run),
    "the building is not gerealiseerd and then has at least 2 non-common units that are gepland or gerealiseerd":
        lambda run, unit: _building_status(run) != "gerealiseerd" and _counted(run) >= _threshold(run),
    "fewer than 2 non-common units of the building are then gepland or gerealiseerd":
        lambda run, unit: _counted(run) < _threshold(run),
    "no non-common unit of the building remains":
        lambda run, unit: not run.register._non_common_units(run.building, counted_only=False),
    "its point is outside the building or derived":
        lambda run, unit: _method(unit) == "afgeleidVanObject" or not _inside_building(run, unit),
    "an administrator point is outside the target building":
        lambda run, unit: _method(unit) == "afgeleidVanObject" or not _inside_building(run, unit),
}
"""The ``when`` of each cascade in ``grar.yaml``, as a test on an object the cascade would change.

The threshold and the counted statuses of the common unit are those of
``common_unit`` in ``grar.yaml``; the texts name them in words.
"""


def _method(unit: dict[str, Any]) -> str | None:
    position = unit.get("gebouweenheidPositie") or {}
    return position.get("positieGeometrieMethode")


def _inside_building(run: _Run, unit: dict[str, Any]) -> bool:
    building = run.register._data("gebouw", unit["gebouw"]["objectId"])
    polygon = (building or {}).get("gebouwPolygoon") or {}
    position = unit.get("gebouweenheidPositie") or {}
    if not polygon or not position:
        return True
    return inside(position["geometrie"]["gml"], polygon["geometrie"]["gml"])


def _is_box(run: _Run) -> bool:
    return bool(run.attributes.get("busnummer") or run.subject.get("busnummer"))


def _same_building(run: _Run) -> bool:
    target = run.given.get("doelgebouw", [])
    return bool(target) and target[0] == run.building


def _house_number_active(run: _Run) -> bool:
    if _is_box(run):
        return False
    street, number = _first(run.given.get("straatnaam")), run.attributes.get("huisnummer")
    return any(a["straatnaam"]["objectId"] == street and a["huisnummer"] == number and not a.get("busnummer")
               and a["adresStatus"] in ("voorgesteld", "inGebruik") for a in run.register._all("adres"))


def _box_taken(run: _Run) -> bool:
    if not _is_box(run):
        return False
    parent, box = _first(run.given.get("huisnummerObject")), run.attributes.get("busnummer")
    return any((a.get("huisnummerObject") or {}).get("objectId") == parent and a.get("busnummer") == box
               for a in run.register._all("adres"))


def _postal_code_differs(run: _Run) -> bool:
    if not _is_box(run):
        return False
    parent = run.register._data("adres", _first(run.given.get("huisnummerObject")) or "")
    postcode = run.attributes.get("postinfo")
    return parent is not None and postcode is not None and parent["postinfo"]["objectId"] != postcode


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


CHECKS: dict[str, Callable[[_Run], bool]] = {
    "the source building is not the target building": lambda run: not _same_building(run),
    "the house number is not yet active": lambda run: not _house_number_active(run),
    "the box number is unique for its house number": lambda run: not _box_taken(run),
    "the postal code is the parent's": lambda run: not _postal_code_differs(run),
}
"""Preconditions ``grar.yaml`` gives in words (``check``) that this register decides from its data.

Every other ``check`` (geometry validity, overlaps, languages, the municipality) is on
data this register does not keep and is assumed to hold.
"""

CHANGES = ("gebouweenheidPositie", "postinfo", "straatnaam")
"""The attributes cascades change (``change``): a point, a postal code, a street name."""


# --- the register ----------------------------------------------------------------------------


_SAMPLES: list[tuple[Register, EmbeddedRegister]] = []
"""The bundled sample as read for each register interface; :meth:`EmbeddedRegister.sample` copies it."""


def _id_order(object_id: str) -> tuple[int, int, str]:
    return (0, int(object_id), "") if object_id.isdigit() else (1, 0, object_id)


class EmbeddedRegister:
    """An in-process building register, checked against a register interface (default: the bundled grar).

    Build one with :meth:`sample`, :meth:`load` or :meth:`empty`; seed it with
    :meth:`add`; change it with :meth:`apply`; keep it with :meth:`save`.
    """

    def __init__(self, grar: Register | None = None) -> None:
        self.grar = grar if grar is not None else load_register()
        self._objects: dict[str, dict[str, dict[str, Any]]] = {key: {} for key in MODELS}
        self._removed: dict[str, dict[str, dict[str, Any]]] = {key: {} for key in MODELS}
        self._detached: dict[str, dict[str, dict[str, builtins.list[str]]]] = {}
        self._clock = "2024-01-01T00:00:00+01:00"

    # --- construction and persistence --------------------------------------------------------

    @classmethod
    def empty(cls, grar: Register | None = None) -> EmbeddedRegister:
        """A register without objects."""
        return cls(grar)

    @classmethod
    def sample(cls, grar: Register | None = None) -> EmbeddedRegister:
        """A fresh copy of the bundled sample municipality (Schillegem); read and checked once per interface."""
        grar = grar if grar is not None else load_register()
        for known, template in _SAMPLES:
            if known is grar:
                return template.copy()
        text = (resources.files("schillen.registers") / SAMPLE).read_text(encoding="utf-8")
        template = cls.from_text(text, SAMPLE, grar)
        _SAMPLES.append((grar, template))
        return template.copy()

    @classmethod
    def load(cls, path: str | os.PathLike[str], grar: Register | None = None) -> EmbeddedRegister:
        """A register saved with :meth:`save`.

        Raises:
            RegisterDataError: the file cannot be read, or is not a valid saved register.
        """
        try:
            raw, _ = read_at_most(path, MAX_BYTES)
            if raw is None:
                raise RegisterDataError(f"{os.fspath(path)}: cannot read the register: it holds more than "
                                        f"{MAX_BYTES} bytes (is it the right file?)")
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise RegisterDataError(f"{os.fspath(path)}: cannot read the register: {reason}") from None
        return cls.from_text(text, os.fspath(path), grar)

    @classmethod
    def from_text(cls, text: str, file: str = "<string>", grar: Register | None = None) -> EmbeddedRegister:
        """A register from the text of a saved one; ``file`` names it in errors.

        Raises:
            RegisterDataError: the text is not a valid saved register.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RegisterDataError(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
                                    + (" (is the file cut short?)" if exc.pos >= len(text.rstrip()) else "")
                                    ) from None
        except RecursionError:
            raise RegisterDataError(f"{file}: not valid JSON for a register: it nests too deeply") from None
        except ValueError:       # a number of more digits than Python converts (sys.set_int_max_str_digits)
            raise RegisterDataError(f"{file}: not valid JSON for a register: a number has more than "
                                    f"{sys.get_int_max_str_digits()} digits") from None
        register = cls(grar)
        try:
            register._read(data, file)
        except RecursionError:
            raise RegisterDataError(f"{file}: not valid JSON for a register: it nests too deeply") from None
        return register

    def _read(self, data: Any, file: str) -> None:
        def fail(problem: str) -> RegisterDataError:
            return RegisterDataError(f"{file}: {problem}")

        if not isinstance(data, dict):
            raise fail(f"expected a JSON object with 'format': {FORMAT!r}")
        if data.get("format") != FORMAT:
            raise fail(f"not a saved register: 'format' is {data.get('format')!r}, expected {FORMAT!r}")
        if data.get("version") != _VERSION:
            raise fail(f"unsupported version {data.get('version')!r} (this schillen reads version {_VERSION})")
        if data.get("register") != self.grar.id:
            raise fail(f"saved for register {data.get('register')!r}, not {self.grar.id!r}")
        unknown = sorted(set(data) - {"format", "version", "register", "objects", "verwijderd", "losgekoppeld"})
        if unknown:
            raise fail(f"unknown key {unknown[0]!r}")
        for section, store in (("objects", self._objects), ("verwijderd", self._removed)):
            found = data.get(section, {})
            if not isinstance(found, dict):
                raise fail(f"'{section}' must map object types to lists of objects")
            for key, items in found.items():
                if key not in MODELS:
                    raise fail(f"'{section}': unknown object type {key!r}; the types are {', '.join(MODELS)}")
                if not isinstance(items, list):
                    raise fail(f"'{section}.{key}' must be a list of objects")
                for index, item in enumerate(items):
                    obj = self._validate(key, item, f"{section}.{key}[{index}]", fail)
                    if obj.object_id in self._objects[key] or obj.object_id in self._removed[key]:
                        raise fail(f"{section}.{key}[{index}]: {key} {obj.object_id!r} occurs twice")
                    store[key][obj.object_id] = obj.model_dump(mode="json", exclude_none=True)
        detached = data.get("losgekoppeld", {})
        if not isinstance(detached, dict) or not all(
                isinstance(ids, dict) and all(isinstance(links, dict) and all(
                    isinstance(v, list) and all(isinstance(x, str) for x in v) for v in links.values())
                    for links in ids.values()) for ids in detached.values()):
            raise fail("'losgekoppeld' must map object type -> object id -> object type -> list of ids")
        for key, by_id in detached.items():
            for object_id, lost in by_id.items():
                if key not in MODELS or object_id not in self._objects[key]:
                    raise fail(f"'losgekoppeld': {key} {object_id!r} does not exist")
                unknown_types = sorted(set(lost) - set(MODELS))
                if unknown_types:
                    raise fail(f"'losgekoppeld.{key}.{object_id}': unknown object type {unknown_types[0]!r}")
        self._detached = copy.deepcopy(detached)
        for problem in self._problems():
            raise fail(problem)
        self._clock = max((o["identificator"]["versieId"] for o in self._all_including_removed()),
                          default=self._clock, key=_instant)

    def _validate(self, key: str, item: Any, where: str,
                  fail: Callable[[str], RegisterDataError]) -> RegisterObject:
        try:
            obj = MODELS[key].model_validate(item)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(part) for part in err["loc"])
            raise fail(f"{where}{'.' + loc if loc else ''}: {err['msg']}") from None
        statuses = self.grar.statuses(key)
        if obj.status not in statuses:
            raise fail(f"{where}: {obj.status!r} is not a status of {key} ({', '.join(statuses)})")
        try:
            _instant(obj.identificator.versieId)
        except ValueError:
            raise fail(f"{where}.identificator.versieId: {obj.identificator.versieId!r} is not an RFC 3339 time"
                       ) from None
        return obj

    def _problems(self) -> Iterator[str]:
        """Links that do not resolve, or that disagree between the two sides.

        A link to the one object an object belongs to (cardinality 1 in ``grar.yaml``,
        e.g. a unit's building) may point to a removed one: the reference gives no
        cascade for every removal (a measured building removed with retired units).
        """
        for key, objects in self._objects.items():
            model = MODELS[key]
            owners = {rel.object for rel in self.grar.objects[key].relations.values() if rel.cardinality == "1"}
            for object_id, data in objects.items():
                obj = model.model_validate(data)
                for other in MODELS:
                    for linked in obj.related(other):
                        if linked in self._objects[other] or (other in owners and linked in self._removed[other]):
                            continue
                        gone = " (it is removed)" if linked in self._removed[other] else ""
                        yield f"{key} {object_id!r} links {other} {linked!r}, which does not exist{gone}"
        for unit_id, unit in self._objects["gebouweenheid"].items():
            building = self._objects["gebouw"].get(unit["gebouw"]["objectId"])
            if building is not None and unit_id not in [r["objectId"] for r in building.get("gebouweenheden", [])]:
                yield f"gebouweenheid {unit_id!r} is in gebouw {unit['gebouw']['objectId']!r}, which does not list it"
        for building_id, building in self._objects["gebouw"].items():
            for ref in building.get("gebouweenheden", []):
                listed = self._objects["gebouweenheid"].get(ref["objectId"])
                if listed is not None and listed["gebouw"]["objectId"] != building_id:
                    yield f"gebouw {building_id!r} lists gebouweenheid {ref['objectId']!r} of another building"
                elif listed is not None and ref.get("status") != listed["gebouweenheidStatus"]:
                    yield (f"gebouw {building_id!r} lists gebouweenheid {ref['objectId']!r} as {ref.get('status')!r},"
                           f" but it is {listed['gebouweenheidStatus']!r}")

    def to_text(self) -> str:
        """The register as the JSON text :meth:`save` writes."""
        def section(store: dict[str, dict[str, dict[str, Any]]]) -> dict[str, builtins.list[dict[str, Any]]]:
            return {key: [MODELS[key].model_validate(objects[i]).model_dump(mode="json", exclude_none=True)
                          for i in sorted(objects, key=_id_order)]
                    for key, objects in store.items() if objects}

        detached = {key: {i: {other: ids for other, ids in sorted(links.items())}
                          for i, links in sorted(by_id.items(), key=lambda item: _id_order(item[0]))}
                    for key, by_id in sorted(self._detached.items())}
        data = {"format": FORMAT, "version": _VERSION, "register": self.grar.id,
                "objects": section(self._objects), "verwijderd": section(self._removed),
                "losgekoppeld": detached}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the register to ``path`` as JSON, atomically (beside, fsync, ``os.replace``)."""
        from schillen._io import write_text_atomic

        return write_text_atomic(path, self.to_text())

    def copy(self) -> EmbeddedRegister:
        """An independent copy: changing one leaves the other as it is."""
        twin = EmbeddedRegister(self.grar)
        twin._objects, twin._removed = copy.deepcopy(self._objects), copy.deepcopy(self._removed)
        twin._detached, twin._clock = copy.deepcopy(self._detached), self._clock
        return twin

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EmbeddedRegister):
            return NotImplemented
        return (self._objects, self._removed, self._detached) == (other._objects, other._removed, other._detached)

    __hash__ = None  # type: ignore[assignment]

    # --- reading ---------------------------------------------------------------------------

    def _key(self, object_type: str) -> str:
        return find_object(self.grar, object_type)

    def _data(self, key: str, object_id: str) -> dict[str, Any] | None:
        return self._objects[key].get(object_id)

    def _all(self, key: str) -> builtins.list[dict[str, Any]]:
        return [self._objects[key][i] for i in sorted(self._objects[key], key=_id_order)]

    def _all_including_removed(self) -> Iterator[dict[str, Any]]:
        for store in (self._objects, self._removed):
            for objects in store.values():
                yield from objects.values()

    def _model(self, key: str, data: dict[str, Any]) -> RegisterObject:
        return MODELS[key].model_validate(copy.deepcopy(data))

    def get(self, object_type: str, object_id: str) -> RegisterObject:
        """The object (a copy: changing it does not change the register).

        Raises:
            ObjectNotFound: no such object.
            ObjectRemoved: it was removed.
            RegisterQueryError: ``object_type`` is not an object of the register.
        """
        key = self._key(object_type)
        object_id = self._canonical_id(key, object_id)
        data = self._data(key, object_id)
        if data is None:
            if object_id in self._removed[key]:
                raise ObjectRemoved(key, object_id)
            raise ObjectNotFound(key, object_id)
        return self._model(key, data)

    def _canonical_id(self, key: str, object_id: str) -> str:
        """A persistent URI or a CaPaKey with '/' also names an object."""
        uri = self.grar.objects[key].uri
        prefix = uri.split("{objectId}")[0]
        if object_id.startswith(prefix):
            object_id = object_id[len(prefix):]
        return object_id.replace("/", "-") if key == "perceel" else object_id

    def list(self, object_type: str, filters: Mapping[str, str] | None = None) -> Iterator[RegisterObject]:
        """The objects of a type that match every filter, by objectId; removed objects are left out.

        Raises:
            ValueError: a filter the object's list does not have (the message names the valid ones).
            RegisterQueryError: ``object_type`` is not an object of the register.
        """
        key = self._key(object_type)
        wanted = resolve_filters(self.grar.objects[key].filters, filters)  # raises now, not when iterated
        found = [data for data in self._all(key)
                 if all(value in _filter_values(key, name, data) for name, value in wanted.items())]
        return (self._model(key, data) for data in found)

    def _non_common_units(self, building: str | None, counted_only: bool) -> builtins.list[dict[str, Any]]:
        common = self.grar.objects["gebouweenheid"].common_unit
        units = [u for u in self._all("gebouweenheid") if u["gebouw"]["objectId"] == building]
        if common is None:
            return units
        return [u for u in units if u.get(common.attribute) != common.value
                and (not counted_only or u["gebouweenheidStatus"] in common.counted)]

    # --- seeding -----------------------------------------------------------------------------

    def add(self, object_type: str, status: str, *, related: Mapping[str, str | Sequence[str]] | None = None,
            attributes: Mapping[str, Any] | None = None) -> RegisterObject:
        """Create an object in any status directly, bypassing its lifecycle and cascades: for seeding.

        ``related`` links it: a unit to its ``gebouw`` (required) and ``adres``
        (one id or several); an address to its ``straatnaam`` (required) and, for a
        box number, its parent (``adres`` or ``huisnummerObject``); a building to its
        ``perceel``; a parcel to its ``adres``.  ``attributes`` set the object's
        attributes by name or path (``huisnummer``, ``busnummer``, ``postinfo``,
        ``geometrieMethode``, ``functie``, ``straatnamen``, ``caPaKey``, ...).

        Raises:
            ValueError: an unknown object, status or attribute, a missing link or attribute.
            ObjectNotFound: a linked object that does not exist.
        """
        key = self._key(object_type)
        if status not in self.grar.statuses(key):
            raise ValueError(f"{status!r} is not a status of {key}; the statuses are "
                             f"{', '.join(self.grar.statuses(key))}")
        given = self._given(key, related)
        data = self._build(key, status, given, self._attributes(key, attributes, seeding=True))
        self._clock = _tick(self._clock)
        data["identificator"]["versieId"] = self._clock
        self._store(key, data)
        return self._model(key, data)

    def _given(self, key: str, related: Mapping[str, str | Sequence[str]] | None) -> dict[str, builtins.list[str]]:
        """``related`` by object type (resolved) or role, each a list of object ids."""
        roles = {name for op in self.grar.objects[key].operations.values() for name in _roles(op)}
        roles |= {name for name, rel in self.grar.objects[key].relations.items()
                  if rel.attribute == name and rel.object == key}  # an address's huisnummerObject
        found: dict[str, builtins.list[str]] = {}
        for name, ids in (related or {}).items():
            target = name if name in roles else self._key(name)
            link = _link_attribute(key, target, missing_ok=True) if target in MODELS else None
            if link in roles:  # an address's own parent address is its huisnummerObject
                target = link
            listed = [ids] if isinstance(ids, str) else [str(i) for i in ids]
            found.setdefault(target, []).extend(listed)
        return found

    def _attributes(self, key: str, attributes: Mapping[str, Any] | None, seeding: bool = False,
                    checked: Iterable[str] = ()) -> dict[str, Any]:
        """Attributes by their path, values checked against the code lists.

        A read-only value (one the register sets itself) is refused, except when
        seeding, or when the operation has a precondition on it (``checked``):
        then the register refuses it with its own code.
        """
        kind = self.grar.objects[key]
        checked = set(checked)
        found: dict[str, Any] = {}
        for name, value in (attributes or {}).items():
            path = find_attribute(kind, name, key)
            attribute = attribute_at(kind, path)
            if attribute is not None and attribute.type is AttributeType.CODE and attribute.codelist:
                codelist = self.grar.codelists[attribute.codelist]
                if value not in codelist.values:
                    raise ValueError(f"{value!r} is not a value of {attribute.codelist}; the values are "
                                     f"{', '.join(codelist.values)}")
                if codelist.values[value].read_only and not seeding and path not in checked:
                    raise ValueError(f"{path} {value!r} is set by the register itself (read-only)")
            if path == kind.status:
                raise ValueError(f"{path} changes only through operations (seed with add(status=...))")
            found[path] = value
        return found

    def _next_id(self, key: str) -> str:
        taken = [int(i) for store in (self._objects, self._removed) for i in store[key] if i.isdigit()]
        return str(max(taken, default=0) + 1)

    def _ref(self, key: str, object_id: str) -> dict[str, Any]:
        base = (self.grar.base_url or "").rstrip("/")
        ref: dict[str, Any] = {"objectId": object_id}
        if base:
            ref["detail"] = f"{base}/v2/{self.grar.objects[key].collection}/{object_id}"
        return ref

    def _identificator(self, key: str, object_id: str) -> dict[str, str]:
        uri = self.grar.objects[key].uri
        return {"id": uri.format(objectId=object_id), "naamruimte": uri.split("/{objectId}")[0],
                "objectId": object_id, "versieId": self._clock}

    def _one(self, given: dict[str, builtins.list[str]], name: str, key: str, *, required: bool = True) -> str | None:
        ids = given.get(name, [])
        if not ids:
            if required:
                raise ValueError(f"{key} needs related={{{name!r}: ID}}")
            return None
        if len(ids) > 1:
            raise ValueError(f"a {key} has one {name}, not {len(ids)}")
        return ids[0]

    def _existing(self, key: str, object_id: str) -> dict[str, Any]:
        data = self._data(key, object_id)
        if data is None:
            if object_id in self._removed[key]:
                raise ObjectRemoved(key, object_id)
            raise ObjectNotFound(key, object_id)
        return data

    def _build(self, key: str, status: str, given: dict[str, builtins.list[str]],
               attributes: dict[str, Any]) -> dict[str, Any]:
        """A new object's data (without storing it); links resolved, defaults filled in."""
        kind = self.grar.objects[key]
        object_id = self._next_id(key)
        data: dict[str, Any] = {kind.status: status}
        if key == "gebouw":
            n = int(object_id)
            x, y = 104000.0 + 40 * (n % 25), 194000.0 + 40 * (n // 25)
            data["gebouwPolygoon"] = {"geometrie": {"type": "Polygon", "gml": polygon_gml(
                [(x, y), (x + 12, y), (x + 12, y + 10), (x, y + 10)])}, "geometrieMethode": "ingeschetst"}
            data["gebouweenheden"] = []
            data["percelen"] = [self._ref("perceel", p) for p in given.get("perceel", [])
                                if self._existing("perceel", p)]
        elif key == "gebouweenheid":
            building = self._existing("gebouw", str(self._one(given, "gebouw", f"a {key}")))
            polygon = (building.get("gebouwPolygoon") or {}).get("geometrie", {}).get("gml")
            x, y = centroid(polygon) if polygon else (0.0, 0.0)
            data.update(gebouweenheidPositie={"geometrie": {"type": "Point", "gml": point_gml(x, y)},
                                              "positieGeometrieMethode": "afgeleidVanObject"},
                        functie="nietGekend", gebouw=self._ref("gebouw", building["identificator"]["objectId"]),
                        adressen=[self._ref("adres", a) for a in given.get("adres", []) if self._existing("adres", a)],
                        afwijkingVastgesteld=False)
        elif key == "adres":
            street = self._existing("straatnaam", str(self._one(given, "straatnaam", f"a {key}")))
            parent_id = self._one(given, "huisnummerObject", f"a {key}", required=False)
            parent = self._existing("adres", parent_id) if parent_id else None
            number = attributes.pop("huisnummer", parent["huisnummer"] if parent else None)
            postcode = attributes.pop("postinfo", parent["postinfo"]["objectId"] if parent else None)
            if postcode is None:
                postcode = next((a["postinfo"]["objectId"] for a in self._all("adres")
                                 if a["straatnaam"]["objectId"] == street["identificator"]["objectId"]), None)
            if number is None or postcode is None:
                raise ValueError("an adres needs attributes huisnummer and postinfo (a box number: its parent)")
            street_ref = {**self._ref("straatnaam", street["identificator"]["objectId"]),
                          "straatnaam": {"geografischeNaam": street["straatnamen"][0]}}
            data.update(gemeente=street.get("gemeente"), postinfo={"objectId": str(postcode)}, straatnaam=street_ref,
                        huisnummer=str(number), officieelToegekend=True,
                        adresPositie={"geometrie": {"type": "Point", "gml": point_gml(104000.0, 194000.0)},
                                      "positieGeometrieMethode": "aangeduidDoorBeheerder",
                                      "positieSpecificatie": "ingang"})
            if parent is not None:
                data["huisnummerObject"] = self._ref("adres", parent["identificator"]["objectId"])
        elif key == "straatnaam":
            names = attributes.pop("straatnamen", None)
            if names is None:
                raise ValueError("a straatnaam needs attributes straatnamen (a name, or [{spelling, taal}])")
            data["straatnamen"] = [{"spelling": names, "taal": "nl"}] if isinstance(names, str) else names
            gemeente = next((s.get("gemeente") for s in self._all("straatnaam")), None)
            data.update(gemeente=attributes.pop("gemeente", gemeente), homoniemToevoegingen=[])
        elif key == "perceel":
            capakey = str(attributes.pop("caPaKey", f"44999A{int(self._next_numeric_parcel()):04d}/00A000"))
            object_id = capakey.replace("/", "-")
            if object_id in self._objects[key] or object_id in self._removed[key]:
                raise ValueError(f"perceel {object_id!r} exists already")
            data.update(caPaKey=capakey, adressen=[self._ref("adres", a) for a in given.get("adres", [])
                                                   if self._existing("adres", a)])
        data["identificator"] = self._identificator(key, object_id)
        for path, value in attributes.items():
            _set_path(data, path, value)
        if key == "adres":
            data["volledigAdres"] = self._full_address(data)
        try:
            obj = MODELS[key].model_validate(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            raise ValueError(f"{key}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
        return obj.model_dump(mode="json", exclude_none=True)

    def _next_numeric_parcel(self) -> int:
        return len(self._objects["perceel"]) + len(self._removed["perceel"]) + 1

    def _full_address(self, data: dict[str, Any]) -> dict[str, Any]:
        street = data["straatnaam"]["straatnaam"]["geografischeNaam"]["spelling"]
        box = f" bus {data['busnummer']}" if data.get("busnummer") else ""
        town = ((data.get("gemeente") or {}).get("gemeentenaam") or {}).get("geografischeNaam", {}).get("spelling")
        text = f"{street} {data['huisnummer']}{box}, {data['postinfo']['objectId']}" + (f" {town}" if town else "")
        return {"geografischeNaam": {"spelling": text, "taal": "nl"}}

    def _store(self, key: str, data: dict[str, Any]) -> None:
        self._objects[key][data["identificator"]["objectId"]] = data
        if key == "gebouweenheid":
            self._sync_units(data["gebouw"]["objectId"])

    def _sync_units(self, building_id: str, bump: bool = False) -> None:
        """A building lists its units that are not removed, with their status."""
        building = self._data("gebouw", building_id)
        if building is None:
            return
        units = [{**self._ref("gebouweenheid", u["identificator"]["objectId"]), "status": u["gebouweenheidStatus"]}
                 for u in self._all("gebouweenheid") if u["gebouw"]["objectId"] == building_id]
        if units != building.get("gebouweenheden", []):
            building["gebouweenheden"] = units
            if bump:
                building["identificator"]["versieId"] = self._clock

    # --- operations ----------------------------------------------------------------------------

    def apply(self, object_type: str, object_id: str | None, operation: str, *,
              related: Mapping[str, str | Sequence[str]] | None = None,
              attributes: Mapping[str, Any] | None = None) -> Applied:
        """Run an operation as the register would: refuse it with the register's code, or apply it and its cascades.

        Args:
            object_type: e.g. ``gebouweenheid`` or ``Gebouweenheid``.
            object_id: the object; None for an operation that creates one.
            operation: its action (``realiseren``) or command (``RealizeBuildingUnit``).
            related: object ids by object type or role: the building a unit is planned
                in (``gebouw``), the address to attach (``adres``), the target of a move
                (``doelgebouw``), the street of a new address (``straatnaam``) and its
                parent (``adres`` or ``huisnummerObject``), the target of a rename
                (``doelstraatnaam``).
            attributes: the operation's inputs by name or path: ``huisnummer``,
                ``busnummer``, ``postinfo`` of a new address; a new ``geometrie``; ...

        Returns:
            The object as it is now, and every change: the object first, then the cascades.

        Raises:
            OperationRefused: the register refuses it; ``code`` is its error code.
            ObjectNotFound: the object, or an object in ``related``, does not exist.
            ValueError: a name the register does not have, or a missing ``related``/attribute.
        """
        key = self._key(object_type)
        kind = self.grar.objects[key]
        action = find_operation(kind, operation, key)
        op = kind.operations[action]
        given = self._given(key, related)
        inputs = self._attributes(key, attributes, checked={p.attribute for p in op.preconditions
                                                             if op.creates and p.object is None and p.attribute})
        if op.creates:
            if object_id is not None:
                raise ValueError(f"{action} creates a new {key}: give no object id")
            subject: dict[str, Any] = {}
            status = None
        else:
            if object_id is None:
                raise ValueError(f"{action} acts on an existing {key}: give its object id")
            object_id = self._canonical_id(key, object_id)
            found = self._data(key, object_id)
            if found is None and object_id not in self._removed[key]:
                raise ObjectNotFound(key, object_id)
            subject = found if found is not None else self._removed[key][object_id]
            status = subject[kind.status] if found is not None else REMOVED
        if action in LINK_OPERATIONS:
            self._one(given, LINK_OPERATIONS[action][0], f"{key} {action}")
        run = _Run(self, key, action, op, subject, given, inputs)
        if key == "gebouweenheid":
            run.building = subject["gebouw"]["objectId"] if subject else self._one(given, "gebouw", f"a {key}")
        statuses = self._related_statuses(run)
        common = self.grar.objects[key].common_unit
        if common is not None and subject.get(common.attribute) == common.value and common.attribute in inputs:
            raise ValueError(f"{common.attribute} {common.value!r} of the common unit is set by the register itself")
        values = {**self._own_values(kind, op, subject), **inputs}  # a request's values are checked as given
        outcome = try_operation(self.grar, key, action, status, statuses, values)
        refused = outcome.allowed and self._failed_check(run)
        if not outcome.allowed or refused:
            code, why, why_nl = ((outcome.reason, outcome.why, outcome.why_nl) if not outcome.allowed
                                 else refused or (None, "", ""))
            raise OperationRefused(key, object_id, action, code, why, why_nl)
        if outcome.noop:
            return Applied(self._model(key, subject) if subject else self.get(key, str(object_id)), ())
        self._clock = _tick(self._clock)
        return self._run(run, kind, status, outcome.to, outcome.cascades, statuses)

    def _related_statuses(self, run: _Run) -> dict[str, builtins.list[str]]:
        """The statuses of the related objects the operation's conditions name, from the register's data."""
        found: dict[str, builtins.list[str]] = {}
        checks = [(p.object, p.role, [*p.in_, *p.not_in]) for p in run.op.preconditions if p.object]
        checks += [(a.object, a.role, list(a.in_)) for a in run.op.to_when]
        for other, role, values in checks:
            assert other is not None
            name = role or other
            if name in found:
                continue
            ids = self._related_ids(run, other, role)
            if role is not None and not ids and not any(p.applies for p in run.op.preconditions if p.role == role):
                raise ValueError(f"{run.key} {run.action} needs related={{{role!r}: ID}}")
            statuses = []
            for related_id in ids:
                data = self._data(other, related_id)
                if data is not None:
                    statuses.append(str(data[self.grar.objects[other].status]))
                elif related_id in self._removed[other] or REMOVED in values or any(
                        REMOVED in [*p.in_, *p.not_in] for p in run.op.preconditions if p.object == other):
                    statuses.append(REMOVED)  # the register answers a missing one as it answers a removed one
                else:
                    raise ObjectNotFound(other, related_id)
            if statuses:
                found[name] = statuses
        return found

    def _related_ids(self, run: _Run, other: str, role: str | None) -> builtins.list[str]:
        """The ids of the related objects a condition is about.

        The register's own links decide for an existing object (a unit's building,
        a building's units, an address's street and parent); ``related`` names the
        others: the objects a new one is created under, the object an operation
        links (``adreskoppelen``), and roles (``doelgebouw``).
        """
        linking = LINK_OPERATIONS.get(run.action, ("", True))[0] == other
        if role is not None:
            if role in run.given:
                return run.given[role]
            if run.subject and role in MODELS[run.key].model_fields:
                ref = run.subject.get(role)
                return [ref["objectId"]] if isinstance(ref, dict) else []
            return run.given.get(other, []) if not run.subject else []
        if run.subject and not linking and _link_attribute(run.key, other, missing_ok=True) is not None:
            return MODELS[run.key].model_validate(run.subject).related(other)
        return run.given.get(other, [])

    def _own_values(self, kind: ObjectType, op: Operation, subject: dict[str, Any]) -> dict[str, Any]:
        paths = {p.attribute for p in op.preconditions if p.object is None and p.attribute} | set(op.noop_when)
        values = {}
        for path in paths:
            value = _get_path(subject, path)
            if value is not None:
                values[path] = value
        return values

    def _failed_check(self, run: _Run) -> tuple[str | None, str, str] | None:
        """The first ``check`` in words this register can decide and that fails: (code, why, why in Dutch).

        The words of a check are the interface file's own; the Dutch sentence quotes them.
        """
        for pre in run.op.preconditions:
            test = CHECKS.get(pre.check) if pre.check else None
            if test is not None and not test(run):
                return (pre.error or (pre.exception[0] if pre.exception else None), f"it requires that {pre.check}",
                        f"het register vereist: {pre.check}")
        return None

    def _run(self, run: _Run, kind: ObjectType, status: str | None, to: str | None,
             cascades: Iterable[Cascade], statuses: dict[str, builtins.list[str]]) -> Applied:
        key, op = run.key, run.op
        changes: builtins.list[Change] = []
        if op.creates:
            data = self._build(key, str(to), run.given, {**op.sets, **run.attributes})
            data["identificator"]["versieId"] = self._clock
            self._store(key, data)
            run.subject = data
            changes.append(Change(key, data["identificator"]["objectId"], None, str(to)))
        else:
            data = run.subject
            if to is None and op.to == PREVIOUS:
                to = self._previous(op, data[kind.status], statuses)
            new = status if to is None or to == SAME else to
            for path, value in {**op.sets, **run.attributes}.items():
                _set_path(data, path, value)
            if key == "adres":
                data["volledigAdres"] = self._full_address(data)
            if run.action in LINK_OPERATIONS:
                other, attach = LINK_OPERATIONS[run.action]
                self._link(key, data, other, run.given[other][0], attach)
            if key == "gebouweenheid" and "doelgebouw" in run.given:
                data["gebouw"] = self._ref("gebouw", run.given["doelgebouw"][0])
            changes.append(self._set_status(key, data, str(new), before=status))
        for cascade in cascades:
            changes.extend(self._cascade(run, cascade))
        buildings = {run.building} if run.building else set()
        for change in changes:
            if change.object_type == "gebouweenheid":
                unit = self._data("gebouweenheid", change.object_id) or self._removed["gebouweenheid"][
                    change.object_id]
                buildings.add(unit["gebouw"]["objectId"])
        for building in sorted(buildings, key=_id_order):
            self._sync_units(building, bump=True)
        merged: dict[tuple[str, str], Change] = {}
        for change in changes:
            at = (change.object_type, change.object_id)
            first = merged.get(at)
            merged[at] = change if first is None else Change(*at, first.before, change.after)
        return Applied(MODELS[key].model_validate(copy.deepcopy(run.subject)), tuple(merged.values()))

    def _previous(self, op: Operation, previous: str, statuses: dict[str, builtins.list[str]]) -> str:
        """``to: previous``: the status before removal, unless a ``to_when`` of the operation says otherwise."""
        for adjust in op.to_when:
            found = statuses.get(adjust.role or "", statuses.get(adjust.object, []))
            if previous in adjust.from_ and found and all(s in adjust.in_ for s in found):
                return adjust.to
        return previous

    def _set_status(self, key: str, data: dict[str, Any], new: str, before: str | None) -> Change:
        """Give an object a status (``verwijderd``: move it aside), bump its version; the change."""
        kind = self.grar.objects[key]
        object_id = data["identificator"]["objectId"]
        data["identificator"]["versieId"] = self._clock
        if new == REMOVED:
            self._objects[key].pop(object_id, None)
            self._removed[key][object_id] = data
        else:
            data[kind.status] = new
            if object_id in self._removed[key]:
                del self._removed[key][object_id]
                self._objects[key][object_id] = data
        return Change(key, object_id, before, new)

    def _link(self, key: str, data: dict[str, Any], other: str, other_id: str, attach: bool) -> None:
        attribute = _link_attribute(key, other)
        refs = [r for r in data.get(attribute, []) if r["objectId"] != other_id]
        if attach:
            refs = sorted([*refs, self._ref(other, other_id)], key=lambda r: _id_order(r["objectId"]))
        data[attribute] = refs

    def _affected(self, run: _Run, cascade: Cascade) -> builtins.list[tuple[str, dict[str, Any]]]:
        """The objects a cascade is about, before its filters: by its relation to the subject."""
        other, subject, sid = cascade.object, run.subject, run.subject_id
        relation = cascade.relation or ""
        if relation == "itself":
            return [(run.key, subject)]
        if relation == COMMON_UNIT:
            common = self.grar.objects["gebouweenheid"].common_unit
            units = [u for store in (self._objects, self._removed) for u in store["gebouweenheid"].values()
                     if run.building and u["gebouw"]["objectId"] == run.building and common
                     and u.get(common.attribute) == common.value]
            return [("gebouweenheid", u) for u in sorted(units, key=lambda u: _id_order(u["identificator"]
                                                                                        ["objectId"]))]
        if relation in ("units of those addresses", "parcels of those addresses"):
            those = set(run.involved.get("adres", []))
            return [(other, o) for o in self._all(other) if those & set(MODELS[other].model_validate(o)
                                                                         .related("adres"))]
        if relation == "busnummers":
            return [(other, a) for a in self._all("adres") if (a.get("huisnummerObject") or {}).get("objectId") == sid]
        # a relation of the subject's type: links the subject holds, or links to the subject held by others
        attribute = _link_attribute(run.key, other, missing_ok=True)
        if attribute is not None:
            ids = MODELS[run.key].model_validate(subject).related(other)
            if cascade.attach:
                ids = self._detached.get(run.key, {}).get(sid, {}).get(other, [])
            return [(other, d) for d in (self._data(other, i) for i in ids) if d is not None]
        those = {sid, *run.involved.get(run.key, [])}  # the subject, and those of its kind a cascade changed
        return [(other, o) for o in self._all(other) if those & set(MODELS[other].model_validate(o).related(run.key))]

    def _cascade(self, run: _Run, cascade: Cascade) -> builtins.list[Change]:
        """Apply one cascade of the outcome: filter the objects it is about, then detach, attach, change, move."""
        if cascade.when == "the job also adds a unit":
            return self._add_unit(run, cascade)
        if cascade.relation == TARGET_COMMON_UNIT:  # §4.4 in the building a unit moves into
            targets = run.given.get("doelgebouw") or []
            source, run.building = run.building, targets[0] if targets else None
            try:
                return self._cascade(run, cascade.model_copy(update={"relation": COMMON_UNIT}))
            finally:
                run.building = source
        changes: builtins.list[Change] = []
        touched: dict[tuple[str, str], None] = {}
        status_attribute = self.grar.objects[cascade.object].status
        when = WHEN[cascade.when] if cascade.when else None
        common = self.grar.objects["gebouweenheid"].common_unit
        restore_only = (cascade.relation == COMMON_UNIT and not cascade.from_
                        and common is not None and cascade.to in common.counted)
        for other, data in self._affected(run, cascade):
            object_id = data["identificator"]["objectId"]
            removed = object_id in self._removed[other]
            current = REMOVED if removed else data[status_attribute]
            if removed and (cascade.to is None or cascade.to == REMOVED):
                continue
            if cascade.from_ and current not in cascade.from_:
                continue
            if restore_only and common is not None and current in common.counted:
                continue  # §4.4: an active common unit stays as it is; only a lost one is restored
            if any(_get_path(data, p) != v for p, v in cascade.only.items()):
                continue
            if any(_get_path(data, p) == v for p, v in cascade.excluding.items()):
                continue
            if when is not None and not when(run, data):
                continue
            if cascade.detach:
                touched.update(dict.fromkeys(self._detach(run, other, data, cascade.detach)))
            if cascade.attach and self._attach(run, other, data, cascade.attach):
                touched[(run.key, run.subject_id)] = None
            if cascade.change and self._change(run, other, data, cascade.change):
                touched[(other, object_id)] = None
            if cascade.to is not None and cascade.to != current:
                changes.append(self._set_status(other, data, cascade.to, current))
                run.involved.setdefault(other, []).append(object_id)
        done = {(c.object_type, c.object_id) for c in changes}
        for other, object_id in touched:
            if (other, object_id) in done:
                continue
            data = self._data(other, object_id) or self._removed[other][object_id]
            data["identificator"]["versieId"] = self._clock
            current = REMOVED if object_id in self._removed[other] else data[self.grar.objects[other].status]
            changes.append(Change(other, object_id, current, current))
        if restore_only and not changes:
            changes.extend(self._create_common(run, cascade))
        return changes

    def _create_common(self, run: _Run, cascade: Cascade) -> builtins.list[Change]:
        """§4.4: the common unit is created when a cascade sets it and none exists yet."""
        common = self.grar.objects["gebouweenheid"].common_unit
        if common is None or run.building is None or cascade.when is None or not WHEN[cascade.when](run, {}):
            return []
        exists = any(u.get(common.attribute) == common.value and u["gebouw"]["objectId"] == run.building
                     for store in (self._objects, self._removed) for u in store["gebouweenheid"].values())
        if exists:
            return []
        data = self._build("gebouweenheid", str(cascade.to), {"gebouw": [run.building]},
                           {common.attribute: common.value})
        data["identificator"]["versieId"] = self._clock
        self._store("gebouweenheid", data)
        return [Change("gebouweenheid", data["identificator"]["objectId"], None, str(cascade.to))]

    def _add_unit(self, run: _Run, cascade: Cascade) -> builtins.list[Change]:
        """§4.2: a GRB job that establishes a building may add a realised unit with an address (``related`` adres)."""
        if "adres" not in run.given:
            return []
        data = self._build("gebouweenheid", str(cascade.to), {"gebouw": [run.subject_id],
                                                              "adres": run.given["adres"]}, {})
        data["identificator"]["versieId"] = self._clock
        self._store("gebouweenheid", data)
        return [Change("gebouweenheid", data["identificator"]["objectId"], None, str(cascade.to))]

    def _detach(self, run: _Run, other: str, data: dict[str, Any], detach: str) -> builtins.list[tuple[str, str]]:
        """Remove the links between ``data`` (an ``other``) and ``detach`` objects; the objects whose links changed.

        Only the links to the objects the operation is about when those are
        ``detach`` objects (the subject, or "those addresses" of an earlier
        cascade); else every link to a ``detach`` object.
        """
        object_id = data["identificator"]["objectId"]
        if run.key == detach:  # the subject, and those of its kind an earlier cascade changed (its boxes)
            partners: set[str] | None = {run.subject_id, *run.involved.get(detach, [])}
        elif detach in run.involved:
            partners = set(run.involved[detach])
        else:
            partners = None
        attribute = _link_attribute(other, detach, missing_ok=True)
        if attribute is not None:  # the links are stored on data
            before = data.get(attribute, [])
            kept = [r for r in before if partners is not None and r["objectId"] not in partners]
            if kept == before:
                return []
            data[attribute] = kept
            return [(other, object_id)]
        back = _link_attribute(detach, other)
        if partners is None:
            return []
        holders = ([run.subject] if run.key == detach
                   else [self._data(detach, i) for i in sorted(partners, key=_id_order)])
        found: builtins.list[tuple[str, str]] = []
        for holder in holders:
            if holder is None:
                continue
            before = holder.get(back, [])
            kept = [r for r in before if r["objectId"] != object_id]
            if kept == before:
                continue
            holder[back] = kept
            holder_id = holder["identificator"]["objectId"]
            if run.key == detach and detach in self._remembers:
                lost = self._detached.setdefault(detach, {}).setdefault(holder_id, {})
                lost[other] = sorted({*lost.get(other, []), object_id}, key=_id_order)
            found.append((detach, holder_id))
        return found

    @property
    def _remembers(self) -> set[str]:
        """Object types whose lost links come back (a cascade attaches them: §4.7 parcels)."""
        return {c.attach for kind in self.grar.objects.values() for op in kind.operations.values()
                for c in op.cascades if c.attach}

    def _attach(self, run: _Run, other: str, data: dict[str, Any], attach: str) -> bool:
        """Give back a link the subject lost (§4.7: a parcel's addresses, when its retirement is corrected)."""
        if run.key != attach:
            return False
        object_id = data["identificator"]["objectId"]
        lost = self._detached.get(attach, {}).get(run.subject_id, {})
        if object_id not in lost.get(other, []):
            return False
        self._link(attach, run.subject, other, object_id, True)
        lost[other] = [i for i in lost[other] if i != object_id]
        if not lost[other]:
            del lost[other]
        if not lost:
            del self._detached[attach][run.subject_id]
            if not self._detached[attach]:
                del self._detached[attach]
        return True

    def _change(self, run: _Run, other: str, data: dict[str, Any], path: str) -> bool:
        if path == "gebouweenheidPositie":
            building = self._data("gebouw", data["gebouw"]["objectId"]) if other == "gebouweenheid" else None
            polygon = ((building or {}).get("gebouwPolygoon") or {}).get("geometrie", {}).get("gml")
            if not polygon:
                return False
            x, y = centroid(polygon)
            position = {"geometrie": {"type": "Point", "gml": point_gml(x, y)},
                        "positieGeometrieMethode": _method(data) or "afgeleidVanObject"}
            if data.get(path) == position:
                return False
            data[path] = position
            return True
        if path == "postinfo":
            if data.get("postinfo") == run.subject.get("postinfo"):
                return False
            data["postinfo"] = copy.deepcopy(run.subject["postinfo"])
            data["volledigAdres"] = self._full_address(data)
            return True
        if path == "straatnaam":
            target = self._one(run.given, "doelstraatnaam", f"{run.key} {run.action}")
            street = self._existing("straatnaam", str(target))
            data["straatnaam"] = {**self._ref("straatnaam", str(target)),
                                  "straatnaam": {"geografischeNaam": street["straatnamen"][0]}}
            data["volledigAdres"] = self._full_address(data)
            return True
        raise NotImplementedError(f"grar.yaml changes {path!r} in a cascade; this register does not know how")


def _roles(op: Operation) -> set[str]:
    return {p.role for p in op.preconditions if p.role} | {a.role for a in op.to_when if a.role}


def _link_attribute(key: str, other: str, missing_ok: bool = False) -> Any:
    """The attribute of a ``key`` object that holds its links to ``other`` objects (None if it holds none)."""
    found = MODELS[key]._link_attributes.get(other)
    if found is None and not missing_ok:
        raise ValueError(f"a {key} holds no links to {other}")
    return found


def _get_path(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = data
    for part in parents:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    if last == "geometrie" and isinstance(value, str):
        value = {"type": "Polygon" if "Polygon" in value else "Point", "gml": value}
    elif last == "postinfo" and isinstance(value, str):
        value = {"objectId": value}
    target[last] = value


def _instant(version: str) -> datetime:
    return datetime.fromisoformat(version)


def _tick(version: str) -> str:
    return (_instant(version) + timedelta(seconds=1)).isoformat()


def _filter_values(key: str, name: str, data: dict[str, Any]) -> list[str]:
    """The values of an object a list filter compares with (the API's filters, §5)."""
    obj = MODELS[key].model_validate(data)
    if name == "status":
        return [obj.status]
    if name.endswith("ObjectId"):
        return obj.related(name[: -len("ObjectId")].lower())
    if name == "caPaKey":
        return [*obj.related("perceel"), *(p.replace("-", "/") for p in obj.related("perceel"))]
    spelled = {
        "functie": ["functie"],
        "huisnummer": ["huisnummer"],
        "busnummer": ["busnummer"],
        "postcode": ["postinfo.objectId"],
        "niscode": ["gemeente.objectId"],
        "gemeentenaam": ["gemeente.gemeentenaam.geografischeNaam.spelling"],
        "homoniemToevoeging": ["homoniemToevoeging.spelling", "homoniemToevoeging.geografischeNaam.spelling"],
        "straatnaam": ["straatnaam.straatnaam.geografischeNaam.spelling"],
    }
    values = [str(v) for p in spelled.get(name, []) if (v := _get_path(data, p)) is not None]
    if key == "straatnaam" and name == "straatnaam":
        values = [n["spelling"] for n in data.get("straatnamen", [])]
    if key == "straatnaam" and name == "homoniemToevoeging":
        values = [n["spelling"] for n in data.get("homoniemToevoegingen", [])]
    if name == "gewest":
        values = ["vlaams"]
    return values
