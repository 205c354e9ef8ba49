"""The book of the six bundled fiches, built once, and a small crawler of its HTML."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from schillen.book import BookResult, build_book
from tests.conftest import ROOT

FICHES = ROOT / "fiches"
FICHE_IDS = sorted(p.stem for p in FICHES.glob("*.yaml"))


class Element:
    """A start tag: its name and attributes."""

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        self.attrs = attrs

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class Collector(HTMLParser):
    """Every start tag of a page, with its attributes, and the text of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector


@pytest.fixture(scope="session")
def six_fiches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of fiches/, so that tests may change it."""
    folder = tmp_path_factory.mktemp("fiches") / "fiches"
    shutil.copytree(FICHES, folder)
    return folder


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BookResult]:
    """The book of fiches/, built once for the tests that only read it."""
    out = tmp_path_factory.mktemp("book") / "site"
    return out, build_book([FICHES], out)
