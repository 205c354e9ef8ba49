"""The YAML reader: values, positions, and a clear answer for every way YAML goes wrong."""

from __future__ import annotations

import pytest

from schillen._yaml import KEY, MAX_DEPTH, decode, parse_yaml
from tests.conftest import where


def test_values_follow_yaml_1_2_core():
    data, _, problems = parse_yaml(
        "a: yes\nb: no\nc: on\nd: true\ne: 8\nf: 1.5\ng: 2024-02-30\nh: '8'\ni: ~\nj:\nk: 0x1F\nl: .inf\n", "f"
    )
    assert problems == []
    assert data == {
        "a": "yes", "b": "no", "c": "on", "d": True, "e": 8, "f": 1.5, "g": "2024-02-30",
        "h": "8", "i": None, "j": None, "k": "0x1F", "l": float("inf"),
    }


def test_keys_stay_text_as_written():
    data, _, _ = parse_yaml("1: a\ntrue: b\nnull: c\n", "f")
    assert data == {"1": "a", "true": "b", "null": "c"}


def test_positions_of_keys_and_values():
    _, smap, _ = parse_yaml("top:\n  list:\n    - a\n    - {x: 1}\n  text: >\n    lang\n", "f")
    assert smap.locate(("top",)) == (1, 1)
    assert smap.locate(("top", "list", 0)) == (3, 7)
    assert smap.locate(("top", "list", 1)) == (4, 7)
    assert smap.locate(("top", "list", 1, "x")) == (4, 11)
    assert smap.locate(("top", "list", 1, "x", KEY)) == (4, 8)
    assert smap.locate(("top", "text")) == (5, 9)
    assert smap.locate(("top", "missing")) == (1, 1)
    assert smap.locate(("top", "text", "deeper")) == (5, 9)
    assert smap.has(("top", "list", 1)) and not smap.has(("top", "list", 2))


def test_alias_values_are_shared_and_located_at_the_alias():
    data, smap, problems = parse_yaml("a: &x [1, 2]\nb: *x\n", "f")
    assert problems == [] and data == {"a": [1, 2], "b": [1, 2]}
    assert smap.locate(("b",)) == (2, 1)
    assert smap.locate(("b", 1)) == (1, 11)


@pytest.mark.parametrize(
    ("text", "expected", "message", "hint"),
    [
        ("name: [Opmerking] aangifte\nb: 1\n", (1, 19, "yaml.syntax"), "a key was expected here",
         "something follows a complete value on this line"),
        ("a:\n  b: 1\n   c: 2\n", (3, 5, "yaml.indentation"), "a colon is not allowed here",
         "this line is indented further than the line above"),
        ("a:\n  b: 1\n c: 2\n", (3, 2, "yaml.indentation"), "a key was expected here",
         "keys at the same level must start in the same column"),
        ("a: Aanvraag: ontvangen\n", (1, 12, "yaml.syntax"), "a colon is not allowed here",
         "a value that contains ': ' must be in quotes"),
        ("a: * aangifte\n", (1, 5, "yaml.syntax"), "a letter or digit was expected here",
         "'*' and '&' at the start of a value have a special meaning"),
        ("a: @x\n", (1, 4, "yaml.syntax"), "this character cannot stand here",
         "a value cannot start with '@' or '`'"),
        ("a: 'open\nb: 1\n", (1, 4, "yaml.syntax"), "a quote opened here is never closed",
         "check quotes, colons and brackets"),
        ("a: [1, 2\nb: 3\n", (2, 2, "yaml.syntax"), "a ',' or ']' was expected here",
         "check quotes, colons and brackets"),
        ("a:\n\tb: 1\n", (2, 1, "yaml.tab"), "a tab is used for indentation", "indent with spaces only"),
    ],
)
def test_syntax_errors_are_explained(text: str, expected: tuple[int, int, str], message: str, hint: str):
    _, _, problems = parse_yaml(text, "f")
    assert where(problems) == [expected]
    assert problems[0].message().endswith(message)
    assert problems[0].hint().startswith(hint)
    assert problems[0].message("nl") != problems[0].message("en")


def test_every_tab_line_is_reported():
    _, _, problems = parse_yaml("a:\n\tb: 1\n\tc: 2\nd: |\n  x\tin tekst\n", "f")
    assert where(problems) == [(2, 1, "yaml.tab"), (3, 1, "yaml.tab")]


def test_tabs_inside_text_are_fine():
    data, _, problems = parse_yaml("a: |\n  x\ty\n", "f")
    assert problems == [] and data == {"a": "x\ty\n"}


def test_depth_limit_at_exactly_max_depth():
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse_yaml(ok, "f")[2] == []
    deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert where(parse_yaml(deep, "f")[2]) == [(1, 4 + MAX_DEPTH - 1, "yaml.too-deep")]


def test_decode_reports_every_bad_byte_and_keeps_going():
    text, problems = decode(b"a: caf\xe9\nb: na\xefef\n", "f")
    assert where(problems) == [(1, 7, "yaml.encoding"), (2, 6, "yaml.encoding")]
    assert text == "a: caf\ufffd\nb: na\ufffdef\n"


def test_utf16_is_refused():
    _, problems = decode("a: 1\n".encode("utf-16"), "f")
    assert where(problems)[0] == (1, 1, "yaml.encoding")


def test_line_numbers_match_the_editor_for_every_line_ending():
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["a: 1", "b: 2", "a: 3", ""])
        assert where(parse_yaml(text, "f")[2]) == [(3, 1, "yaml.duplicate-key")]


def test_unusual_line_separators_are_reported():
    _, _, problems = parse_yaml("a: x\u2028y\nb: 1\n", "f")
    assert where(problems) == [(1, 5, "yaml.control-character")]
