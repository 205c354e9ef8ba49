"""Hostile fiche text comes out inert: no element, attribute or link it smuggles in, in HTML or in SVG."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from lxml import etree, html

from schillen.book import BookResult, build_book
from schillen.book.pages import external_url

SCRIPT = "<script>alert(1)</script>"
HANDLER = '<img src=x onerror="alert(2)">'
QUOTES = "\" onmouseover=\"alert(3)\" x='y'"
BRACES = "{{ 7 * 7 }} {% raw %} ${x} {b}"
SVG_END = "]]></text></svg><svg onload=alert(4)>"
HOSTILE = f"{SCRIPT} {HANDLER} {QUOTES} {BRACES} {SVG_END}"


def _fiche(hostile: str) -> str:
    h = json.dumps(hostile)[1:-1]  # escaped for a YAML double-quoted scalar
    return textwrap.dedent(f"""\
        # yaml-language-server: $schema=../schemas/fiche.schema.json
        id: vijandig
        title: "Titel {h}"
        version: 1.0.0
        status: draft
        updated: 2026-11-28
        working_group: "Werkgroep {h}"
        authors: ["Auteur {h}"]
        summary: "Samenvatting {h}"
        legal_basis:
          - text: "Wet {h}"
            article: "art. {h}"
            url: "https://example.org/wet?a=1&b=\\"><script>alert(5)</script>"
            source: bron
        actors:
          loket: {{name: "Loket {h}", kind: organisation, description: "Actor {h}"}}
        shells:
          kern:
            Adres: [adresStatus]
          "schil {h}":
            Aangifte:
              description: "Entiteit {h}"
              attributes:
                kanaal: {{codelist: kanalen, description: "Attribuut {h}"}}
                adres: {{ref: Adres, unit: "eenheid {h}"}}
        codelists:
          kanalen:
            description: "Lijst {h}"
            values: ["waarde {h}", loket]
        process:
          start:
            kind: start
            actor: loket
            name: "Start {h}"
            description: "Beschrijving {h}"
            deadline: {{within: 8, unit: working_days, from: "verhuis {h}", basis: "KB {h}", note: "Noot {h}"}}
            register:
              - read: Adres
                attributes: [adresStatus]
                expect: {{adresStatus: ["inGebruik"]}}
                note: "Register {h}"
            next: keuze
          keuze:
            kind: decision
            actor: loket
            name: "Keuze {h}"
            branches: {{"ja {h}": einde, "nee": wachten}}
          wachten:
            kind: wait
            name: "Wacht {h}"
            timer: {{within: 1, unit: months}}
            next: einde
          einde:
            kind: end
            name: "Einde {h}"
        best_practices:
          - {{title: "Praktijk {h}", text: "Tekst {h}", source: bron}}
        pitfalls:
          - {{title: "Valkuil {h}", text: "Tekst {h}"}}
        register_gaps:
          - {{title: "Hiaat {h}", text: "Tekst {h}", object: Adres, attribute: "attr {h}"}}
        sources:
          bron: {{title: "Bron {h}", url: "https://example.org/bron", publisher: "Uitgever {h}", note: "Noot {h}"}}
        notes: ["Opmerking {h}"]
        scenarios:
          vijandig:
            title: "Scenario {h}"
            description: "Uitleg {h}"
            objects: {{Adres: {{id: "1"}}}}
            answers: {{keuze: "ja {h}"}}
        """)


BROKEN = textwrap.dedent("""\
    # yaml-language-server: $schema=../schemas/fiche.schema.json
    id: kapot
    title: Kapot
    version: 1.0.0
    status: draft
    updated: 2026-11-28
    summary: Een bron met een javascript-adres.
    sources:
      bron: {title: Bron, url: "javascript:alert(6)"}
    process:
      start: {kind: start, name: "<script>alert(7)</script>", next: einde}
      einde: {kind: end, name: Einde}
    """)


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BookResult]:
    folder = tmp_path_factory.mktemp("hostile") / "fiches"
    folder.mkdir()
    (folder / "vijandig.yaml").write_text(_fiche(HOSTILE), encoding="utf-8")
    (folder / "kapot.yaml").write_text(BROKEN, encoding="utf-8")
    out = folder.parent / "site"
    return out, build_book([folder], out)


def _dangerous(tree: etree._Element) -> list[str]:
    """Every script element, on* attribute, or link to another scheme than http(s) or a relative one."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag in ("script", "iframe", "object", "embed", "foreignobject"):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                found.append(f"{tag} {local}=")
            scheme = ":" in value.split("/")[0]
            if local in ("href", "src", "action", "formaction") and scheme and not value.lower().startswith(
                    ("http://", "https://")):
                found.append(f"{tag} {local}={value}")
    return found


def test_the_hostile_fiche_loads_and_the_broken_one_is_listed(hostile_book: tuple[Path, BookResult]) -> None:
    out, result = hostile_book
    assert result.broken == (str(out.parent / "fiches" / "kapot.yaml"),)
    assert (out / "fiches" / "vijandig.html").is_file()
    assert not (out / "fiches" / "kapot.html").exists()


def test_no_element_or_attribute_comes_out_of_html(hostile_book: tuple[Path, BookResult]) -> None:
    out, _ = hostile_book
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 4 + 5  # index, matrix, glossary, one fiche; five register objects
    for page in pages:
        tree = html.fromstring(page.read_bytes())
        assert _dangerous(tree) == [], page


def test_no_element_or_attribute_comes_out_of_svg(hostile_book: tuple[Path, BookResult]) -> None:
    out, _ = hostile_book
    svgs = sorted((out / "fiches" / "vijandig").glob("*.svg"))
    assert [p.name for p in svgs] == ["gegevensmodel.svg", "levensloop-adres.svg", "proces.svg"]
    for svg in svgs:
        tree = etree.fromstring(svg.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
        assert _dangerous(tree) == [], svg
        assert etree.QName(tree).localname == "svg"
        assert sum(1 for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "svg") == 1


def test_hostile_text_is_shown_as_text(hostile_book: tuple[Path, BookResult]) -> None:
    out, _ = hostile_book
    tree = html.fromstring((out / "fiches" / "vijandig.html").read_bytes())
    hostile = HOSTILE
    assert tree.findtext(".//h1") == f"Titel {hostile}"
    assert tree.find(".//title").text == f"Titel {hostile} · Schillenboek"
    assert tree.find(".//p[@class='summary']").text_content() == f"Samenvatting {hostile}"
    assert [li.text_content() for li in tree.findall(".//ul[@class='branches']/li")] == [
        f"ja {hostile} → Einde {hostile}", f"nee → Wacht {hostile}"]
    scenario = tree.find(".//article[@id='scenario-vijandig']")
    assert scenario.findtext("h3") == f"Scenario {hostile} "
    assert scenario.find("p").text_content() == f"Uitleg {hostile}"
    assert [a.text_content() for a in scenario.findall(".//dd")[1]] == [f"Keuze {hostile}"]
    assert scenario.findall(".//dd")[1].text_content() == f"Keuze {hostile} ja {hostile}"
    source = (out / "fiches" / "vijandig.html").read_text(encoding="utf-8")
    assert "49" not in source  # {{ 7 * 7 }} is text, never a template expression
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    # The broken fiche's diagnostics on the index quote its text as text too.
    index = html.fromstring((out / "index.html").read_bytes())
    assert index.findtext(".//h3[@class='file']").endswith("kapot.yaml")
    assert "javascript:alert(6)" in index.text_content()


def test_only_http_links_leave_the_book() -> None:
    assert external_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert external_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example",
                " https://example.org", "https://", None):
        assert external_url(bad) == "", bad
