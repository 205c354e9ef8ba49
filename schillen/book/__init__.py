"""The Schillenboek as a static site: ``build_book(paths, "site")`` writes it, ``schillen book`` runs it.

A Dutch site readable without JavaScript: an index of the fiches, a page per
fiche (with its three diagrams as SVG files), the register matrix and gap report,
the code lists of the register, and a page per register object.  One stylesheet
serves the screen and the printed handout of a fiche.  See :mod:`schillen.book.build`
for how a build is made atomic and incremental, :mod:`schillen.book.pages` for
what the book holds.
"""

from __future__ import annotations

from schillen.book.build import MANIFEST, BookError, BookResult, build_book
from schillen.book.pages import FICHE_SECTIONS

__all__ = ["FICHE_SECTIONS", "MANIFEST", "BookError", "BookResult", "build_book"]
