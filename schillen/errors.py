"""Exceptions: "cannot continue", carrying the diagnostics that explain why.

Problems in authored files are diagnostics, returned all at once; an exception
means the caller asked for something that cannot be given (a fiche that does not
load, a register interface that is unusable, a diagram that cannot be drawn).
Only ``cli.py`` catches them.

Tree::

    SchillenError
    ├── FicheError       a fiche or catalogue cannot be loaded (.diagnostics)
    ├── RegisterError    a register interface is unusable (.diagnostics)
    └── RenderError      graphviz is missing or failed
"""

from __future__ import annotations

from collections.abc import Iterable

from schillen.diagnostics import Diagnostic, format_text

__all__ = ["FicheError", "RegisterError", "RenderError", "SchillenError"]


class SchillenError(Exception):
    """Base of every error schillen raises on purpose."""


class _DiagnosticError(SchillenError):
    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics: list[Diagnostic] = sorted(diagnostics)
        detail = format_text(self.diagnostics)
        super().__init__(f"{message}\n{detail}" if detail else message)


class FicheError(_DiagnosticError):
    """A fiche (or a catalogue of fiches) cannot be loaded; see ``.diagnostics``."""


class RegisterError(_DiagnosticError):
    """A register interface cannot be used; see ``.diagnostics``."""


class RenderError(SchillenError):
    """A diagram cannot be rendered: graphviz is missing or failed."""
