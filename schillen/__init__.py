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
    from schillen.book import BookResult, build_book
    from schillen.checks import check_catalogue, run_checks
    from schillen.diagnostics import CODES, Diagnostic, Severity, format_github, format_json, format_text
    from schillen.errors import FicheError, RegisterError, RegisterQueryError, RenderError, SchillenError
    from schillen.graph import to_graph
    from schillen.loading import Catalogue, LoadResult, load_catalogue, load_fiche, parse_fiche, read_fiche
    from schillen.matrix import build_matrix, render_matrix
    from schillen.model import Fiche, Step, StepKind
    from schillen.registers import EmbeddedRegister, HttpRegister, load_register, try_operation
    from schillen.scenarios import ScenarioRun, run_scenario
    from schillen.schema import build_fiche_schema

_EXPORTS = {
    "BookResult": "schillen.book",
    "CODES": "schillen.diagnostics",
    "Catalogue": "schillen.loading",
    "Diagnostic": "schillen.diagnostics",
    "EmbeddedRegister": "schillen.registers",
    "Fiche": "schillen.model",
    "FicheError": "schillen.errors",
    "HttpRegister": "schillen.registers",
    "LoadResult": "schillen.loading",
    "RegisterError": "schillen.errors",
    "RegisterQueryError": "schillen.errors",
    "RenderError": "schillen.errors",
    "ScenarioRun": "schillen.scenarios",
    "SchillenError": "schillen.errors",
    "Severity": "schillen.diagnostics",
    "Step": "schillen.model",
    "StepKind": "schillen.model",
    "build_book": "schillen.book",
    "build_fiche_schema": "schillen.schema",
    "build_matrix": "schillen.matrix",
    "check_catalogue": "schillen.checks",
    "format_github": "schillen.diagnostics",
    "format_json": "schillen.diagnostics",
    "format_text": "schillen.diagnostics",
    "load_catalogue": "schillen.loading",
    "load_fiche": "schillen.loading",
    "load_register": "schillen.registers",
    "parse_fiche": "schillen.loading",
    "read_fiche": "schillen.loading",
    "render_matrix": "schillen.matrix",
    "run_checks": "schillen.checks",
    "run_scenario": "schillen.scenarios",
    "to_graph": "schillen.graph",
    "try_operation": "schillen.registers",
}

__all__ = [
    "CODES",
    "BookResult",
    "Catalogue",
    "Diagnostic",
    "EmbeddedRegister",
    "Fiche",
    "FicheError",
    "HttpRegister",
    "LoadResult",
    "RegisterError",
    "RegisterQueryError",
    "RenderError",
    "ScenarioRun",
    "SchillenError",
    "Severity",
    "Step",
    "StepKind",
    "__version__",
    "build_book",
    "build_fiche_schema",
    "build_matrix",
    "check_catalogue",
    "format_github",
    "format_json",
    "format_text",
    "load_catalogue",
    "load_fiche",
    "load_register",
    "parse_fiche",
    "read_fiche",
    "render_matrix",
    "run_checks",
    "run_scenario",
    "to_graph",
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
