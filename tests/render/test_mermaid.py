"""The process as Mermaid: snapshot, exact output for hostile text, ids, and Mermaid's own parser.

The parser tests need Node.js and a folder with Mermaid and jsdom installed; they
are skipped without them.  To run them::

    npm install --prefix /tmp/mermaid mermaid@11.17.2 jsdom@26.1.0
    SCHILLEN_MERMAID_DIR=/tmp/mermaid .venv/bin/python -m pytest tests/render/test_mermaid.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from schillen.cli import main
from schillen.loading import load_fiche
from schillen.model import Fiche
from schillen.render.dot import EXCLUSIVE, step_lanes
from schillen.render.mermaid import escape, render_mermaid
from tests.conftest import MINIMAL
from tests.render.test_dot import FICHES, assert_snapshot

HERE = Path(__file__).parent


def _fiche(process: dict[str, dict[str, Any]], actors: dict[str, str] | None = None, title: str = "X") -> Fiche:
    return Fiche.model_validate({
        "id": "x", "title": title, "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "actors": {actor: {"name": name, "kind": "person"} for actor, name in (actors or {}).items()},
        "process": process,
    })


def test_snapshot() -> None:
    assert_snapshot("minimal-process.mmd", render_mermaid(load_fiche(MINIMAL)))


def test_the_same_fiche_gives_the_same_text() -> None:
    assert render_mermaid(load_fiche(MINIMAL)) == render_mermaid(load_fiche(MINIMAL))


def test_shapes_branch_labels_deadlines_and_the_default() -> None:
    fiche = _fiche({
        "a": {"kind": "start", "name": "Start", "next": "b", "deadline": {"within": 8, "unit": "working_days"}},
        "b": {"kind": "decision", "name": "Gekend?", "branches": {"ja": "c", "ook ja": "c"}, "default": "d"},
        "c": {"kind": "parallel_split", "name": "Splitsen", "next": ["e", "f"]},
        "e": {"kind": "wait", "name": "Wachten", "timer": {"within": 1, "unit": "months"}, "next": "g"},
        "f": {"kind": "call", "name": "Melden", "call": "andere-fiche", "next": "g"},
        "g": {"kind": "parallel_join", "name": "Samen", "next": "h"},
        "h": {"kind": "task", "name": "Doen", "next": "i"},
        "d": {"kind": "task", "name": "Anders", "next": "i"},
        "i": {"kind": "end", "name": "Klaar"},
    })
    assert render_mermaid(fiche) == (
        "flowchart LR\n"
        "    %% x\n"
        '    subgraph lane__zonder_actor ["(zonder actor)"]\n'
        '        s_a(("Start<br>≤ 8 werkdagen"))\n'
        f'        s_b{{"{EXCLUSIVE} Gekend?"}}\n'
        '        s_c{"+ Splitsen"}\n'
        '        s_e("⏱ Wachten<br>wacht 1 maand")\n'
        '        s_f[["Melden<br>→ andere-fiche"]]\n'
        '        s_g{"+ Samen"}\n'
        '        s_h("Doen")\n'
        '        s_d("Anders")\n'
        '        s_i((("Klaar")))\n'
        "    end\n"
        "    s_a --> s_b\n"
        '    s_b -->|"ja<br>ook ja"| s_c\n'
        '    s_b -->|"anders"| s_d\n'
        "    s_c --> s_e\n"
        "    s_c --> s_f\n"
        "    s_e --> s_g\n"
        "    s_f --> s_g\n"
        "    s_g --> s_h\n"
        "    s_h --> s_i\n"
        "    s_d --> s_i\n"
    )


HOSTILE = '<b>x</b> "q" [b] {c} a|b #35; `m` end\ny'


def hostile_fiche() -> Fiche:
    return _fiche({
        "end": {"kind": "start", "name": HOSTILE, "actor": "end", "next": "a-b",
                "deadline": {"within": 1, "unit": "weeks", "from": HOSTILE}},
        "a-b": {"kind": "decision", "name": HOSTILE, "branches": {HOSTILE: "a_b", "nee": "o-x"}},
        "a_b": {"kind": "task", "name": HOSTILE, "next": "o-x"},
        "o-x": {"kind": "end", "name": HOSTILE},
    }, {"end": HOSTILE})


def test_hostile_text_and_ids() -> None:
    text = "#60;b#62;x#60;/b#62; #34;q#34; #91;b#93; #123;c#125; a#124;b #35;35; #96;m#96; end<br>y"
    assert escape(HOSTILE) == text
    assert render_mermaid(hostile_fiche()) == (
        "flowchart LR\n"
        "    %% x\n"
        f'    subgraph lane_end ["{text}"]\n'
        f'        s_end(("{text}<br>≤ 1 week vanaf {text}"))\n'
        f'        s_a_b{{"{EXCLUSIVE} {text}"}}\n'
        f'        s_a_b_2("{text}")\n'
        f'        s_o_x((("{text}")))\n'
        "    end\n"
        "    s_end --> s_a_b\n"
        f'    s_a_b -->|"{text}"| s_a_b_2\n'
        '    s_a_b -->|"nee"| s_o_x\n'
        "    s_a_b_2 --> s_o_x\n"
    )


def test_ids_that_meet_are_numbered_in_fiche_order() -> None:
    fiche = _fiche({
        "a_b": {"kind": "start", "name": "1", "next": "a-b"},
        "a-b": {"kind": "task", "name": "2", "next": "a-b_2"},
        "a-b_2": {"kind": "task", "name": "3", "next": "z"},
        "z": {"kind": "end", "name": "4"},
    })
    assert re.findall(r"^        (s_\w+)", render_mermaid(fiche), re.M) == ["s_a_b", "s_a_b_2", "s_a_b_2_2", "s_z"]


# --- the command ---------------------------------------------------------------------


def test_export_to_mermaid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "proces.mmd"
    assert main(["export", str(MINIMAL), "--to", "mermaid", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_mermaid(load_fiche(MINIMAL))
    assert capsys.readouterr().err == f"wrote {target.as_posix()}\n"
    assert main(["export", str(MINIMAL), "--to", "mermaid"]) == 0
    assert capsys.readouterr().out == render_mermaid(load_fiche(MINIMAL))


def test_export_of_a_fiche_that_does_not_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    target = tmp_path / "proces.mmd"
    assert main(["export", str(bad), "--to", "mermaid", "-o", str(target), "--lang", "en"]) == 1
    assert not target.exists()
    assert capsys.readouterr().err.endswith(f"{bad.as_posix()} does not load; nothing was written\n")


# --- Mermaid's own parser ------------------------------------------------------------


def _mermaid_dir() -> Path:
    """The folder with Mermaid and jsdom; the tests skip without it, except in CI (.ci/run installs it)."""
    folder = os.environ.get("SCHILLEN_MERMAID_DIR")
    missing = ("node is not installed" if shutil.which("node") is None else
               "SCHILLEN_MERMAID_DIR does not name a folder with node_modules/mermaid and jsdom"
               if not folder or not (Path(folder) / "node_modules" / "mermaid").is_dir() else "")
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (in CI, .ci/run installs them)")
    if missing:
        pytest.skip(missing)
    return Path(str(folder))


def parse_with_mermaid(texts: list[str]) -> list[dict[str, Any]]:
    """What Mermaid's parser reads from each text, its entity placeholders decoded."""
    script = (HERE / "mermaid_dump.mjs").read_text(encoding="utf-8")
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=_mermaid_dir(),
                          input=json.dumps(texts), capture_output=True, text=True, timeout=60, check=True)

    def decode(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub("\ufb02\u00b0\u00b0(\\d+)\u00b6\u00df", lambda m: chr(int(m[1])), value)
        return [decode(v) for v in value] if isinstance(value, list) else value

    results: list[dict[str, Any]] = json.loads(done.stdout)
    return [{key: decode(value) for key, value in result.items()} for result in results]


def _expected(fiche: Fiche) -> tuple[int, int, int]:
    targets = sum(len(dict.fromkeys(step.successors())) for step in fiche.process.values())
    return len(fiche.process), targets, len(set(step_lanes(fiche).values()))


BROKEN = 'flowchart LR\n    a -->|"x| b\n'


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any]]:
    """What Mermaid reads from the hostile fiche, a broken text, the minimal and the bundled fiches (one node run)."""
    fiches = {fiche.id: fiche for fiche in (load_fiche(path) for path in [MINIMAL, *FICHES])}
    texts = {"hostile": render_mermaid(hostile_fiche()), "broken": BROKEN,
             **{fid: render_mermaid(fiche) for fid, fiche in fiches.items()}}
    return dict(zip(texts, parse_with_mermaid(list(texts.values())), strict=True))


def test_mermaid_reads_the_hostile_text_back_unchanged(parsed: dict[str, dict[str, Any]]) -> None:
    result = parsed["hostile"]
    assert result["error"] is None
    shown = HOSTILE.replace("\n", "<br>")
    assert result["vertices"] == [
        ["s_end", "circle", f"{shown}<br>≤ 1 week vanaf {shown}"],
        ["s_a_b", "diamond", f"{EXCLUSIVE} {shown}"],
        ["s_a_b_2", "round", shown],
        ["s_o_x", "doublecircle", shown],
    ]
    assert result["edges"] == [["s_end", "s_a_b", ""], ["s_a_b", "s_a_b_2", shown], ["s_a_b", "s_o_x", "nee"],
                               ["s_a_b_2", "s_o_x", ""]]
    assert result["subgraphs"] == [["lane_end", shown, ["s_end", "s_a_b", "s_a_b_2", "s_o_x"]]]


@pytest.mark.parametrize("path", [MINIMAL, *FICHES], ids=[p.stem for p in [MINIMAL, *FICHES]])
def test_mermaid_parses_the_fiche_with_a_node_per_step_an_edge_per_target_a_subgraph_per_lane(
        path: Path, parsed: dict[str, dict[str, Any]]) -> None:
    fiche = load_fiche(path)
    result = parsed[fiche.id]
    assert result["error"] is None
    assert (len(result["vertices"]), len(result["edges"]), len(result["subgraphs"])) == _expected(fiche)


def test_a_broken_text_is_a_parse_error(parsed: dict[str, dict[str, Any]]) -> None:
    assert parsed["broken"]["error"].splitlines()[0] == "Parse error on line 4:"
