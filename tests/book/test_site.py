"""The book of the six bundled fiches: every page is there, every link and image resolves, the index is right."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from schillen.book import FICHE_SECTIONS, MANIFEST, BookResult
from schillen.book.pages import HANDOUT_OMITS, REGISTER_TYPE_WORDS, handout_note
from schillen.checks import check_catalogue
from schillen.loading import load_catalogue
from schillen.model import AttributeType as FicheType
from schillen.registers import load_register
from schillen.registers.model import AttributeType as RegisterType
from schillen.render.dot import TYPE_WORDS
from tests.book.conftest import FICHE_IDS, FICHES, parse


def _pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_counts_of_a_first_build(book: tuple[Path, BookResult]) -> None:
    out, result = book
    objects = list(load_register().objects)
    catalogue = load_catalogue([FICHES])
    from schillen.render.dot import lifecycle_diagrams

    lifecycles = sum(len(lifecycle_diagrams(f)) for f in catalogue.fiches.values())
    assert (result.pages_written, result.pages_reused) == (len(FICHE_IDS) + len(objects) + 3, 0)
    assert (result.diagrams_rendered, result.diagrams_reused) == (2 * len(FICHE_IDS) + lifecycles + len(objects), 0)
    assert result.broken == ()
    assert len(_pages(out)) == result.pages_written
    assert len(list(out.rglob("*.svg"))) == result.diagrams_rendered


def test_every_fiche_has_a_page(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    assert FICHE_IDS == [
        "ambtshalve-inschrijving-afvoering", "in-uitschrijving", "leegstaande-bedrijfsgebouwen",
        "leegstaande-woningen", "omgevingsvergunning", "ongeschikt-onbewoonbaar",
    ]
    assert sorted(p.stem for p in (out / "fiches").glob("*.html")) == FICHE_IDS
    catalogue = check_catalogue(load_catalogue([FICHES]))
    noted = {d.file for d in catalogue.diagnostics}
    for fiche_id in FICHE_IDS:
        page = parse(out / "fiches" / f"{fiche_id}.html")
        sections = [e.get("id") for e in page.elements if e.tag == "section"]
        # Every section of FICHE_SECTIONS that the fiche has content for, in order; the bundled fiches have
        # them all, and diagnostics when check reports any.
        shown = catalogue.fiches[fiche_id].file in noted
        assert sections == [name for name, _ in FICHE_SECTIONS if name != "meldingen" or shown], fiche_id
        images = [e.get("src") for e in page.elements if e.tag == "img"]
        assert images[:2] == [f"../fiches/{fiche_id}/proces.svg", f"../fiches/{fiche_id}/gegevensmodel.svg"]
        assert all(e.get("alt") for e in page.elements if e.tag == "img")


def test_every_internal_link_and_image_resolves(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    anchors: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    external: set[str] = set()
    for path in _pages(out):
        page = parse(path)
        anchors[path] = {e.get("id") or "" for e in page.elements if e.get("id")}
        for element in page.elements:
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                if value.startswith(("http://", "https://")):
                    external.add(value)
                    continue
                links.append((path, value))
    assert len(links) > 1000
    assert external  # the legal basis and the sources link out
    for path, value in links:
        parts = urlsplit(value)
        assert not parts.scheme and not parts.netloc, (path, value)
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        assert target.is_file(), f"{path.relative_to(out)}: {value} does not resolve"
        assert out.resolve() in target.parents, (path, value)
        if parts.fragment:
            assert parts.fragment in anchors[target], f"{path.relative_to(out)}: {value}: no such anchor"


def test_index_lists_the_six_fiches(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    html = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr>\n<td><a href="fiches/([a-z-]+)\.html">[^<]+</a> <span class="id">[a-z-]+</span></td>\n'
                      r'<td><span class="status [^"]+">([^<]+)</span></td>\n<td>([^<]+)</td>\n'
                      r'<td><time datetime="([^"]+)">', html)
    assert rows == [
        ("ambtshalve-inschrijving-afvoering", "gevalideerd", "1.0.0", "2026-11-28"),
        ("in-uitschrijving", "gevalideerd", "1.0.0", "2026-11-28"),
        ("leegstaande-bedrijfsgebouwen", "ter review", "1.0.0", "2026-11-28"),
        ("leegstaande-woningen", "gevalideerd", "1.0.0", "2026-11-28"),
        ("omgevingsvergunning", "gevalideerd", "1.0.0", "2026-11-28"),
        ("ongeschikt-onbewoonbaar", "ter review", "1.0.0", "2026-11-28"),
    ]
    catalogue = load_catalogue([FICHES])
    assert [(f.id, f.version, f.updated.isoformat()) for f in sorted(catalogue.fiches.values(), key=lambda f: f.id)
            ] == [(r[0], r[2], r[3]) for r in rows]


def test_register_pages(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    register = load_register()
    assert sorted(p.stem for p in (out / "objecten").glob("*.html")) == sorted(register.objects)
    glossary = parse(out / "woordenlijst.html")
    assert [e.get("id") for e in glossary.elements if e.tag == "section"] == list(register.codelists)
    text = "".join(glossary.text)
    for codelist in register.codelists.values():
        for value in codelist.values:
            assert value in text
    gebouw = (out / "objecten" / "gebouw.html").read_text(encoding="utf-8")
    assert '<img src="../objecten/gebouw-levensloop.svg"' in gebouw
    assert gebouw.count('<td rowspan=') >= len(register.objects["gebouw"].operations)
    matrix = html.fromstring((out / "matrix.html").read_bytes())
    columns = [(a.get("href"), a.get("title")) for a in matrix.findall(".//th[@class='fiche-col']/a")]
    assert columns == [(f"fiches/{fiche_id}.html", fiche_id) for fiche_id in FICHE_IDS]
    # a row header per attribute and operation; each letter says its words
    kern = matrix.find(".//tr[@class='row-attribute']")
    assert [kern.find("td").text_content(), kern.find("th").get("scope")] == ["Gebouw", "row"]
    cells = {abbr.text: abbr.get("title") for abbr in matrix.findall(".//td[@class='cell']/abbr")}
    assert cells["R"] == "lezen" and cells["CR"] == "aanmaken, lezen"
    assert cells["D"] == "beëindigen of verwijderen"
    unused = [li.text_content() for li in matrix.findall(".//section[@id='hiaten']/ul[1]/li")]
    assert unused and not [name for name in unused if "._" in name]  # the API's _links carry no data


def test_one_stylesheet_for_screen_and_print(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    assert (out / MANIFEST).is_file()
    css = (out / "book.css").read_bytes()
    assert css == (resources.files("schillen.book") / "templates" / "book.css").read_bytes()
    assert css.count(b"\n@media print {\n") == 1
    for path in _pages(out):
        sheets = [e.get("href") for e in parse(path).elements if e.tag == "link" and e.get("rel") == "stylesheet"]
        assert sheets == ["../book.css" if path.parent != out else "book.css"], path
        assert b"<script" not in path.read_bytes()


def test_scenario_results_on_the_fiche_page(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    page = html.fromstring((out / "fiches" / "in-uitschrijving.html").read_bytes())
    scenarios = page.findall(".//article[@class='scenario']")
    assert [(s.get("id"), s.find("h3/span").text) for s in scenarios] == [
        ("scenario-eerste_bewoning_nieuwbouw", "verloopt zoals verwacht"),
        ("scenario-verhuis_naar_bestaande_woning", "verloopt zoals verwacht"),
        ("scenario-ontbrekend_busnummer", "verloopt zoals verwacht"),
        ("scenario-gebouw_nog_in_aanbouw", "verloopt zoals verwacht")]
    first, last = scenarios[0], scenarios[-1]
    assert [" | ".join(td.text_content() for td in row.findall("td")) for row in first.findall(".//tbody/tr")] == [
        "Adres in gebruik nemen en gebouweenheid realiseren | goedkeuren | Adres 6 | voorgesteld → inGebruik",
        "Adres in gebruik nemen en gebouweenheid realiseren | realiseren | Gebouweenheid 5 | gepland → gerealiseerd"]
    assert first.findall(".//dd")[2].text_content() == "eindstap Ingeschreven"
    assert last.findall(".//dd")[2].text_content() == (
        "het register weigert realiseren op Gebouweenheid 9 in stap Adres in gebruik nemen en gebouweenheid "
        "realiseren met "
        "GebouwStatusNietInGerealiseerd: het vereist dat gebouw gerealiseerd is")


def _css_blocks(css: str) -> dict[str, str]:
    """The rules of a stylesheet without nested blocks: selector (whitespace collapsed) -> declarations."""
    rules: dict[str, str] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        rules[" ".join(selector.split())] = " ".join(body.split())
    return rules


def _print_css(css: str) -> str:
    """The body of the stylesheet's one ``@media print`` block."""
    start = css.index("\n@media print {\n") + len("\n@media print {\n")
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        end += 1
    return css[start:end - 1]


def test_every_page_starts_with_a_skip_link_to_the_main_content(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    for path in _pages(out):
        page = html.fromstring(path.read_bytes())
        first = page.find("body")[0]
        assert (first.tag, first.get("class"), first.get("href"), first.text) == (
            "a", "skip", "#inhoud", "Naar de inhoud"), path
        assert [m.get("id") for m in page.iter("main")] == ["inhoud"], path
        assert len(page.xpath("//*[@id='inhoud']")) == 1, path


def test_every_table_scrolls_in_its_own_box(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    # The pages whose tables come from index.html, glossary.html and object.html.
    pages = [out / "index.html", out / "woordenlijst.html", *sorted((out / "objecten").glob("*.html"))]
    tables = 0
    for path in pages:
        for table in html.fromstring(path.read_bytes()).iter("table"):
            wrapper = table.getparent()
            assert (wrapper.tag, wrapper.get("class"), len(wrapper)) == ("div", "scroll", 1), (path, table.get("class"))
            tables += 1
    assert tables >= 1 + 2 * 5  # the fiches, and attributes and transitions of each register object


def test_every_diagram_links_to_its_drawing_at_full_size(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    figures = 0
    for path in [*(out / "fiches").glob("*.html"), *(out / "objecten").glob("*.html")]:
        page = html.fromstring(path.read_bytes())
        for figure in page.xpath("//figure[contains(@class, 'diagram')]"):
            img = figure.find(".//img")
            links = figure.xpath("figcaption/a[@class='full-size']")
            assert [(a.get("href"), a.text) for a in links] == [(img.get("src"), "Open het diagram op volle grootte")]
            assert (path.parent / img.get("src")).resolve().is_file()
            assert img.get("alt")
            figures += 1
        if path.parent.name == "fiches":
            # The process and data model diagrams keep their natural size inside a frame that scrolls and takes
            # the keyboard focus (review A6: the data model was shrunk to 44-50 %).
            for kind, name, label in (("proces", "proces", "Procesdiagram"),
                                      ("gegevensmodel", "gegevensmodel", "Gegevensmodel")):
                [view] = page.xpath(f"//figure[@class='diagram diagram-{kind}']/div[@class='diagram-view']")
                assert (view.get("tabindex"), view.get("role"), view.get("aria-label")) == (
                    "0", "region", f"{label}, schuifbaar")
                assert view.find("img").get("src") == f"../fiches/{path.stem}/{name}.svg"
    assert figures >= 3 * len(FICHE_IDS) + 5


def test_register_object_breadcrumb(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    register = load_register()
    for key, kind in register.objects.items():
        page = html.fromstring((out / "objecten" / f"{key}.html").read_bytes())
        [crumb] = page.xpath("//p[@class='breadcrumb']")
        assert crumb.text_content() == f"Schillenboek › Registerobjecten › {kind.title}"
        # "Registerobjecten" leads to the matrix, the page that lists every object (review B7)
        assert [(a.get("href"), a.text) for a in crumb.iter("a")] == [
            ("../index.html", "Schillenboek"), ("../matrix.html", "Registerobjecten")]


def test_stylesheet_layout_rules(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    css = (out / "book.css").read_text(encoding="utf-8")
    screen = _css_blocks(css[:css.index("\n@media print {\n")])
    # H1: the process diagram at its natural size, scrolling in its frame
    assert screen["figure.diagram .diagram-view img"] == "display: block; max-width: none; border: 0;"
    assert screen[".diagram-view"] == "overflow: auto; max-height: 85vh; border: 1px solid var(--line);"
    # M1, M2: a wrapped table scrolls sideways; long identifiers break
    assert screen[".scroll"].startswith("overflow-x: auto;")
    assert screen["code, td .id, th .id"] == "overflow-wrap: anywhere;"
    # M8: the skip link is out of sight until it has the focus
    assert "clip-path: inset(50%);" in screen[".skip:not(:focus)"]
    # M10: sticky table headers
    assert screen["thead th"].startswith("position: sticky; top: 0; z-index: 1; background: var(--soft);")
    # M12: the items of a column list do not run into each other
    assert screen["ul.columns li"] == "overflow-wrap: anywhere; break-inside: avoid;"
    printed = _print_css(css)
    assert "@page proces { size: A4 landscape; margin: 10mm; }" in printed
    rules = _css_blocks(printed.replace("@page proces", "@page-proces"))
    # H2: the process diagram on a landscape page of its own, scaled to fit it
    assert rules["figure.diagram-proces"] == "page: proces; break-before: page; margin: 0;"
    assert "max-width: 100%;" in rules["figure.diagram-proces .diagram-view img"]  # outranks the screen rule
    # M7: a short handout, and tall rows that continue on the next page
    hidden = [selector for selector, body in rules.items() if body == "display: none;"]
    assert any(".steps .description" in s and "table.decisions" in s and "h3:has(+ .scroll > table.decisions)" in s
               and ".section-scenarios" in s for s in hidden)
    assert rules["tr"] == "break-inside: auto;"
    # A2: no remarks on paper, and the end states in one compact piece (no page with only the list's tail)
    assert any("#opmerkingen, #opmerkingen ~ .note," in s for s in hidden)
    assert rules["ul.ends"] == "columns: 2; column-gap: 2em; break-inside: avoid;"
    # L7: the right border of a table stays on the paper
    assert rules["table"] == "font-size: 8.5pt; width: calc(100% - 1px);"
    assert rules["thead th"] == "position: static; box-shadow: none;"


def test_the_handout_note_is_only_for_paper(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    page = html.fromstring((out / "fiches" / "in-uitschrijving.html").read_bytes())
    [note] = page.xpath("//header[@class='fiche-head']/p[contains(@class, 'print-only')]")
    assert note.text == (  # review A2: it names everything the handout leaves out, Verbanden and lifecycles too
        "Deze handout geeft de kern van de fiche. De opmerkingen, de beschrijvingen van de stappen, het "
        "gegevensmodel, de levenslopen van de registerobjecten, de registerinteracties, de scenario's, de hiaten "
        "in het register, de verbanden met andere fiches en de bronnen staan in de volledige fiche in het "
        "Schillenboek.")
    css = (out / "book.css").read_text(encoding="utf-8")
    assert _css_blocks(css[:css.index("\n@media print {\n")])[".print-only"] == "display: none;"
    printed = _css_blocks(_print_css(css))
    assert printed[".print-only"] == "display: block;"
    # what the note names is what the print stylesheet hides, and the other way round
    hidden = [s.strip() for selector, body in printed.items() if body == "display: none;" for s in selector.split(",")]
    shown = {"opmerkingen": "#opmerkingen", "beschrijvingen": ".steps .description",
             "levensloop": ".diagram-levensloop"}
    for part, _ in HANDOUT_OMITS:
        selectors = [shown[part]] if part in shown else [f".section-{part}"]
        if part == "gegevensmodel":
            selectors.append(".diagram-gegevensmodel")
        assert set(selectors) <= set(hidden), part
    sections = {s[len(".section-"):] for s in hidden if re.fullmatch(r"\.section-\w+", s)}
    assert sections == {part for part, _ in HANDOUT_OMITS} - set(shown)
    # a page without remarks, lifecycles or links does not name them
    assert handout_note({"register", "bronnen", "stappen"}) == (
        "Deze handout geeft de kern van de fiche. De registerinteracties en de bronnen staan in de volledige fiche "
        "in het Schillenboek.")


def test_lifecycle_captions_say_whether_the_fiche_changes_the_object(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    page = html.fromstring((out / "fiches" / "in-uitschrijving.html").read_bytes())
    captions = {figure.find("figcaption/a").text: figure.find("figcaption").text_content()
                for figure in page.findall(".//figure[@class='diagram diagram-levensloop']")}
    assert captions == {
        "Gebouw": "Levensloop van Gebouw; deze fiche leest Gebouw alleen; ze verandert de status niet. "
                  "Open het diagram op volle grootte",
        "Gebouweenheid": "Levensloop van Gebouweenheid; de operaties van deze fiche zijn vet en blauw. "
                         "Open het diagram op volle grootte",
        "Adres": "Levensloop van Adres; de operaties van deze fiche zijn vet en blauw. "
                 "Open het diagram op volle grootte",
    }


def test_references_to_sources_name_the_source_everywhere(book: tuple[Path, BookResult]) -> None:
    from schillen.loading import load_fiche

    out, _ = book
    fiche = load_fiche(FICHES / "leegstaande-woningen.yaml")
    page = html.fromstring((out / "fiches" / "leegstaande-woningen.html").read_bytes())
    refs = [(a.get("href").removeprefix("#bron-"), a.text) for a in page.xpath("//a[@class='source-ref']")]
    assert len(refs) > 10
    # legal basis, practices and pitfalls, register gaps alike: the source's title, not its key
    assert [text for _, text in refs] == [f"[{fiche.sources[key].title}]" for key, _ in refs]


def test_the_process_caption_is_the_key_to_its_shapes(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    page = html.fromstring((out / "fiches" / "in-uitschrijving.html").read_bytes())
    [caption] = page.xpath("//figure[@class='diagram diagram-proces']/figcaption")
    assert caption.text_content() == (
        "Het proces, een baan per actor. Een cirkel is het begin, een dikke cirkel een einde, een dubbele cirkel "
        "met een klok een wachttijd; een ruit met \u00d7 is een beslissing, met + een splitsing of samenkomst van "
        "parallelle stappen; een dubbele rand roept een ander proces op. Notities geven de registerinteracties "
        "(C aanmaken, R lezen, U wijzigen, D beëindigen of verwijderen); een vraagteken achter een interactie "
        "betekent dat ze niet bevestigd is. Open het diagram op volle grootte")
    # the notes write an unconfirmed interaction with that "?" (review B4)
    assert "R Gebouweenheid (identificator) ?" in (out / "fiches" / "leegstaande-woningen" / "proces.svg").read_text(
        encoding="utf-8")


def test_register_object_pages_speak_dutch(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    text = html.fromstring((out / "objecten" / "gebouw.html").read_bytes()).text_content()
    for dutch in ("vanuit een andere status", "(ongewijzigd)", "elke andere", "gebouw is verwijderd",
                  "behalve functie gemeenschappelijkDeel", "verliezen hun adres-koppelingen"):
        assert dutch in text, dutch
    for english in ("another status", "(same)", "any other", "lose their", " except "):
        assert english not in text, english


def test_register_attribute_kinds_are_in_dutch(book: tuple[Path, BookResult]) -> None:
    """The register's kinds of value (link, object, string...) are written in Dutch, as the fiches' data types are."""
    out, _ = book
    kinds = set()
    for page in (out / "objecten").glob("*.html"):
        table = html.fromstring(page.read_bytes()).find(".//table[@class='attributes']")
        kinds |= {(tr.findall("td")[1].text or "").split(":")[0].split(" →")[0].strip() for tr in table.iter("tr")
                  if tr.findall("td")}
    assert kinds == {"tekst", "ja/nee", "code", "koppeling", "identificator", "samengesteld"}
    assert set(REGISTER_TYPE_WORDS) == set(RegisterType)  # a new kind of the register gets its word too
    shared = {t.value for t in FicheType} & {t.value for t in RegisterType}  # the same word in both
    assert shared == {"string", "integer", "boolean"}
    assert {v: REGISTER_TYPE_WORDS[RegisterType(v)] for v in shared} == {v: TYPE_WORDS[FicheType(v)] for v in shared}
    gebouw = html.fromstring((out / "objecten" / "gebouw.html").read_bytes())
    rows = {tr.findall("td")[0].text_content(): tr.findall("td")[1].text_content()
            for tr in gebouw.iter("tr") if tr.findall("td")}
    assert rows["percelen"] == "koppeling → perceel"


def test_register_texts_are_shown_in_dutch(book: tuple[Path, BookResult]) -> None:
    """The register's own texts (meanings, descriptions, conditions) are shown in their Dutch version (review M3)."""
    out, _ = book

    def words(page: str) -> str:
        return " ".join(html.fromstring((out / page).read_bytes()).text_content().split())

    gebouw, gebouweenheid, glossary = (words(p) for p in ("objecten/gebouw.html", "objecten/gebouweenheid.html",
                                                          "woordenlijst.html"))
    for dutch in ("leeg (null) bij geïmporteerde multipolygonen", "berekend bij het opvragen, niet opgeslagen",
                  "de polygoon is geldig, in SRID 31370", "geen overlapping met een ander ingeschetst gebouw",
                  "— gebouweenheidPositie wijzigt als hun punt van het gebouw afgeleid is (afgeleidVanObject)"):
        assert dutch in gebouw, dutch
    for english in ("null for imported multipolygons", "computed when read, not stored",
                    "the polygon is valid", "no overlap with", "their point is derived"):
        assert english not in gebouw, english
    assert "gemeenschappelijk deel van het gebouw (gebouweenheid) met functie gemeenschappelijkDeel" in gebouweenheid
    assert "common unit of the building" not in gebouweenheid
    for dutch in ("vergunning aangevraagd of verleend", "in aanbouw", "gebouwd en waarneembaar",
                  "gesloopt, gesplitst of samengevoegd", "de enige waarde die de edit-API aanvaardt",
                  "Het register kent enkel deze twee waarden; functies zoals wonen of handel bestaan er niet in."):
        assert dutch in glossary, dutch
    for english in ("permit requested or granted", "being built", "built, observable",
                    "the only value the edit API accepts", "commented-out", "GebouweenheidFunctie.cs"):
        assert english not in glossary, english


def test_text_for_screen_readers_only_is_out_of_sight(book: tuple[Path, BookResult]) -> None:
    out, _ = book
    css = (out / "book.css").read_text(encoding="utf-8")
    rule = re.search(r"^\.visually-hidden \{([^}]*)\}", css, re.M)
    assert rule is not None and "clip-path: inset(50%)" in rule[1] and "position: absolute" in rule[1]
    matrix = html.fromstring((out / "matrix.html").read_bytes())
    hidden = matrix.findall(".//tbody//span[@class='visually-hidden']")
    assert hidden and {span.text for span in hidden} <= {kind.title for kind in load_register().objects.values()}


def test_terms_that_count_from_a_step_name_it_and_link_to_its_row(book: tuple[Path, BookResult]) -> None:
    """Review A8 and B3: no step ids in the Termijn column, and a wait lasts its time (no "≤")."""
    out, _ = book
    page = html.fromstring((out / "fiches" / "leegstaande-woningen.html").read_bytes())

    def term(step: str) -> tuple[str, list[tuple[str | None, str | None]]]:
        [row] = page.xpath(f"//table[@class='steps']//tr[@id='stap-{step}']")
        cell = row.findall("td")[2]
        return cell.text_content(), [(a.get("href"), a.text) for a in cell.iter("a")]

    text, links = term("beroep_opname_ingesteld")
    assert text.startswith("≤ 30 kalenderdagen vanaf Opname betekenen aan alle zakelijk gerechtigdenVlaamse Codex")
    assert links == [("#stap-opname_betekenen", "Opname betekenen aan alle zakelijk gerechtigden")]
    assert term("periode_afwachten") == (
        "wacht 12 maanden vanaf Administratieve akte opstellen en opnemen in het register",
        [("#stap-administratieve_akte_opstellen", "Administratieve akte opstellen en opnemen in het register")])
    assert term("zes_maanden_afwachten") == ("wacht 6 maanden vanaf de datum van het hergebruik", [])
    for fiche_id in FICHE_IDS:
        steps = html.fromstring((out / "fiches" / f"{fiche_id}.html").read_bytes()).xpath("//table[@class='steps']")
        terms = " ".join(row.findall("td")[2].text_content() for row in steps[0].iter("tr") if row.findall("td"))
        assert not re.search(r"(vanaf|vóór) [a-z]+_[a-z_]+", terms), fiche_id
        assert "wacht ≤" not in terms and "wacht ≥" not in terms, fiche_id


def test_data_types_in_the_data_model_tables_are_dutch(book: tuple[Path, BookResult]) -> None:
    """Review B5: the Soort column says datum, tekst, ja/nee, ..., not date, string, boolean."""
    out, _ = book
    page = html.fromstring((out / "fiches" / "in-uitschrijving.html").read_bytes())
    [table] = [t for t in page.xpath("//table[@class='entity']") if t.find("caption").text.startswith("Aangifte")]
    rows = {tr.findall("td")[0].text: tr.findall("td")[1].text_content() for tr in table.iter("tr") if tr.findall("td")}
    assert {name: rows[name] for name in ("aangiftedatum", "instemming_referentiepersoon", "vertrekdatum")} == {
        "aangiftedatum": "datum", "instemming_referentiepersoon": "ja/nee", "vertrekdatum": "datum"}
    kinds = set()
    for fiche_id in FICHE_IDS:
        page = html.fromstring((out / "fiches" / f"{fiche_id}.html").read_bytes())
        kinds |= {tr.findall("td")[1].text_content().split(" (")[0] for tr in page.xpath("//table[@class='entity']//tr")
                  if tr.findall("td") and not tr.findall("td")[1].text_content().startswith(("→", "code: "))}
    assert kinds == {"tekst", "geheel getal", "decimaal getal", "ja/nee", "datum", "datum en tijd"}


def test_the_matrix_names_objects_and_fiches_as_the_book_does(book: tuple[Path, BookResult]) -> None:
    """Review B8: no rows for the API's _links, objects by their title, no leading dots, fiche titles in the gaps."""
    out, _ = book
    matrix = html.fromstring((out / "matrix.html").read_bytes())
    names = [row.find("th").text_content() for row in matrix.findall(".//tbody/tr[@class='row-attribute']")]
    assert names[:8] == ["identificator", "gebouwPolygoon", "gebouwPolygoon.geometrie",
                         "gebouwPolygoon.geometrieMethode", "gebouwStatus", "gebouweenheden", "percelen",
                         "identificator"]
    assert not [name for name in names if name.startswith("_")]
    assert "huisnummerObject" in names  # the parent of a box-number address is data, not a hypermedia link
    assert [(a.get("href"), a.text) for a in matrix.findall(".//tr[@class='row-object']/td/a")] == [
        ("objecten/gebouw.html", "Gebouw"), ("objecten/gebouweenheid.html", "Gebouweenheid"),
        ("objecten/adres.html", "Adres"), ("objecten/straatnaam.html", "Straatnaam"),
        ("objecten/perceel.html", "Perceel")]
    unused = [li.text_content() for li in matrix.findall(".//section[@id='hiaten']/ul[1]/li")]
    assert unused[:3] == ["Gebouw: gebouwPolygoon.geometrie", "Gebouw: gebouwPolygoon.geometrieMethode",
                          "Gebouweenheid: gebouweenheidPositie.geometrie"]
    assert all(re.fullmatch(r"[A-Z][a-z]+: [a-zA-Z]+(\.[a-zA-Z]+)*", item) for item in unused), unused
    first = matrix.find(".//table[@class='gaps']/tbody/tr")
    assert [td.text_content() for td in first.findall("td")] == [
        "Ambtshalve inschrijving en afvoering van ambtswege", "Geen bewonersaantallen per gebouweenheid",
        "Gebouweenheid", "aantalIngeschrevenBewoners"]
    assert [a.get("href") for a in first.iter("a")] == [
        "fiches/ambtshalve-inschrijving-afvoering.html", "objecten/gebouweenheid.html"]
    gap_fiches = {tr.find("td/a").text for tr in matrix.findall(".//table[@class='gaps']/tbody/tr")}
    assert not gap_fiches & set(FICHE_IDS)
    assert {tr.find("td/a").text for tr in matrix.findall(".//table[@class='operations']/tbody/tr")} <= {
        "Gebouw", "Gebouweenheid", "Adres", "Straatnaam", "Perceel"}
