"""Generate realistic, valid fiches for the benchmarks.

Shared by ``bench_check.py`` and ``bench_yaml_parsers.py``; not a benchmark itself.

A generated fiche has what a real one has: legal basis, actors, a ``kern`` of
register objects, municipal shells with entities and attributes (typed, code
lists, references), code lists, a process of ``steps`` steps, best practices and
pitfalls that cite sources, register gaps, links to other fiches, sources and
notes.  The process repeats a block of twelve steps that mixes tasks, decisions
with branches and a default, a wait with a timer, a parallel split and join,
register reads with ``expect``, a register operation and a call of another
fiche of the catalogue; it is padded with tasks to reach exactly ``steps``.

The text is written by hand in the style of ``schillen new`` (block mappings,
flow mappings for attributes, folded summaries), not dumped by PyYAML, so the
parser sees what authors write.  Every fiche checks clean; the benchmarks
assert that.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["fiche_id", "fiche_text", "write_catalogue"]

BLOCK = 12
"""Steps in one repeated block of the process."""

_WORDS = [
    "aanvraag", "adres", "inwoner", "gemeente", "register", "dossier", "woning", "gebouw", "besluit", "termijn",
    "controle", "melding", "wijkagent", "loket", "burgerzaken", "verblijf", "hoofdverblijfplaats",
    "onderzoek", "vaststelling", "bewijsstuk", "kennisgeving", "verhuis", "afvoering", "inschrijving",
]


def fiche_id(index: int) -> str:
    """The id (and file stem) of the ``index``-th generated fiche."""
    return f"proces-{index:05d}"


def _sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _deadline(rng: random.Random, indent: str, key: str = "deadline", source: str = "ontvangst") -> list[str]:
    unit = rng.choice(("calendar_days", "working_days", "weeks", "months"))
    return [
        f"{indent}{key}:",
        f"{indent}  within: {rng.randint(1, 90)}",
        f"{indent}  unit: {unit}",
        f"{indent}  from: {source}",
        f"{indent}  basis: KB 16/7/1992 art. {rng.randint(1, 20)}",
    ]


def _step(sid: str, kind: str, name: str, extra: list[str]) -> list[str]:
    return [f"  {sid}:", f"    kind: {kind}", f"    name: {name}", *extra]


def _process(rng: random.Random, steps: int, index: int, fiches: int) -> list[str]:
    """The ``process:`` section: a start, full blocks, padding tasks, an end."""
    steps = max(steps, 2)
    blocks = (steps - 2) // BLOCK
    padding = steps - 2 - blocks * BLOCK
    callee = fiche_id((index + 1) % fiches)
    lines = ["process:"]
    first = "blok0_ontvangst" if blocks else ("taak0" if padding else "einde")
    lines += _step("start", "start", "Aanvraag ingediend",
                   ["    actor: aanvrager", f"    next: {first}"])
    for b in range(blocks):
        p = f"blok{b}_"
        after = f"blok{b + 1}_ontvangst" if b + 1 < blocks else ("taak0" if padding else "einde")
        lines += _step(p + "ontvangst", "task", "Aanvraag registreren", [
            "    actor: loket",
            f"    description: {_sentence(rng)}",
            "    register:",
            "      - read: Adres",
            "        attributes: [huisnummer, busnummer]",
            "        expect: {adresStatus: [voorgesteld, inGebruik]}",
            *_deadline(rng, "    "),
            f"    next: {p}ontvankelijk",
        ])
        lines += _step(p + "ontvankelijk", "decision", "Aanvraag ontvankelijk?", [
            "    actor: loket",
            "    branches:",
            f"      ja: {p}onderzoek",
            f"      nee: {p}aanvullen",
            f"    default: {p}aanvullen",
            *_deadline(rng, "    "),
        ])
        lines += _step(p + "aanvullen", "task", "Ontbrekende stukken opvragen", [
            "    actor: loket",
            f"    description: {_sentence(rng)}",
            f"    next: {p}wacht_aanvulling",
        ])
        lines += _step(p + "wacht_aanvulling", "wait", "Wachten op aanvulling", [
            "    actor: aanvrager",
            *_deadline(rng, "    ", key="timer", source=f"{p}aanvullen"),
            f"    next: {p}onderzoek",
        ])
        lines += _step(p + "onderzoek", "parallel_split", "Onderzoek starten", [
            f"    next: [{p}woonst, {p}gebouw]",
        ])
        lines += _step(p + "woonst", "task", "Woonstonderzoek", [
            "    actor: wijkagent",
            "    register:",
            "      - read: Gebouweenheid",
            "        attributes: [functie]",
            "        expect:",
            "          gebouweenheidStatus: [gerealiseerd]",
            *_deadline(rng, "    ", source=f"{p}onderzoek"),
            f"    next: {p}samen",
            "    unconfirmed: true",
        ])
        lines += _step(p + "gebouw", "task", "Gebouw controleren", [
            "    actor: dienst",
            "    register:",
            "      - read: gebouw",
            "        expect: {gebouwStatus: gerealiseerd}",
            f"    next: {p}samen",
        ])
        lines += _step(p + "samen", "parallel_join", "Onderzoek afgerond", [f"    next: {p}besluit"])
        lines += _step(p + "besluit", "decision", "Besluit over de aanvraag", [
            "    actor: dienst",
            "    branches:",
            f"      gunstig: {p}registreren",
            f"      ongunstig: {p}weigeren",
            f"      onvolledig: {p}weigeren",
            f"    default: {p}weigeren",
            "    basis: Wet van 19 juli 1991, art. 7",
        ])
        lines += _step(p + "registreren", "task", "Adres bijwerken in het register", [
            "    actor: dienst",
            "    register:",
            "      - operation: corrigeren/huisnummer",
            "        object: Adres",
            "        attributes: [huisnummer, adresPositie]",
            "        note: Via de edit-API.",
            *_deadline(rng, "    ", source=f"{p}besluit"),
            f"    next: {p}melding",
        ])
        lines += _step(p + "weigeren", "task", "Weigering betekenen", [
            "    actor: dienst",
            f"    description: {_sentence(rng)}",
            f"    next: {p}melding",
        ])
        lines += _step(p + "melding", "call", "Betrokkenen op de hoogte brengen", [
            "    actor: dienst",
            f"    call: {callee}",
            f"    next: {after}",
        ])
    for t in range(padding):
        after = f"taak{t + 1}" if t + 1 < padding else "einde"
        lines += _step(f"taak{t}", "task", f"Afhandeling deel {t + 1}", [
            "    actor: dienst",
            f"    description: {_sentence(rng)}",
            *(["    register:", "      - read: Adres", "        expect: {adresStatus: inGebruik}"]
              if t % 2 == 0 else []),
            f"    next: {after}",
        ])
    lines += _step("einde", "end", "Aanvraag afgehandeld", ["    actor: dienst"])
    return lines


def fiche_text(index: int = 0, steps: int = 50, fiches: int = 1) -> str:
    """The YAML text of the ``index``-th fiche of a catalogue of ``fiches``."""
    rng = random.Random(index)
    fid = fiche_id(index)
    other = fiche_id((index + 2) % fiches)
    lines = [
        "# yaml-language-server: $schema=../schemas/fiche.schema.json",
        f"id: {fid}",
        f"title: Proces {index}",
        f"version: 1.{index % 7}.{index % 3}",
        "status: review",
        f"updated: 2026-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "working_group: werkgroep adressen- en gebouwenregister",
        "authors: [An Peeters, Jan Janssens]",
        "summary: >-",
        f"  {_sentence(rng, 12, 20)}",
        f"  {_sentence(rng, 12, 20)}",
        "",
        "legal_basis:",
        "  - text: Wet van 19 juli 1991 betreffende de bevolkingsregisters",
        "    article: art. 7, §5",
        "    url: https://www.ejustice.just.fgov.be/eli/wet/1991/07/19/1991000803/justel",
        "  - text: Koninklijk besluit van 16 juli 1992",
        "    article: art. 5",
        "    unconfirmed: true",
        "",
        "actors:",
        "  aanvrager: {name: Aanvrager, kind: external}",
        "  loket:",
        "    name: Loket Burgerzaken",
        "    kind: organisation",
        f"    description: {_sentence(rng)}",
        "  dienst: {name: Dienst Wonen, kind: organisation}",
        "  wijkagent: {name: Wijkagent, kind: person, description: De lokale politie.}",
        "  crab: {name: Gebouwen- en adressenregister, kind: system}",
        "",
        "shells:",
        "  kern:",
        "    Adres: [adresStatus, huisnummer, busnummer, adresPositie]",
        "    Gebouweenheid: [gebouweenheidStatus, functie]",
        "    Gebouw: [gebouwStatus, geometrie]",
        "  dossier:",
        "    Aanvraag:",
        f"      description: {_sentence(rng)}",
        "      attributes:",
        "        ontvangstdatum: {type: date, required: true}",
        "        type: {codelist: aanvraagtype, required: true}",
        "        adres: {ref: Adres, required: true}",
        "        inwoner: {ref: Inwoner, cardinality: 1..n}",
        "        opmerking: {type: string, description: Vrije tekst.}",
        "    Besluit:",
        "      attributes:",
        "        datum: {type: date, required: true}",
        "        uitkomst: {codelist: besluittype, cardinality: '1'}",
        "        aanvraag: {ref: Aanvraag, required: true}",
        "  bevolking:",
        "    Inwoner:",
        "      personal_data: true",
        "      attributes:",
        "        rijksregisternummer: {type: string, required: true, personal_data: true}",
        "        geboortedatum: {type: date, personal_data: true}",
        "        gezinsgrootte: {type: integer}",
        "        oppervlakte: {type: decimal, unit: m²}",
        "        verblijf: {ref: Gebouweenheid, cardinality: 0..1}",
        "",
        "codelists:",
        "  aanvraagtype:",
        "    description: Soort aanvraag.",
        "    values: [inschrijving, adreswijziging, afvoering, herinschrijving]",
        "  besluittype:",
        "    values:",
        "      - gunstig",
        "      - ongunstig",
        "      - onvolledig",
        "",
        *_process(rng, steps, index, fiches),
        "",
        "best_practices:",
        "  - title: Adres eerst controleren",
        f"    text: {_sentence(rng, 15, 30)}",
        "    source: handleiding",
        "pitfalls:",
        "  - title: Busnummer vergeten",
        f"    text: {_sentence(rng, 15, 30)}",
        "    source: werkgroep",
        "register_gaps:",
        "  - title: Geen status voor tijdelijk verblijf",
        f"    text: {_sentence(rng)}",
        "    object: Adres",
        "    attribute: adresStatus",
        "links:",
        f"  - fiche: {other}",
        "    text: Na een afvoering volgt soms een herinschrijving.",
        "sources:",
        "  handleiding:",
        "    title: Handleiding gebouwen- en adressenregister",
        "    url: https://www.vlaanderen.be/digitaal-vlaanderen/gebouwen-en-adressenregister",
        "    publisher: Digitaal Vlaanderen",
        "    date: 2024-05-01",
        "  werkgroep:",
        "    title: Verslag van de werkgroep",
        "    note: Vergadering met de gemeenten.",
        "notes:",
        f"  - {_sentence(rng)}",
        "",
    ]
    return "\n".join(lines)


def write_catalogue(directory: Path, fiches: int, steps: int) -> list[Path]:
    """Write ``fiches`` fiches of ``steps`` steps into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(fiches):
        path = directory / f"{fiche_id(index)}.yaml"
        path.write_text(fiche_text(index, steps, fiches), encoding="utf-8")
        paths.append(path)
    return paths
