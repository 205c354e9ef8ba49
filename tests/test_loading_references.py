"""The references inside one fiche (``iter_reference_problems``): every kind of broken reference of a step
and every place that cites a source, each once, in the order they are found, and nothing for values of
the wrong type (the model reports those)."""

from __future__ import annotations

from typing import Any

from schillen._yaml import KEY
from schillen.loading import iter_reference_problems

DATA: dict[str, Any] = {
    "actors": {"loket": {}},
    "shells": {"kern": {"Adres": ["huisnummer"], "Gebouw": "geen lijst"}},
    "sources": {"wet": {}},
    "legal_basis": [{"source": "wet"}, {"source": "decreet"}, "tekst", {"source": 8}],
    "pitfalls": [{"source": "handboek"}],
    "process": {
        "start": {"kind": "start", "actor": "burger", "next": "controle", "source": "nota"},
        "controle": {"kind": "task", "actor": "loket", "next": ["einde", "nergens", 3],
                     "deadline": {"within": 5, "source": "omzendbrief"}, "timer": {"source": "wet"},
                     "register": [{"read": "Adres", "attributes": ["huisnummer", "busnummer", 7],
                                   "expect": {"huisnummer": 1, "postcode": 2}},
                                  {"read": "Gebouw", "attributes": ["x"]}, {"object": "adres", "attributes": ["y"]},
                                  {"read": "niet geldig!"}, "geen mapping"]},
        "keuze": {"kind": "decision", "branches": {"ja": "einde", "nee": "weg", "misschien": 4}, "default": "elders"},
        "wachten": {"kind": "wait", "timer": {"source": "regeling"}, "default": "einde"},
        "einde": {"kind": "end"},
        "leeg": None,
    },
}


def test_every_broken_reference_once_in_the_order_found():
    assert [(d.code, d.loc, d.args["name"]) for d in iter_reference_problems(DATA)] == [
        ("model.unknown-actor", ("process", "start", "actor"), "'burger'"),
        ("model.unknown-step", ("process", "controle", "next", 1), "'nergens'"),
        ("model.attribute-not-in-kern", ("process", "controle", "register", 0, "attributes", 1), "'busnummer'"),
        ("model.attribute-not-in-kern", ("process", "controle", "register", 0, "expect", "postcode", KEY),
         "'postcode'"),
        ("model.attribute-not-in-kern", ("process", "controle", "register", 2, "attributes", 0), "'y'"),
        ("model.unknown-step", ("process", "keuze", "branches", "nee"), "'weg'"),
        ("model.unknown-step", ("process", "keuze", "default"), "'elders'"),
        ("model.unknown-source", ("legal_basis", 1, "source"), "'decreet'"),
        ("model.unknown-source", ("pitfalls", 0, "source"), "'handboek'"),
        ("model.unknown-source", ("process", "start", "source"), "'nota'"),
        ("model.unknown-source", ("process", "controle", "deadline", "source"), "'omzendbrief'"),
        ("model.unknown-source", ("process", "wachten", "timer", "source"), "'regeling'"),
    ]


def test_a_step_that_refers_to_known_things_has_no_problem():
    data = {"actors": {"a": {}}, "sources": {"s": {}},
            "process": {"x": {"actor": "a", "next": ["y"], "branches": {"j": "y"}, "default": "y", "source": "s",
                              "deadline": {"source": "s"}},
                        "y": {}}}
    assert list(iter_reference_problems(data)) == []
