"""Exceptions: "cannot continue", carrying the diagnostics that explain why.

Problems in authored files are diagnostics, returned all at once; an exception
means the caller asked for something that cannot be given (a fiche that does not
load, a register interface that is unusable, a diagram that cannot be drawn).
Only ``cli.py`` catches them.

Tree::

    SchillenError
    ├── FicheError       a fiche or catalogue cannot be loaded (.diagnostics)
    ├── RegisterError    a register interface is unusable (.diagnostics)
    ├── RegisterQueryError  a question names no object, operation or status of the register
    └── RenderError      graphviz is missing or failed
"""

from __future__ import annotations

from collections.abc import Iterable

from schillen.diagnostics import Diagnostic, format_text

__all__ = ["FicheError", "RegisterError", "RegisterQueryError", "RenderError", "SchillenError"]


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


class RegisterQueryError(SchillenError, ValueError):
    """A question to a register interface names something it does not have, or misses a part.

    Attributes:
        what: what was named, e.g. "operation" or "status".
        name: the name given ("" when something is missing).
        choices: the names that would do, for "did you mean ...".
    """

    def __init__(self, message: str, what: str, name: str = "", choices: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.what, self.name, self.choices = what, name, list(choices)


class RenderError(SchillenError):
    """A diagram cannot be rendered: graphviz is missing or failed."""
