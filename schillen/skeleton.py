"""The skeleton of a new fiche, as ``schillen new ID`` writes it.

Examples:
    >>> from schillen.loading import parse_fiche
    >>> text = build_skeleton("leegstaande-woningen", today="2026-11-28")
    >>> parse_fiche(text, "fiches/leegstaande-woningen.yaml").diagnostics
    []
"""

from __future__ import annotations

import datetime as dt
import re

from schillen.model import SLUG_PATTERN

__all__ = ["build_skeleton", "is_fiche_id"]

_TEMPLATE = """\
# yaml-language-server: $schema={schema}
id: {id}
title: {title}
version: 0.1.0
status: draft
updated: {today}
working_group: werkgroep adressen- en gebouwenregister
authors: []
summary: >-
  Vat hier in enkele zinnen samen welk proces deze fiche beschrijft en hoe het
  het gebouwen- en adressenregister gebruikt.

legal_basis:
  - text: Vul de rechtsgrond in, bv. een wet, decreet of besluit.
    article: art. 1
    unconfirmed: true

actors:
  aanvrager:
    name: Aanvrager
    kind: external
  dienst:
    name: Gemeentelijke dienst
    kind: organisation

shells:
  kern:
    Adres: [adresStatus, huisnummer, busnummer]
  dossier:
    Aanvraag:
      description: Een aanvraag die de dienst behandelt.
      attributes:
        ontvangstdatum: {{type: date, required: true}}
        adres: {{ref: Adres, required: true}}

process:
  aanvraag:
    kind: start
    actor: aanvrager
    name: Aanvraag ingediend
    next: behandeling
  behandeling:
    kind: task
    actor: dienst
    name: Aanvraag behandelen
    register:
      - read: Adres
        expect: {{adresStatus: [voorgesteld, inGebruik]}}
    next: afgehandeld
  afgehandeld:
    kind: end
    name: Aanvraag afgehandeld

best_practices: []
pitfalls: []
sources: {{}}
"""


def is_fiche_id(text: str) -> bool:
    """Whether ``text`` is a valid fiche id (lower case words joined by hyphens).

    Examples:
        >>> is_fiche_id("leegstaande-woningen"), is_fiche_id("Leegstand")
        (True, False)
    """
    return re.match(SLUG_PATTERN, text) is not None


def build_skeleton(
    fiche_id: str,
    *,
    title: str | None = None,
    schema: str = "../schemas/fiche.schema.json",
    today: str | None = None,
) -> str:
    """The text of a new fiche with id ``fiche_id`` that passes ``schillen check``."""
    if not is_fiche_id(fiche_id):
        raise ValueError(f"not a fiche id: {fiche_id!r}")
    title = title or fiche_id.replace("-", " ").capitalize()
    return _TEMPLATE.format(
        id=fiche_id,
        title=_yaml_text(title),
        schema=schema,
        today=today or dt.date.today().isoformat(),
    )


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$", text) else text
