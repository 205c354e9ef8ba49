"""From pydantic errors and unreadable files to located diagnostics, for any authored YAML file.

Shared by the loaders of fiches (:mod:`schillen.loading`) and of register
interfaces (:mod:`schillen.registers`): a :class:`Vocabulary` says what is
particular to one kind of file (its root model, the keys authors type by habit,
the words for its patterns, its own error kinds); everything else is common.

Examples:
    >>> suggest("titel", ["title", "version"])
    "'title'"
    >>> where(("process", "einde", 2))
    ('process › einde › item 3', 'process › einde › element 3')
"""

from __future__ import annotations

import datetime
import difflib
import errno
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schillen._io import read_at_most
from schillen._yaml import KEY, MAX_BYTES, SourceMap, decode, not_text
from schillen.diagnostics import Diagnostic, quote

__all__ = [
    "Vocabulary",
    "allowed_keys",
    "display_path",
    "listing",
    "model_at",
    "not_a_mapping",
    "only_causes",
    "os_reason",
    "pydantic_diagnostic",
    "read_source",
    "suggest",
    "where",
]

def suggest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """The closest candidate to a misspelt ``word``, quoted, or "".

    Examples:
        >>> suggest("titel", ["title", "version"])
        "'title'"
        >>> suggest("zzz", ["title"])
        ''
    """
    pool = [c for c in candidates if isinstance(c, str)]
    lowered = {c.lower(): c for c in pool}
    if isinstance(word, str) and word.lower() in lowered:
        return quote(lowered[word.lower()])
    meant = _DUTCH_WORDS.get(str(word).lower())
    if meant in pool:
        return quote(meant)
    match = difflib.get_close_matches(str(word), pool, n=1, cutoff=cutoff)
    return quote(match[0]) if match else ""


def listing(items: Iterable[str], limit: int = 20) -> str:
    """A short sorted list for a hint; "" when there is nothing to list."""
    items = sorted(items)
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


# Values Dutch-speaking authors type by habit, and the value they mean.
_DUTCH_WORDS = {
    "concept": "draft", "ontwerp": "draft", "nazicht": "review", "gevalideerd": "validated",
    "goedgekeurd": "validated", "ingetrokken": "retired", "vervallen": "retired",
    "persoon": "person", "organisatie": "organisation", "systeem": "system", "extern": "external",
    "begin": "start", "einde": "end", "taak": "task", "beslissing": "decision", "keuze": "decision",
    "wachten": "wait", "oproep": "call", "splitsing": "parallel_split", "samenkomst": "parallel_join",
    "kalenderdagen": "calendar_days", "dagen": "calendar_days", "werkdagen": "working_days",
    "days": "calendar_days", "day": "calendar_days", "dag": "calendar_days", "kalenderdag": "calendar_days",
    "werkdag": "working_days", "workdays": "working_days", "business_days": "working_days",
    "week": "weeks", "maand": "months", "month": "months", "year": "years",
    "weken": "weeks", "maanden": "months", "jaren": "years", "jaar": "years",
    "tekst": "string", "geheel getal": "integer", "getal": "decimal", "datum": "date",
    "ja/nee": "boolean", "tijdstip": "datetime",
    "decimaal getal": "decimal", "datum en tijd": "datetime",  # as the book shows the types
}
# --- from pydantic errors to diagnostics -----------------------------------

_TYPE_WORDS = {
    "string": ("text", "tekst"),
    "int": ("a whole number", "een geheel getal"),
    "float": ("a number", "een getal"),
    "bool": ("true or false", "true of false"),
    "list": ("a list", "een lijst"),
    "dict": ("a group of keys with values", "een groep sleutels met waarden"),
    "model": ("a group of keys with values", "een groep sleutels met waarden"),
    "date": ("a date (YYYY-MM-DD)", "een datum (JJJJ-MM-DD)"),
}
_DATE_REASONS_EN = {
    "day value is outside expected range": "that day does not exist in that month",
    "month value is outside expected range": "that month does not exist",
    "input is too short": "it is too short",
    "input is too long": "it is too long",
    "invalid character in year": "the year has a character that is not a digit",
    "invalid character in month": "the month has a character that is not a digit",
    "invalid character in day": "the day has a character that is not a digit",
    "invalid date separator, expected `-`": "separate year, month and day with '-'",
}
_DATE_REASONS_NL = {
    "day value is outside expected range": "die dag bestaat niet in die maand",
    "month value is outside expected range": "die maand bestaat niet",
    "input is too short": "te kort",
    "input is too long": "te lang",
    "invalid character in year": "ongeldig teken in het jaar",
    "invalid character in month": "ongeldig teken in de maand",
    "invalid character in day": "ongeldig teken in de dag",
    "invalid date separator, expected `-`": "scheid jaar, maand en dag met '-'",
}
_NAME_WORDS = ("name", "naam",
               "start with a lower-case letter; then only lower-case letters, digits, '_' or '-', e.g. 'adres_gekend'",
               "begin met een kleine letter; daarna enkel kleine letters, cijfers, '_' of '-', bv. 'adres_gekend'")
_ENTITY_WORDS = ("entity name", "entiteitsnaam",
                 "start with a capital letter, letters and digits only, e.g. 'Aangifte'",
                 "begin met een hoofdletter, alleen letters en cijfers, bv. 'Aangifte'")


def where(loc: Sequence[str | int], whole: tuple[str, str] = ("the fiche", "de fiche")) -> tuple[str, str]:
    """A place in a file as authors read it: ``process › einde › name``, items counted from 1."""
    if not loc:
        return whole
    en = " › ".join(f"item {p + 1}" if isinstance(p, int) else p for p in loc)
    nl = " › ".join(f"element {p + 1}" if isinstance(p, int) else p for p in loc)
    return en, nl


def _annotation_model(annotation: Any) -> Any:
    """Unwrap Annotated/Optional to what matters for walking: a model, list or dict."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _annotation_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _annotation_model(arg)
    return annotation


def model_at(root: type[BaseModel], loc: Sequence[str | int]) -> Any:
    """The pydantic model class (or container annotation) found at ``loc`` below ``root``."""
    current: Any = root
    for part in loc:
        current = _annotation_model(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {f.alias or n: f for n, f in current.model_fields.items()}
            if isinstance(part, str) and part in fields:
                current = fields[part].annotation
            elif current.__pydantic_fields__ and current.model_config.get("extra") == "allow":
                extra = typing.get_type_hints(current).get("__pydantic_extra__")
                current = typing.get_args(_annotation_model(extra))[1] if extra else None
            else:
                return None
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _annotation_model(current)


def allowed_keys(root: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys the model at ``loc`` below ``root`` takes (aliases where set)."""
    model = model_at(root, loc)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or n for n, f in model.model_fields.items()]
    return []


Words = tuple[str, str, str, str]
"""What a pattern names and how to fix it: (what, what in Dutch, hint, hint in Dutch)."""
ModelKind = Callable[
    [str, Mapping[str, Any], tuple[str | int, ...], dict[str, Any]], "tuple[str, tuple[str | int, ...]] | None"
]
"""Turns one of a model's own error kinds into (code, loc), adding message arguments; None if not its own."""


@dataclass(frozen=True)
class Vocabulary:
    """What is particular to one kind of authored file, for its diagnostics.

    Attributes:
        root: the pydantic model of the whole file.
        whole: how messages name the whole file, in English and Dutch.
        keys: keys authors type by habit (e.g. Dutch words) and the key they mean.
        patterns: by field name, the words for a value that does not match its pattern.
        model_kind: turns the model's own error kinds (``PydanticCustomError``) into codes.
    """

    root: type[BaseModel]
    whole: tuple[str, str] = ("the fiche", "de fiche")
    keys: Mapping[str, str] = field(default_factory=dict)
    patterns: Mapping[str, Words] = field(default_factory=dict)
    model_kind: ModelKind | None = None


def _suggest_key(word: str, allowed: list[str], keys: Mapping[str, str]) -> str:
    meant = keys.get(str(word).lower())
    if meant in allowed:
        return quote(meant)
    return suggest(str(word), allowed)


def pydantic_diagnostic(err: Any, file: str, smap: SourceMap, vocabulary: Vocabulary) -> Diagnostic:
    """One pydantic error as a located diagnostic (``schema.*``, or the model's own code)."""
    kind: str = err["type"]
    raw_loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    on_key = False
    if raw_loc and raw_loc[-1] == KEY:
        raw_loc, on_key = raw_loc[:-1], True
    loc: tuple[str | int, ...] = tuple(p for p in raw_loc if isinstance(p, (str, int)))
    args: dict[str, Any] = {"value": quote(value)}
    code = "schema.invalid"
    root = vocabulary.root
    where_en, where_nl = where(loc[:-1] if kind == "missing" else loc, vocabulary.whole)
    own = vocabulary.model_kind(kind, ctx, loc, args) if vocabulary.model_kind else None

    if own is not None:
        (code, loc), on_key = own, True
    elif kind == "missing":
        code, on_key = "schema.required", True
        args.update(key=quote(loc[-1]), bare=loc[-1], where=where_en, where_nl=where_nl)
        position = smap.locate(loc[:-1], key=True)
        return Diagnostic(file, *position, code, args, loc)
    elif kind == "extra_forbidden":
        code, on_key = "schema.unknown-key", True
        allowed = allowed_keys(root, loc[:-1])
        args.update(key=quote(loc[-1]), suggestion=_suggest_key(str(loc[-1]), allowed, vocabulary.keys),
                    allowed=listing(allowed))
    elif kind in ("literal_error", "enum"):
        code = "schema.enum"
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        args.update(allowed=listing(quote(o) for o in options), suggestion=suggest(str(value), options))
        if not isinstance(value, str) and _plain(value) in options:  # cardinality: 1 -> "1"
            read_as, read_as_nl = _read_as(value)
            args.update(quote_it=f'"{_plain(value)}"', plain=_plain(value), read_as=read_as, read_as_nl=read_as_nl)
    elif kind.startswith(("date", "datetime")) and kind not in ("date_type", "datetime_type"):
        code = "schema.date"
        reason = str(ctx.get("error", err.get("msg", "")))
        args.update(reason=_reason(_DATE_REASONS_EN, reason), reason_nl=_reason(_DATE_REASONS_NL, reason))
        args.update(_day_first(value))
    elif kind == "string_pattern_mismatch":
        code = "schema.pattern"
        last = loc[-1] if loc else ""
        if on_key:
            words = _ENTITY_WORDS if ctx.get("pattern", "").startswith("^[A-Z]") else _NAME_WORDS
        else:
            words = vocabulary.patterns.get(str(last), _NAME_WORDS)
        args.update(what=words[0], what_nl=words[1], pattern_hint_en=words[2], pattern_hint_nl=words[3])
    elif kind in ("greater_than", "greater_than_equal"):
        code = "schema.minimum"
        limit = ctx.get("ge", ctx.get("gt", 0) + 1 if "gt" in ctx else 0)
        args.update(limit=limit)
    elif kind in ("string_too_short", "too_short", "empty") or (value is None and kind.endswith("_type")):
        code = "schema.empty"
        args.update(where=where_en, where_nl=where_nl, optional=_is_optional(root, loc))
    elif "_type" in kind or kind.endswith("_parsing") or kind == "int_from_float":
        code = "schema.type"
        args.update(_type_words(kind, value, loc))
    else:
        args.update(reason=err.get("msg", kind))
    position = smap.locate(loc, key=on_key)
    return Diagnostic(file, *position, code, args, loc)


def only_causes(found: list[Diagnostic], smap: SourceMap) -> list[Diagnostic]:
    """Drop diagnostics that only follow from another one: one mistake, one diagnostic.

    A misspelt required key gives "unknown key" (with the suggestion) and not
    also "missing key"; a value the YAML reader could not read is not also of
    the wrong type.
    """
    misspelt = {
        (d.loc[:-1], d.args["suggestion"].strip("'"))
        for d in found
        if d.code == "schema.unknown-key" and d.args.get("suggestion")
    }
    return [
        d
        for d in found
        if not (d.code == "schema.required" and (d.loc[:-1], str(d.loc[-1])) in misspelt)
        and (d.line, d.column) not in smap.damaged
    ]


_FOUND: dict[type, tuple[str, str]] = {list: ("a list", "lijst"), str: ("text", "tekst")}


def not_a_mapping(data: Any, file: str, smap: SourceMap) -> Diagnostic:
    """``yaml.not-a-mapping`` for a file whose top level is a list, text or a single value.

    Examples:
        >>> from schillen._yaml import parse_yaml
        >>> data, smap, _ = parse_yaml("- a\\n", "x.yaml")
        >>> d = not_a_mapping(data, "x.yaml", smap)
        >>> d.code, d.args["found"]
        ('yaml.not-a-mapping', 'a list')
    """
    found = _FOUND.get(type(data), ("a single value", "enkele waarde"))
    return Diagnostic(file, *smap.locate(()), "yaml.not-a-mapping", {"found": found[0], "found_nl": found[1]})


_DAY_FIRST = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s*")


def _day_first(value: Any) -> dict[str, str]:
    """The reason and the suggestion for a date written day first, as in Flanders: 28/11/2026, 28-11-2026.

    Examples:
        >>> _day_first("28/11/2026")["suggestion"]
        '2026-11-28'
        >>> _day_first("2026-11-28")
        {}
    """
    match = _DAY_FIRST.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return {}
    words = {"reason": "a date starts with the year", "reason_nl": "een datum begint met het jaar"}
    try:
        meant = datetime.date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:  # 30/02/2026: no such day either way
        return words
    return {**words, "suggestion": meant.isoformat()}


def _reason(table: dict[str, str], reason: str) -> str:
    """The words for a pydantic reason, matched on how it starts (details vary by version)."""
    for start, words in table.items():
        if reason.startswith(start):
            return words
    return reason


def _is_optional(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """"yes" when the key at ``loc`` may be left out, else "" (for the hint)."""
    if not loc or not isinstance(loc[-1], str):
        return ""
    model = model_at(root, loc[:-1])
    if isinstance(model, type) and issubclass(model, BaseModel):
        for name, info in model.model_fields.items():
            if (info.alias or name) == loc[-1]:
                return "" if info.is_required() else "yes"
    return ""


def _plain(value: Any) -> str:
    """A scalar as the author wrote it (``true``, ``1.0``), for hints."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _read_as(value: Any) -> tuple[str, str]:
    """What YAML read a scalar as, in plain words: ("a number", "een getal")."""
    if isinstance(value, bool):
        return "a yes/no value", "een ja/nee-waarde"
    if isinstance(value, int):
        return "a number", "een getal"
    if isinstance(value, float):
        return "a decimal number", "een decimaal getal"
    return "text", "tekst"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _found(value: Any) -> tuple[str, str]:
    """What the author wrote, in plain words, without programmer notation.

    Examples:
        >>> _found(["a", "b"])
        ('this is a list of 2 items', 'dit is een lijst van 2 elementen')
        >>> _found(1.0)
        ('1.0 is read as a decimal number', '1.0 wordt gelezen als een decimaal getal')
        >>> _found("true")
        ("'true' in quotes is read as text", "'true' tussen aanhalingstekens wordt gelezen als tekst")
    """
    if isinstance(value, list):
        return (f"this is a list of {_count(len(value), 'item', 'items')}",
                f"dit is een lijst van {_count(len(value), 'element', 'elementen')}")
    if isinstance(value, dict):
        return (f"this is a group of {_count(len(value), 'key', 'keys')} with values",
                f"dit is een groep van {_count(len(value), 'sleutel', 'sleutels')} met waarden")
    if isinstance(value, str):
        if value in ("true", "false"):
            return (f"{quote(value)} in quotes is read as text",
                    f"{quote(value)} tussen aanhalingstekens wordt gelezen als tekst")
        return f"{quote(value)} is read as text", f"{quote(value)} wordt gelezen als tekst"
    en, nl = _read_as(value)
    shown = _plain(value)
    return f"{shown} is read as {en}", f"{shown} wordt gelezen als {nl}"


_STEP_REFERENCES = ("next", "default")


def _type_words(kind: str, value: Any, loc: tuple[str | int, ...]) -> dict[str, str]:
    """What was found, what was expected and what to do about it, for a value of the wrong type."""
    base = kind.split("_")[0]
    if kind.startswith(("model", "dataclass")):
        base = "model"
    en, nl = _TYPE_WORDS.get(base, (base, base))
    found_en, found_nl = _found(value)
    words = {"expected": en, "expected_nl": nl, "found": found_en, "found_nl": found_nl}
    last = loc[-1] if loc else ""
    if len(loc) >= 3 and loc[0] == "process" and (last in _STEP_REFERENCES or (len(loc) >= 4 and loc[-2] in (
            "next", "branches"))) and isinstance(value, (int, float, bool)):
        return {**words, "expected": "a step id", "expected_nl": "een stap-id",
                "type_hint_en": "a step id starts with a lower-case letter, e.g. 'adres_gekend'; "
                                "write the id of a step under 'process'",
                "type_hint_nl": "een stap-id begint met een kleine letter, bv. 'adres_gekend'; "
                                "schrijf de id van een stap onder 'process'"}
    if base == "string" and last == "version":
        return {**words, "type_hint_en": "write three numbers, e.g. 1.0.0",
                "type_hint_nl": "schrijf drie getallen, bv. 1.0.0"}
    if base == "string" and isinstance(value, (int, float, bool)):
        quoted = f'"{_plain(value)}"'
        return {**words, "type_hint_en": f"put it in quotes: {quoted}",
                "type_hint_nl": f"zet het tussen aanhalingstekens: {quoted}"}
    if base in ("int", "float") and isinstance(value, str) and _looks_numeric(value):
        return {**words, "type_hint_en": "remove the quotes around the number",
                "type_hint_nl": "verwijder de aanhalingstekens rond het getal"}
    if base == "bool" and value in ("true", "false"):
        return {**words, "type_hint_en": f"remove the quotes around {value}",
                "type_hint_nl": f"verwijder de aanhalingstekens rond {value}"}
    if base == "bool":
        return {**words, "type_hint_en": "write true or false (without quotes)",
                "type_hint_nl": "schrijf true of false (zonder aanhalingstekens)"}
    if base == "list":
        return {**words, "type_hint_en": "write a list: [a, b], or one '- item' per line",
                "type_hint_nl": "schrijf een lijst: [a, b], of één '- item' per regel"}
    if base in ("dict", "model"):
        return {**words, **_group_hint(value, loc)}
    return {**words, "type_hint_en": f"write {en} here", "type_hint_nl": f"schrijf hier {nl}"}


def _group_hint(value: Any, loc: tuple[str | int, ...]) -> dict[str, str]:
    """How to write a group of keys with values where the author wrote a list or a single value."""
    if loc == ("process",) and isinstance(value, list) and any(isinstance(v, dict) for v in value):
        first = next((v.get("id") for v in value if isinstance(v, dict) and isinstance(v.get("id"), str)), None)
        example_en = f" (e.g. '{first}:')" if first else ""
        example_nl = f" (bv. '{first}:')" if first else ""
        return {"type_hint_en": f"write each step as 'step_id:'{example_en} with its keys indented below it, "
                                "without '- '",
                "type_hint_nl": f"schrijf elke stap als 'stap_id:'{example_nl} met zijn sleutels ingesprongen "
                                "eronder, zonder '- '"}
    if len(loc) == 4 and loc[0] == "scenarios" and loc[2] == "objects" and not isinstance(value, (list, dict)):
        shown = _plain(value)
        return {"type_hint_en": f'write {loc[3]}: {{id: "{shown}"}} for an object of the sample register, '
                                f"or {loc[3]}: {{status: ...}} for a new one",
                "type_hint_nl": f'schrijf {loc[3]}: {{id: "{shown}"}} voor een object uit het voorbeeldregister, '
                                f"of {loc[3]}: {{status: ...}} voor een nieuw"}
    if isinstance(value, list):
        return {"type_hint_en": "write 'key: value' pairs on indented lines below, without '- '",
                "type_hint_nl": "schrijf 'sleutel: waarde'-paren op ingesprongen regels eronder, zonder '- '"}
    return {"type_hint_en": "write 'key: value' pairs on indented lines below",
            "type_hint_nl": "schrijf 'sleutel: waarde'-paren op ingesprongen regels eronder"}


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def display_path(path: Path, cwd: Path | None = None) -> str:
    """``path`` relative to the working folder when it is below it, else as given (posix).

    ``cwd`` is the working folder, resolved, from a caller that shows many paths: resolving it
    costs as much as resolving ``path``.
    """
    try:
        return path.resolve().relative_to(cwd or Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


_OS_REASONS = {
    errno.ENOENT: ("no such file or folder", "bestand of map bestaat niet"),
    errno.EACCES: ("permission denied", "geen toegang"),
    errno.EISDIR: ("it is a folder", "het is een map"),
}


def os_reason(exc: OSError) -> dict[str, str]:
    """Why a file could not be read, in English and Dutch (``reason``, ``reason_nl``)."""
    en, nl = _OS_REASONS.get(exc.errno or 0, (exc.strerror or str(exc), exc.strerror or str(exc)))
    return {"reason": en, "reason_nl": nl}


def read_source(path: str | os.PathLike[str], cwd: Path | None = None) -> tuple[str | None, str, list[Diagnostic]]:
    """The text of the file at ``path``, the path as diagnostics show it, and the problems met.

    The text is None when the file cannot be read or is too large; the problems
    are ``io.unreadable``, ``yaml.too-large`` and those of :func:`schillen._yaml.decode`.
    ``cwd`` is as for :func:`display_path`.
    """
    path = Path(path)
    file = display_path(path, cwd)
    try:
        raw, size = read_at_most(path, MAX_BYTES)  # at most MAX_BYTES + 1 bytes, even of /dev/zero or a FIFO
        if raw is None:
            return None, file, [Diagnostic(file, 0, 0, "yaml.too-large", {"size": size, "limit": MAX_BYTES})]
    except OSError as exc:
        return None, file, [Diagnostic(file, 0, 0, "io.unreadable", {"path": quote(file), **os_reason(exc)})]
    kind = not_text(raw)
    if kind is not None:  # one diagnostic, not one for each byte that is no character
        what, what_nl = _NOT_TEXT_WORDS[kind]
        return None, file, [Diagnostic(file, 0, 0, "yaml.not-text", {"what": what, "what_nl": what_nl})]
    text, problems = decode(raw, file)
    return text, file, problems


_NOT_TEXT_WORDS = {
    "zip": ("a Word, Excel or OpenDocument file (.docx, .xlsx, .odt) or another ZIP archive",
            "een Word-, Excel- of OpenDocument-bestand (.docx, .xlsx, .odt) of een ander ZIP-archief"),
    "pdf": ("a PDF document", "een PDF-document"),
    "ole": ("an old Word or Excel file (.doc, .xls)", "een oud Word- of Excel-bestand (.doc, .xls)"),
    "image": ("an image (PNG, JPEG or GIF)", "een afbeelding (PNG, JPEG of GIF)"),
    "binary": ("binary data, not text", "binaire gegevens, geen tekst"),
}
