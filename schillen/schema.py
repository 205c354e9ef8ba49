"""The published JSON Schema of a fiche, generated from :mod:`schillen.model`.

``schemas/fiche.schema.json`` is written by ``schillen schema`` and never
edited by hand; ``schillen schema --check`` fails when it is stale.  Editors
use it through the ``# yaml-language-server: $schema=...`` line for hover help
(Dutch and English) and key completion.

Examples:
    >>> schema = build_fiche_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["required"])
    ['id', 'process', 'status', 'summary', 'title', 'updated', 'version']

``schemas/register.schema.json`` is made the same way from
:mod:`schillen.registers.model`, for files such as ``schillen/registers/grar.yaml``:

    >>> sorted(build_register_schema()["required"])
    ['codelists', 'id', 'objects', 'reference', 'title']
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from schillen._pydantic import doc
from schillen.model import Fiche
from schillen.registers.model import Register

__all__ = [
    "REGISTER_SCHEMA_ID",
    "SCHEMA_ID",
    "build_fiche_schema",
    "build_register_schema",
    "iter_schema_errors",
    "render_fiche_schema",
    "render_register_schema",
]

SCHEMA_ID = "urn:schillen:schema:fiche"
"""The schema's ``$id``: a name, not an address (the file travels with each fiche repository)."""
REGISTER_SCHEMA_ID = "urn:schillen:schema:register"
"""The ``$id`` of the register interface schema."""


def _close_pattern_objects(node: Any) -> None:
    """Objects whose keys must match a pattern allow no other keys (as pydantic does)."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_pattern_objects(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_objects(value)


def _no_null_values(node: Any) -> None:
    """Optional keys may be left out, not left empty (as the models say): drop ``null`` alternatives."""
    if isinstance(node, dict):
        for key in ("anyOf", "oneOf"):
            options = node.get(key)
            if isinstance(options, list) and {"type": "null"} in options and "default" in node:
                rest = [o for o in options if o != {"type": "null"}]
                del node[key]
                if node["default"] is None:
                    del node["default"]
                if len(rest) == 1:  # the field's own words win over those of its type
                    for name, value in rest[0].items():
                        node.setdefault(name, value)
                else:
                    node[key] = rest
        for value in node.values():
            _no_null_values(value)
    elif isinstance(node, list):
        for value in node:
            _no_null_values(value)


def _build_schema(model: type[BaseModel], schema_id: str, title: str, nl: str, en: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a root model, with its ``$id``, title and two-language description."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    _close_pattern_objects(schema)
    _no_null_values(schema)
    top = doc(nl, en)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        **schema,
        "title": title,
        "description": top["description"],
        **top["json_schema_extra"],
    }


def build_fiche_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a fiche, as a dict."""
    return _build_schema(
        Fiche,
        SCHEMA_ID,
        "Schillenboek fiche",
        "Een fiche van het Schillenboek: één gemeentelijk proces en hoe het het gebouwen- en "
        "adressenregister gebruikt.",
        "A fiche of the Schillenboek: one municipal process and how it uses the building and "
        "address register.",
    )


def render_fiche_schema() -> str:
    """The schema as the text of ``schemas/fiche.schema.json`` (stable, newline at the end)."""
    return json.dumps(build_fiche_schema(), indent=2, ensure_ascii=False) + "\n"


def build_register_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a register interface (such as ``grar.yaml``), as a dict."""
    return _build_schema(
        Register,
        REGISTER_SCHEMA_ID,
        "Schillenboek register interface",
        "Een registerinterface: wat een centraal register de processen biedt die het gebruiken (codelijsten, "
        "objecten, attributen, operaties, voorwaarden en cascades), elke regel met haar bron.",
        "A register interface: what a central register offers the processes that use it (code lists, objects, "
        "attributes, operations, preconditions and cascades), every rule with its source.",
    )


def render_register_schema() -> str:
    """The schema as the text of ``schemas/register.schema.json`` (stable, newline at the end)."""
    return json.dumps(build_register_schema(), indent=2, ensure_ascii=False) + "\n"


def iter_schema_errors(data: Any, schema: dict[str, Any] | None = None) -> Any:
    """Yield the ``jsonschema`` errors of ``data`` against the fiche schema.

    For developers and for the test that keeps the schema and the models in
    agreement; the loader itself validates with the models.
    """
    import jsonschema  # imported here: it costs start-up time the loader does not need

    validator = jsonschema.Draft202012Validator(
        schema or build_fiche_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    yield from validator.iter_errors(data)
