"""YAML text -> (data, SourceMap), with every problem as a located diagnostic.

We read the event stream of PyYAML's parser (libyaml's C parser when it is
there) and build plain Python data ourselves, in one pass, iteratively:

* positions of every key and value are kept in a parallel tree (the
  :class:`SourceMap`), 1-based, so a problem found later can be shown at its line;
* duplicate keys, keys that are not text, explicit tags, undefined and recursive
  aliases, more than one document, nesting deeper than :data:`MAX_DEPTH` and alias
  expansion beyond :data:`MAX_VALUES` are diagnostics, not exceptions and not hangs
  (libyaml's own composer is recursive and crashes on very deep nesting, and its
  parser gets slower with depth, so we stop reading at the limit);
* scalars are resolved with the YAML 1.2 core schema: ``yes``, ``no``, ``on``
  and ``off`` stay text, and dates stay text for the model to parse (so that
  ``2024-02-30`` is reported as an invalid date, at its position).

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

import re
from collections.abc import Iterator
from typing import Any

import yaml

from schillen.diagnostics import Diagnostic, quote

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
    """

    __slots__ = ("_root", "damaged")

    def __init__(self, root: Pos, damaged: frozenset[tuple[int, int]] = frozenset()) -> None:
        self._root = root
        self.damaged = damaged
        """Positions (of values and their keys) where the reader put a placeholder for
        something it could not read (an unsupported tag, a bad alias); problems found
        there later are consequences, not mistakes of their own."""

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
        pos = self._root
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
        pos = self._root
        for part in loc:
            children = pos[2]
            if isinstance(children, dict) and isinstance(part, str) and part in children:
                pos = children[part][2]
            elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
                pos = children[part]
            else:
                return False
        return True


# Characters YAML refuses, and the rare line breaks (NEL, LS, PS) that editors do not
# count as lines: both are reported, so that line numbers match the editor's.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def decode(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Bytes -> text, reporting a BOM and every invalid UTF-8 sequence.

    Invalid bytes are replaced (U+FFFD) so that the rest of the file can still
    be checked.

    Examples:
        >>> decode(b"a: caf\\xe9\\n", "f.yaml")[1][0].code
        'yaml.encoding'
        >>> decode(b"\\xef\\xbb\\xbfa: 1\\n", "f.yaml")[0]
        'a: 1\\n'
    """
    problems: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Diagnostic(file, 1, 1, "yaml.bom"))
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: say so once, then read it anyway
        problems.append(Diagnostic(file, 1, 1, "yaml.encoding", {"byte": "0x" + data[:2].hex() + " (UTF-16)"}))
        return data.decode("utf-16", "replace").lstrip("\ufeff"), problems
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError:
        pass
    start = 0
    while True:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offset = start + exc.start
            line = data.count(b"\n", 0, offset) + 1
            line_start = data.rfind(b"\n", 0, offset) + 1
            column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
            problems.append(
                Diagnostic(file, line, column, "yaml.encoding", {"byte": f"0x{data[offset]:02x}"})
            )
            start = start + exc.end
            if len(problems) > 50:
                break
    return data.decode("utf-8", "replace"), problems


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
    "did not find expected key": "verwachte sleutel niet gevonden",
    "did not find expected '-' indicator": "verwachte '-' niet gevonden",
    "mapping values are not allowed in this context": "een dubbelpunt is hier niet toegelaten",
    "mapping values are not allowed here": "een dubbelpunt is hier niet toegelaten",
    "found unexpected end of stream": "onverwacht einde van het bestand",
    "found character that cannot start any token": "teken dat hier niet kan staan",
    "did not find expected ',' or ']'": "verwachte ',' of ']' niet gevonden",
    "did not find expected ',' or '}'": "verwachte ',' of '}' niet gevonden",
    "could not find expected ':'": "verwachte ':' niet gevonden",
    "found undefined tag handle": "onbekende tag",
    "found unknown escape character": "onbekend escape-teken",
    "found a tab character that violates indentation": "een tab verstoort de inspringing",
    "found unexpected ':'": "onverwachte ':'",
    "did not find expected node content": "verwachte waarde niet gevonden",
    "found duplicate anchor; first occurrence": "dubbel anker",
    "block sequence entries are not allowed in this context": "een '-' is hier niet toegelaten",
    "did not find expected alphabetic or numeric character": "verwachte letter of cijfer niet gevonden",
    "found unexpected document indicator": "een documentgrens ('---' of '...') kan hier niet staan",
    "did not find expected <document start>": "het begin van het document werd hier verwacht",
    "found incompatible YAML document": "onverenigbaar YAML-document",
    "did not find expected comment or line break": "verwachte opmerking of regeleinde niet gevonden",
    "found a tab character where an indentation space is expected": "een tab waar een spatie verwacht wordt",
    "did not find URI escaped octet": "ongeldige tag",
    "did not find the expected '>'": "verwachte '>' niet gevonden",
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
        args = {"problem": "a quote opened here is never closed",
                "problem_nl": "een aanhalingsteken dat hier opent, sluit nooit"}
        return [Diagnostic(file, context_mark.line + 1, context_mark.column + 1, "yaml.syntax", args)]
    if "maximum nesting depth" in problem:
        return [Diagnostic(file, line, column, "yaml.too-deep", {"limit": MAX_DEPTH})]
    code = "yaml.indentation" if problem in _INDENT_PROBLEMS else "yaml.syntax"
    if line > len(lines):  # end of stream: point at the last line
        line = max(len(lines), 1)
        column = len(lines[-1]) + 1 if lines else 1
    args = {"problem": _PROBLEMS_EN.get(problem, problem), "problem_nl": _PROBLEMS_NL.get(problem, problem)}
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    indent = len(_leading(lines, line))
    if code == "yaml.indentation" and column > indent + 1:
        # Not the indentation: something follows a complete value on its line.
        code = "yaml.syntax"
        args.update(_ADVICE["after-value"])
    elif problem.startswith("mapping values are not allowed"):
        previous = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
        if previous and indent > len(_leading(lines, previous)) and _has_value(lines[previous - 1]):
            code = "yaml.indentation"
            args.update(_ADVICE["indented-under-value"])
        else:
            args.update(_ADVICE["colon-in-value"])
    elif problem in _ADVICE:
        args.update(_ADVICE[problem])
    elif text[column - 1 : column] in ("@", "`"):
        args.update(_ADVICE["reserved"])
    return [Diagnostic(file, line, column, code, args)]


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
    "reserved": {
        "advice": "a value cannot start with '@' or '`'; put the value in quotes",
        "advice_nl": "een waarde kan niet beginnen met '@' of '`'; zet de waarde tussen aanhalingstekens",
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


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap | None, list[Diagnostic]]:
    """Parse one YAML document into plain data and its source map.

    Returns:
        ``(data, source_map, diagnostics)``. ``data`` is None and the map is
        None when the text cannot be read as YAML; the diagnostics say why.
    """
    problems: list[Diagnostic] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in _BAD_CHARS.finditer(text):
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        char = f"U+{ord(match.group()):04X}"
        problems.append(Diagnostic(file, line, column, "yaml.control-character", {"char": char}))
    if problems:
        text = _BAD_CHARS.sub(" ", text)
    builder = _Builder(file, problems)
    try:
        builder.consume(yaml.parse(text, Loader=_Loader))
    except _Stop:
        return None, None, problems
    except yaml.YAMLError as exc:
        problems.extend(_syntax_diagnostic(exc, text, file))
        return None, None, problems
    if builder.root is None:
        problems.append(Diagnostic(file, 0, 0, "yaml.empty"))
        return None, None, problems
    data, pos = builder.root
    return data, SourceMap(pos, frozenset(builder.damaged)), problems


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
