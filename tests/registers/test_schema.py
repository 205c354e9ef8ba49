"""schemas/register.schema.json: generated from the register model, current, bilingual, and valid for grar.yaml."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from schillen._yaml import parse_yaml
from schillen.registers import parse_register
from schillen.schema import build_register_schema, render_register_schema
from tests.conftest import DATA, ROOT
from tests.registers import mini
from tests.test_schema_sync import _properties

SCHEMA_FILE = ROOT / "schemas" / "register.schema.json"
GRAR_TEXT = (resources.files("schillen.registers") / "grar.yaml").read_text(encoding="utf-8")


def test_schema_file_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_register_schema()


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_every_field_is_described_in_dutch_and_english():
    props = [(p, prop) for p, prop in _properties(build_register_schema())
             if "$ref" not in prop and not any(k in p for k in ("/oneOf", "/allOf", "/anyOf"))]
    assert len(props) > 100
    for path, prop in props:
        assert prop.get("x-description-nl") and prop.get("x-description-en"), path


def _errors(text: str) -> list[str]:
    data, _, problems = parse_yaml(text, "r.yaml")
    assert problems == []
    return [e.message for e in jsonschema.Draft202012Validator(build_register_schema()).iter_errors(data)]


def test_bundled_and_test_registers_are_valid():
    assert _errors(GRAR_TEXT) == []
    assert _errors((DATA / "register.yaml").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        command: RealizeBuilding", "        comand: RealizeBuilding"),
        ('        source: "§4.1"\n      realiseren', '        source: "4.1"\n      realiseren'),
        ("      inAanbouw: {domain: UnderConstruction}", "      inAanbouw: {domain: underConstruction}"),
        ("        creates: true\n", ""),
        ("id: mini", "id: Mini"),
    ],
    ids=["unknown-key", "section", "capwords", "creates-or-from", "id"],
)
def test_schema_rejects_what_the_loader_rejects(old: str, new: str):
    text = mini(old, new)
    assert parse_register(text, "r.yaml").register is None
    assert _errors(text) != []
