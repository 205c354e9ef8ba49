"""The quick reading of plain YAML (``_read_plain``) and the source map that reads its positions later:
the same data and positions as the full reading, and the full reading for anything else."""

from __future__ import annotations

from typing import Any

import pytest

from schillen import _yaml
from schillen._yaml import KEY, MAX_DEPTH, SourceMap, parse_yaml
from tests.conftest import ROOT


def _typed(value: Any) -> Any:
    """``value`` with the type of every scalar, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, repr(value)


def _full(text: str) -> tuple[Any, _yaml.Pos]:
    builder, error = _yaml._read(text, "f", spans=False)
    assert error is None and not builder.stopped and not builder.problems and builder.root is not None
    return builder.root


PLAIN = [
    "a: 1\nb: [x, {y: 2}]\nc: {}\nd: []\n",
    "- a\n- b: ~\n  c: true\n- - 1.5\n  - -3\n  - .inf\n  - -.INF\n  - .NaN\n",
    "x: 'q'\ny: \"z \\u00e9\"\nz: |\n  t\nw: >-\n  u\n  v\nv: ''\nu:\n",
    "1: a\ntrue: b\nnull: c\n'k': \"8\"\n",
    "a: yes\nb: no\nc: 0x1F\nd: 2024-02-30\ne: +1\nf: 1e3\ng: 1_000\nh: Null\ni: FALSE\nj: .\nk: '-'\n",
    "~\n",
    "text\n",
    "---\na: 1\n...\n",
    "a: {b: [c, {d: [e, f]}], g: h}\n",
    *[path.read_text(encoding="utf-8") for path in sorted((ROOT / "fiches").glob("*.yaml"))],
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_quick_reading_gives_the_data_and_positions_of_the_full_reading(text: str) -> None:
    data, pos = _full(text)
    assert _typed(_yaml._read_plain(text)) == _typed(data)
    parsed, smap, problems = parse_yaml(text, "f")
    assert problems == [] and smap is not None and _typed(parsed) == _typed(data)
    assert smap._root is None  # not read yet
    assert smap._positions() == pos
    assert smap._text == ""  # not kept once read


@pytest.mark.parametrize("text", [
    "a: !!str 1\n",  # a tag
    "a: !!map {}\n",
    "a: ! 1\n",
    "a: &x 1\n",  # an anchor
    "a: &x [1]\n",
    "a: &x 1\nb: *x\n",  # an alias
    "a: 1\na: 2\n",  # a duplicate key
    "a: 1\na: [2]\n",
    "? [a]\n: b\n",  # a list or mapping as a key
    "? {a: 1}\n: b\n",
    'a: "\\e"\n',  # an escaped control character
    "a: 1\n---\nb: 2\n",  # a second document
    "",  # no document
    "# only a comment\n",
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # too deep
])
def test_the_quick_reading_leaves_anything_else_to_the_full_reading(text: str) -> None:
    with pytest.raises(_yaml._Irregular):
        _yaml._read_plain(text)


def test_the_quick_reading_leaves_too_many_values_to_the_full_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "MAX_VALUES", 3)
    assert _yaml._read_plain("[1, 2]") == [1, 2]  # the list and its two items
    with pytest.raises(_yaml._Irregular):
        _yaml._read_plain("[1, 2, 3]")
    assert [d.code for d in parse_yaml("[1, 2, 3]", "f")[2]] == ["yaml.alias-bomb"]


def test_nesting_up_to_the_limit_is_read_quickly() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert _typed(_yaml._read_plain(text)) == _typed(_full(text)[0])


def test_what_cannot_be_read_is_reported_by_the_full_reading() -> None:
    data, smap, problems = parse_yaml("a: [1\n", "f")
    assert data is None and smap is None and [d.code for d in problems] == ["yaml.syntax"]


def test_a_map_read_later_locates_and_answers_as_one_read_at_once() -> None:
    text = "top:\n  list:\n    - a\n    - {x: 1}\n  text: >\n    lang\n"
    lazy = SourceMap._of_text(text)
    eager = SourceMap(_full(text)[1])
    for loc in [("top",), ("top", "list", 1, "x"), ("top", "list", 1, "x", KEY), ("top", "missing"), ()]:
        assert lazy.locate(loc) == eager.locate(loc)
    lazy = SourceMap._of_text(text)
    assert lazy.has(("top", "list", 1)) and not lazy.has(("top", "list", 2))
    assert lazy.damaged == frozenset()
