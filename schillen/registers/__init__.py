"""Register interfaces: what a central register offers the processes that use it, as data.

``grar.yaml`` (package data) describes the Flemish building and address register;
:mod:`~schillen.registers.model` is its model, :mod:`~schillen.registers.loading`
loads and checks such a file, :mod:`~schillen.registers.lookup` answers questions
about it (:func:`try_operation`, :func:`iter_lifecycle`).  A *building register* is the
register itself, with its data (:mod:`~schillen.registers.objects`: the protocol and the
objects); :class:`EmbeddedRegister` keeps one in the process.

Examples:
    >>> from schillen.registers import load_register, try_operation
    >>> try_operation(load_register(), "adres", "afkeuren", "inGebruik").reason
    'AdresGehistoreerdOfInGebruik'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from schillen.registers.loading import (
    GRAR,
    RegisterResult,
    load_register,
    parse_register,
    read_register,
)
from schillen.registers.lookup import (
    LifecycleRow,
    Outcome,
    iter_lifecycle,
    try_operation,
)
from schillen.registers.model import Register

if TYPE_CHECKING:  # pragma: no cover
    from schillen.registers.embedded import EmbeddedRegister, RegisterDataError
    from schillen.registers.http import HttpRegister
    from schillen.registers.objects import (
        Applied,
        BuildingRegister,
        Change,
        ObjectNotFound,
        ObjectRemoved,
        OperationRefused,
        ReadOnlyRegister,
        RegisterAccessError,
        RegisterObject,
        RegisterUnavailable,
    )

# The register's data (its objects and the embedded register) are imported when first named, so
# that checking a fiche against the interface does not load them (see docs/performance.md).
_LAZY = {
    "EmbeddedRegister": "schillen.registers.embedded",
    "HttpRegister": "schillen.registers.http",
    "RegisterDataError": "schillen.registers.embedded",
    **{name: "schillen.registers.objects" for name in (
        "Applied", "BuildingRegister", "Change", "ObjectNotFound", "ObjectRemoved", "OperationRefused",
        "ReadOnlyRegister", "RegisterAccessError", "RegisterObject", "RegisterUnavailable")},
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'schillen.registers' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "GRAR",
    "Applied",
    "BuildingRegister",
    "Change",
    "EmbeddedRegister",
    "HttpRegister",
    "LifecycleRow",
    "ObjectNotFound",
    "ObjectRemoved",
    "OperationRefused",
    "Outcome",
    "ReadOnlyRegister",
    "Register",
    "RegisterAccessError",
    "RegisterDataError",
    "RegisterObject",
    "RegisterResult",
    "RegisterUnavailable",
    "iter_lifecycle",
    "load_register",
    "parse_register",
    "read_register",
    "try_operation",
]
