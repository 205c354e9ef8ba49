"""schillen: the fiches of the Schillenboek as validated data.

Load a fiche, check it, and get every problem with its line::

    >>> import schillen
    >>> result = schillen.parse_fiche("id: x\\n", "fiches/x.yaml")
    >>> sorted({d.code for d in result.diagnostics})
    ['schema.required', 'yaml.schema-comment']

Names are imported on first use, so that ``import schillen`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from schillen._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from schillen.diagnostics import CODES, Diagnostic, Severity, format_github, format_json, format_text
    from schillen.errors import FicheError, RegisterError, RegisterQueryError, RenderError, SchillenError
    from schillen.loading import Catalogue, LoadResult, load_catalogue, load_fiche, parse_fiche, read_fiche
    from schillen.matrix import build_matrix, render_matrix
    from schillen.model import Fiche, Step, StepKind
    from schillen.registers import load_register, try_operation
    from schillen.schema import build_fiche_schema

_EXPORTS = {
    "CODES": "schillen.diagnostics",
    "Catalogue": "schillen.loading",
    "Diagnostic": "schillen.diagnostics",
    "Fiche": "schillen.model",
    "FicheError": "schillen.errors",
    "LoadResult": "schillen.loading",
    "RegisterError": "schillen.errors",
    "RegisterQueryError": "schillen.errors",
    "RenderError": "schillen.errors",
    "SchillenError": "schillen.errors",
    "Severity": "schillen.diagnostics",
    "Step": "schillen.model",
    "StepKind": "schillen.model",
    "build_fiche_schema": "schillen.schema",
    "build_matrix": "schillen.matrix",
    "format_github": "schillen.diagnostics",
    "format_json": "schillen.diagnostics",
    "format_text": "schillen.diagnostics",
    "load_catalogue": "schillen.loading",
    "load_fiche": "schillen.loading",
    "load_register": "schillen.registers",
    "parse_fiche": "schillen.loading",
    "read_fiche": "schillen.loading",
    "render_matrix": "schillen.matrix",
    "try_operation": "schillen.registers",
}

__all__ = [
    "CODES",
    "Catalogue",
    "Diagnostic",
    "Fiche",
    "FicheError",
    "LoadResult",
    "RegisterError",
    "RegisterQueryError",
    "RenderError",
    "SchillenError",
    "Severity",
    "Step",
    "StepKind",
    "__version__",
    "build_fiche_schema",
    "build_matrix",
    "format_github",
    "format_json",
    "format_text",
    "load_catalogue",
    "load_fiche",
    "load_register",
    "parse_fiche",
    "read_fiche",
    "render_matrix",
    "try_operation",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'schillen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
