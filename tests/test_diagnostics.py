"""Diagnostics: order, severity, and the three output formats, byte for byte."""

from __future__ import annotations

import json

import pytest

from schillen.diagnostics import (
    CODES,
    Diagnostic,
    Severity,
    default_language,
    format_github,
    format_json,
    format_text,
    quote,
    worst,
)


def _diags() -> list[Diagnostic]:
    return [
        Diagnostic("fiches/b.yaml", 3, 1, "yaml.bom"),
        Diagnostic("fiches/a.yaml", 12, 5, "model.unknown-actor",
                   {"name": quote("lokt"), "suggestion": quote("loket"), "known": "burger, loket"}),
        Diagnostic("fiches/a.yaml", 2, 9, "schema.enum",
                   {"value": quote("validatd"), "allowed": "'draft', 'validated'", "suggestion": quote("validated")}),
    ]


def test_sorted_by_file_line_column_code():
    assert [(d.file, d.line) for d in sorted(_diags())] == [
        ("fiches/a.yaml", 2), ("fiches/a.yaml", 12), ("fiches/b.yaml", 3)
    ]


def test_severity_comes_from_the_code():
    bom, actor, _ = _diags()
    assert bom.severity is Severity.WARNING
    assert actor.severity is Severity.ERROR
    assert worst(_diags()) is Severity.ERROR
    assert worst([]) is None


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown diagnostic code"):
        Diagnostic("f", 1, 1, "yaml.nonsense")


def test_every_code_is_stage_dot_kebab():
    for code in CODES:
        stage, _, slug = code.partition(".")
        assert stage in {"io", "yaml", "schema", "model", "catalogue", "graph", "soundness", "bpmn",
                         "register", "scenario"}, code
        assert slug and slug == slug.lower() and " " not in slug and "_" not in slug, code


def test_a_file_name_with_a_line_break_or_an_escape_stays_on_its_line():
    d = Diagnostic("fiches/evil\x1b[31mred\nline.yaml", 2, 5, "yaml.tab")
    assert format_text([d]).splitlines()[0] == (
        "fiches/evil\\x1b[31mred\\nline.yaml:2:5: error yaml.tab: a tab is used for indentation")


def test_format_text_english_and_dutch():
    assert format_text(sorted(_diags()), "en") == (
        "fiches/a.yaml:2:9: error schema.enum: 'validatd' is not one of 'draft', 'validated'\n"
        "    hint: did you mean 'validated'?\n"
        "fiches/a.yaml:12:5: error model.unknown-actor: actor 'lokt' is not declared under 'actors'\n"
        "    hint: did you mean 'loket'?\n"
        "fiches/b.yaml:3:1: warning yaml.bom: the file starts with a byte order mark (BOM)\n"
        "    hint: save the file as UTF-8 without BOM"
    )
    assert format_text(sorted(_diags()), "nl").splitlines()[2] == (
        "fiches/a.yaml:12:5: fout model.unknown-actor: actor 'lokt' staat niet onder 'actors'"
    )


def test_format_json():
    data = json.loads(format_json(sorted(_diags())[:1], "nl"))
    assert data == [
        {
            "file": "fiches/a.yaml",
            "line": 2,
            "column": 9,
            "code": "schema.enum",
            "severity": "error",
            "message": "'validatd' is geen toegelaten waarde; kies uit 'draft', 'validated'",
            "hint": "bedoelt u 'validated'?",
        }
    ]


def test_format_github():
    assert format_github(sorted(_diags())) == (
        "::error file=fiches/a.yaml,line=2,col=9,title=schema.enum::"
        "'validatd' is not one of 'draft', 'validated'%0Adid you mean 'validated'?\n"
        "::error file=fiches/a.yaml,line=12,col=5,title=model.unknown-actor::"
        "actor 'lokt' is not declared under 'actors'%0Adid you mean 'loket'?\n"
        "::warning file=fiches/b.yaml,line=3,col=1,title=yaml.bom::"
        "the file starts with a byte order mark (BOM)%0Asave the file as UTF-8 without BOM"
    )


def test_hint_without_suggestion_falls_back():
    d = Diagnostic("f", 1, 1, "model.unknown-actor", {"name": quote("x"), "suggestion": "", "known": "loket"})
    assert d.hint() == "declare it under 'actors' or use one of loket"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("gewoon", "'gewoon'"),
        ("it's", "'it\\'s'"),
        ("a\nb", "'a\\nb'"),
        ("\x1b[2J", "'\\x1b[2J'"),
        (3, "'3'"),
        (None, "'null'"),
        ("é" * 80, "'" + "é" * 59 + "…'"),
    ],
)
def test_quote(value: object, shown: str):
    assert quote(value) == shown


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"SCHILLEN_LANG": "nl"}, "nl"),
        ({"SCHILLEN_LANG": "EN", "LANG": "nl_BE.UTF-8"}, "en"),
        ({"SCHILLEN_LANG": "fr", "LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LC_ALL": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_default_language(env: dict[str, str], lang: str):
    assert default_language(env) == lang


def test_each_check_module_lists_the_codes_it_gives():
    """Every code of the process, scenario and BPMN stages is listed by exactly one module (its ``CODES``)."""
    from schillen import bpmn, scenarios
    from schillen.checks import register, soundness, structure

    listed = [code for module in (structure, soundness, register, scenarios, bpmn) for code in module.CODES]
    assert len(listed) == len(set(listed))
    assert set(listed) <= set(CODES)
    for stage in ("graph", "soundness", "scenario", "bpmn"):
        assert {code for code in CODES if code.startswith(f"{stage}.")} <= set(listed), stage
    assert [code for code in register.CODES if code.startswith("register.")] == list(register.CODES)
