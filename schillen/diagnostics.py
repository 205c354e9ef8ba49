"""Diagnostics: located, coded problems in authored files, and their output formats.

A :class:`Diagnostic` is language-neutral data: a code, a position and the
arguments of its message.  The words are looked up in :data:`CODES` when it is
shown, in English or Dutch.

Examples:
    >>> d = Diagnostic("fiches/a.yaml", 3, 5, "schema.unknown-key",
    ...                args={"key": quote("titel"), "suggestion": quote("title")})
    >>> d.severity.name
    'ERROR'
    >>> print(format_text([d], lang="en"))
    fiches/a.yaml:3:5: error schema.unknown-key: unknown key 'titel'
        hint: did you mean 'title'?
    >>> print(format_text([d], lang="nl"))
    fiches/a.yaml:3:5: fout schema.unknown-key: onbekende sleutel 'titel'
        tip: bedoelt u 'title'?
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from schillen._codes import CODES, Code, Severity, Text

__all__ = [
    "CODES",
    "LANGUAGES",
    "Code",
    "Diagnostic",
    "Severity",
    "Text",
    "default_language",
    "format_github",
    "format_json",
    "format_text",
    "listed",
    "printable",
    "quote",
    "worst",
]

LANGUAGES = ("en", "nl")


_MAX_QUOTED = 60


def quote(value: object) -> str:
    """Quote a value from a fiche for a message: short, one line, no control bytes.

    Authored text may hold anything (escape sequences, very long lines); what
    we print must stay readable and harmless on a terminal.

    Examples:
        >>> quote("titel")
        "'titel'"
        >>> quote("a\\x1b[31mred")
        "'a\\\\x1b[31mred'"
        >>> len(quote("x" * 100))
        62
    """
    text = printable(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))
    if len(text) > _MAX_QUOTED:
        text = text[: _MAX_QUOTED - 1] + "…"
    return "'" + text.replace("'", "\\'") + "'"


def printable(text: str) -> str:
    """``text`` with each character that is not printable (a control character, a line break) escaped.

    Examples:
        >>> printable("a\\nb")
        'a\\\\nb'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def listed(items: list[str], word: str) -> str:
    """``'a', 'b' and 'c'``: the items with commas and ``word`` ("and", "en") before the last.

    Examples:
        >>> listed(["'a'", "'b'", "'c'"], "en")
        "'a', 'b' en 'c'"
    """
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


class _Args(dict[str, Any]):
    """Message arguments; hashable so diagnostics can be deduplicated."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((k, repr(v)) for k, v in self.items())))


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, at one place.

    Attributes:
        file: posix path as given (relative to where the command runs).
        line: 1-based line; 0 means the whole file.
        column: 1-based column; 0 means the whole line.
        code: ``stage.kebab-slug``, a key of :data:`CODES`.
        args: values for the message template of ``code`` (quoted where needed).
        loc: path of keys and indices to the offending value in the document.
        severity_override: a severity other than the code's default, if any.
    """

    file: str
    line: int
    column: int
    code: str
    args: Mapping[str, Any] = field(default_factory=_Args)
    loc: tuple[str | int, ...] = ()
    severity_override: Severity | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")
        if not isinstance(self.args, _Args):
            object.__setattr__(self, "args", _Args(self.args))

    @property
    def severity(self) -> Severity:
        """The severity: the code's default unless overridden."""
        if self.severity_override is not None:
            return self.severity_override
        return CODES[self.code].severity

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order by file, position and code, then by place and arguments (a stable order)."""
        return self._sort_key

    @functools.cached_property
    def _sort_key(self) -> tuple[str, int, int, str, str, str]:
        # made once: sorting compares each diagnostic many times (a file of 50,000 problems took seconds)
        return (self.file, self.line, self.column, self.code, repr(self.loc), repr(sorted(self.args.items())))

    def __lt__(self, other: Diagnostic) -> bool:
        return self._sort_key < other._sort_key

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` ("en" or "nl")."""
        return CODES[self.code].text(lang).render_message(self.args)

    def hint(self, lang: str = "en") -> str:
        """What to do about it, in ``lang`` ("" when there is nothing to add)."""
        return CODES[self.code].text(lang).render_hint(self.args)

    def located(self, file: str, line: int, column: int) -> Diagnostic:
        """A copy placed at ``file:line:column``."""
        return replace(self, file=file, line=line, column=column)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON form: file, line, column, code, severity, message, hint."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.name.lower(),
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    """The highest severity among ``diagnostics``, or None when there are none."""
    return max((d.severity for d in diagnostics), default=None)


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The message language: ``SCHILLEN_LANG``, else Dutch for a Dutch locale, else English.

    Examples:
        >>> default_language({"SCHILLEN_LANG": "nl"})
        'nl'
        >>> default_language({"LANG": "nl_BE.UTF-8"})
        'nl'
        >>> default_language({})
        'en'
    """
    env = os.environ if environ is None else environ
    chosen = env.get("SCHILLEN_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var, "").lower().startswith("nl"):
            return "nl"
    return "en"


def _position(d: Diagnostic) -> str:
    """``file:line:column``; a control character in the file's name escaped, as :func:`quote` does, so that
    a name with a line break or a terminal escape in it cannot break the line or colour the terminal."""
    return f"{printable(d.file)}:{d.line}:{d.column}"


def format_text(diagnostics: Iterable[Diagnostic], lang: str = "en") -> str:
    """``file:line:col: severity code: message``, the hint indented below."""
    hint_word = "tip" if lang == "nl" else "hint"
    lines: list[str] = []
    for d in diagnostics:
        lines.append(f"{_position(d)}: {d.severity.label(lang)} {d.code}: {d.message(lang)}")
        hint = d.hint(lang)
        if hint:
            lines.append(f"    {hint_word}: {hint}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic], lang: str = "en") -> str:
    """A JSON list of objects with file, line, column, code, severity, message, hint."""
    return json.dumps([d.to_dict(lang) for d in diagnostics], ensure_ascii=False, indent=2)


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic], lang: str = "en") -> str:
    """GitHub Actions workflow commands, so problems show on the pull request."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        props = f"file={_escape_github(d.file, prop=True)}"
        if d.line:
            props += f",line={d.line}"
        if d.column:
            props += f",col={d.column}"
        props += f",title={_escape_github(d.code, prop=True)}"
        body = d.message(lang)
        hint = d.hint(lang)
        if hint:
            body += "\n" + hint
        lines.append(f"::{command[d.severity]} {props}::{_escape_github(body)}")
    return "\n".join(lines)
