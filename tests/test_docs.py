"""``docs/authoring.md`` tells the truth: its examples check as it says, and the output it shows is the tool's.

Every ```yaml block of the guide is one test case, named by its section and first line, and
checked with ``schillen check`` as an author would:

- a whole fiche (first line ``# yaml-language-server: ...``) is checked as it is and must be clean;
- a block whose first line is ``# fout`` or ``# wrong`` must give at least one error, whose
  message the guide quotes;
- the ``.pre-commit-config.yaml`` example (first line ``repos:``) must parse and name the hook of
  ``.pre-commit-hooks.yaml``;
- any other block is a fragment: it is completed with the header keys and the context it leaves
  out and must check clean.  A fragment of ``process`` may be an excerpt of the complete example
  of section 10 ("a step they point to but do not show is there", says the guide): the steps of
  that example which it points to, or which lead to it, are added to it.

The ```text blocks that show what the tool prints are compared with its real output, byte for
byte, and the tables that describe the format are compared with the model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from schillen.cli import main
from schillen.diagnostics import CODES
from schillen.model import KIND_FIELDS, Fiche
from schillen.schema import render_fiche_schema
from schillen.skeleton import build_skeleton
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/fiche.schema.json\n"


class Block(NamedTuple):
    """A fenced block of the guide: its info string, its text and the section it is in."""

    lang: str
    text: str
    section: str

    @property
    def first(self) -> str:
        return self.text.split("\n", 1)[0]


def _blocks(doc: str) -> tuple[list[Block], list[str], str]:
    """The fenced blocks, the headings, and the prose (the text outside the blocks)."""
    blocks: list[Block] = []
    headings: list[str] = []
    prose: list[str] = []
    section = "0"
    fence: tuple[str, list[str]] | None = None
    for line in doc.splitlines(keepends=True):
        if fence is None:
            if line.startswith("```"):
                fence = (line[3:].strip(), [])
                continue
            prose.append(line)
            heading = re.match(r"(#{1,6}) (.+)$", line)
            if heading:
                headings.append(heading[2])
                number = re.match(r"(\d+(?:\.\d+)?)\.? ", heading[2])
                section = number[1] if number else section
        elif line.startswith("```"):
            blocks.append(Block(fence[0], "".join(fence[1]), section))
            fence = None
        else:
            fence[1].append(line)
    assert fence is None, "a ``` block of the guide is not closed"
    return blocks, headings, "".join(prose)


BLOCKS, HEADINGS, PROSE = _blocks(DOC)
YAML_BLOCKS = [b for b in BLOCKS if b.lang == "yaml"]
TEXT_BLOCKS = [b.text for b in BLOCKS if b.lang == "text"]

# What a fragment leaves out is filled in from here: the header a fiche needs, and the actors,
# kern, sources, code lists and process that the guide's fragments refer to.
HEADER = {
    "id": "id: snippet\n",
    "title": "title: Voorbeeld\n",
    "version": "version: 1.0.0\n",
    "status": "status: draft\n",
    "updated": "updated: 2024-03-01\n",
    "summary": "summary: Een voorbeeld.\n",
}
CONTEXT = {
    "actors": """actors:
  burger: {name: Burger, kind: person}
  loket: {name: Loket Burgerzaken, kind: organisation}
  wijkagent: {name: Wijkagent, kind: person}
  ambtenaar: {name: Ambtenaar, kind: person}
  adresbeheerder: {name: Adresbeheerder, kind: person}
  dienst: {name: Dienst, kind: organisation}
  aanvrager: {name: Aanvrager, kind: external}
""",
    "shells": """shells:
  kern:
    Adres: [adresStatus, huisnummer, busnummer, officieelToegekend, adresPositie]
    Gebouweenheid: [gebouweenheidStatus, functie, adressen]
    Gebouw: [gebouwStatus, gebouwPolygoon]
""",
    "sources": """sources:
  lanaken: {title: Lanaken}
  hemiksem: {title: Hemiksem}
  omzendbrief_2013: {title: Omzendbrief}
""",
    "codelists": """codelists:
  uitkomsten: {values: [woont er, woont er niet, woont elders]}
""",
    "process": """process:
  start: {kind: start, name: Start, next: einde}
  einde: {kind: end, name: Einde}
""",
}
# The fiches that the guide's examples call and link to.
OTHER_FICHES = ("ambtshalve-afvoering", "leegstaande-woningen")


def _is_whole(block: Block) -> bool:
    return block.first.startswith("# yaml-language-server:")


def _is_wrong(block: Block) -> bool:
    return block.first.startswith(("# fout", "# wrong"))


COMPLETE = [b for b in YAML_BLOCKS if _is_whole(b) and "\nid: in-uitschrijving\n" in b.text]


def _step_texts(fiche: str) -> dict[str, str]:
    """The text of each step of a fiche whose steps are written one key per line, by id."""
    section = re.search(r"^process:\n(.*?)(?=^\S|\Z)", fiche, re.S | re.M)
    assert section is not None
    return {m[1]: m[0] for m in re.finditer(r"^  ([\w-]+):\n(?:^    .*\n)+", section[1], re.M)}


COMPLETE_STEPS = _step_texts(COMPLETE[0].text) if COMPLETE else {}


def _targets(step: dict) -> set[str]:
    """The ids of the steps that can follow ``step``."""
    following = step.get("next") or []
    following = [following] if isinstance(following, str) else following
    return {*following, *(step.get("branches") or {}).values(), *filter(None, [step.get("default")])}


def _steps_left_out(process: dict) -> list[str]:
    """The steps of the complete example that an excerpt of its process leaves out.

    Those it points to, and, when it has no start, those that lead to it: each in turn
    with the steps that they point to or that lead to them.
    """
    full = yaml.safe_load(COMPLETE[0].text)["process"]
    steps = dict(process)
    backwards = not any(isinstance(s, dict) and s.get("kind") == "start" for s in process.values())
    while True:
        wanted = {t for s in steps.values() if isinstance(s, dict) for t in _targets(s)}
        if backwards:
            wanted |= {sid for sid, s in full.items() if _targets(s) & set(steps)}
        wanted = (wanted & set(full)) - set(steps)
        if not wanted:
            return [sid for sid in full if sid in steps and sid not in process]
        steps.update({sid: full[sid] for sid in wanted})


def _fiche_text(block: Block) -> tuple[str, str]:
    """The id and the text of the fiche that ``block`` is checked as."""
    found = re.search(r"^id: (\S+)$", block.text, re.M)
    name = found[1] if found else "snippet"
    if _is_whole(block):
        return name, block.text
    keys = re.findall(r"^([A-Za-z_][\w-]*):", block.text, re.M)
    body = block.text
    if "scenarios" in keys and "process" not in keys:
        # Scenarios run through the process of the complete example.
        body += "process:\n" + "".join(COMPLETE_STEPS.values())
        keys.append("process")
    if "process" in keys and not _is_wrong(block):
        # An excerpt of the complete example: a step it points to but does not show is there.
        left_out = "".join(COMPLETE_STEPS[sid] for sid in _steps_left_out(yaml.safe_load(body)["process"]))
        body = re.sub(r"^process:\n(?:(?:  .*)?\n)*", lambda m: m[0] + left_out, body, count=1, flags=re.M)
    text = SCHEMA_LINE
    text += "".join(line for key, line in HEADER.items() if key not in keys)
    text += body
    text += "".join(part for key, part in CONTEXT.items() if key not in keys)
    return name, text


def _block_id(block: Block) -> str:
    first = block.first
    if _is_whole(block):
        first = "fiche " + _fiche_text(block)[0]
    elif first.endswith(":"):  # add the first key below it
        first += " " + re.sub(r":(?!$).*", ":", block.text.split("\n")[1].strip())
    return f"{block.section} {first}"


def test_the_guide_has_its_examples():
    assert len(YAML_BLOCKS) == 38
    assert len(COMPLETE) == 1
    assert len([b for b in YAML_BLOCKS if _is_wrong(b)]) == 3


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=_block_id)
def test_yaml_block(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]):
    if block.first.startswith("repos:"):
        config = yaml.safe_load(block.text)
        hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        assert [hook["id"] for repo in config["repos"] for hook in repo["hooks"]] == ["schillen-check"]
        assert "schillen-check" in [hook["id"] for hook in hooks]
        return
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fiches").mkdir()
    for other in OTHER_FICHES:
        (tmp_path / "fiches" / f"{other}.yaml").write_text(build_skeleton(other, today="2024-03-01"), encoding="utf-8")
    name, text = _fiche_text(block)
    (tmp_path / "fiches" / f"{name}.yaml").write_text(text, encoding="utf-8")
    status = main(["check", "fiches", "--lang", "en"])
    out = capsys.readouterr().out
    if _is_wrong(block):
        assert status == 1, "the wrong example gives no error"
        # The guide quotes the message, in double quotes.
        messages = re.findall(r"^\S+ error \S+: (.*)$", out, re.M)
        assert [m for m in messages if f'"{m}"' in " ".join(PROSE.split())] != [], out
    else:
        numbered = "".join(f"{n:3} {line}\n" for n, line in enumerate(text.splitlines(), 1))
        assert out == "", f"checked as fiches/{name}.yaml:\n{numbered}"
        assert status == 0


# --- the output the guide shows ------------------------------------------------


def _shown(start: str, *, dutch: bool = False) -> str:
    """The one ```text block that starts with ``start`` (and is Dutch or not)."""
    found = [t for t in TEXT_BLOCKS if t.startswith(start) and (" fout " in t) == dutch]
    assert len(found) == 1, f"{len(found)} text blocks start with {start!r}"
    return found[0]


def _numbered_fiche() -> str:
    """The fiche of section 8, without the line numbers the guide puts before its lines."""
    lines = _shown(" 1  # yaml-language-server").splitlines()
    numbers = [int(line[:2]) for line in lines]
    assert numbers == list(range(1, len(lines) + 1))
    return "".join(line[4:] + "\n" for line in lines)


@pytest.fixture
def broken_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The folder of section 8: the numbered fiche next to a correct one, as the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fiches").mkdir()
    (tmp_path / "fiches" / "leegstaande-woningen.yaml").write_text(_numbered_fiche(), encoding="utf-8")
    assert main(["new", "ambtshalve-afvoering"]) == 0
    capsys.readouterr()
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_numbered_example_output_is_what_the_guide_shows(
    broken_folder: Path, lang: str, capsys: pytest.CaptureFixture[str]
):
    assert main(["check", "fiches", "--lang", lang]) == 1
    out, err = capsys.readouterr()
    assert out + err == _shown("fiches/leegstaande-woningen.yaml:3:1:", dutch=lang == "nl")


def test_two_line_excerpt_is_part_of_the_output(broken_folder: Path, capsys: pytest.CaptureFixture[str]):
    main(["check", "fiches", "--lang", "en"])
    out = capsys.readouterr().out
    assert _shown("fiches/leegstaande-woningen.yaml:18:12:") in out


def test_skeleton_is_what_new_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]):
    """Section 3: in the schillen repository (which has schemas/), as the guide shows it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "fiche.schema.json").write_text(render_fiche_schema(), encoding="utf-8")
    assert main(["new", "leegstaande-woningen"]) == 0
    assert capsys.readouterr() == ("", _shown("wrote fiches/"))
    written = (tmp_path / "fiches" / "leegstaande-woningen.yaml").read_text(encoding="utf-8")
    written = re.sub(r"^updated: \d{4}-\d\d-\d\d$", "updated: 2024-03-01", written, count=1, flags=re.M)
    skeleton = [b.text for b in YAML_BLOCKS if _is_whole(b) and "\nid: leegstaande-woningen\n" in b.text]
    assert skeleton == [written]


def test_new_in_a_new_repository_writes_the_schema_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]):
    """Sections 2 and 3: a repository without schemas/ gets one from the first 'schillen new'."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "leegstaande-woningen"]) == 0
    assert capsys.readouterr().err == "wrote schemas/fiche.schema.json\nwrote fiches/leegstaande-woningen.yaml\n"
    assert (tmp_path / "schemas" / "fiche.schema.json").read_text(encoding="utf-8") == render_fiche_schema()


def test_trying_the_complete_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]):
    """Section 10: the three commands, run in the top folder of the repository, print what it shows."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "fiche.schema.json").write_text(render_fiche_schema(), encoding="utf-8")
    (tmp_path / "proef").mkdir()
    (tmp_path / "proef" / "in-uitschrijving.yaml").write_text(COMPLETE[0].text, encoding="utf-8")
    assert main(["new", "ambtshalve-afvoering", "--dir", "proef"]) == 0
    assert main(["new", "leegstaande-woningen", "--dir", "proef"]) == 0
    assert main(["check", "proef"]) == 0
    assert capsys.readouterr() == ("", _shown("wrote proef/"))


def test_simulate_prints_what_the_guide_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]):
    """Section 6.8: the scenario of the complete example, run as the guide says."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "proef").mkdir()
    (tmp_path / "proef" / "in-uitschrijving.yaml").write_text(COMPLETE[0].text, encoding="utf-8")
    command = re.search(r"^\.venv/bin/schillen (simulate .*)$", DOC, re.M)
    assert command is not None
    assert main([*command[1].split(), "--lang", "en"]) == 0
    assert capsys.readouterr().out == _shown("scenario 'nieuw_appartement'")


def test_summary_lines_in_the_prose_have_the_current_form():
    shown = re.findall(r"`([^`]*\(s\)[^`]*)`", PROSE)
    assert len(shown) == 2
    for line in shown:
        assert re.fullmatch(r"(\d+|\.\.\.) file\(s\) checked, (\d+|\.\.\.) fiche\(s\) loaded: "
                            r"(no problems|\d+ error\(s\), \d+ warning\(s\))", line), line


def test_soundness_verdict_has_the_form_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]):
    """Section 6.7: the wrong example, saved as fiches/leegstand.yaml, is not sound."""
    monkeypatch.chdir(tmp_path)
    wrong = [b for b in YAML_BLOCKS if b.section == "6.7" and _is_wrong(b)]
    (tmp_path / "fiches").mkdir()
    text = _fiche_text(wrong[0])[1].replace("\nid: snippet\n", "\nid: leegstand\n")
    (tmp_path / "fiches" / "leegstand.yaml").write_text(text, encoding="utf-8")
    shown = re.findall(r"`(fiches/leegstand\.yaml: [^`]*)`", PROSE)
    assert main(["soundness", "fiches/leegstand.yaml", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert re.findall(r"^\S+ error (\S+): ", out, re.M) == ["soundness.deadlock"]
    assert [re.sub(r"\d+\.\d+ s\)", "0.000 s)", err)] == [re.sub(r"\d+\.\d+ s\)", "0.000 s)", s + "\n") for s in shown]


# --- what the guide says about the tool ----------------------------------------


def test_section_9_explains_every_code_and_links_its_section():
    links = re.findall(r"\[`([a-z]+\.[a-z-]+)`\]\(diagnostics\.md#([a-z-]+)\)", DOC)
    assert sorted(code for code, _ in links) == sorted(CODES)
    assert [anchor for _, anchor in links] == [code.replace(".", "") for code, _ in links]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_links_within_the_guide_lead_to_a_heading():
    anchors = set(re.findall(r"\]\(#([^)]+)\)", DOC))
    assert anchors - {_slug(h) for h in HEADINGS} == set()


def test_table_of_sections_names_every_key_of_a_fiche():
    table = PROSE.split("| Section | What it holds |", 1)[1].split("\n\n", 1)[0]
    keys = re.findall(r"`(\w+)`", "".join(row.split("|")[1] for row in table.splitlines()[2:]))
    assert sorted(keys) == sorted(Fiche.model_fields)


def test_table_of_step_kinds_gives_the_keys_each_kind_takes():
    table = PROSE.split("| `kind` | What it is |", 1)[1].split("\n\n", 1)[0]
    rows = [row.split("|") for row in table.splitlines()[2:]]
    shown = {row[1].strip(" `"): set(re.findall(r"`(\w+)`", row[3])) for row in rows}
    assert shown == {kind.value: set(fields) for kind, fields in KIND_FIELDS.items()}
