"""Loading register interfaces: every problem in a register file is a located diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from schillen.errors import RegisterError
from schillen.registers import load_register, parse_register, read_register
from tests.conftest import NO_FIFOS, feed_fifo, where
from tests.registers import MINI, mini


def test_mini_register_loads():
    result = read_register(MINI)
    assert result.diagnostics == []
    assert result.register is not None
    assert list(result.register.objects["gebouw"].operations) == ["plannen", "realiseren"]


def test_yaml_syntax_error_is_located():
    text = mini("      inAanbouw: {domain: UnderConstruction}", "      inAanbouw: {domain: [}")
    result = parse_register(text, "r.yaml")
    assert result.register is None
    assert where(result.diagnostics) == [(11, 28, "yaml.syntax")]


def test_misspelt_key_with_did_you_mean():
    text = mini("        command: RealizeBuilding", "        comand: RealizeBuilding")
    [d] = parse_register(text, "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (33, 9, "schema.unknown-key")
    assert d.hint("en") == "did you mean 'command'?"
    assert d.message("nl") == "onbekende sleutel 'comand'"


def test_section_pattern_is_explained():
    [d] = parse_register(mini('        source: "§4.1"\n      realiseren', '        source: "4.1"\n      realiseren'),
                         "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (31, 17, "schema.pattern")
    assert d.message("en") == "'4.1' is not a valid section"
    assert d.hint("en") == "cite a section of the reference, e.g. '§4.3' or '§4.3, §4.4'"


def test_an_operation_needs_from_or_creates():
    [d] = parse_register(mini("        from: [inAanbouw]\n", ""), "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (32, 7, "schema.invalid")
    assert d.message("en") == ("'realiseren' is not valid here: "
                               "an operation either creates its object or starts from statuses (from)")


def test_status_not_in_code_list():
    [d] = parse_register(mini("from: [inAanbouw]", "from: [inaanbouw]"), "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (34, 16, "register.code-not-in-list")
    assert d.message("en") == "'inaanbouw' is not a value of 'gebouwStatus'"
    assert d.hint("en") == "did you mean 'inAanbouw'?"
    assert d.message("nl") == "'inaanbouw' is geen waarde van 'gebouwStatus'"


def test_unknown_object_attribute_and_codelist():
    text = mini("      gebouwStatus: {type: code, codelist: gebouwStatus}",
                "      gebouwStatus: {type: code, codelist: gebouwStatus}\n"
                "      functie: {type: code, codelist: functies}\n"
                "      gebouweenheden: {type: link, object: gebouweenheden}")
    text = text.replace("        status_error: GebouwGeplandOfNietGerealiseerd",
                        "        status_error: GebouwGeplandOfNietGerealiseerd\n"
                        "        preconditions:\n"
                        "          - {attribute: geometrieMethode, in: [ingeschetst], source: \"§4.1\"}")
    diagnostics = parse_register(text, "r.yaml").diagnostics
    assert where(diagnostics) == [
        (26, 39, "register.unknown-codelist"),
        (27, 44, "register.unknown-object"),
        (40, 25, "register.unknown-attribute"),
    ]
    assert [d.hint("en") for d in diagnostics] == [
        "declared: gebouwStatus", "did you mean 'gebouw'?", "its attributes: functie, gebouwStatus, gebouweenheden"]
    assert diagnostics[2].message("en") == "'gebouw' has no attribute 'geometrieMethode'"


def test_unknown_operation_in_common_unit_rules():
    text = mini("    operations:\n", "    common_unit:\n"
                "      {attribute: gebouwStatus, value: gepland, counted: [gepland], threshold: 2, error: X,\n"
                "       exception: Y, allowed: [adreskoppelen], source: \"§4.4\"}\n    operations:\n")
    [d] = parse_register(text, "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (28, 32, "register.unknown-operation")
    assert d.message("en") == "'gebouw' has no operation 'adreskoppelen'"
    assert d.hint("en") == "its operations: plannen, realiseren"


def test_load_register_raises_with_diagnostics(tmp_path: Path):
    path = tmp_path / "r.yaml"
    path.write_text(mini("from: [inAanbouw]", "from: [inaanbouw]"), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert where(info.value.diagnostics) == [(34, 16, "register.code-not-in-list")]
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "nergens.yaml")
    assert where(info.value.diagnostics) == [(0, 0, "io.unreadable")]


def test_a_list_is_not_a_register():
    assert where(parse_register("- a\n", "r.yaml").diagnostics) == [(1, 1, "yaml.not-a-mapping")]


def test_a_precondition_needs_one_test():
    text = mini("        status_error: GebouwGeplandOfNietGerealiseerd",
                "        status_error: GebouwGeplandOfNietGerealiseerd\n"
                "        preconditions:\n"
                "          - {in: [gepland], check: the polygon is valid, source: \"§4.1\"}")
    [d] = parse_register(text, "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (38, 13, "schema.invalid")
    assert d.message("en") == ("'preconditions › item 1' is not valid here: "
                               "a precondition needs exactly one of in, not_in or check (found: in, check)")


def test_an_unknown_status_code_list_is_one_mistake():
    text = mini("      gebouwStatus: {type: code, codelist: gebouwStatus}",
                "      gebouwStatus: {type: code, codelist: gebouwstatus}")
    [d] = parse_register(text, "r.yaml").diagnostics
    assert (d.line, d.column, d.code) == (25, 44, "register.unknown-codelist")
    assert (d.message("en"), d.hint("en")) == ("code list 'gebouwstatus' is not declared under 'codelists'",
                                               "did you mean 'gebouwStatus'?")


@NO_FIFOS
def test_an_endless_register_file_stops_at_the_size_limit(tmp_path: Path):
    thread = feed_fifo(tmp_path / "register.yaml", b"a: b\n" * 10_000, forever=True)
    result = read_register(tmp_path / "register.yaml")
    thread.join(10)
    assert not thread.is_alive()
    assert where(result.diagnostics) == [(0, 0, "yaml.too-large")]
    assert result.diagnostics[0].args["size"] == "> 2000000" and result.register is None
