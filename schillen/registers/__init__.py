"""Register interfaces: what a central register offers the processes that use it, as data.

``grar.yaml`` (package data) describes the Flemish building and address register;
:mod:`~schillen.registers.model` is its model, :mod:`~schillen.registers.loading`
loads and checks such a file, :mod:`~schillen.registers.lookup` answers questions
about it (:func:`try_operation`, :func:`iter_lifecycle`).

Examples:
    >>> from schillen.registers import load_register, try_operation
    >>> try_operation(load_register(), "adres", "afkeuren", "inGebruik").reason
    'AdresGehistoreerdOfInGebruik'
"""

from __future__ import annotations

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

__all__ = [
    "GRAR",
    "LifecycleRow",
    "Outcome",
    "Register",
    "RegisterResult",
    "iter_lifecycle",
    "load_register",
    "parse_register",
    "read_register",
    "try_operation",
]
