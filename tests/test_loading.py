"""Loading: every diagnostic code from a bad fiche, at its exact line and column."""

from __future__ import annotations

import shutil
import string
import time
from pathlib import Path
from typing import Any

import pytest

import schillen._io
import schillen._validation
from schillen import CODES
from schillen._io import read_at_most
from schillen._yaml import MAX_BYTES, parse_yaml
from schillen.errors import FicheError
from schillen.loading import (
    Catalogue,
    _pydantic_diagnostic,
    load_catalogue,
    load_fiche,
    parse_fiche,
    read_fiche,
)
from tests.conftest import BAD, DATA, MINIMAL, NO_FIFOS, check_copy, check_text, expected, feed_fifo, where

BAD_FILES = sorted(BAD.glob("*.yaml"))
# Codes that need more than one fiche file, or a situation a file cannot hold.
TESTED_ELSEWHERE = {
    "io.unreadable": "test_missing_path",
    "io.no-fiches": "test_folder_without_fiches",
    "io.txt-suffix": "test_fiches_in_any_case_and_those_saved_with_txt_added",
    "yaml.too-large": "test_too_large",
    "catalogue.duplicate-id": "test_duplicate_id",
    "schema.invalid": "test_unknown_pydantic_error",
    "soundness.livelock": "checks/test_soundness.py::test_livelock",
    "soundness.unfinished-branch": "checks/test_soundness.py::test_unfinished_branch",
    "soundness.dead-step": "checks/test_soundness.py::test_dead_step",
    "soundness.undecided": "checks/test_soundness.py::test_undecided",
    "bpmn.too-large": "test_bpmn.py::test_load_bpmn_too_large_and_missing",
    "bpmn.syntax": "test_bpmn.py::test_files_that_cannot_be_read",
    "bpmn.unsafe-xml": "test_bpmn.py::test_files_that_cannot_be_read",
    "bpmn.not-bpmn": "test_bpmn.py::test_files_that_cannot_be_read",
    "bpmn.no-process": "test_bpmn.py::test_files_that_cannot_be_read",
    "bpmn.unsupported-element": "test_bpmn.py::test_every_unsupported_element_is_named_in_a_warning",
    "bpmn.read-as": "test_bpmn.py::test_every_unsupported_element_is_named_in_a_warning",
    "bpmn.broken-flow": "test_bpmn.py::test_every_unsupported_element_is_named_in_a_warning",
    "bpmn.timer": "test_bpmn.py::test_timer_durations",
    # A scenario runs only on a sound process, where it cannot get stuck:
    "scenario.stuck": "test_scenarios.py::test_an_unsound_process_gets_stuck",
    # Register interface files, not fiches:
    "register.unknown-object": "registers/test_loading.py::test_unknown_object_attribute_and_codelist",
    "register.unknown-attribute": "registers/test_loading.py::test_unknown_object_attribute_and_codelist",
    "register.unknown-codelist": "registers/test_loading.py::test_unknown_object_attribute_and_codelist",
    "register.unknown-operation": "registers/test_loading.py::test_unknown_operation_in_common_unit_rules",
    "register.code-not-in-list": "registers/test_loading.py::test_status_not_in_code_list",
}


def test_every_code_has_a_failing_example():
    covered = {path.stem for path in BAD_FILES} | set(TESTED_ELSEWHERE)
    assert covered == set(CODES)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_fiche(path: Path, tmp_path: Path):
    diagnostics = check_copy(path, tmp_path)
    assert where(diagnostics) == expected(path)
    assert path.stem in {d.code for d in diagnostics}


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_fiche_messages_in_both_languages(path: Path, tmp_path: Path):
    for d in check_copy(path, tmp_path):
        code = CODES[d.code]
        for text in (code.en, code.nl):
            templates = [text.message, text.hint]
            templates += [t for key, t in text.hint_if.items() if d.args.get(key)]
            fields = {name for t in templates for _, name, _, _ in string.Formatter().parse(t) if name}
            assert fields <= set(d.args), (d.code, fields - set(d.args))
        assert d.message("en") != d.message("nl")
        assert d.hint("en") and d.hint("nl")


def test_minimal_fiche_is_clean():
    result = read_fiche(MINIMAL)
    assert result.diagnostics == []
    assert result.fiche is not None
    assert list(result.fiche.process) == [
        "aangifte", "controle", "gekend", "wachten", "splitsen",
        "rijksregister", "melden", "samen", "ingeschreven",
    ]
    assert result.fiche.process["splitsen"].next == ["rijksregister", "melden"]
    assert result.fiche.shells.kern == {"Adres": ["adresStatus", "busnummer"], "Gebouweenheid": ["gebouweenheidStatus"]}
    assert result.fiche.source_map.locate(("process", "gekend", "branches", "nee")) == (54, 35)


def test_all_problems_at_once():
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("version: 1.0.0", "version: 1.0")
    text = text.replace("actor: loket\n    name: Adres", "actor: lokt\n    name: Adres")
    text = text.replace("ja: splitsen", "ja: splitten").replace("title: Busnummers", "titel: Busnummers")
    assert where(check_text(text)) == [
        (4, 10, "schema.type"),
        (42, 12, "model.unknown-actor"),
        (54, 20, "model.unknown-step"),
        (83, 5, "schema.unknown-key"),
    ]


def test_did_you_mean():
    text = MINIMAL.read_text(encoding="utf-8").replace("ja: splitsen", "ja: splitten")
    [d] = check_text(text)
    assert d.hint("en") == "did you mean 'splitsen'?"
    assert d.hint("nl") == "bedoelt u 'splitsen'?"


def test_register_object_in_lower_case_is_accepted():
    result = parse_fiche(MINIMAL.read_text(encoding="utf-8"), "fiches/minimal.yaml")
    assert result.fiche is not None
    assert result.fiche.process["controle"].interactions[1].read == "Gebouweenheid"


def test_load_fiche_raises_with_diagnostics(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    shutil.copyfile(BAD / "schema.enum.yaml", path)
    with pytest.raises(FicheError) as info:
        load_fiche(path)
    assert where(info.value.diagnostics) == [(5, 9, "schema.enum")]


def test_missing_path(tmp_path: Path):
    catalogue = load_catalogue([tmp_path / "nergens.yaml"])
    assert where(catalogue.diagnostics) == [(0, 0, "io.unreadable")]
    assert "no such file" in catalogue.diagnostics[0].message()


def test_folder_without_fiches(tmp_path: Path):
    (tmp_path / "leeg").mkdir()
    catalogue = load_catalogue([tmp_path / "leeg"])
    assert where(catalogue.diagnostics) == [(0, 0, "io.no-fiches")]


def test_fiches_in_any_case_and_those_saved_with_txt_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    shutil.copyfile(MINIMAL, tmp_path / "a" / "minimal.YAML")  # as Windows may save it
    shutil.copyfile(MINIMAL, tmp_path / "a" / "aanvraag.yaml.txt")  # as Notepad saves it
    catalogue = load_catalogue(["a"])
    assert list(catalogue.fiches) == ["minimal"]
    [d] = catalogue.diagnostics
    shown = "'a/aanvraag.yaml.txt'"
    assert (d.line, d.column, d.code, d.message(), d.hint(), d.message("nl"), d.hint("nl")) == (
        0, 0, "io.txt-suffix", f"{shown} looks like a fiche saved with '.txt' added to its name; it is not read",
        "rename it to 'aanvraag.yaml' (Notepad adds '.txt' unless 'Save as type' is set to 'All files')",
        f"{shown} lijkt een fiche die bewaard is met '.txt' achter de naam; ze wordt niet gelezen",
        "hernoem het bestand naar 'aanvraag.yaml' (Kladblok voegt '.txt' toe, tenzij 'Opslaan als type' op "
        "'Alle bestanden' staat)")


def test_too_large(tmp_path: Path):
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    assert where(read_fiche(path).diagnostics) == [(0, 0, "yaml.too-large")]


def test_duplicate_id(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(MINIMAL, tmp_path / folder / "minimal.yaml")
    catalogue = load_catalogue([tmp_path])
    assert where(catalogue.diagnostics) == [(2, 5, "catalogue.duplicate-id")]
    assert catalogue.diagnostics[0].file.endswith("b/minimal.yaml")
    assert list(catalogue.fiches) == ["minimal"]


def test_loaded_is_called_with_each_fiche_as_it_joins(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(MINIMAL, tmp_path / folder / "minimal.yaml")
    (tmp_path / "a" / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    seen: list[tuple[str, str, int]] = []
    catalogue = load_catalogue([tmp_path], loaded=lambda fiche: seen.append((fiche.id, fiche.file, len(seen))))
    # once per fiche that joins the catalogue: not the broken file, not the second fiche with the id
    assert seen == [("minimal", catalogue.fiches["minimal"].file, 0)]
    assert seen[0][1].endswith("a/minimal.yaml")


def test_unknown_pydantic_error():
    # A pydantic error type we have no words for still becomes a located diagnostic.
    _, smap, _ = parse_yaml("a:\n  b: 3\n", "f.yaml")
    err = {"type": "some_future_error", "loc": ("a", "b"), "msg": "Value is odd", "input": 3, "ctx": {}}
    d = _pydantic_diagnostic(err, "f.yaml", smap)
    assert (d.line, d.column, d.code) == (2, 6, "schema.invalid")
    assert d.message() == "'3' is not valid here: Value is odd"


def test_call_to_fiche_in_catalogue(tmp_path: Path):
    shutil.copyfile(MINIMAL, tmp_path / "minimal.yaml")  # 'melden' calls the fiche itself
    assert load_catalogue([tmp_path]).diagnostics == []


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 50_000 + "}" * 50_000,
        "".join(" " * i + "k:\n" for i in range(3_000)),
        "- " * 100_000 + "x\n",
        "a: &a [" + ",".join(["x"] * 100) + "]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 100) + "]\n" for i in range(8)
        ),
    ],
    ids=["flow-sequences", "flow-mappings", "block-mappings", "block-sequences", "aliases"],
)
def test_hostile_structures_end_quickly(text: str):
    start = time.perf_counter()
    diagnostics = check_text(text)
    assert time.perf_counter() - start < 2.0
    assert {d.code for d in diagnostics} & {"yaml.too-deep", "yaml.alias-bomb"}


def test_hostile_string_is_quoted_harmlessly():
    text = MINIMAL.read_text(encoding="utf-8").replace("status: draft", 'status: "\\e[31mrood\\e[0m"')
    d, escape = check_text(text)  # both at 5:9, the schema's first by code
    assert (escape.line, escape.column, escape.code, escape.args["char"]) == (5, 9, "yaml.control-character", "U+001B")
    assert d.code == "schema.enum"
    assert "\x1b" not in d.message() and "\\x1b[31mrood" in d.message()


def test_examples_data_folder_exists():
    assert (DATA / "fiches").is_dir()


def test_sources_can_be_cited_from_steps_deadlines_and_citations():
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("    article: art. 1\n", "    article: art. 1\n    source: lanaken\n")
    text = text.replace("from: verhuis}", "from: verhuis, source: lanakn}")
    text = text.replace("    name: Rijksregister bijwerken\n", "    name: Rijksregister bijwerken\n    source: rr\n")
    assert where(check_text(text)) == [(39, 70, "model.unknown-source"), (69, 13, "model.unknown-source")]


def test_a_deadline_can_count_back():
    text = MINIMAL.read_text(encoding="utf-8").replace("from: verhuis}", "from: vertrek, before: true}")
    result = parse_fiche(text, "fiches/minimal.yaml")
    assert result.diagnostics == []
    deadline = result.fiche.process["aangifte"].deadline
    assert (deadline.within, deadline.unit.value, deadline.from_, deadline.before) == (
        8, "working_days", "vertrek", True)


def test_a_fiche_checked_alone_may_call_fiches_beside_it(tmp_path: Path):
    text = MINIMAL.read_text(encoding="utf-8").replace("call: minimal", "call: afvoering")
    (tmp_path / "minimal.yaml").write_text(text, encoding="utf-8")
    assert where(load_catalogue([tmp_path / "minimal.yaml"]).diagnostics) == [(73, 11, "catalogue.unknown-fiche")]
    (tmp_path / "afvoering.yaml").write_text("# wordt nog geschreven\n", encoding="utf-8")
    assert load_catalogue([tmp_path / "minimal.yaml"]).diagnostics == []


def test_utf16_file_gets_one_diagnostic(tmp_path: Path):
    path = tmp_path / "minimal.yaml"
    path.write_bytes(MINIMAL.read_text(encoding="utf-8").encode("utf-16"))
    assert where(read_fiche(path).diagnostics) == [(1, 1, "yaml.encoding")]


def test_invalid_id_is_not_also_a_file_name_mismatch():
    text = MINIMAL.read_text(encoding="utf-8").replace("id: minimal", "id: Minimal")
    assert where(check_text(text)) == [(2, 5, "schema.pattern")]


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("title: Kleinste geldige fiche", "title:", "fill it in"),
        ("    article: art. 1", "    article: ''", "fill it in, or remove the key: it is optional"),
        ("  ingeschreven:\n    kind: end\n    name: Ingeschreven", "  ingeschreven:", "fill it in"),
        ("summary: Een kleine", "working_group:\nsummary: Een kleine", "fill it in, or remove the key: it is optional"),
        ("    deadline: {within: 8, unit: working_days, from: verhuis}", "    deadline:",
         "fill it in, or remove the key: it is optional"),
    ],
)
def test_empty_values_say_whether_the_key_may_go(old: str, new: str, hint: str):
    text = MINIMAL.read_text(encoding="utf-8").replace(old, new)
    [d] = check_text(text)
    assert (d.code, d.hint()) == ("schema.empty", hint)


@pytest.mark.parametrize(
    ("old", "new", "where", "hint", "hint_nl"),
    [
        ("    branches: {ja: splitsen, nee: wachten}", "    branches:", (54, 14),
         "list each answer with the step it leads to, e.g. branches: {ja: ..., nee: ...}",
         "zet elk antwoord eronder met de stap waarnaar het leidt, bv. branches: {ja: ..., nee: ...}"),
        ("    next: gekend", "    next:", (50, 10),
         "write the id of the step that comes next", "schrijf de id van de stap die erna komt"),
    ],
)
def test_an_empty_branches_or_next_is_not_called_optional(old: str, new: str, where: tuple[int, int], hint: str,
                                                          hint_nl: str):
    """Without 'branches' a decision leads nowhere: removing the key, as "it is optional" said, was no fix."""
    [d] = check_text(MINIMAL.read_text(encoding="utf-8").replace(old, new))
    assert (d.line, d.column, d.code, d.hint(), d.hint("nl")) == (*where, "schema.empty", hint, hint_nl)


@pytest.mark.parametrize(
    ("step", "lines", "message", "hint", "message_nl", "hint_nl"),
    [
        ("controle", ["within: 20", "unit: calendar_days", "from: aangifte", "note: Kalenderdagen aangenomen."],
         "'within', 'unit', 'from' and 'note' belong under 'deadline:', not directly under the step",
         "write 'deadline:' on a line of its own under the step, and indent 'within', 'unit', 'from' and 'note' "
         "below it, two spaces further",
         "'within', 'unit', 'from' en 'note' horen onder 'deadline:', niet rechtstreeks onder de stap",
         "schrijf 'deadline:' op een eigen regel onder de stap, en laat 'within', 'unit', 'from' en 'note' eronder "
         "twee spaties verder inspringen"),
        ("wachten", ["unit: weeks"],
         "'unit' belongs under 'timer:' (how long the step waits) or 'deadline:', not directly under the step",
         "write 'timer:' or 'deadline:' on a line of its own under the step, and indent 'unit' below it, "
         "two spaces further",
         "'unit' hoort onder 'timer:' (hoe lang de stap wacht) of 'deadline:', niet rechtstreeks onder de stap",
         "schrijf 'timer:' of 'deadline:' op een eigen regel onder de stap, en laat 'unit' eronder twee spaties "
         "verder inspringen"),
    ],
)
def test_deadline_keys_straight_under_a_step_are_one_diagnostic(step: str, lines: list[str], message: str, hint: str,
                                                                message_nl: str, hint_nl: str):
    text = MINIMAL.read_text(encoding="utf-8")
    name = {"controle": "    name: Adres controleren\n", "wachten": "    name: Wachten op adresbeheerder\n"}[step]
    text = text.replace(name, name + "".join(f"    {line}\n" for line in lines))
    [d] = check_text(text)
    line = text[: text.index(name)].count("\n") + 2
    assert (d.line, d.column, d.code) == (line, 5, "schema.unknown-key")
    assert [d.message(), d.hint(), d.message("nl"), d.hint("nl")] == [message, hint, message_nl, hint_nl]


@pytest.mark.parametrize(
    ("date", "en", "nl"),
    [
        ("2026-13-01", "that month does not exist", "die maand bestaat niet"),
        ("2026-02-30", "that day does not exist in that month", "die dag bestaat niet in die maand"),
    ],
)
def test_date_reasons_in_both_languages(date: str, en: str, nl: str):
    [d] = check_text(MINIMAL.read_text(encoding="utf-8").replace("updated: 2026-11-28", f"updated: {date}"))
    assert d.message("en").endswith(en) and d.message("nl").endswith(nl)


@pytest.mark.parametrize(
    ("date", "hint", "hint_nl"),
    [
        ("28/11/2026", "did you mean 2026-11-28? A date is written as YYYY-MM-DD",
         "bedoelt u 2026-11-28? Een datum schrijft u als JJJJ-MM-DD"),
        ("28-11-2026", "did you mean 2026-11-28? A date is written as YYYY-MM-DD",
         "bedoelt u 2026-11-28? Een datum schrijft u als JJJJ-MM-DD"),
        ("1.3.2026", "did you mean 2026-03-01? A date is written as YYYY-MM-DD",
         "bedoelt u 2026-03-01? Een datum schrijft u als JJJJ-MM-DD"),
        ("30/02/2026", "write a date as YYYY-MM-DD, e.g. 2024-03-01",
         "schrijf een datum als JJJJ-MM-DD, bv. 2024-03-01"),
    ],
)
def test_a_date_written_day_first_gets_the_date_meant(date: str, hint: str, hint_nl: str):
    [d] = check_text(MINIMAL.read_text(encoding="utf-8").replace("updated: 2026-11-28", f"updated: {date}"))
    assert [d.code, d.message(), d.hint(), d.message("nl"), d.hint("nl")] == [
        "schema.date", f"'{date}' is not a valid date: a date starts with the year", hint,
        f"'{date}' is geen geldige datum: een datum begint met het jaar", hint_nl]


@pytest.mark.parametrize(("unit", "meant"), [("days", "calendar_days"), ("dagen", "calendar_days"),
                                             ("werkdag", "working_days"), ("week", "weeks"), ("maand", "months")])
def test_a_unit_in_other_words_gets_the_unit_meant(unit: str, meant: str):
    [d] = check_text(MINIMAL.read_text(encoding="utf-8").replace("unit: working_days", f"unit: {unit}"))
    assert (d.code, d.hint(), d.hint("nl")) == ("schema.enum", f"did you mean '{meant}'?", f"bedoelt u '{meant}'?")


@pytest.mark.parametrize(
    ("old", "new", "hint", "hint_nl"),
    [
        ("{within: 8, unit: working_days,", "{within: 8 werkdagen, unit: working_days,",
         "write the number and the unit apart: within: 8 and unit: working_days",
         "schrijf het getal en de eenheid apart: within: 8 en unit: working_days"),
        ("timer: {within: 1, unit: months}", "timer: {within: 1 maand, unit: months}",
         "write the number and the unit apart: within: 1 and unit: months",
         "schrijf het getal en de eenheid apart: within: 1 en unit: months"),
        ("{within: 8, unit: working_days,", "{within: 8 keer, unit: working_days,",
         "write only the number, within: 8, and the unit under 'unit'",
         "schrijf alleen het getal, within: 8, en de eenheid onder 'unit'"),
        ("{within: 8, unit: working_days,", "{within: acht, unit: working_days,",
         "write a whole number here", "schrijf hier een geheel getal"),
        ("{within: 8, unit: working_days,", '{within: "8,5", unit: working_days,',
         "write a whole number here", "schrijf hier een geheel getal"),
    ],
)
def test_a_term_with_its_unit_in_within_gets_the_two_keys(old: str, new: str, hint: str, hint_nl: str):
    [d] = check_text(MINIMAL.read_text(encoding="utf-8").replace(old, new))
    assert (d.code, d.hint(), d.hint("nl")) == ("schema.type", hint, hint_nl)


def test_tag_is_shown_as_written():
    text = MINIMAL.read_text(encoding="utf-8").replace("title: Kleinste", "title: !Voorlopig Kleinste")
    [d] = check_text(text)
    assert d.message() == "the YAML tag '!Voorlopig' is not supported"


def test_diagnostics_come_in_a_stable_order():
    text = "# yaml-language-server: $schema=x\nprocess: {}\n"
    runs = {tuple(d.message() for d in check_text(text)) for _ in range(5)}
    assert len(runs) == 1


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("status: draft", "status: concept", "did you mean 'draft'?"),
        ("unit: working_days", "unit: werkdagen", "did you mean 'working_days'?"),
        ("kind: decision", "kind: beslissing", "did you mean 'decision'?"),
        ("{type: string, required: true, personal", "{type: datum en tijd, required: true, personal",
         "did you mean 'datetime'?"),  # the book's word for the type
        ("{type: string, required: true, personal", "{type: decimaal getal, required: true, personal",
         "did you mean 'decimal'?"),
        ("    name: Adres gekend?", "    naam: Adres gekend?", "did you mean 'name'?"),
        ("expect: {adresStatus: [", "expect: {adresstatus: [",
         "did you mean 'adresStatus'? Otherwise add it to the list of 'Adres' under shells › kern"),
        ("attributes: [busnummer]", "attributes: [huisnummer]", "add it to the list of 'Adres' under shells › kern"),
    ],
)
def test_dutch_habits_and_near_misses_get_a_suggestion(old: str, new: str, hint: str):
    text = MINIMAL.read_text(encoding="utf-8").replace(old, new)
    hints = [d.hint() for d in check_text(text) if d.code != "schema.required"]
    assert hints == [hint]


# --- what is read: at most the limit, whatever the file is (review H1); UTF-16 and UTF-32 (M2) --------------


@NO_FIFOS
def test_a_fifo_is_read_like_a_file(tmp_path: Path):
    thread = feed_fifo(tmp_path / "minimal.yaml", MINIMAL.read_bytes())
    result = read_fiche(tmp_path / "minimal.yaml")
    thread.join(5)
    assert result.fiche is not None and result.fiche.id == "minimal"


@NO_FIFOS
def test_an_endless_fifo_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(schillen._validation, "MAX_BYTES", 10_000)  # where fiche and register files are read
    thread = feed_fifo(tmp_path / "x.yaml", b"a: b\n" * 1000, forever=True)
    started = time.monotonic()
    [d] = read_fiche(tmp_path / "x.yaml").diagnostics
    thread.join(5)
    assert time.monotonic() - started < 5 and not thread.is_alive()
    assert (d.line, d.column, d.code) == (0, 0, "yaml.too-large")
    assert d.message() == "the file is > 10000 bytes; a fiche may be at most 10000 bytes"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_stops_at_the_limit():
    [d] = read_fiche("/dev/zero").diagnostics
    assert (d.code, d.args["size"]) == ("yaml.too-large", f"> {MAX_BYTES}")


def test_read_at_most(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_at_most(path, 100) == (b"x" * 100, 100)
    assert read_at_most(path, 99) == (None, 100)          # by its size, without reading it
    reads: list[int] = []
    real_open = open

    def counting_open(*args: Any, **kwargs: Any) -> Any:
        raw = real_open(*args, **kwargs)
        read = raw.read
        raw_type = type("Counted", (), {"read": lambda self, n: reads.append(n) or read(n),
                                        "fileno": lambda self: raw.fileno(),
                                        "__enter__": lambda self: self, "__exit__": lambda self, *a: raw.close()})
        return raw_type()

    monkeypatch.setattr(schillen._io, "open", counting_open, raising=False)
    assert read_at_most(path, 1000) == (b"x" * 100, 100)
    assert reads == [101, 901]                            # the file in one read, then its end
    with pytest.raises(IsADirectoryError):
        read_at_most(tmp_path, 1000)


@pytest.mark.parametrize(("codec", "bom", "name"), [
    ("utf-16-le", b"", "0x00 (UTF-16LE without a BOM)"),
    ("utf-16-be", b"", "0x00 (UTF-16BE without a BOM)"),
    ("utf-32-le", b"", "0x00 (UTF-32LE without a BOM)"),
    ("utf-32-be", b"", "0x00 (UTF-32BE without a BOM)"),
    ("utf-16-le", b"\xff\xfe", "0xff (UTF-16LE)"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "0xff (UTF-32LE)"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "0x00 (UTF-32BE)"),
])
def test_utf16_and_utf32_are_named_once_and_read(tmp_path: Path, codec: str, bom: bytes, name: str):
    path = tmp_path / "minimal.yaml"
    path.write_bytes(bom + MINIMAL.read_text(encoding="utf-8").encode(codec))
    result = read_fiche(path)
    [d] = result.diagnostics
    assert (d.line, d.column, d.code, d.args["byte"]) == (1, 1, "yaml.encoding", name)
    assert result.fiche is None                            # an error: saved as UTF-8 it loads


def _said(d: Any) -> tuple[int, int, str, str, str, str, str]:
    """Where, the code, and the message and hint in English and Dutch."""
    return (d.line, d.column, d.code, d.message("en"), d.hint("en"), d.message("nl"), d.hint("nl"))


_GROUP_EN = "a group of keys with values is expected here"
_GROUP_NL = "hier wordt een groep sleutels met waarden verwacht"


@pytest.mark.parametrize(("old", "new", "said"), [
    ("title: Kleinste geldige fiche", "title: [Kleinste, fiche]",
     (3, 1, "schema.type", "this is a list of 2 items; text is expected here", "write text here",
      "dit is een lijst van 2 elementen; hier wordt tekst verwacht", "schrijf hier tekst")),
    ("    next: controle\n  controle:", "    next: 3\n  controle:",
     (39, 11, "schema.type", "3 is read as a number; a step id is expected here",
      "a step id starts with a lower-case letter, e.g. 'adres_gekend'; write the id of a step under 'process'",
      "3 wordt gelezen als een getal; hier wordt een stap-id verwacht",
      "een stap-id begint met een kleine letter, bv. 'adres_gekend'; schrijf de id van een stap onder 'process'")),
    ("cardinality: 1..n", "cardinality: 1",
     (25, 47, "schema.enum", "1 is read as a number, not as text; the allowed values are '0..1', '0..n', '1', '1..n'",
      'write it in quotes: "1"',
      "1 wordt gelezen als een getal, niet als tekst; de toegelaten waarden zijn '0..1', '0..n', '1', '1..n'",
      'zet het tussen aanhalingstekens: "1"')),
    ("      personal_data: true\n      attributes:\n        datum",
     '      personal_data: "true"\n      attributes:\n        datum',
     (20, 22, "schema.type", "'true' in quotes is read as text; true or false is expected here",
      "remove the quotes around true",
      "'true' tussen aanhalingstekens wordt gelezen als tekst; hier wordt true of false verwacht",
      "verwijder de aanhalingstekens rond true")),
    ("version: 1.0.0", "version: 1.0",
     (4, 10, "schema.type", "1.0 is read as a decimal number; text is expected here", "write three numbers, e.g. 1.0.0",
      "1.0 wordt gelezen als een decimaal getal; hier wordt tekst verwacht", "schrijf drie getallen, bv. 1.0.0")),
    ("    branches: {ja: splitsen, nee: wachten}", "    branches: [splitsen, wachten]",
     (54, 5, "schema.type", f"this is a list of 2 items; {_GROUP_EN}",
      "write 'key: value' pairs on indented lines below, without '- '",
      f"dit is een lijst van 2 elementen; {_GROUP_NL}",
      "schrijf 'sleutel: waarde'-paren op ingesprongen regels eronder, zonder '- '")),
    ("  loket: {name", "  burger: {name: B, kind: external}\n  loket: {name",
     (13, 3, "yaml.duplicate-key", "key 'burger' appears twice in this group (first on line 12)",
      "remove one of them or merge their contents",
      "sleutel 'burger' komt twee keer voor op dit niveau (eerst op regel 12)",
      "verwijder er een of voeg hun inhoud samen")),
], ids=["list-for-text", "number-for-step", "number-for-cardinality", "quoted-true", "decimal-version",
        "list-for-branches", "duplicate-key"])
def test_what_was_found_in_plain_words(old: str, new: str, said: tuple[Any, ...]):
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    assert [_said(d) for d in check_text(text.replace(old, new, 1))] == [said]


def test_process_written_as_a_list_of_steps():
    text = MINIMAL.read_text(encoding="utf-8").split("process:")[0]
    text += "process:\n  - id: aanvraag\n    kind: start\n  - id: klaar\n    kind: end\n"
    assert [_said(d) for d in check_text(text)] == [
        (33, 1, "schema.type", f"this is a list of 2 items; {_GROUP_EN}",
         "write each step as 'step_id:' (e.g. 'aanvraag:') with its keys indented below it, without '- '",
         f"dit is een lijst van 2 elementen; {_GROUP_NL}",
         "schrijf elke stap als 'stap_id:' (bv. 'aanvraag:') met zijn sleutels ingesprongen eronder, zonder '- '")]


def test_scenario_object_written_as_a_plain_id():
    text = MINIMAL.read_text(encoding="utf-8")
    text += "scenarios:\n  s:\n    title: S\n    objects: {Gebouweenheid: 3}\n    expect: {end: ingeschreven}\n"
    assert [_said(d) for d in check_text(text)] == [
        (91, 30, "schema.type", f"3 is read as a number; {_GROUP_EN}",
         'write Gebouweenheid: {id: "3"} for an object of the sample register, '
         "or Gebouweenheid: {status: ...} for a new one",
         f"3 wordt gelezen als een getal; {_GROUP_NL}",
         'schrijf Gebouweenheid: {id: "3"} voor een object uit het voorbeeldregister, '
         "of Gebouweenheid: {status: ...} voor een nieuw")]


def test_a_fiche_that_is_a_list_in_plain_words():
    [d] = [d for d in check_text("- id: x\n") if d.code == "yaml.not-a-mapping"]
    assert _said(d) == (1, 1, "yaml.not-a-mapping",
                        "a fiche must be a group of keys with values ('id: ...', 'title: ...'), not a list",
                        "start with 'id: ...' at the start of the line",
                        "een fiche moet een groep sleutels met waarden zijn ('id: ...', 'title: ...'), geen lijst",
                        "begin met 'id: ...' aan het begin van de regel")


def test_a_misspelt_process_is_one_error_not_one_per_step_reference():
    text = MINIMAL.read_text(encoding="utf-8").replace("process:", "proces:")
    text += ("scenarios:\n  s:\n    title: S\n    objects: {Adres: {status: voorgesteld}}\n"
             "    answers: {gekend: ja}\n    expect: {end: ingeschreven}\n")
    assert [_said(d) for d in check_text(text)] == [
        (33, 1, "schema.unknown-key", "unknown key 'proces'", "did you mean 'process'?",
         "onbekende sleutel 'proces'", "bedoelt u 'process'?")]


@pytest.mark.parametrize(("old", "new", "said"), [
    # the keys of a step in its own column: one error at the first of them, not one per key
    ("  ingeschreven:\n    kind: end\n    name: Ingeschreven\n",
     "  ingeschreven:\n  kind: end\n  name: Ingeschreven\n",
     (80, 3, "'kind' and 'name' belong to 'ingeschreven' but are not indented under it",
      "indent them two spaces further than 'ingeschreven:' (to column 5)")),
    # a step's id indented like the keys of the step above: one error, not one per repeated key
    ("  wachten:\n", "    wachten:\n",
     (55, 5, "step 'wachten' is indented like the keys of step 'gekend', so it is read as one of them",
      "start it in the column of 'gekend:' (column 3), and its keys two spaces further")),
    # the first keys of a step not indented, the rest right: where the reading stops is not the mistake
    ("  controle:\n    kind: task\n    actor: loket\n", "  controle:\n  kind: task\n  actor: loket\n",
     (41, 3, "'kind' and 'actor' belong to 'controle' but are not indented under it",
      "indent them two spaces further than 'controle:' (to column 5), like the lines below them")),
], ids=["keys-in-the-step-column", "step-in-the-key-column", "first-keys-only"])
def test_a_step_in_the_wrong_column_is_one_error(old: str, new: str, said: tuple[int, int, str, str]):
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    [d] = check_text(text.replace(old, new))
    assert (d.line, d.column, d.code, d.message(), d.hint()) == (
        said[0], said[1], "yaml.indentation", f"bad indentation: {said[2]}", said[3])


def test_an_empty_next_of_a_step_whose_kind_is_a_list_is_no_traceback():
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  rijksregister:\n    kind: task\n", "  rijksregister:\n    kind: []\n").replace(
        "    name: Rijksregister bijwerken\n    next: samen\n", "    name: Rijksregister bijwerken\n    next:\n")
    assert [d.code for d in check_text(text)] == ["schema.enum", "schema.empty"]


def test_a_kern_entry_written_as_text_is_one_error():
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("Adres: [adresStatus, busnummer]", "Adres: adresStatus, busnummer")
    assert where(check_text(text)) == [(16, 12, "schema.type")]


@pytest.mark.parametrize(("kern", "at", "message"), [
    ("Adres: [adresstatus, busnummer]", (16, 13), "'Adres' has no attribute 'adresstatus' in register grar"),
    ("Adres: [status, busnummer]", (16, 13), "'Adres' has no attribute 'status' in register grar"),
    ("Adressen: [adresStatus, busnummer]", (16, 5), "register grar has no object 'Adressen'"),
], ids=["attribute-lower-case", "attribute-short", "object-plural"])
def test_a_misspelling_in_the_kern_is_one_error_at_the_kern(kern: str, at: tuple[int, int], message: str,
                                                            tmp_path: Path):
    """Not one more at every step that uses the register's name for it: the steps are right."""
    (tmp_path / "src").mkdir()
    text = MINIMAL.read_text(encoding="utf-8").replace("Adres: [adresStatus, busnummer]", kern)
    (tmp_path / "src" / "minimal.yaml").write_text(text, encoding="utf-8")
    [d] = check_copy(tmp_path / "src" / "minimal.yaml", tmp_path, "minimal.yaml")
    assert ((d.line, d.column), d.message()) == (at, message)
    assert d.hint() in ("did you mean 'adresStatus'?", "did you mean 'Adres'?")


@pytest.mark.parametrize(("kern", "step", "hint_en", "hint_nl"), [
    # the step has a name the register does not know: adding it to the kern would not help
    (None, "expect: {status: [voorgesteld, inGebruik]}",
     "'Adres' has no attribute 'status' in register grar: did you mean 'adresStatus'?",
     "'Adres' heeft geen attribuut 'status' in register grar: bedoelt u 'adresStatus'?"),
    # a register attribute the kern does not list: add it
    (None, "expect: {huisnummer: '1'}",
     "add it to the list of 'Adres' under shells › kern",
     "voeg het toe aan de lijst van 'Adres' onder shells › kern"),
], ids=["step-not-in-register", "add-to-kern"])
def test_attribute_not_in_kern_hints_towards_the_register(kern: str | None, step: str | None, hint_en: str,
                                                          hint_nl: str):
    text = MINIMAL.read_text(encoding="utf-8")
    if kern:
        text = text.replace("Adres: [adresStatus, busnummer]", kern)
    if step:
        text = text.replace("expect: {adresStatus: [voorgesteld, inGebruik]}", step)
    [d] = check_text(text)
    name = "adresStatus" if kern else step.split("{")[1].split(":")[0]
    assert _said(d) == (
        47, 18, "model.attribute-not-in-kern",
        f"attribute '{name}' of 'Adres' is used here but not listed in the kern (shells › kern)", hint_en,
        f"attribuut '{name}' van 'Adres' wordt hier gebruikt maar staat niet in de kern (shells › kern)", hint_nl)


@pytest.mark.parametrize(("kern", "read", "hint_en", "hint_nl"), [
    # the step has a name the register does not know: adding it to the kern would not help
    (None, "adressen",
     "register grar has no object 'adressen': did you mean 'Adres'?",
     "register grar heeft geen object 'adressen': bedoelt u 'Adres'?"),
    # an object like none of grar's: of the register the fiche is checked against, so add it
    (None, "Woning",
     "add 'Woning: [...]' under shells › kern with the attributes the process uses",
     "voeg 'Woning: [...]' toe onder shells › kern met de attributen die het proces gebruikt"),
], ids=["step-not-in-register", "another-register"])
def test_object_not_in_kern_hints_towards_the_register(kern: str | None, read: str, hint_en: str, hint_nl: str):
    text = MINIMAL.read_text(encoding="utf-8").replace("      - read: Adres\n", f"      - read: {read}\n")
    if kern:
        text = text.replace("Adres: [adresStatus, busnummer]", kern)
    problems = [d for d in check_text(text) if d.code == "model.object-not-in-kern"]
    assert [_said(d) for d in problems] == [(
        45, 15, "model.object-not-in-kern",
        f"register object '{read}' is used here but not listed in the kern (shells › kern)", hint_en,
        f"registerobject '{read}' wordt hier gebruikt maar staat niet in de kern (shells › kern)", hint_nl)]


def test_the_catalogue_keeps_the_data_of_the_files_that_did_not_load(tmp_path: Path):
    shutil.copyfile(MINIMAL, tmp_path / "minimal.yaml")
    (tmp_path / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "lijst.yaml").write_text("- id: lijst\n", encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8").replace("id: minimal", "id: fout").replace("status: draft", "status: x")
    (tmp_path / "fout.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "utf16.yaml").write_bytes(MINIMAL.read_text(encoding="utf-8").replace("id: minimal", "id: utf16")
                                          .encode("utf-16"))
    catalogue = load_catalogue([tmp_path])
    assert list(catalogue.fiches) == ["minimal"]
    # not YAML, or not a mapping: nothing to check; a fiche with an error, even one of the encoding only: its data
    assert [(Path(u.file).name, u.data["id"]) for u in catalogue.unloaded] == [("fout.yaml", "fout"),
                                                                               ("utf16.yaml", "utf16")]
    assert catalogue.unloaded[0].source_map.locate(("status",)) == (5, 9)
    assert Catalogue().unloaded == []


def test_parse_and_read_keep_their_shape(tmp_path: Path):
    """LoadResult stays a pair: library code that unpacks it goes on working."""
    fiche, diagnostics = parse_fiche("id: x\n", "fiches/x.yaml")
    assert fiche is None and diagnostics
    shutil.copyfile(MINIMAL, tmp_path / "minimal.yaml")
    fiche, diagnostics = read_fiche(tmp_path / "minimal.yaml")
    assert fiche is not None


def test_check_catalogue_says_nothing_twice_where_the_loader_found_an_error():
    from schillen.checks import check_catalogue
    from schillen.diagnostics import Diagnostic
    from schillen.loading import UnloadedFiche, _parse

    text = MINIMAL.read_text(encoding="utf-8").replace("status: draft", "status: x").replace(
        "expect: {adresStatus: [voorgesteld, inGebruik]}", "expect: {adresStatus: [voorgesteld, InGebruik]}")
    result, raw = _parse(text, "fiches/minimal.yaml")
    assert result.fiche is None and isinstance(raw, UnloadedFiche)
    catalogue = Catalogue(diagnostics=list(result.diagnostics), files=[raw.file], unloaded=[raw])
    checked = check_catalogue(catalogue).diagnostics
    assert where(checked) == [(5, 9, "schema.enum"), (47, 45, "register.no-such-value")]
    same_place = Diagnostic(raw.file, 47, 45, "schema.type", {"expected": "?", "found": "?"})
    catalogue = Catalogue(diagnostics=[same_place], files=[raw.file], unloaded=[raw])
    assert where(check_catalogue(catalogue).diagnostics) == [(47, 45, "schema.type")]


# --- a key indented into a text (review H10) --------------------------------------------------

_CITATION = """  - text: {style}
      Wet van 19 juli 1991 betreffende de bevolkingsregisters (de Minister van Binnenlandse
      Zaken beslist bij betwisting over de hoofdverblijfplaats)
{last}
"""


@pytest.mark.parametrize(("style", "last", "expected"), [
    (">-", "      article: art. 8", [(12, 7, "yaml.key-in-text")]),
    ("|", "      source: lanaken", [(12, 7, "yaml.key-in-text")]),
    (">-", "    article: art. 8", []),                 # indented like 'text': a key of its own
    (">-", "      bijvoorbeeld: bij betwisting", []),  # not a key that stands beside 'text'
    (">-", "      Gemeente: Gent", []),                # a capital: prose, not a key
])
def test_a_key_indented_like_the_text_is_part_of_it(style: str, last: str, expected: list[tuple[int, int, str]]):
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  - text: Wet van 19 juli 1991 betreffende de bevolkingsregisters\n    article: art. 1\n",
        _CITATION.format(style=style, last=last))
    diagnostics = [d for d in check_text(text) if d.code.startswith("yaml.")]
    assert where(diagnostics) == expected
    if expected:
        assert diagnostics[0].hint("nl") == f"is '{last.split(':')[0].strip()}' een eigen sleutel, laat ze dan " \
                                            "inspringen zoals 'text' (kolom 5)"


def test_a_text_of_one_line_or_none_is_not_looked_at():
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  - text: Wet van 19 juli 1991 betreffende de bevolkingsregisters\n",
        "  - text: >-\n      article: art. 9\n")
    assert [d.code for d in check_text(text) if d.code.startswith("yaml.")] == []
