"""Property tests: whatever an author does to a valid fiche, ``check`` answers and never raises.

Mutations of the data (deleted keys, values of the wrong type, broken references)
and of the text (random bytes, broken indentation) must each give diagnostics
with a position inside the file, and at least one error when the fiche does not
load.  For mutations of the data, the published JSON Schema must reject exactly
when the loader finds a problem of shape.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schillen._yaml import parse_yaml
from schillen.diagnostics import Severity
from schillen.loading import parse_fiche
from schillen.schema import build_fiche_schema, iter_schema_errors
from tests.conftest import MINIMAL
from tests.test_schema_sync import SHAPE_CODES

TEXT = MINIMAL.read_text(encoding="utf-8")
HEADER = TEXT.splitlines(keepends=True)[0]
DATA = parse_yaml(TEXT, "minimal.yaml")[0]
SCHEMA = build_fiche_schema()
WHOLE_FILE = {"yaml.empty"}

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


PATHS = _paths(DATA)


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
    st.sampled_from(["loket", "burger", "controle", "Adres", "inGebruik", "working_days", "2026-02-30", "1.0"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 5))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent = _parent(data, path)
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _assert_answered(text: str, diagnostics: list[Any], loaded: bool) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # as editors count
    for d in diagnostics:
        assert 0 <= d.line <= lines and d.column >= 0, d
        assert d.message("en") and d.message("nl")
        if d.line == 0:
            assert d.code in WHOLE_FILE | {"yaml.encoding"}, d
    if not loaded:
        assert any(d.severity is Severity.ERROR and (d.line >= 1 or d.code in WHOLE_FILE) for d in diagnostics)


@SETTINGS
@given(mutated_data())
def test_mutated_data_is_reported_and_agrees_with_the_schema(data: Any):
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result = parse_fiche(text, "fiches/minimal.yaml")
    _assert_answered(text, result.diagnostics, result.fiche is not None)
    reread = parse_yaml(text, "x")[0]
    shape = [d.code for d in result.diagnostics if d.code.startswith(SHAPE_CODES)]
    schema = [e.message for e in iter_schema_errors(reread, SCHEMA)]
    assert bool(shape) == bool(schema), (shape, schema)


@SETTINGS
@given(st.data())
def test_random_bytes_never_raise(data: st.DataObject):
    raw = bytearray(TEXT.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        junk = data.draw(st.binary(min_size=1, max_size=4))
        if data.draw(st.booleans()):
            raw[at:at] = junk
        else:
            del raw[at : at + len(junk)]
    text = raw.decode("utf-8", "replace")
    result = parse_fiche(text, "fiches/minimal.yaml")
    _assert_answered(text, result.diagnostics, result.fiche is not None)


@SETTINGS
@given(st.data())
def test_broken_indentation_is_reported(data: st.DataObject):
    lines = TEXT.splitlines(keepends=True)
    index = data.draw(st.integers(2, len(lines) - 1))
    shift = data.draw(st.sampled_from([-3, -1, 1, 3, "tab"]))
    line = lines[index]
    if shift == "tab":
        lines[index] = "\t" + line
    elif shift > 0:
        lines[index] = " " * shift + line
    else:
        lines[index] = line[min(-shift, len(line) - len(line.lstrip(" "))):]
    text = "".join(lines)
    result = parse_fiche(text, "fiches/minimal.yaml")
    _assert_answered(text, result.diagnostics, result.fiche is not None)
    if text != TEXT and shift == "tab":
        assert result.fiche is None


@SETTINGS
@given(st.sampled_from(PATHS))
def test_deleting_a_required_key_is_located(path: tuple[Any, ...]):
    data = copy.deepcopy(DATA)
    del _parent(data, path)[path[-1]]
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result = parse_fiche(text, "fiches/minimal.yaml")
    _assert_answered(text, result.diagnostics, result.fiche is not None)
