"""The published JSON Schema: current, bilingual, and in agreement with the loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from schillen._yaml import decode, parse_yaml
from schillen.loading import load_catalogue
from schillen.schema import build_fiche_schema, iter_schema_errors, render_fiche_schema
from schillen.skeleton import build_skeleton
from tests.conftest import BAD, MINIMAL, ROOT

SCHEMA_FILE = ROOT / "schemas" / "fiche.schema.json"
# Codes found by validating shape: the JSON Schema must reject exactly these.
SHAPE_CODES = (
    "schema.",
    "yaml.not-a-mapping",
    "model.attribute-type",
    "model.cardinality-conflict",
    "model.interaction-kind",
    "model.field-not-for-kind",
    "model.call-missing",
    "model.object-id-or-status",
    "model.expect-end-or-refused",
)


def test_schema_file_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_fiche_schema()


def _properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{path}.{name}", prop))
        for key, value in node.items():
            found.extend(_properties(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value, path))
    return found


def test_every_field_is_described_in_dutch_and_english():
    schema = build_fiche_schema()
    rules = ("/oneOf", "/allOf", "/not")  # combinations of fields described elsewhere
    props = [(p, prop) for p, prop in _properties(schema) if not any(rule in p for rule in rules)]
    assert len(props) > 60
    for path, prop in props:
        if "$ref" in prop:
            continue
        assert prop.get("x-description-nl") and prop.get("x-description-en"), path
        assert prop["description"] == f"{prop['x-description-nl']}\n\n{prop['x-description-en']}", path


def _data(path: Path) -> Any:
    text, problems = decode(path.read_bytes(), path.name)
    data, _, yaml_problems = parse_yaml(text, path.name)
    return None if problems or yaml_problems else data


CORPUS = [MINIMAL, *sorted((ROOT / "fiches").glob("*.yaml")), *sorted(BAD.glob("*.yaml"))]


@pytest.mark.parametrize("path", [p for p in CORPUS if _data(p) is not None], ids=lambda p: p.name)
def test_schema_rejects_what_the_loader_rejects(path: Path, tmp_path: Path):
    shutil.copyfile(path, tmp_path / "bad.yaml")
    loader = [d.code for d in load_catalogue([tmp_path / "bad.yaml"]).diagnostics if d.code.startswith(SHAPE_CODES)]
    schema = [e.message for e in iter_schema_errors(_data(path))]
    assert bool(schema) == bool(loader), (schema, loader)


def test_skeleton_is_valid_for_the_schema():
    data, _, problems = parse_yaml(build_skeleton("x", today="2026-11-28"), "x.yaml")
    assert problems == []
    assert list(iter_schema_errors(data)) == []


def test_schema_is_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
