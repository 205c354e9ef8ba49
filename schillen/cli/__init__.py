"""The ``schillen`` command line: :func:`main` runs it and returns the exit code.

Each module of this package adds its commands to the group in :mod:`schillen.cli._base`;
importing them here registers them.
"""

from __future__ import annotations

import os

# The command line uses no pydantic plugins: without this, pydantic looks for them in the metadata
# of every installed package when it builds the first model, about 35 ms of each command's start
# (docs/performance.md, cold start). Set before any model is built; a value the user set stands.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from schillen.cli import book, fiches, register, simulate  # noqa: F401  (they register their commands)
from schillen.cli._base import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.exit(main())
