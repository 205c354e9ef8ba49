"""The ``schillen`` command line: :func:`main` runs it and returns the exit code.

Each module of this package adds its commands to the group in :mod:`schillen.cli._base`;
importing them here registers them.
"""

from __future__ import annotations

from schillen.cli import book, fiches, register, simulate  # noqa: F401  (they register their commands)
from schillen.cli._base import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.exit(main())
