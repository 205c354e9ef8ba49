"""The YAML reader: values, positions, and a clear answer for every way YAML goes wrong."""

from __future__ import annotations

import pytest

from schillen._yaml import KEY, MAX_DEPTH, decode, not_text, parse_yaml
from tests.conftest import ROOT, where


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


def test_an_anchor_on_text_that_nothing_uses_is_text_that_lost_its_first_word():
    _, _, problems = parse_yaml("name: &Aangifte registreren\nnotes:\n  - &Let op\nkeep: &k ok\nagain: *k\n", "f")
    assert [(d.line, d.column, d.code, d.message(), d.hint()) for d in problems] == [
        (1, 7, "yaml.anchor-in-text",
         "text that starts with '&' is read as an anchor (a name to use the value again): '&Aangifte' is dropped "
         "and the value is 'registreren'",
         "if the '&' belongs to the text, put the whole value in quotes, e.g. name: \"&Aangifte registreren\"; "
         "fiches need no anchors"),
        (3, 5, "yaml.anchor-in-text",
         "text that starts with '&' is read as an anchor (a name to use the value again): '&Let' is dropped "
         "and the value is 'op'",
         "if the '&' belongs to the text, put the whole value in quotes, e.g. - \"&Let op\"; fiches need no anchors"),
    ]  # the anchor that *k uses is meant: not reported


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
         "a value cannot start with '@'"),
        ("a: 'open\nb: 1\n", (1, 4, "yaml.syntax"), "a quote opened here is never closed",
         "check quotes, colons and brackets"),
        ("a: [1, 2\nb: 3\n", (2, 2, "yaml.syntax"), "a ',' or ']' was expected here",
         "check quotes, colons and brackets"),
        ("a:\n\tb: 1\n", (2, 1, "yaml.tab"), "a tab is used for indentation", "indent with spaces only"),
        ("process:\n  a:\n    kind: task\n\nb:\n    kind: task\n  c:\n    kind: end\n", (5, 1, "yaml.indentation"),
         "'b' starts in column 1, left of the keys before and after it (column 3)",
         "move 'b:' to column 3, like the keys beside it"),
        ("a:\n  description: >-\n    De persoon wordt ingeschreven met ingang van de\n  aangifte.\n  next: b\n",
         (4, 3, "yaml.syntax"),
         "this line is not indented like the text of 'description' above it, so it ends that text",
         "if it belongs to the text, indent it like the text (to column 5)"),
        ("register:\n  \u2013 read: Gebouw\n    attributes: [gebouweenheden]\n", (2, 3, "yaml.syntax"),
         "a list item starts with '-' (a minus), not with '\u2013'",
         "a word processor made this dash or bullet of '- '; write '- read: Gebouw'"),
        ("notes:\n  - Eerste.\n  \u2022 title: Tweede\n    text: x\n", (3, 3, "yaml.syntax"),
         "a list item starts with '-' (a minus), not with '\u2022'",
         "a word processor made this dash or bullet of '- '; write '- title: Tweede'"),
    ],
)
def test_syntax_errors_are_explained(text: str, expected: tuple[int, int, str], message: str, hint: str):
    _, _, problems = parse_yaml(text, "f")
    assert where(problems) == [expected]
    assert problems[0].message().endswith(message)
    assert problems[0].hint().startswith(hint)
    assert problems[0].message("nl") != problems[0].message("en")


@pytest.mark.parametrize(
    ("text", "dutch"),
    [
        ("a: @x\n", "de YAML kan niet gelezen worden: dit teken mag hier niet staan"),
        ("name: [Opmerking] aangifte\nb: 1\n", "de YAML kan niet gelezen worden: hier wordt een sleutel verwacht"),
        ("a: * aangifte\n", "de YAML kan niet gelezen worden: hier wordt een letter of cijfer verwacht"),
        ("a:\n  b: 1\n c: 2\n", "verkeerd ingesprongen: hier wordt een sleutel verwacht"),
        ("a: [1, 2\nb: 3\n", "de YAML kan niet gelezen worden: hier wordt een ',' of ']' verwacht"),
    ],
)
def test_syntax_errors_in_plain_dutch(text: str, dutch: str):
    """Whole sentences that say what is expected, not "verwachte sleutel niet gevonden"."""
    _, _, problems = parse_yaml(text, "f")
    assert [d.message("nl") for d in problems] == [dutch]


def test_every_tab_line_is_reported():
    _, _, problems = parse_yaml("a:\n\tb: 1\n\tc: 2\nd: |\n  x\tin tekst\n", "f")
    assert where(problems) == [(2, 1, "yaml.tab"), (3, 1, "yaml.tab")]


def test_with_tabs_read_as_spaces_the_rest_of_the_file_is_checked_too():
    text = ("process:\n  a:\n    kind: task\n\tname: A\n\tactor: x\n    next: b\n  a:\n    kind: end\n"
            "  c:\n    name: &C x\n")
    data, smap, problems = parse_yaml(text, "f")
    assert where(problems) == [(4, 1, "yaml.tab"), (5, 1, "yaml.tab"), (7, 3, "yaml.duplicate-key"),
                               (10, 11, "yaml.anchor-in-text")]  # a tab is 4 spaces here: it lines up
    assert data["process"]["a"] == {"kind": "task", "name": "A", "actor": "x", "next": "b"}  # read on: checked on
    _, smap, problems = parse_yaml("a:\n  b: 1\n\tc: 2\n", "f")
    assert where(problems) == [(3, 1, "yaml.tab")]
    assert smap is not None and smap.locate(("a", "c", KEY)) == (3, 2) and smap.locate(("a", "c")) == (3, 5)


def test_tabs_that_fit_no_width_are_all_that_is_reported():
    _, _, problems = parse_yaml("a:\n\t b: 1\n  \t c: [\n", "f")
    assert where(problems) == [(2, 1, "yaml.tab"), (3, 3, "yaml.tab")]


def test_lines_under_an_empty_key_that_are_no_keys_are_left_to_the_general_advice():
    _, _, problems = parse_yaml("a:\n'b': 1\n  c: 2\n", "f")  # found by the property test: no traceback
    assert where(problems) == [(3, 4, "yaml.indentation")]


def test_tabs_inside_text_are_fine():
    data, _, problems = parse_yaml("a: |\n  x\ty\n", "f")
    assert problems == [] and data == {"a": "x\ty\n"}


@pytest.mark.parametrize(
    ("text", "message", "message_nl"),
    [
        ("", "the file is empty", "het bestand is leeg"),
        ("\n  \n", "the file is empty", "het bestand is leeg"),
        ("# yaml-language-server: $schema=../schemas/fiche.schema.json\n\n# nog in te vullen\n",
         "the file holds only comments, no fiche", "het bestand bevat alleen opmerkingen, geen fiche"),
    ],
)
def test_an_empty_file_and_one_with_only_comments(text: str, message: str, message_nl: str):
    _, _, problems = parse_yaml(text, "f")
    assert [(d.line, d.column, d.code, d.message(), d.message("nl")) for d in problems] == [
        (0, 0, "yaml.empty", message, message_nl)]


def test_depth_limit_at_exactly_max_depth():
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse_yaml(ok, "f")[2] == []
    deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert where(parse_yaml(deep, "f")[2]) == [(1, 4 + MAX_DEPTH - 1, "yaml.too-deep")]


def test_decode_reports_every_bad_byte_of_utf8_and_keeps_going():
    text, problems = decode(b"a: caf\xc3\xa9 \xe9\nb: na\xefef\n", "f")  # UTF-8 (the first \xc3\xa9) with stray bytes
    assert where(problems) == [(1, 9, "yaml.encoding"), (2, 6, "yaml.encoding")]
    assert [d.hint() for d in problems] == ["save the file as UTF-8 (in most editors: 'Save with encoding')"] * 2
    assert text == "a: café \ufffd\nb: na\ufffdef\n"


def test_a_windows_1252_file_is_read_as_such_and_reported_once():
    text, problems = decode("id: x\nsummary: Een café, § 2 en ë\n".encode("cp1252"), "f")
    assert text == "id: x\nsummary: Een café, § 2 en ë\n"
    assert [(d.line, d.column, d.code, d.message(), d.hint(), d.message("nl"), d.hint("nl")) for d in problems] == [
        (2, 17, "yaml.encoding", "byte 0xe9 is not valid UTF-8",
         "the file was saved as Windows-1252 ('ANSI'), where this byte is 'é'; the file has 3 such letter(s) and is "
         "read that way for now: save it as UTF-8 (in most editors: 'Save with encoding')",
         "byte 0xe9 is geen geldige UTF-8",
         "het bestand is bewaard als Windows-1252 ('ANSI'), waarin deze byte 'é' is; het bestand heeft 3 zulke "
         "letter(s) en wordt voorlopig zo gelezen: bewaar het als UTF-8 (in de meeste editors: 'Opslaan met "
         "codering')")]


def test_the_name_of_a_wide_encoding_is_dutch_in_dutch():
    [problem] = decode("a: 1\n".encode("utf-16-le"), "f")[1]
    assert problem.message("nl") == "byte 0x00 (UTF-16LE zonder BOM) is geen geldige UTF-8"


@pytest.mark.parametrize(("data", "kind"), [
    (b"PK\x03\x04\x14\x00", "zip"), (b"%PDF-1.7\n", "pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1", "ole"),
    (b"\x89PNG\r\n", "image"), (b"\xff\xd8\xff\xe0", "image"), (b"GIF89a", "image"),
    (b"id: x\n\x00\n", "binary"), (b"id: x\n" + b"\x01\x02" * 60 + b"a" * 9000, "binary"),
    (b"id: x\n" + b"\x07" + b"a" * 200, None),  # one bell in 200 bytes: text with a mistake in it
    ("id: x\n".encode("utf-16-le"), None), ("id: x\n".encode("utf-32"), None), (b"", None),
])
def test_files_that_are_not_text(data: bytes, kind: str | None):
    assert not_text(data) == kind


def test_control_characters_are_listed_up_to_twenty_and_the_rest_counted():
    _, _, problems = parse_yaml("a: b\n" + "".join(f"c{i}\x07: d\n" for i in range(25)), "f")
    assert [d.line for d in problems] == list(range(2, 22))
    assert problems[-1].hint() == ("delete it; it often comes from copying text out of a PDF or a web page. The file "
                                   "has 5 more such characters after this one, not listed one by one")
    assert problems[0].hint() == "delete it; it often comes from copying text out of a PDF or a web page"


def test_utf16_is_refused():
    _, problems = decode("a: 1\n".encode("utf-16"), "f")
    assert where(problems)[0] == (1, 1, "yaml.encoding")


def test_line_numbers_match_the_editor_for_every_line_ending():
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["a: 1", "b: 2", "a: 3", ""])
        assert where(parse_yaml(text, "f")[2]) == [(3, 1, "yaml.duplicate-key")]


def test_bidirectional_controls_that_reorder_the_text_shown_are_reported():
    _, _, problems = parse_yaml("name: Aanvraag \u202egnirts\nb: x\u2066y\u2069\n", "f")
    assert [(d.line, d.column, d.code, d.args["char"]) for d in problems] == [
        (1, 16, "yaml.control-character", "U+202E"), (2, 5, "yaml.control-character", "U+2066"),
        (2, 7, "yaml.control-character", "U+2069")]


def test_unusual_line_separators_are_reported():
    _, _, problems = parse_yaml("a: x\u2028y\nb: 1\n", "f")
    assert where(problems) == [(1, 5, "yaml.control-character")]


def test_every_control_character_at_its_own_place_in_one_pass():
    text = "a: x\x07\nb: 1\n\nc: y\x1b z\x1b\n" + "".join(f"d{i}: w\x07\n" for i in range(2000))
    _, _, problems = parse_yaml(text, "f")
    assert where(problems)[:5] == [(1, 5, "yaml.control-character"), (4, 5, "yaml.control-character"),
                                   (4, 8, "yaml.control-character"), (5, 6, "yaml.control-character"),
                                   (6, 6, "yaml.control-character")]
    assert where(problems)[-1] == (21, 7, "yaml.control-character") and len(problems) == 20  # the first 20
    assert problems[-1].args == {"char": "U+0007", "more": 1983}  # of 2003
    assert [p.args["char"] for p in problems[:3]] == ["U+0007", "U+001B", "U+001B"]


def test_control_characters_written_as_escapes_are_reported():
    text = 'name: "Rood \\e[31mX\\e[0m \\a"\nnote: "tab\\tand\\nnewline are text"\n"s\\0leutel": 1\n'
    data, _, problems = parse_yaml(text, "f")
    assert where(problems) == [(1, 7, "yaml.control-character"), (3, 1, "yaml.control-character")]
    assert [p.args["char"] for p in problems] == ["U+001B", "U+0000"]
    assert data == {"name": "Rood \x1b[31mX\x1b[0m \x07", "note": "tab\tand\nnewline are text", "s\x00leutel": 1}


# --- where the author made the mistake, not where YAML noticed it ---------------------------


def _one(text: str) -> tuple[tuple[int, int, str], list[str]]:
    """The one problem of ``text``: its place, and its message and hint in English and Dutch."""
    _, _, problems = parse_yaml(text, "f")
    assert len(problems) == 1, problems
    d = problems[0]
    return (d.line, d.column, d.code), [d.message(), d.hint(), d.message("nl"), d.hint("nl")]


STEPS = (
    "process:\n  a:\n    kind: task\n{line}\n    description: >-\n      Zie \"model 8\" hier.\n  b:\n    kind: end\n"
)


def test_a_quote_not_closed_on_its_line_is_reported_where_it_opens():
    place, words = _one(STEPS.format(line='    name: "Verslag bezorgen'))
    assert place == (4, 11, "yaml.syntax")
    assert words == [
        "the YAML cannot be read: the quote opened here is not closed on this line",
        "close the quote at the end of the text, or remove it; as it is, the text runs on to the next quote, on line 6",
        "de YAML kan niet gelezen worden: het aanhalingsteken dat hier opent, wordt op deze regel niet gesloten",
        "sluit het aanhalingsteken aan het einde van de tekst, of verwijder het; nu loopt de tekst door tot het "
        "volgende aanhalingsteken, op regel 6",
    ]


APOSTROPHE = [
    "the YAML cannot be read: text that starts with ' is read as quoted text up to the next '",
    "put the whole text in double quotes: \"'s Avonds verslag bezorgen\"",
    "de YAML kan niet gelezen worden: tekst die begint met ' wordt gelezen als tekst tussen aanhalingstekens, "
    "tot de volgende '",
    "zet de hele tekst tussen dubbele aanhalingstekens: \"'s Avonds verslag bezorgen\"",
]


@pytest.mark.parametrize(
    "text",
    [
        # up to an apostrophe many lines further down
        "process:\n  a:\n    name: 's Avonds verslag bezorgen\n    kind: task\n    notes: pagina's en meer\n",
        # up to the end of the file
        "process:\n  a:\n    name: 's Avonds verslag bezorgen\n    kind: task\n",
    ],
)
def test_text_that_starts_with_an_apostrophe(text: str):
    place, words = _one(text)
    assert place == (3, 11, "yaml.syntax")
    assert words == APOSTROPHE


def test_text_with_two_apostrophes_on_one_line():
    place, words = _one("a:\n  name: 's-Gravenwezel en 't Hof\n  kind: task\n")
    assert place == (2, 9, "yaml.syntax")
    assert words[1] == "put the whole text in double quotes: \"'s-Gravenwezel en 't Hof\""


def test_a_quote_inside_double_quoted_text():
    place, words = _one('a:\n  name: "Verslag "model 8" bezorgen"\n  kind: task\n')
    assert place == (2, 18, "yaml.syntax")
    assert words == [
        "the YAML cannot be read: the quoted text ends at this quote, but more text follows it",
        'inside double quotes write a quote as \\": name: "Verslag \\"model 8\\" bezorgen" '
        "(or put the text in single quotes)",
        "de YAML kan niet gelezen worden: de tekst tussen aanhalingstekens eindigt bij dit aanhalingsteken, "
        "maar er volgt nog tekst",
        'schrijf een aanhalingsteken binnen dubbele aanhalingstekens als \\": name: "Verslag \\"model 8\\" '
        'bezorgen" (of zet de tekst tussen enkele aanhalingstekens)',
    ]


def test_a_quote_inside_single_quoted_text():
    place, words = _one("a:\n  name: 'Verslag 'model 8' bezorgen'\n  kind: task\n")
    assert place == (2, 18, "yaml.syntax")
    assert words[1] == ("inside single quotes write a quote as '': name: 'Verslag ''model 8'' bezorgen' "
                        "(or put the text in double quotes)")
    assert words[3].startswith("schrijf een aanhalingsteken binnen enkele aanhalingstekens als '': ")


def test_quoted_text_over_several_lines_that_is_meant_is_not_blamed():
    _, _, problems = parse_yaml('a:\n  b: "Let op\n    zie: hier"\n  c: [1\n', "f")
    assert problems[0].message() == "the YAML cannot be read: a ',' or ']' was expected here"
    data, _, problems = parse_yaml('a:\n  b: "Let op\n    zie: hier"\n', "f")
    assert problems == [] and data == {"a": {"b": "Let op zie: hier"}}


@pytest.mark.parametrize(
    ("text", "place", "key", "suggestion"),
    [
        ("a:\n  name:Verslag bezorgen\n  description: >-\n    tekst\n", (2, 7), "name", "name: Verslag bezorgen"),
        ("a:\n  kind: task\n  name:Verslag bezorgen\n", (3, 7), "name", "name: Verslag bezorgen"),
        ("sources:\n  x:\n    url:https://www.vlaanderen.be\n    title: X\n", (3, 8), "url",
         "url: https://www.vlaanderen.be"),
    ],
)
def test_no_space_after_the_colon_of_a_key(text: str, place: tuple[int, int], key: str, suggestion: str):
    found, words = _one(text)
    assert found == (*place, "yaml.syntax")
    assert words == [
        f"the YAML cannot be read: after '{key}:' a space is needed",
        f"write '{suggestion}'",
        f"de YAML kan niet gelezen worden: na '{key}:' moet een spatie staan",
        f"schrijf '{suggestion}'",
    ]


def test_urls_and_times_in_values_are_fine():
    text = "url: https://www.vlaanderen.be\nlinks:\n  - http://x.be/a:b\nuur: 12:30\n"
    data, _, problems = parse_yaml(text, "f")
    assert problems == [] and data["links"] == ["http://x.be/a:b"] and data["uur"] == "12:30"


def test_no_space_after_a_list_dash():
    found, words = _one("register:\n  - read: Adres\n  -read: Gebouw\n    attributes: [gebouwStatus]\n")
    assert found == (3, 3, "yaml.syntax")
    assert words == [
        "the YAML cannot be read: a list item needs a space after '-'",
        "write '- read: Gebouw'",
        "de YAML kan niet gelezen worden: na de '-' van een lijstelement moet een spatie staan",
        "schrijf '- read: Gebouw'",
    ]


def test_typographic_quotes():
    found, words = _one("a:\n  name: \u201cStap 4: verslag bezorgen\u201d\n")
    assert found == (2, 16, "yaml.syntax")
    assert words == [
        "the YAML cannot be read: a colon is not allowed here",
        "these are typographic quotes from a word processor, which YAML does not read as quotes; "
        'use straight quotes ("), e.g. name: "Stap 4: verslag bezorgen"',
        "de YAML kan niet gelezen worden: een dubbelpunt is hier niet toegelaten",
        "dit zijn typografische aanhalingstekens uit een tekstverwerker, die YAML niet als aanhalingstekens "
        'leest; gebruik rechte aanhalingstekens ("), bv. name: "Stap 4: verslag bezorgen"',
    ]


def test_a_colon_in_a_value_gets_the_authors_line_in_quotes():
    found, words = _one("id: x\ntitle: Verhuis: in- en uitschrijven\n")
    assert found == (2, 15, "yaml.syntax")
    assert words == [
        "the YAML cannot be read: a colon is not allowed here",
        'a value that contains \': \' must be in quotes: title: "Verhuis: in- en uitschrijven"',
        "de YAML kan niet gelezen worden: een dubbelpunt is hier niet toegelaten",
        'een waarde met \': \' erin moet tussen aanhalingstekens: title: "Verhuis: in- en uitschrijven"',
    ]


def test_a_colon_in_a_continued_text_gets_the_general_example():
    _, words = _one("a:\n  - Eerst dit\n    en dan: dat\n")
    assert words[1] == 'a value that contains \': \' must be in quotes, e.g. name: "Aanvraag: ontvangen"'


@pytest.mark.parametrize(
    ("line", "hint", "hint_nl"),
    [
        ("    name: %Aangifte registreren",
         "a value cannot start with '%'; put the whole value in quotes: name: \"%Aangifte registreren\"",
         "een waarde kan niet beginnen met '%'; zet de hele waarde tussen aanhalingstekens: "
         "name: \"%Aangifte registreren\""),
        ("    name: @loket registreert",
         "a value cannot start with '@'; put the whole value in quotes: name: \"@loket registreert\"",
         "een waarde kan niet beginnen met '@'; zet de hele waarde tussen aanhalingstekens: "
         "name: \"@loket registreert\""),
        ("    - `Aangifte` registreren",
         "a value cannot start with '`'; put the whole value in quotes: - \"`Aangifte` registreren\"",
         "een waarde kan niet beginnen met '`'; zet de hele waarde tussen aanhalingstekens: "
         "- \"`Aangifte` registreren\""),
        ("    names: [%a, b]",
         "a value cannot start with '%'; put the whole value in quotes",
         "een waarde kan niet beginnen met '%'; zet de hele waarde tussen aanhalingstekens"),
    ],
)
def test_a_value_that_starts_with_a_reserved_character(line: str, hint: str, hint_nl: str):
    found, words = _one(f"a:\n  b:\n{line}\n")
    assert found[0] == 3 and found[2] == "yaml.syntax"
    assert words == ["the YAML cannot be read: this character cannot stand here", hint,
                     "de YAML kan niet gelezen worden: dit teken mag hier niet staan", hint_nl]


def test_text_that_starts_with_a_star_is_one_error_with_the_line_quoted():
    found, words = _one("a:\n  name: *Aangifte registreren\n")
    assert found == (2, 9, "yaml.undefined-alias")
    assert words == [
        "alias '*Aangifte' refers to no anchor",
        "if the '*' belongs to the text, put the whole value in quotes: name: \"*Aangifte registreren\"; "
        "otherwise define '&Aangifte' before using '*Aangifte'",
        "alias '*Aangifte' verwijst naar geen anker",
        "hoort de '*' bij de tekst, zet dan de hele waarde tussen aanhalingstekens: "
        "name: \"*Aangifte registreren\"; anders definieer '&Aangifte' voor u '*Aangifte' gebruikt",
    ]


def test_an_alias_inside_brackets_keeps_the_general_example():
    _, words = _one("a: [*y, b]\n")
    assert words[1] == ("if the '*' belongs to the text, put the whole value in quotes, e.g. name: \"*y\"; "
                        "otherwise define '&y' before using '*y'")


def test_typographic_quotes_that_read_fine_are_text():
    data, _, problems = parse_yaml("name: \u201eVerslag\u201d\n", "f")
    assert problems == [] and data == {"name": "\u201eVerslag\u201d"}


# --- invisible and unusual spaces -----------------------------------------------------------


NBSP_WORDS = [
    "an invisible no-break space (U+00A0) is here",
    "delete it, and type an ordinary space if a space belongs there; it often comes from copying text out "
    "of Word, a PDF or a web page",
    "hier staat een onzichtbare harde spatie (U+00A0)",
    "verwijder ze, en typ een gewone spatie als er een spatie hoort; ze komt vaak mee bij kopiëren uit Word, "
    "een PDF of een webpagina",
]
ZERO_WIDTH_WORDS = [
    "an invisible zero-width space (U+200B) is here",
    "delete it; it often comes from copying text out of Word, a PDF or a web page",
    "hier staat een onzichtbare spatie zonder breedte (U+200B)",
    "verwijder het teken; het komt vaak mee bij kopiëren uit Word, een PDF of een webpagina",
]


def test_a_no_break_space_in_the_indentation_is_reported_where_it_is_and_the_rest_is_read():
    data, _, problems = parse_yaml("a:\n  b: 1\n\u00a0 name: x\n  b: 2\n", "f")
    assert where(problems) == [(3, 1, "yaml.invisible-space"), (4, 3, "yaml.duplicate-key")]
    d = problems[0]
    assert [d.message(), d.hint(), d.message("nl"), d.hint("nl")] == NBSP_WORDS
    assert data == {"a": {"b": 1, "name": "x"}}


def test_a_zero_width_space_in_an_id_is_taken_out():
    data, smap, problems = parse_yaml("actor: wijkagent\u200b\nnext: {a: b\u200bc, d: e}\n", "f")
    assert where(problems) == [(1, 17, "yaml.invisible-space"), (2, 12, "yaml.invisible-space")]
    d = problems[0]
    assert [d.message(), d.hint(), d.message("nl"), d.hint("nl")] == ZERO_WIDTH_WORDS
    assert data == {"actor": "wijkagent", "next": {"a": "bc", "d": "e"}}
    # positions are those of the file as it is, with the invisible character in it
    assert smap.locate(("next", "d")) == (2, 19) and smap.locate(("next", "d", KEY)) == (2, 16)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  -\u00a0read: x\n", [(2, 4)]),  # after a list dash
        ("name:\u00a0Verslag bezorgen\n", [(1, 6)]),  # after the colon of a key
        ("ac\u00a0tor: x\n", [(1, 3)]),  # in a key
        ("actor: loket\u00a0\n", [(1, 13)]),  # at the end of a value
        ("actor: 'loket\u00a0'\n", [(1, 14)]),  # at the end of quoted text
        ("actor: wijk\u00a0agent\n", [(1, 12)]),  # inside one name
        ("a: [loket,\u00a0burger]\n", [(1, 11)]),  # around an item of a list
        ("a: x\u2003y\nb: x\u3000y\nc: x\u202fy\n", [(1, 5), (2, 5), (3, 5)]),
        ("a: x\u2060y\nb: x\ufeffy\n", [(1, 5), (2, 5)]),
    ],
)
def test_unusual_spaces_that_are_mistakes(text: str, expected: list[tuple[int, int]]):
    problems = parse_yaml(text, "f")[2]
    assert where(problems) == [(*place, "yaml.invisible-space") for place in expected]


def test_a_no_break_space_in_text_for_people_is_meant_even_between_two_words_that_look_like_one_name():
    data, _, problems = parse_yaml("name: Vertrek\u00a0controleren\ntitle: Aanvraag\u202fontvangen\n"
                                   "actor: wijk\u00a0agent\ndescription: Een\u200bwoord\n", "f")
    assert where(problems) == [(3, 12, "yaml.invisible-space"), (4, 17, "yaml.invisible-space")]
    assert data["name"] == "Vertrek\u00a0controleren" and data["title"] == "Aanvraag\u202fontvangen"


def test_names_of_the_unusual_spaces():
    problems = parse_yaml("a: x\u2003y\nb: x\u2060y\nc: x\u202fy\n", "f")[2]
    assert [d.message() for d in problems] == [
        "an invisible space of a special width (U+2003) is here",
        "an invisible word joiner (U+2060) is here",
        "an invisible narrow no-break space (U+202F) is here",
    ]
    assert [d.message("nl") for d in problems] == [
        "hier staat een onzichtbare spatie met een bijzondere breedte (U+2003)",
        "hier staat een onzichtbare woordverbinder (U+2060)",
        "hier staat een onzichtbare smalle harde spatie (U+202F)",
    ]
    assert problems[1].hint().startswith("delete it;") and problems[0].hint().startswith("delete it, and type")


def test_a_no_break_space_inside_text_is_meant():
    text = ("description: Zie art.\u00a08, binnen 5\u00a0dagen.\narticle: art.\u00a08\nshare: 5\u00a0%\n"
            "notes: >-\n  Het KB van 16\u00a0juli 1992.\n")
    data, _, problems = parse_yaml(text, "f")
    assert problems == []
    assert data == {"description": "Zie art.\u00a08, binnen 5\u00a0dagen.", "article": "art.\u00a08",
                    "share": "5\u00a0%", "notes": "Het KB van 16\u00a0juli 1992."}


def test_a_no_break_space_next_to_a_colon_inside_text_is_meant():
    text = ("a: Let op:\u00a0dit\nb: 'Remarque\u00a0: ceci'\nc: >-\n  Opmerking:\u00a0zie\n  Remarque\u00a0: ceci\n"
            "d: {e:\u00a0f}\n")
    data, _, problems = parse_yaml(text, "f")
    assert where(problems) == [(6, 7, "yaml.invisible-space")]  # in a flow mapping, 'e:' is a key
    assert data == {"a": "Let op:\u00a0dit", "b": "Remarque\u00a0: ceci",
                    "c": "Opmerking:\u00a0zie Remarque\u00a0: ceci", "d": {"e": "f"}}


def test_meant_and_wrong_spaces_in_one_file():
    data, _, problems = parse_yaml("a:\n\u00a0 b: 5\u00a0dagen\n  c: 1\n", "f")
    assert where(problems) == [(2, 1, "yaml.invisible-space")]
    assert data == {"a": {"b": "5\u00a0dagen", "c": 1}}


def test_a_byte_order_mark_at_the_start_is_not_an_invisible_space():
    assert parse_yaml("\ufeffa: 1\n", "f")[2] == []


def test_bundled_fiches_have_no_yaml_problems():
    for path in sorted((ROOT / "fiches").glob("*.yaml")):
        assert parse_yaml(path.read_text(encoding="utf-8"), str(path))[2] == [], path


# --- a '#' that cuts a value ------------------------------------------------------------------


def test_a_hash_in_a_value_cuts_it_with_a_warning():
    data, _, problems = parse_yaml("name: Afvoeren naar het buitenland (model #8)\n", "f")
    assert data == {"name": "Afvoeren naar het buitenland (model"}
    assert where(problems) == [(1, 43, "yaml.comment-in-value")]
    d = problems[0]
    assert d.severity.name == "WARNING"
    assert [d.message(), d.hint(), d.message("nl"), d.hint("nl")] == [
        "the text after '#' is read as a comment and is not part of the value",
        'put the whole text in quotes: name: "Afvoeren naar het buitenland (model #8)"',
        "de tekst na '#' wordt gelezen als een opmerking en hoort niet bij de waarde",
        'zet de hele tekst tussen aanhalingstekens: name: "Afvoeren naar het buitenland (model #8)"',
    ]


def test_a_hash_at_the_start_of_a_value_empties_it():
    data, _, problems = parse_yaml("a:\n  name: #8 Afvoeren\n  kind: task\n", "f")
    assert data == {"a": {"name": None, "kind": "task"}}
    assert where(problems) == [(2, 9, "yaml.comment-in-value")]
    assert problems[0].hint() == 'put the whole text in quotes: name: "#8 Afvoeren"'


def test_a_hash_in_a_list_item_and_in_text_over_two_lines():
    problems = parse_yaml("a:\n  - Woning bus #3\nb: Een lange\n  tekst #3\n", "f")[2]
    assert where(problems) == [(2, 16, "yaml.comment-in-value"), (4, 9, "yaml.comment-in-value")]
    assert problems[0].hint() == 'put the whole text in quotes: "Woning bus #3"'
    assert problems[1].hint() == 'put the whole text in quotes, e.g. name: "Afvoeren naar het buitenland (model #8)"'
    assert problems[1].hint("nl") == ('zet de hele tekst tussen aanhalingstekens, bv. name: '
                                      '"Afvoeren naar het buitenland (model #8)"')


@pytest.mark.parametrize(
    "text",
    [
        "status: draft   # nog na te lezen\n",  # a comment meant as one
        "# yaml-language-server: $schema=x\n#commentaar\na: 1\n  #ook commentaar\n",
        'name: "Woning bus #3"\nb: \'x\' #8\n',  # quoted text
        "a: |\n  Woning bus #3\n",  # block text
        "a: Woning#3\n",  # no space before the '#': part of the text
        "a: #todo\n  b: 1\n",  # the key has a value on the lines below
    ],
)
def test_comments_that_cut_nothing(text: str):
    assert parse_yaml(text, "f")[2] == []


def test_the_reading_never_fails_on_mangled_fiches():
    text = (ROOT / "fiches" / "in-uitschrijving.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for n in range(5, len(lines), 37):
        for change in ('"', "'", "\u00a0", "\u200b", " #x", "\u201c", "-"):
            mangled = "".join(lines[:n]) + change + "".join(lines[n:])
            mangled_end = "".join(lines[:n]) + lines[n].rstrip("\n") + change + "\n" + "".join(lines[n + 1 :])
            for candidate in (mangled, mangled_end):
                _, _, problems = parse_yaml(candidate, "f")
                assert all(d.line >= 0 and d.column >= 0 for d in problems)


def test_an_unusual_space_that_is_a_whole_key_is_reported_and_the_file_read_as_written():
    data, _, problems = parse_yaml("b: 1\nid:\n  \u00a0: null\n", "f")
    assert where(problems) == [(3, 3, "yaml.invisible-space")]
    assert data == {"b": 1, "id": {"\u00a0": None}}
