"""Shared helpers: the tiny valid fiche, and running the loader on text or files."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from schillen.checks import check_catalogue
from schillen.diagnostics import Diagnostic
from schillen.loading import load_catalogue, parse_fiche

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
MINIMAL = DATA / "fiches" / "minimal.yaml"
BAD = DATA / "bad"

_EXPECT = re.compile(rb"^# expect: (\d+):(\d+) (\S+)$", re.M)


def where(diagnostics: list[Diagnostic]) -> list[tuple[int, int, str]]:
    """(line, column, code) of each diagnostic, in order."""
    return [(d.line, d.column, d.code) for d in diagnostics]


def expected(path: Path) -> list[tuple[int, int, str]]:
    """The ``# expect: LINE:COL code`` lines of a test fiche."""
    return [(int(m[1]), int(m[2]), m[3].decode()) for m in _EXPECT.finditer(path.read_bytes())]


def feed_fifo(path: Path, data: bytes, *, forever: bool = False) -> threading.Thread:
    """Make a FIFO at ``path`` that a thread writes ``data`` into (again and again with ``forever``, until it
    is read no more); the thread, to join."""
    os.mkfifo(path)

    def write() -> None:
        try:
            with open(path, "wb") as fifo:
                fifo.write(data)
                while forever:
                    fifo.write(data)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


NO_FIFOS = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def check_copy(source: Path, tmp_path: Path, name: str = "bad.yaml") -> list[Diagnostic]:
    """Copy ``source`` to ``tmp_path/name`` and check it (loading and checks) as a one-fiche catalogue."""
    target = tmp_path / name
    shutil.copyfile(source, target)
    return check_catalogue(load_catalogue([target])).diagnostics


def check_text(text: str, file: str = "fiches/minimal.yaml") -> list[Diagnostic]:
    return parse_fiche(text, file).diagnostics


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


PROCESS_HEAD = """\
# yaml-language-server: $schema=../schemas/fiche.schema.json
id: proces
title: Proces
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een proces voor de tests.
actors:
  x: {name: Loket, kind: organisation}
process:
"""
"""Header of :func:`process_fiche`; the first step is on line 11."""


def process_fiche(steps: str):
    """A fiche whose process is ``steps`` (YAML lines indented two spaces), loaded with its source map."""
    from schillen.loading import parse_fiche

    result = parse_fiche(PROCESS_HEAD + steps, "fiches/proces.yaml")
    assert result.fiche is not None, result.diagnostics
    return result.fiche
