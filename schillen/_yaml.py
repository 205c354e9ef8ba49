"""YAML text -> (data, SourceMap), with every problem as a located diagnostic.

We read the event stream of PyYAML's parser (libyaml's C parser when it is
there) and build plain Python data ourselves, in one pass, iteratively:

* positions of every key and value are kept in a parallel tree (the
  :class:`SourceMap`), 1-based, so a problem found later can be shown at its line;
  a text read without any problem (most fiches) is read by a tight loop without
  them (:func:`_read_plain`), and its map reads them when it is first asked;
* duplicate keys, keys that are not text, explicit tags, undefined and recursive
  aliases, more than one document, nesting deeper than :data:`MAX_DEPTH` and alias
  expansion beyond :data:`MAX_VALUES` are diagnostics, not exceptions and not hangs
  (libyaml's own composer is recursive and crashes on very deep nesting, and its
  parser gets slower with depth, so we stop reading at the limit);
* scalars are resolved with the YAML 1.2 core schema: ``yes``, ``no``, ``on``
  and ``off`` stay text, and dates stay text for the model to parse (so that
  ``2024-02-30`` is reported as an invalid date, at its position).
* invisible and unusual spaces (pasted from Word or a PDF) are reported where they
  are and read as ordinary spaces (zero-width ones taken out), so that the rest of the
  file is still checked; a no-break space inside ordinary text is meant and kept;
* a ``#x`` comment that cuts a plain value is a warning;
* when the YAML cannot be read, the report points at the likely mistake rather than
  where the parser noticed it: a quote not closed on its line, text that starts with an
  apostrophe, a quote inside quoted text, ``name:Verslag``, ``-read:``, curly quotes.

Examples:
    >>> data, smap, problems = parse_yaml("a: 1\\nb:\\n  - x\\n  - no\\n", "f.yaml")
    >>> data
    {'a': 1, 'b': ['x', 'no']}
    >>> smap.locate(("b", 1))
    (4, 5)
    >>> smap.locate(("b",))
    (2, 1)
    >>> smap.locate(("a", "[key]"))
    (1, 1)
    >>> [(d.line, d.column, d.code) for d in parse_yaml("a: 1\\na: 2\\n", "f.yaml")[2]]
    [(2, 1, 'yaml.duplicate-key')]
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import yaml

from schillen.diagnostics import Diagnostic, listed, printable, quote

try:  # libyaml's C parser when available, else PyYAML's pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["KEY", "MAX_BYTES", "MAX_DEPTH", "MAX_VALUES", "SourceMap", "decode", "parse_yaml"]

MAX_BYTES = 2_000_000
"""Largest file we read; fiches are a few tens of kilobytes."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences; a fiche needs about eight."""
MAX_VALUES = 200_000
"""Most values a document may expand to through aliases (a fiche has a few thousand)."""

KEY = "[key]"
"""Last element of a ``loc`` that names a mapping key rather than its value."""

# A position: (line, column, children); children is None for a scalar, a list
# of positions for a sequence, or a dict key -> (key line, key column, position).
Pos = tuple[int, int, Any]


class SourceMap:
    """Where each key and value of a parsed document stands in its file.

    ``loc`` is a path of mapping keys and sequence indices, as in pydantic's
    error ``loc`` and jsonschema's ``absolute_path``.

    The map of a document that was read without any problem (most fiches) holds its text, and
    reads the positions from it when it is first asked: a fiche that loads clean is seldom asked,
    and the positions of every key and value cost as much to build as the data itself.
    """

    __slots__ = ("_root", "_text", "damaged")

    def __init__(self, root: Pos, damaged: frozenset[tuple[int, int]] = frozenset()) -> None:
        self._root: Pos | None = root
        self._text = ""
        self.damaged = damaged
        """Positions (of values and their keys) where the reader put a placeholder for
        something it could not read (an unsupported tag, a bad alias); problems found
        there later are consequences, not mistakes of their own."""

    @classmethod
    def _of_text(cls, text: str) -> SourceMap:
        """The map of ``text``, which :func:`_read_plain` read without a problem; its positions are read when
        first asked for."""
        smap = cls.__new__(cls)
        smap._root, smap._text, smap.damaged = None, text, frozenset()
        return smap

    def _positions(self) -> Pos:
        root = self._root
        if root is None:  # read the text again, now with the positions
            builder, error = _read(self._text, "", spans=False)
            assert error is None and builder.root is not None  # as the first reading of the same text
            root = self._root = builder.root[1]
            self._text = ""
        return root

    def locate(self, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of what ``loc`` names.

        That is the value for a scalar, and the key for a mapping or list that
        is the value of a key (where the entry starts).  With ``key`` true, or
        when ``loc`` ends in :data:`KEY` (as pydantic marks errors in keys), it
        is always the key.

        When ``loc`` goes further than the document (a missing key), the
        position of the deepest part that exists is given: the key of the
        mapping that lacks something, which is where an author would add it,
        or the scalar that stands where a list or mapping was expected.
        """
        if loc and loc[-1] == KEY:
            loc, key = loc[:-1], True
        pos = self._positions()
        key_pos: tuple[int, int] | None = None
        for part in loc:
            children = pos[2]
            if isinstance(children, dict) and isinstance(part, str) and part in children:
                kline, kcol, child = children[part]
                key_pos, pos = (kline, kcol), child
            elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
                key_pos, pos = None, children[part]
            else:
                if children is None or key_pos is None:  # a scalar, or the root
                    return pos[0], pos[1]
                return key_pos
        if key_pos is not None and (key or pos[2] is not None):
            return key_pos
        return pos[0], pos[1]

    def has(self, loc: tuple[str | int, ...]) -> bool:
        """Whether ``loc`` exists in the document."""
        pos = self._positions()
        for part in loc:
            children = pos[2]
            if isinstance(children, dict) and isinstance(part, str) and part in children:
                pos = children[part][2]
            elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
                pos = children[part]
            else:
                return False
        return True


# Characters YAML refuses, the rare line breaks (NEL, LS, PS) that editors do not count as lines
# (reported, so that line numbers match the editor's), and the bidirectional controls that reorder
# how text is shown (a right-to-left override makes a terminal, an editor and the book show other text
# than the fiche holds).
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# These and the invisible or unusual spaces of :data:`_INVISIBLE`, looked for in one pass.
_ODD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\u2000-\u200b\u2028\u2029\u202a-\u202f\u205f-\u2069\u3000"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)


# UTF-16 and UTF-32 as RFC 8259 (JSON) tells them apart: by the byte order mark, else by where the NUL
# bytes of the first (ASCII) characters are.  UTF-32 first: its little-endian BOM starts like UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE"),
         (b"\xff\xfe", "utf-16-le", "UTF-16LE"), (b"\xfe\xff", "utf-16-be", "UTF-16BE"))
_NUL_PATTERNS = {"000x": ("utf-32-be", "UTF-32BE"), "x000": ("utf-32-le", "UTF-32LE"),
                 "0x0x": ("utf-16-be", "UTF-16BE"), "x0x0": ("utf-16-le", "UTF-16LE")}


def _wide_encoding(raw: bytes) -> tuple[int, str, str] | None:
    """(BOM length, codec, name) of a UTF-16 or UTF-32 file; None for anything else (UTF-8 is decoded as such)."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            return len(bom), codec, name
    pattern = "".join("0" if b == 0 else "x" for b in raw[:4])
    found = _NUL_PATTERNS.get(pattern)
    return (0, *found) if found else None


_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A well-formed UTF-8 sequence of a letter outside ASCII: a file that has one is UTF-8 with stray bytes."""


def decode(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Bytes -> text, reporting a BOM and bytes that are not UTF-8.

    A file in another encoding is read in that encoding and reported once, so that the rest of
    it can still be checked: UTF-16 or UTF-32, and Windows-1252 ("ANSI", what older Windows editors
    save) when the file has no UTF-8 letter at all. In a UTF-8 file, every invalid byte is
    reported and replaced (U+FFFD).

    Examples:
        >>> decode(b"a: caf\\xc3\\xa9 na\\xefef\\n", "f.yaml")[1][0].code
        'yaml.encoding'
        >>> decode(b"a: caf\\xe9\\n", "f.yaml")[0]
        'a: café\\n'
        >>> decode(b"\\xef\\xbb\\xbfa: 1\\n", "f.yaml")[0]
        'a: 1\\n'
    """
    problems: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Diagnostic(file, 1, 1, "yaml.bom"))
        data = data[3:]
    elif (wide := _wide_encoding(data)) is not None:  # UTF-16 or UTF-32: say so once, then read it anyway
        bom, codec, name = wide
        byte = f"0x{data[0]:02x} ({name})" if bom else f"0x00 ({name} without a BOM)"
        byte_nl = f"0x{data[0]:02x} ({name})" if bom else f"0x00 ({name} zonder BOM)"
        problems.append(Diagnostic(file, 1, 1, "yaml.encoding", {"byte": byte, "byte_nl": byte_nl}))
        return data[bom:].decode(codec, "replace"), problems
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        first = exc.start
    if _MULTIBYTE_UTF8.search(data) is None:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass  # bytes that Windows-1252 does not have either: report each, as below
        else:
            line, column = _place(data, first)
            count = sum(1 for b in data if b >= 0x80)
            byte = f"0x{data[first]:02x}"
            problems.append(Diagnostic(file, line, column, "yaml.encoding", {
                "byte": byte, "byte_nl": byte, "windows": quote(text[first]),
                "count": count}))
            return text, problems
    start = 0
    while True:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offset = start + exc.start
            line, column = _place(data, offset)
            byte = f"0x{data[offset]:02x}"
            problems.append(Diagnostic(file, line, column, "yaml.encoding", {"byte": byte, "byte_nl": byte}))
            start = start + exc.end
            if len(problems) > 50:
                break
    return data.decode("utf-8", "replace"), problems


def _place(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (1-based, in characters) of byte ``offset`` of UTF-8 ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", "replace")) + 1


MAX_CONTROL_CHARACTERS = 20
"""Control characters reported one by one in a file; the last one reported says how many more there are."""

_NOT_TEXT = ((b"PK\x03\x04", "zip"), (b"%PDF", "pdf"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x89PNG", "image"),
             (b"\xff\xd8\xff", "image"), (b"GIF8", "image"))
"""The first bytes of files that authors may save or rename as .yaml by mistake."""


def not_text(data: bytes) -> str | None:
    """What ``data`` is when it is not text at all: 'zip' (a Word or Excel document, .docx, .xlsx,
    .odt), 'pdf', 'ole' (an old Word or Excel document, .doc, .xls), 'image' or 'binary'; else None.

    Binary as git decides it, a zero byte among the first 8000 bytes (UTF-16 and UTF-32, which
    have them, are text), or when more than one in a hundred of them are control characters
    (text has none but tab and line breaks).

    Examples:
        >>> not_text(b"PK\\x03\\x04..."), not_text(b"id: x\\n"), not_text(b"\\x00\\x01\\x02\\x03")
        ('zip', None, 'binary')
    """
    for magic, kind in _NOT_TEXT:
        if data.startswith(magic):
            return kind
    if _wide_encoding(data) is not None:
        return None
    head = data[:8000]
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 100:
        return "binary"
    return None


_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
"""The control characters that text does not hold (not tab, line feed, carriage return)."""


_PROBLEMS_EN = {
    "did not find expected key": "a key was expected here",
    "did not find expected '-' indicator": "a list item ('- ') was expected here",
    "mapping values are not allowed in this context": "a colon is not allowed here",
    "mapping values are not allowed here": "a colon is not allowed here",
    "found unexpected end of stream": "the file ends too early",
    "found character that cannot start any token": "this character cannot stand here",
    "did not find expected ',' or ']'": "a ',' or ']' was expected here",
    "did not find expected ',' or '}'": "a ',' or '}' was expected here",
    "could not find expected ':'": "a ':' was expected here",
    "did not find expected alphabetic or numeric character": "a letter or digit was expected here",
    "did not find expected node content": "a value was expected here",
    "did not find expected comment or line break": "a comment or line break was expected here",
    "did not find expected <document start>": "the start of the document was expected here",
    "found unexpected document indicator": "a document marker ('---' or '...') cannot stand here",
    "block sequence entries are not allowed in this context": "a '- ' is not allowed here",
}
_PROBLEMS_NL = {
    "did not find expected key": "hier wordt een sleutel verwacht",
    "did not find expected '-' indicator": "hier wordt een lijstelement ('- ') verwacht",
    "mapping values are not allowed in this context": "een dubbelpunt is hier niet toegelaten",
    "mapping values are not allowed here": "een dubbelpunt is hier niet toegelaten",
    "found unexpected end of stream": "onverwacht einde van het bestand",
    "found character that cannot start any token": "dit teken mag hier niet staan",
    "did not find expected ',' or ']'": "hier wordt een ',' of ']' verwacht",
    "did not find expected ',' or '}'": "hier wordt een ',' of '}' verwacht",
    "could not find expected ':'": "hier wordt een ':' verwacht",
    "found undefined tag handle": "onbekende tag",
    "found unknown escape character": "onbekend escape-teken",
    "found a tab character that violates indentation": "een tab verstoort de inspringing",
    "found unexpected ':'": "onverwachte ':'",
    "did not find expected node content": "hier wordt een waarde verwacht",
    "found duplicate anchor; first occurrence": "dubbel anker",
    "block sequence entries are not allowed in this context": "een '-' is hier niet toegelaten",
    "did not find expected alphabetic or numeric character": "hier wordt een letter of cijfer verwacht",
    "found unexpected document indicator": "een documentgrens ('---' of '...') kan hier niet staan",
    "did not find expected <document start>": "het begin van het document werd hier verwacht",
    "found incompatible YAML document": "onverenigbaar YAML-document",
    "did not find expected comment or line break": "hier wordt een opmerking of regeleinde verwacht",
    "found a tab character where an indentation space is expected": "een tab waar een spatie verwacht wordt",
    "did not find URI escaped octet": "ongeldige tag",
    "did not find the expected '>'": "hier wordt een '>' verwacht",
    "found an incorrect leading UTF-8 octet": "ongeldige UTF-8",
}
_INDENT_PROBLEMS = frozenset(
    {
        "did not find expected key",
        "did not find expected '-' indicator",
        "found a tab character that violates indentation",
    }
)


def _syntax_diagnostic(exc: yaml.YAMLError, text: str, file: str) -> list[Diagnostic]:
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    lines = text.splitlines()
    # libyaml stops at the first tab used as indentation; report every such line.
    if line and "\t" in _leading(lines, line):
        return [
            Diagnostic(file, n, _leading(lines, n).index("\t") + 1, "yaml.tab")
            for n in range(1, len(lines) + 1)
            if "\t" in _leading(lines, n)
        ]
    context = str(getattr(exc, "context", None) or "")
    context_mark = getattr(exc, "context_mark", None)
    if context == "while scanning a quoted scalar" and context_mark is not None:
        opened = lines[context_mark.line][context_mark.column :] if context_mark.line < len(lines) else ""
        if _ELISION.match(opened):  # 's Avonds: an apostrophe, read as an opening quote
            args = _apostrophe(opened)
        else:
            args = {"problem": "a quote opened here is never closed",
                    "problem_nl": "een aanhalingsteken dat hier opent, sluit nooit"}
        return [Diagnostic(file, context_mark.line + 1, context_mark.column + 1, "yaml.syntax", args)]
    if "maximum nesting depth" in problem:
        return [Diagnostic(file, line, column, "yaml.too-deep", {"limit": MAX_DEPTH})]
    if line:
        found = _quote_mistake(text, lines, line, column) or _word_dash(lines, line) or _missing_space(lines, line)
        if found is not None:
            return [Diagnostic(file, found[0], found[1], "yaml.syntax", found[2])]
    code = "yaml.indentation" if problem in _INDENT_PROBLEMS else "yaml.syntax"
    if line > len(lines):  # end of stream: point at the last line
        line = max(len(lines), 1)
        column = len(lines[-1]) + 1 if lines else 1
    args = {"problem": _PROBLEMS_EN.get(problem, problem), "problem_nl": _PROBLEMS_NL.get(problem, problem)}
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    indent = len(_leading(lines, line))
    typographic = _typographic_quotes(text)
    if typographic is not None:
        code = "yaml.syntax"
        args.update(typographic)
    elif code == "yaml.indentation" and column > indent + 1:
        # Not the indentation: something follows a complete value on its line.
        code = "yaml.syntax"
        args.update(_ADVICE["after-value"])
    elif problem.startswith("mapping values are not allowed"):
        previous = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
        if previous and indent > len(_leading(lines, previous)) and _has_value(lines[previous - 1]):
            code = "yaml.indentation"
            dedented = _keys_not_indented(lines, previous, indent)
            if dedented is not None:  # the lines above are the mistake, not this one
                line, column, found_args = dedented
                args = found_args
            else:
                args.update(_ADVICE["indented-under-value"])
        else:
            args.update(_colon_advice(text, column))
    elif code == "yaml.indentation" and (moved := _dedented_key_above(lines, line, indent)) is not None:
        line, column, args = moved
    elif problem == "could not find expected ':'" and (left := _text_line_left_out(lines, line)) is not None:
        line, column, args = left
    elif problem in _ADVICE:
        args.update(_ADVICE[problem])
    elif text[column - 1 : column] in _RESERVED:
        args.update(_reserved_advice(text, column))
    return [Diagnostic(file, line, column, code, args)]


# Heuristics for what an author most likely did wrong when the YAML cannot be read.
_ELISION = re.compile(r"'[A-Za-z]{1,2}[ -]")
"""Text that starts with an apostrophe: 's Avonds, 's-Gravenwezel, 't Hof."""
_KEY_LINE = re.compile(r"( *)(?:- +)?[\w-]+:(?: |$)")
_DASH_NO_SPACE = re.compile(r"( *)-([A-Za-z_].*)")
_KEY_NO_SPACE = re.compile(r"( *(?:- +)*)([A-Za-z0-9_][A-Za-z0-9_-]*):([^\s:/].*)")
_TYPOGRAPHIC_OPEN = "\u201c\u2018\u201e"  # left double, left single, low double quotation mark
_TYPOGRAPHIC_CLOSE = "\u201d\u2019"  # right double, right single quotation mark
_VALUE = re.compile(r"( *(?:- +)*)(?:([\w-]+): +)?(.*)")


def _shown(text: str, limit: int = 70) -> str:
    """A piece of a line of the fiche for a hint: one line, printable, not too long."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apostrophe(opened: str) -> dict[str, str]:
    """Text that starts with ' (``opened``: from the quote to the end of its line)."""
    suggestion = _shown(_double_quoted(opened.split(" #", 1)[0].rstrip()))
    return {
        "problem": "text that starts with ' is read as quoted text up to the next '",
        "problem_nl": "tekst die begint met ' wordt gelezen als tekst tussen aanhalingstekens, tot de volgende '",
        "advice": f"put the whole text in double quotes: {suggestion}",
        "advice_nl": f"zet de hele tekst tussen dubbele aanhalingstekens: {suggestion}",
    }


def _quote_mistake(text: str, lines: list[str], line: int, column: int) -> tuple[int, int, dict[str, str]] | None:
    """A quote that ran on: a quoted text that swallowed ``key: value`` lines before the error at
    ``line:column``, or a quoted text closed too early by a quote inside it, just before the error.

    Only the tokens before the error are scanned; a scanner error ends the search.
    """
    last: Any = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start = token.start_mark
            if (start.line + 1, start.column + 1) >= (line, column):
                break
            last = token
            if (type(token) is yaml.ScalarToken and token.style in ('"', "'") and token.end_mark.line > start.line
                    and _runs_over_keys(lines, start.line, token.end_mark.line)):
                return _ran_on(lines, token)
    except Exception:  # a heuristic: when it fails, the plain report stays
        pass
    if type(last) is not yaml.ScalarToken or last.style not in ('"', "'") or last.end_mark.line + 1 != line:
        return None
    start, end = last.start_mark, last.end_mark
    source = lines[start.line]
    opened, after = source[start.column :], source[end.column :]
    if last.style == "'" and _ELISION.match(opened):
        return start.line + 1, start.column + 1, _apostrophe(opened)
    if last.style not in after:
        return None
    # A quote inside quoted text ends it: name: "Verslag "model 8" bezorgen"
    value = opened.split(" #", 1)[0].rstrip()
    inner = value[1:-1] if len(value) > 1 and value.endswith(last.style) else value[1:]
    key = source[: start.column].strip()
    key = key + " " if key else ""
    if last.style == '"':
        suggestion = _shown(key + '"' + inner.replace('"', '\\"') + '"')
        advice = {
            "advice": f"inside double quotes write a quote as \\\": {suggestion} (or put the text in single quotes)",
            "advice_nl": "schrijf een aanhalingsteken binnen dubbele aanhalingstekens als \\\": "
            f"{suggestion} (of zet de tekst tussen enkele aanhalingstekens)",
        }
    else:
        suggestion = _shown(key + "'" + inner.replace("'", "''") + "'")
        advice = {
            "advice": f"inside single quotes write a quote as '': {suggestion} (or put the text in double quotes)",
            "advice_nl": "schrijf een aanhalingsteken binnen enkele aanhalingstekens als '': "
            f"{suggestion} (of zet de tekst tussen dubbele aanhalingstekens)",
        }
    return end.line + 1, end.column, {
        "problem": "the quoted text ends at this quote, but more text follows it",
        "problem_nl": "de tekst tussen aanhalingstekens eindigt bij dit aanhalingsteken, maar er volgt nog tekst",
        **advice,
    }


def _runs_over_keys(lines: list[str], first: int, last: int) -> bool:
    """Whether a line after ``first`` up to ``last`` (0-based) looks like a ``key:`` of the mapping
    around ``first`` or of one further out: quoted text that runs over such a line has a quote
    that was not closed on its own line."""
    opening = lines[first] if first < len(lines) else ""
    indent = len(opening) - len(opening.lstrip(" -"))
    for n in range(first + 1, min(last, len(lines) - 1) + 1):
        match = _KEY_LINE.match(lines[n])
        if match and len(match[1]) <= indent:
            return True
    return False


def _ran_on(lines: list[str], token: Any) -> tuple[int, int, dict[str, str]]:
    start, end = token.start_mark, token.end_mark
    if token.style == "'":
        return start.line + 1, start.column + 1, _apostrophe(lines[start.line][start.column :])
    return start.line + 1, start.column + 1, {
        "problem": "the quote opened here is not closed on this line",
        "problem_nl": "het aanhalingsteken dat hier opent, wordt op deze regel niet gesloten",
        "advice": "close the quote at the end of the text, or remove it; as it is, the text runs on to the next "
        f"quote, on line {end.line + 1}",
        "advice_nl": "sluit het aanhalingsteken aan het einde van de tekst, of verwijder het; nu loopt de tekst "
        f"door tot het volgende aanhalingsteken, op regel {end.line + 1}",
    }


_WORD_DASH = re.compile("( *)([\u2013\u2014\u2022\u00b7\u2219\u25aa\u25e6\u2012\u2212]) +(.*)")
"""A line that starts with the dash or bullet a word processor makes of '- ' (en dash, em dash,
bullet, middle dot, ...), where a list item needs a minus."""


def _word_dash(lines: list[str], line: int) -> tuple[int, int, dict[str, str]] | None:
    """``– read: Gebouw`` (a word processor's dash for '- ') on the line of the error or the two above it."""
    for number in range(max(1, line - 2), min(line, len(lines)) + 1):
        dash = _WORD_DASH.fullmatch(lines[number - 1].rstrip())
        if dash:
            suggestion = _shown(f"- {dash[3]}")
            return number, len(dash[1]) + 1, {
                "problem": f"a list item starts with '-' (a minus), not with {dash[2]!r}",
                "problem_nl": f"een lijstelement begint met '-' (een minteken), niet met {dash[2]!r}",
                "advice": f"a word processor made this dash or bullet of '- '; write '{suggestion}'",
                "advice_nl": f"een tekstverwerker maakte dit streepje of opsommingsteken van '- '; "
                             f"schrijf '{suggestion}'",
            }
    return None


_EMPTY_KEY = re.compile(r"( *)([\w-]+):\s*(?:#.*)?")


_BLOCK_KEY = re.compile(r"( *)(?:- +)?([\w-]+): +[>|][-+0-9]* *(?:#.*)?")


def _text_line_left_out(lines: list[str], line: int) -> tuple[int, int, dict[str, str]] | None:
    """A line of a block text (``description: >-``) that is not indented like the text, so that it
    ends the text and is read as a key that lacks its ':', which the reading notices only on the next
    line (``line``): that line, and the words for it; None when the lines above are not like that."""
    previous = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
    if not previous or ":" in lines[previous - 1]:
        return None
    column = len(_leading(lines, previous))
    for n in range(previous - 1, 0, -1):  # up through the text, to its key
        if not lines[n - 1].strip():
            continue
        width = len(_leading(lines, n))
        if width > column:
            continue  # a line of the text
        header = _BLOCK_KEY.fullmatch(lines[n - 1])
        if header is None or width != column or n == previous - 1:
            return None
        text_column = len(_leading(lines, n + 1)) + 1
        return previous, column + 1, {
            "problem": f"this line is not indented like the text of '{header[2]}' above it, so it ends that text",
            "problem_nl": f"deze regel springt niet in zoals de tekst van '{header[2]}' erboven, en beëindigt die "
                          "tekst",
            "advice": f"if it belongs to the text, indent it like the text (to column {text_column})",
            "advice_nl": f"hoort ze bij de tekst, spring ze dan in zoals de tekst (tot kolom {text_column})",
        }
    return None


def _dedented_key_above(lines: list[str], line: int, indent: int) -> tuple[int, int, dict[str, str]] | None:
    """The key that was moved left, when the reading stops at a key (``line``, in column ``indent`` + 1)
    because a group of keys in that column was broken off by a key further left (``aangifte:`` in
    column 1 between steps in column 3); None when the lines above are not like that."""
    def significant(n: int) -> bool:
        stripped = lines[n - 1].strip()
        return bool(stripped) and not stripped.startswith("#")

    moved = next((n for n in range(line - 1, 0, -1) if significant(n) and len(_leading(lines, n)) < indent), 0)
    head = _EMPTY_KEY.fullmatch(lines[moved - 1]) if moved else None
    before = next((n for n in range(moved - 1, 0, -1) if significant(n)), 0)
    if head is None or not before:
        return None  # not a key that opens a group, or nothing before it
    for n in range(before, 0, -1):  # up through the group it broke off: a key in the column of the keys after it
        if significant(n):
            width = len(_leading(lines, n))
            if width < indent:
                return None
            if width == indent:
                break
    else:
        return None
    return moved, len(head[1]) + 1, {
        "problem": f"'{head[2]}' starts in column {len(head[1]) + 1}, left of the keys before and after it "
                   f"(column {indent + 1})",
        "problem_nl": f"'{head[2]}' begint in kolom {len(head[1]) + 1}, links van de sleutels ervoor en erna "
                      f"(kolom {indent + 1})",
        "advice": f"move '{head[2]}:' to column {indent + 1}, like the keys beside it",
        "advice_nl": f"zet '{head[2]}:' in kolom {indent + 1}, zoals de sleutels ernaast",
    }


def _keys_not_indented(lines: list[str], previous: int, indent: int) -> tuple[int, int, dict[str, str]] | None:
    """``step:`` followed by its keys in its own column instead of under it, found where a further
    indented line (``indent``) meets a key with a value on line ``previous``: the first of those keys,
    and the words for it; None when the lines above are not like that."""
    column = len(_leading(lines, previous))
    if indent != column + 2:
        return None
    first = previous
    while first > 1:
        above = lines[first - 2]
        if not above.strip():
            return None
        head = _EMPTY_KEY.fullmatch(above)
        if head is not None and len(head[1]) == column:  # 'step:' with nothing after it, in the same column
            keys = [m[1] for n in range(first, previous + 1) if (m := re.match(r" *([\w-]+):", lines[n - 1]))]
            if not keys:  # not keys with values (list items, quoted keys): nothing to say about them
                return None
            quoted = [f"'{k}'" for k in keys]
            return first, column + 1, {
                "problem": f"{listed(quoted, 'and')} belong to '{head[2]}' but are not indented under it",
                "problem_nl": f"{listed(quoted, 'en')} horen bij '{head[2]}' maar springen er niet onder in",
                "advice": f"indent them two spaces further than '{head[2]}:' (to column {column + 3}), "
                          "like the lines below them",
                "advice_nl": f"spring ze twee spaties verder in dan '{head[2]}:' (tot kolom {column + 3}), "
                             "zoals de regels eronder",
            }
        if len(_leading(lines, first - 1)) != column or not _has_value(above):
            return None
        first -= 1
    return None


def _missing_space(lines: list[str], line: int) -> tuple[int, int, dict[str, str]] | None:
    """``name:Verslag`` or ``-read: Gebouw`` on the line of the error or the line before it."""
    previous = next((n for n in range(min(line, len(lines) + 1) - 1, 0, -1) if lines[n - 1].strip()), 0)
    for number in (previous, line):
        if not 1 <= number <= len(lines):
            continue
        source = lines[number - 1].rstrip()
        dash = _DASH_NO_SPACE.fullmatch(source)
        if dash:
            suggestion = _shown("- " + dash[2])
            return number, len(dash[1]) + 1, {
                "problem": "a list item needs a space after '-'",
                "problem_nl": "na de '-' van een lijstelement moet een spatie staan",
                "advice": f"write '{suggestion}'",
                "advice_nl": f"schrijf '{suggestion}'",
            }
        key = _KEY_NO_SPACE.fullmatch(source)
        if key:
            suggestion = _shown(f"{key[2]}: {key[3]}")
            return number, key.end(2) + 1, {
                "problem": f"after '{key[2]}:' a space is needed",
                "problem_nl": f"na '{key[2]}:' moet een spatie staan",
                "advice": f"write '{suggestion}'",
                "advice_nl": f"schrijf '{suggestion}'",
            }
    return None


def _typographic_quotes(source: str) -> dict[str, str] | None:
    """Advice when the value on ``source`` (the line of the error) is between typographic quotes."""
    match = _VALUE.match(source)
    assert match is not None  # the pattern matches any line
    value = match[3].rstrip()
    if not (value[:1] in _TYPOGRAPHIC_OPEN or value[-1:] in _TYPOGRAPHIC_CLOSE) or not value.strip():
        return None
    inner = value.lstrip(_TYPOGRAPHIC_OPEN).rstrip(_TYPOGRAPHIC_CLOSE)
    key = f"{match[2]}: " if match[2] else "- " if "-" in match[1] else ""
    suggestion = _shown(key + _double_quoted(inner))
    return {
        "advice": "these are typographic quotes from a word processor, which YAML does not read as quotes; "
        f"use straight quotes (\"), e.g. {suggestion}",
        "advice_nl": "dit zijn typografische aanhalingstekens uit een tekstverwerker, die YAML niet als "
        f"aanhalingstekens leest; gebruik rechte aanhalingstekens (\"), bv. {suggestion}",
    }


def _quoted_value(source: str, column: int, *, starts: bool) -> str | None:
    """The line ``source`` with its value in double quotes (``name: "Stap: controle"``), for a hint about
    the value that holds the 1-based ``column`` (``starts``: that begins there); None when the line is not
    a ``key: value`` line or a list item, or the value is already quoted or a list or mapping."""
    match = _VALUE.match(source)
    assert match is not None  # the pattern matches any line
    prefix = f"{match[2]}: " if match[2] else "- " if "-" in match[1] else ""
    value = source[match.start(3):].split(" #", 1)[0].rstrip()
    if not prefix or not value or value[0] in "\"'[{|>":
        return None
    start = match.start(3) + 1
    if (column != start) if starts else not start < column <= start + len(value):
        return None
    return _shown(prefix + _double_quoted(value))


def _colon_advice(source: str, column: int) -> dict[str, str]:
    """Advice for a colon in a plain value at ``column``: the author's own line, quoted."""
    suggestion = _quoted_value(source, column, starts=False)
    if suggestion is None:
        return _ADVICE["colon-in-value"]
    return {"advice": f"a value that contains ': ' must be in quotes: {suggestion}",
            "advice_nl": f"een waarde met ': ' erin moet tussen aanhalingstekens: {suggestion}"}


_RESERVED = ("@", "`", "%")
"""Characters a plain value cannot start with."""


def _reserved_advice(source: str, column: int) -> dict[str, str]:
    """Advice for a value that starts with '@', '`' or '%' at ``column``."""
    char = source[column - 1]
    suggestion = _quoted_value(source, column, starts=True)
    en = f"a value cannot start with '{char}'; put the whole value in quotes"
    nl = f"een waarde kan niet beginnen met '{char}'; zet de hele waarde tussen aanhalingstekens"
    if suggestion is None:
        return {"advice": en, "advice_nl": nl}
    return {"advice": f"{en}: {suggestion}", "advice_nl": f"{nl}: {suggestion}"}


def _has_value(line: str) -> bool:
    """Whether a ``key: value`` line already holds a value after its colon."""
    key, colon, rest = line.partition(": ")
    rest = rest.split(" #", 1)[0].strip()
    return bool(colon and key.strip() and rest and rest not in ("|", ">", "|-", ">-", "|+", ">+"))


_ADVICE: dict[str, dict[str, str]] = {
    "after-value": {
        "advice": "something follows a complete value on this line; text that starts with '[', '{' or a quote "
        "must be quoted as a whole, e.g. name: \"[Opmerking] aangifte\"",
        "advice_nl": "na een volledige waarde volgt nog iets op deze regel; tekst die begint met '[', '{' of een "
        "aanhalingsteken moet in zijn geheel tussen aanhalingstekens, bv. name: \"[Opmerking] aangifte\"",
    },
    "indented-under-value": {
        "advice": "this line is indented further than the line above, which already has a value; "
        "move it back to the column of the keys beside it",
        "advice_nl": "deze regel springt verder in dan de regel erboven, die al een waarde heeft; "
        "zet hem terug in de kolom van de sleutels ernaast",
    },
    "colon-in-value": {
        "advice": "a value that contains ': ' must be in quotes, e.g. name: \"Aanvraag: ontvangen\"",
        "advice_nl": "een waarde met ': ' erin moet tussen aanhalingstekens, bv. name: \"Aanvraag: ontvangen\"",
    },
    "did not find expected alphabetic or numeric character": {
        "advice": "'*' and '&' at the start of a value have a special meaning in YAML; put the value in quotes",
        "advice_nl": "'*' en '&' aan het begin van een waarde hebben een speciale betekenis in YAML; "
        "zet de waarde tussen aanhalingstekens",
    },
}


def _leading(lines: list[str], number: int) -> str:
    if not 1 <= number <= len(lines):
        return ""
    text = lines[number - 1]
    return text[: len(text) - len(text.lstrip(" \t"))]


_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = frozenset(
    _YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _resolve(value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema (dates stay text)."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    special = _SPECIAL_FLOAT.get(value.lower())
    return value if special is None else special


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    if event.style or event.tag == "tag:yaml.org,2002:str" or event.tag == "!":
        return event.value
    return _resolve(event.value)


class _Frame:
    """An open mapping or sequence while events stream in."""

    __slots__ = ("anchor", "count", "damaged", "data", "key", "key_pos", "pos")

    def __init__(self, data: Any, pos: Pos, anchor: str | None) -> None:
        self.data = data
        self.pos = pos
        self.anchor = anchor
        self.count = 1  # values in this subtree, aliases expanded
        self.key: Any = _NO_KEY  # pending mapping key
        self.key_pos: tuple[int, int] = (0, 0)
        self.damaged = False


_NO_KEY = object()
_COMPLEX_KEY = object()


class _Stop(Exception):
    """Reading stops: the diagnostic that says why is already recorded."""


class _Irregular(Exception):
    """The quick reading (:func:`_read_plain`) met something that only the full reading handles."""


_RESOLVED_START = frozenset("0123456789+-.~nNtTfF") | {""}
"""The first characters (and the empty text) of the plain scalars that :func:`_resolve` does not keep as text."""


def _read_plain(text: str) -> Any:
    """The data of ``text`` as :func:`_read` reads it, when that reading would find no problem.

    Most fiches are one document of mappings, lists and scalars, without tags, anchors or aliases.
    This reads those as :class:`_Builder` does, but without the positions (:class:`SourceMap` reads
    them when it is first asked) and in one loop with its state in local variables: about three
    times less work. It raises :class:`_Irregular` at anything that the builder reports or treats
    otherwise: a tag, an anchor, an alias, a duplicate key, a list or mapping as a key, an escaped
    control character, nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_VALUES` values,
    a second document, or no document at all; ``yaml.YAMLError`` when the text cannot be read.
    """
    scalar_event, alias_event, document_start = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    no_key, resolved_start, bad_chars, resolve = _NO_KEY, _RESOLVED_START, _BAD_CHARS, _resolve
    # The open mapping or list, whether it is a mapping, and the key that waits for its value; the
    # stack keeps those of the mappings and lists around it. The document is a list of one.
    document: list[Any] = []
    data: Any = document
    mapping = False
    key: Any = no_key
    stack: list[tuple[Any, bool, Any]] = []
    values = documents = 0
    event: Any  # dispatched on its exact type: mypy cannot narrow through `kind`
    loader = _Loader(text)
    try:
        for event in iter(loader.get_event, None):
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None or event.anchor is not None:
                    raise _Irregular
                value = event.value
                style = event.style
                if style == '"' and bad_chars.search(value):
                    raise _Irregular
                if mapping and key is no_key:  # keys stay text as written
                    key = value
                    continue
                if not style and value[:1] in resolved_start:
                    value = resolve(value)
                values += 1
                if not mapping:
                    data.append(value)
                elif key in data:
                    raise _Irregular
                else:
                    data[key] = value
                    key = no_key
            elif kind is mapping_end or kind is sequence_end:
                done = data
                data, mapping, key = stack.pop()
                if mapping:
                    data[key] = done
                    key = no_key
                else:
                    data.append(done)
            elif kind is mapping_start or kind is sequence_start:
                if (event.tag is not None or event.anchor is not None or len(stack) >= MAX_DEPTH
                        or (mapping and (key is no_key or key in data))):
                    raise _Irregular
                values += 1
                stack.append((data, mapping, key))
                mapping = kind is mapping_start
                data, key = ({} if mapping else []), no_key
            elif kind is document_start:
                documents += 1
                if documents == 2:
                    raise _Irregular
            elif kind is alias_event:
                raise _Irregular
    finally:
        loader.dispose()
    if not document or values > MAX_VALUES:
        raise _Irregular
    return document[0]


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap | None, list[Diagnostic]]:
    """Parse one YAML document into plain data and its source map.

    Returns:
        ``(data, source_map, diagnostics)``. ``data`` is None and the map is
        None when the text cannot be read as YAML; the diagnostics say why.
    """
    problems: list[Diagnostic] = []
    if "\r" in text:  # a quick look first: two copies of the text cost more than reading it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    spaces: list[_Invisible] = []
    shifts: dict[int, list[int]] = {}
    original: str | None = None  # the text before unusual spaces were made ordinary ones
    if _ODD_CHARS.search(text):  # one pass over the text; nearly always nothing
        line, counted = 1, 0  # the line of offset ``counted``: each stretch of text is counted once
        for match in _BAD_CHARS.finditer(text):
            offset = match.start()
            line += text.count("\n", counted, offset)
            counted = offset
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            char = f"U+{ord(match.group()):04X}"
            problems.append(Diagnostic(file, line, column, "yaml.control-character", {"char": char}))
            if len(problems) == MAX_CONTROL_CHARACTERS:  # the last one listed says how many more there are
                more = len(_BAD_CHARS.findall(text, match.end()))
                if more:
                    problems[-1] = Diagnostic(file, line, column, "yaml.control-character",
                                              {"char": char, "more": more})
                break
        if problems:
            text = _BAD_CHARS.sub(" ", text)
        if _INVISIBLE.search(text, 1):
            original = text
            text, spaces, shifts = _clean(text, file, problems)
    comments = _COMMENT_IN_VALUE.search(text) is not None
    if original is None and not problems and not comments:  # the text as written, and nothing to look around
        try:
            data = _read_plain(text)
        except (_Irregular, yaml.YAMLError):
            pass  # read again below, by the reading that reports what it meets
        else:
            return data, SourceMap._of_text(text), problems
    builder, error = _read(text, file, spans=bool(spaces) or comments)
    if spaces:
        changed = _report_invisible(spaces, builder, error, text, file, problems)
        problems.sort()
        if changed:  # wrong ones read as ordinary spaces, meant ones as they stand
            chars = list(text)
            for space in changed:
                chars[space.offset] = space.char if space.replaced else " "
            text = "".join(chars)
            builder, error = _read(text, file, spans=comments)
    if original is not None and (error is not None or builder.stopped):
        # Read as ordinary spaces they broke the text (an unusual space that is a whole key):
        # read the file as it stands, if that can be done; they are reported all the same.
        as_written, written_error = _read(original, file, spans=comments)
        if written_error is None and not as_written.stopped:
            builder, error, text, shifts = as_written, None, original, {}
    tabs: list[Diagnostic] = []
    grown: dict[int, tuple[int, int]] = {}
    if error is not None and not shifts and _tab_in_indentation(error, text):
        recovered = _read_tabs_expanded(text, file, comments)
        if recovered is not None:  # every tab reported, and the rest of the file checked as well
            builder, text, tabs, grown = recovered
            error = None
    found = builder.problems
    if error is not None:
        found.extend(_syntax_diagnostic(error, text, file))
    if any(d.code == "yaml.undefined-alias" for d in found):
        found = _alias_in_text(found, text)
    elif comments and builder.root is not None:
        found.extend(_comments_in_values(text, builder.spans, file))
    if shifts:  # zero-width characters were taken out: give the columns of the file as it is
        found = [d.located(d.file, d.line, _column(shifts, d.line, d.column)) for d in found]
    if grown:  # tabs were read as spaces: the same
        found = [d.located(d.file, d.line, _tab_column(grown, d.line, d.column)) for d in found]
    problems.extend(sorted([*tabs, *found]) if tabs else found)
    if error is not None or builder.stopped:
        return None, None, problems
    if builder.root is None:
        blank = "" if any(line.lstrip().startswith("#") for line in text.split("\n")) else "yes"
        problems.append(Diagnostic(file, 0, 0, "yaml.empty", {"blank": blank}))
        return None, None, problems
    data, pos = builder.root
    damaged = builder.damaged
    if shifts:
        pos = _shift_positions(pos, lambda line, column: _column(shifts, line, column))
        damaged = {(line, _column(shifts, line, column)) for line, column in damaged}
    if grown:
        pos = _shift_positions(pos, lambda line, column: _tab_column(grown, line, column))
        damaged = {(line, _tab_column(grown, line, column)) for line, column in damaged}
    return data, SourceMap(pos, frozenset(damaged)), problems


def _tab_in_indentation(error: yaml.YAMLError, text: str) -> bool:
    """Whether the reading stopped at a line indented with a tab (libyaml stops at the first one)."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return False
    lines = text.split("\n")
    return "\t" in _leading(lines, mark.line + 1)


def _read_tabs_expanded(text: str, file: str, comments: bool
                        ) -> tuple[_Builder, str, list[Diagnostic], dict[int, tuple[int, int]]] | None:
    """Read ``text`` with each tab in the indentation taken as 2, 4 or 8 spaces (as editors show it):
    first the width at which most tab lines line up with the line above them or stand one level
    under it, then the others; the first with which the text can be read. None when none can.

    Returns the builder, the text read, a ``yaml.tab`` for each line indented with a tab, and for those
    lines (its indentation as read, how many characters longer it grew), for :func:`_tab_column`.
    """
    lines = text.split("\n")
    indented = [(n, _leading(lines, n)) for n in range(1, len(lines) + 1) if "\t" in _leading(lines, n)]
    tabs = [Diagnostic(file, n, lead.index("\t") + 1, "yaml.tab") for n, lead in indented]

    def fits(width: int) -> int:
        """How many tab lines, at ``width``, line up with the line above or stand one level under it."""
        count = 0
        for n, lead in indented:
            above = next((m for m in range(n - 1, 0, -1) if lines[m - 1].strip()), 0)
            if above:
                wide = len(lead.replace("\t", " " * width))
                over = len(_leading(lines, above).replace("\t", " " * width))
                count += wide in (over, over + 2)
        return count

    for width in sorted((2, 4, 8), key=fits, reverse=True):  # the likeliest first; a wrong one may read too
        grown: dict[int, tuple[int, int]] = {}
        expanded = list(lines)
        for n, lead in indented:
            wide = lead.replace("\t", " " * width)
            expanded[n - 1] = wide + lines[n - 1][len(lead):]
            grown[n] = (len(wide), len(wide) - len(lead))
        candidate = "\n".join(expanded)
        builder, error = _read(candidate, file, spans=comments)
        if error is None and not builder.stopped:
            return builder, candidate, tabs, grown
    return None


def _tab_column(grown: dict[int, tuple[int, int]], line: int, column: int) -> int:
    """The column in the file of a (1-based) column of the text with its indenting tabs read as spaces."""
    if line not in grown:
        return column
    indent, extra = grown[line]
    return column - extra if column > indent else max(1, column - extra)


def _alias_in_text(found: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Text that starts with '*' (``name: *Aangifte registreren``): the hint of the undefined alias quotes
    the whole value of the author's line, and the syntax error after it on that line, which only follows
    from it, is dropped."""
    lines = text.split("\n")
    aliases = {d.line: d.column for d in found if d.code == "yaml.undefined-alias"}
    kept: list[Diagnostic] = []
    for d in found:
        if d.code == "yaml.undefined-alias" and 1 <= d.line <= len(lines):
            suggestion = _quoted_value(lines[d.line - 1], d.column, starts=True)
            if suggestion is not None:
                d = dataclasses.replace(d, args={**d.args, "suggestion": suggestion})
        elif d.code == "yaml.syntax" and d.column > aliases.get(d.line, d.column):
            continue
        kept.append(d)
    return kept


def _read(text: str, file: str, *, spans: bool) -> tuple[_Builder, yaml.YAMLError | None]:
    """Parse ``text``; the builder holds what was read and the problems it found."""
    builder = _SpanBuilder(file, []) if spans else _Builder(file, [])
    loader = _Loader(text)
    try:
        # The parser's events until it has none (None): what yaml.parse yields, without a generator around it.
        builder.consume(iter(loader.get_event, None))
        builder.finish()
    except _Stop:
        builder.stopped = True
    except yaml.YAMLError as exc:
        return builder, exc
    finally:
        loader.dispose()
    return builder, None


# --- invisible and unusual spaces ---------------------------------------------

# Spaces that YAML does not count as spaces, and characters that show nothing at all: they come
# along when text is copied out of Word, a PDF or a web page.
_INVISIBLE = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]")
_ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
_INVISIBLE_NAMES = {
    "\u00a0": ("no-break space", "harde spatie"),
    "\u202f": ("narrow no-break space", "smalle harde spatie"),
    "\u200b": ("zero-width space", "spatie zonder breedte"),
    "\u2060": ("word joiner", "woordverbinder"),
    "\ufeff": ("zero-width no-break space", "harde spatie zonder breedte"),
}
_SPECIAL_SPACE = ("space of a special width", "spatie met een bijzondere breedte")
_ID_LIKE = re.compile(r"[^\W\d][\w-]*")
"""A value that is one name or id (after taking out the invisible characters)."""
_BLANK = r"[\s\u200b\u2060\ufeff]"  # \s: ordinary and unusual spaces alike
_LEADING = re.compile(rf"{_BLANK}*(?:-{_BLANK}*)*")
"""What stands before a character in the indentation of a line: spaces and list dashes."""
_AFTER_KEY = re.compile(rf"{_BLANK}*(?:-{_BLANK}+)*[\w-]+:{_BLANK}*")
"""What stands before a character just after the colon of a key (``name:<here>Verslag``)."""
_BEFORE_COLON = re.compile(rf"{_BLANK}*(?:-{_BLANK}+)*[\w-]+")
"""What stands before a character between a key and its colon (``name<here>: Verslag``)."""


class _Invisible(NamedTuple):
    """An invisible or unusual space: where it stands in the file and in the text that is read."""

    char: str
    line: int  # 1-based, in the file
    column: int  # 1-based, in the file
    offset: int  # in the text that is read (zero-width characters taken out)
    clean_line: int  # 0-based, in the text that is read
    clean_column: int  # 0-based, in the text that is read
    replaced: bool  # read as an ordinary space for now, as it stands next to the colon of a key


def _clean(text: str, file: str, problems: list[Diagnostic]) -> tuple[str, list[_Invisible], dict[int, list[int]]]:
    """The text to read: zero-width characters taken out, and the unusual spaces that stand where
    YAML needs an ordinary space made ordinary ones. Those in the indentation (also after a list
    '-') are reported at once.

    Returns that text, the other unusual spaces for :func:`_report_invisible` to judge (those
    next to the colon of a key made ordinary ones for now, the others left as they are), and for
    each line that lost a character the columns, in the text that is read, where one was taken
    out (for :func:`_column`).
    """
    pieces: list[str] = []
    spaces: list[_Invisible] = []
    shifts: dict[int, list[int]] = {}
    done = removed = 0
    line, line_start, line_removed = 1, 0, 0
    for match in _INVISIBLE.finditer(text, 1):
        offset, char = match.start(), match.group()
        newlines = text.count("\n", done, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", done, offset) + 1
            line_removed = 0
        column = offset - line_start + 1
        pieces.append(text[done:offset])
        done = offset + 1
        if char in _ZERO_WIDTH:
            shifts.setdefault(line, []).append(column - line_removed)
            problems.append(_invisible_diagnostic(file, line, column, char))
            removed += 1
            line_removed += 1
            continue
        before = text[line_start:offset]
        if _LEADING.fullmatch(before):
            pieces.append(" ")
            problems.append(_invisible_diagnostic(file, line, column, char))
            continue
        replaced = bool(_AFTER_KEY.fullmatch(before)
                        or (text.startswith(":", offset + 1) and _BEFORE_COLON.fullmatch(before)))
        pieces.append(" " if replaced else char)
        spaces.append(_Invisible(char, line, column, offset - removed, line - 1, column - 1 - line_removed, replaced))
    pieces.append(text[done:])
    return "".join(pieces), spaces, shifts


def _invisible_diagnostic(file: str, line: int, column: int, char: str) -> Diagnostic:
    name, name_nl = _INVISIBLE_NAMES.get(char, _SPECIAL_SPACE)
    args = {"name": name, "name_nl": name_nl, "char": f"U+{ord(char):04X}"}
    if char in _ZERO_WIDTH:
        args["zero_width"] = "yes"
    return Diagnostic(file, line, column, "yaml.invisible-space", args)


def _report_invisible(
    spaces: list[_Invisible], builder: _Builder, error: yaml.YAMLError | None, text: str, file: str,
    problems: list[Diagnostic],
) -> list[_Invisible]:
    """Report the unusual spaces of :func:`_clean` that are mistakes; return those to read otherwise:
    the mistakes left as they stand, and the meant ones that were read as ordinary spaces.

    Next to the colon of a key (``name:<here>Verslag``) such a space is a mistake unless it stands
    in quoted text or a block of text (``Remarque<here>: ...``). Elsewhere it is a mistake in a key,
    at the start or the end of a value (where nobody can see it, but it makes another value),
    outside any value (``[loket,<here>burger]``), and inside a value that is otherwise one name or
    id (``wijk<here>agent``); inside ordinary text (``art. 8``, ``5 %``, ``binnen 5 dagen``, a block
    of text) it is meant. After the place where the reading stopped nothing can be told, and
    nothing is reported.
    """
    spans = builder.spans
    starts = [(span.line, span.column) for span in spans]
    mark = getattr(error, "problem_mark", None) if error is not None else None
    read_up_to = (mark.line, mark.column) if mark is not None else (len(text), 0)
    if builder.stopped:  # the reading stopped early, and the scalars after it are not known
        read_up_to = (spans[-1].end_line, spans[-1].end_column) if spans else (0, 0)
    changed: list[_Invisible] = []
    for space in spaces:
        where = (space.clean_line, space.clean_column)
        if where >= read_up_to:
            continue
        index = bisect_right(starts, where) - 1
        span = spans[index] if index >= 0 and where < (spans[index].end_line, spans[index].end_column) else None
        if space.replaced:
            meant = span is not None and span.style != ""  # in quoted text or a block of text
        else:
            meant = span is not None and _meant_in_value(span, where, space.char)
        if meant == space.replaced:
            changed.append(space)
        if not meant:
            problems.append(_invisible_diagnostic(file, space.line, space.column, space.char))
    return changed


_PROSE_KEYS = frozenset({"name", "title", "summary", "description", "text", "note", "article", "basis",
                         "publisher", "unit"})
"""Keys whose value is text for people to read, never a name or id that other values refer to: an
unusual space inside it (``Vertrek<no-break space>controleren``, copied from Word) is meant, even in
two words that look like one name."""


def _meant_in_value(span: _Span, where: tuple[int, int], char: str) -> bool:
    """Whether the unusual space ``char`` at ``where`` inside the scalar ``span`` is meant: it stands inside text."""
    if span.key:
        return False
    if span.style in ("|", ">"):
        return True
    quote = 1 if span.style else 0
    if where == (span.line, span.column + quote) or (where[0], where[1] + 1 + quote) == (
        span.end_line, span.end_column
    ):
        return False  # the first or the last character of the value
    if span.parent_key in _PROSE_KEYS and char not in _ZERO_WIDTH:  # a character that shows nothing has no use
        return True
    return any(blank in span.value for blank in " \t\n") or not _ID_LIKE.fullmatch(_INVISIBLE.sub("", span.value))


def _column(shifts: dict[int, list[int]], line: int, column: int) -> int:
    """The column in the file of a (1-based) column of the cleaned text."""
    removed = shifts.get(line)
    if not removed:
        return column
    return column + bisect_right(removed, column)


def _shift_positions(root: Pos, column_of: Callable[[int, int], int]) -> Pos:
    """The positions of the source map in the columns of the file, ``column_of(line, column)`` (aliases
    share children: once)."""
    seen: set[int] = set()

    def walk(pos: Pos) -> Pos:
        line, column, children = pos
        if children is not None and id(children) not in seen:
            seen.add(id(children))
            if isinstance(children, list):
                children[:] = [walk(child) for child in children]
            else:
                for key, (kline, kcolumn, child) in list(children.items()):
                    children[key] = (kline, column_of(kline, kcolumn), walk(child))
        return line, column_of(line, column), children

    return walk(root)


# --- a '#' that cuts a value ----------------------------------------------------

_COMMENT_IN_VALUE = re.compile(r"#(?<=[ \t]#)\S")  # starts with the '#': a fast search
"""A comment whose '#' is followed by a letter or digit: ``(model #8)``, not ``# a note``."""


def _comments_in_values(text: str, spans: list[_Span], file: str) -> list[Diagnostic]:
    """A warning for each ``#x`` comment that directly follows a plain value on its line, or
    stands where a key's value should be (``name: #8 Afvoeren``): YAML drops that text."""
    starts = [(span.line, span.column) for span in spans]
    lines = text.split("\n")
    found: list[Diagnostic] = []
    line = done = 0
    for match in _COMMENT_IN_VALUE.finditer(text):
        offset = match.start()
        line += text.count("\n", done, offset)
        done = offset
        column = offset - (text.rfind("\n", 0, offset) + 1)
        index = bisect_right(starts, (line, column)) - 1
        while index >= 0 and spans[index].empty:  # the null value of 'name: #8' stands before the '#'
            index -= 1
        if index < 0:
            continue
        span = spans[index]
        if span.end_line != line or (line, column) < (span.end_line, span.end_column):
            continue  # inside quoted or block text, or no value before it on this line
        between = lines[line][span.end_column : column].strip()
        key: str | None
        if span.key:
            following = spans[index + 1] if index + 1 < len(spans) else None
            if between != ":" or following is None or not following.empty or following.parent != (
                span.line + 1, span.column + 1
            ):
                continue
            key, start = span.value, column
        elif between or span.style:
            continue
        else:
            key, start = span.parent_key, span.column if span.line == line else -1
        args: dict[str, str] = {}
        if start >= 0:
            value = _double_quoted(lines[line][start:].rstrip())
            args["suggestion"] = _shown(f"{key}: {value}" if key else value)
        found.append(Diagnostic(file, line + 1, column + 1, "yaml.comment-in-value", args))
    return found


class _Span(NamedTuple):
    """Where a scalar stands (0-based, as the parser marks it), and what it is."""

    line: int
    column: int
    end_line: int
    end_column: int
    style: str  # '' for plain, '"', "'", '|' or '>'
    key: bool  # a mapping key
    value: str
    parent: tuple[int, int] | None  # for a value of a mapping: the 1-based position of its key
    parent_key: str | None  # and that key, when it is text

    @property
    def empty(self) -> bool:
        return not self.style and not self.value and (self.line, self.column) == (self.end_line, self.end_column)


class _Builder:
    """Builds data and positions from parser events, with limits."""

    def __init__(self, file: str, problems: list[Diagnostic]) -> None:
        self.file = file
        self.problems = problems
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, Pos, int] | None] = {}  # None: still open
        self.root: tuple[Any, Pos] | None = None
        self.documents = 0
        self.values = 0
        self.damaged: set[tuple[int, int]] = set()
        self.stopped = False
        self.text_anchors: dict[str, tuple[int, int, str | None, str]] = {}
        """Anchors on text values: where, the key of the value (None in a list) and the text without the anchor."""
        self.aliased: set[str] = set()

    def finish(self) -> None:
        """Report the anchors on text that nothing refers to: an '&' that was meant as text.

        ``name: &Aangifte registreren`` reads as the anchor ``Aangifte`` on the text ``registreren``:
        part of the text is gone. Fiches need no anchors, so one that is never used is that mistake.
        """
        for name, (line, column, key, text) in self.text_anchors.items():
            if name not in self.aliased:
                written = f'"&{name} {text}"' if text else f'"&{name}"'
                self.report(line, column, "yaml.anchor-in-text", anchor=quote("&" + name), value=quote(text),
                            example=f"{key}: {written}" if key is not None else f"- {written}")

    @property
    def spans(self) -> list[_Span]:
        return []

    def report(self, line: int, column: int, code: str, **args: Any) -> None:
        self.problems.append(Diagnostic(self.file, line, column, code, args))

    def consume(self, events: Iterator[yaml.Event]) -> None:
        event: Any  # dispatched on its exact type, looked up once: mypy cannot narrow through `kind`
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end()
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    mark = event.start_mark
                    self.report(mark.line + 1, mark.column + 1, "yaml.multiple-documents")
                    raise _Stop

    def check_tag(self, event: Any) -> bool:
        """Report an unsupported tag; True when the value is damaged by it."""
        tag = event.tag
        if tag and tag != "!" and tag not in _STANDARD_TAGS:
            mark = event.start_mark
            shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
            self.report(mark.line + 1, mark.column + 1, "yaml.unsupported-tag", tag=quote(shown))
            return True
        return False

    def count(self, n: int, line: int, column: int) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            self.report(line, column, "yaml.alias-bomb", limit=MAX_VALUES)
            raise _Stop

    def scalar(self, event: yaml.ScalarEvent) -> None:
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        pos: Pos = (mark.line + 1, mark.column + 1, None)
        damaged = self.check_tag(event)
        escaped = _BAD_CHARS.search(event.value) if event.style == '"' else None  # written as "\\e", "\\0", ...
        if escaped is not None:  # an error: the fiche does not load, so nothing draws or prints the value
            self.report(pos[0], pos[1], "yaml.control-character", char=f"U+{ord(escaped[0]):04X}")
        frame = self.stack[-1] if self.stack else None
        if frame is not None and type(frame.data) is dict and frame.key is _NO_KEY:
            frame.key = event.value  # keys stay text as written
            frame.key_pos = (pos[0], pos[1])
            if event.anchor:
                self.anchors[event.anchor] = (event.value, pos, 1)
            return
        value = _scalar_value(event)
        if event.anchor:
            self.anchors[event.anchor] = (value, pos, 1)
            key = frame.key if frame is not None and type(frame.data) is dict else None
            self.text_anchors[event.anchor] = (pos[0], pos[1], key if isinstance(key, str) else None, event.value)
        self.count(1, pos[0], pos[1])
        self.add(value, pos, 1, damaged=damaged)

    def start(self, event: Any, mapping: bool) -> None:
        mark = event.start_mark
        damaged = self.check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            self.report(mark.line + 1, mark.column + 1, "yaml.too-deep", limit=MAX_DEPTH)
            raise _Stop
        children: Any = {} if mapping else []
        frame = _Frame({} if mapping else [], (mark.line + 1, mark.column + 1, children), event.anchor)
        frame.damaged = damaged
        if event.anchor:
            self.anchors[event.anchor] = None
        self.count(1, mark.line + 1, mark.column + 1)
        self.stack.append(frame)

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.data, frame.pos, frame.count)
        self.add(frame.data, frame.pos, frame.count, damaged=frame.damaged)

    def alias(self, event: yaml.AliasEvent) -> None:
        mark = event.start_mark
        assert mark is not None  # the parser marks every event
        line, column = mark.line + 1, mark.column + 1
        name = event.anchor
        assert name is not None  # an alias always names its anchor
        self.aliased.add(name)
        if name not in self.anchors:
            self.report(line, column, "yaml.undefined-alias", alias=quote("*" + name), name=name)
            self.add(None, (line, column, None), 1, damaged=True)
            return
        target = self.anchors[name]
        if target is None:
            self.report(line, column, "yaml.recursive-alias", alias=quote("*" + name))
            self.add(None, (line, column, None), 1, damaged=True)
            return
        value, pos, size = target
        self.count(size, line, column)
        self.add(value, (line, column, pos[2]), size)

    def add(self, value: Any, pos: Pos, size: int, *, damaged: bool = False) -> None:
        if damaged:
            self.damaged.add((pos[0], pos[1]))
            if self.stack and type(self.stack[-1].data) is dict and self.stack[-1].key is not _NO_KEY:
                self.damaged.add(self.stack[-1].key_pos)
            elif self.stack:  # an item of a list: the list's own entry is damaged too
                frame = self.stack[-1]
                self.damaged.add((frame.pos[0], frame.pos[1]))
        if not self.stack:
            if self.root is None:
                self.root = (value, pos)
            return
        frame = self.stack[-1]
        frame.count += size
        if type(frame.data) is list:
            frame.data.append(value)
            frame.pos[2].append(pos)
            return
        if frame.key is _NO_KEY:  # a mapping or sequence used as a key
            frame.key = _COMPLEX_KEY
            frame.key_pos = (pos[0], pos[1])
            self.report(pos[0], pos[1], "yaml.complex-key")
            return
        key, (kline, kcol) = frame.key, frame.key_pos
        frame.key = _NO_KEY
        if key is _COMPLEX_KEY:
            return
        entries = frame.pos[2]
        if key in entries:
            self.report(kline, kcol, "yaml.duplicate-key", key=quote(key), first_line=entries[key][0])
            return
        frame.data[key] = value
        entries[key] = (kline, kcol, pos)


class _SpanBuilder(_Builder):
    """A builder that also keeps where each scalar starts and ends (for the checks that look
    around values: unusual spaces, and comments that cut a value)."""

    def __init__(self, file: str, problems: list[Diagnostic]) -> None:
        super().__init__(file, problems)
        self._spans: list[_Span] = []

    @property
    def spans(self) -> list[_Span]:
        return self._spans

    def scalar(self, event: yaml.ScalarEvent) -> None:
        frame = self.stack[-1] if self.stack else None
        key = False
        parent: tuple[int, int] | None = None
        parent_key: str | None = None
        if frame is not None and type(frame.data) is dict:
            key = frame.key is _NO_KEY
            if not key:
                parent = frame.key_pos
                parent_key = frame.key if isinstance(frame.key, str) else None
        start, end = event.start_mark, event.end_mark
        assert start is not None and end is not None  # the parser marks every event
        self._spans.append(_Span(start.line, start.column, end.line, end.column, event.style or "", key,
                                 event.value, parent, parent_key))
        super().scalar(event)
