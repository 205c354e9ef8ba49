"""The ``schillen`` command group, its shared options and :func:`main`.

Exit codes: 0 clean, 1 problems found (errors, or warnings with ``--strict``),
2 usage errors.  Heavy modules are imported inside the commands that need them,
so that ``schillen check`` of one fiche starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from schillen.model import Fiche
    from schillen.registers.model import Register

__all__ = ["LANG", "LANG_OPTION", "REGISTER_FILE", "Exit", "cli", "load_register", "main", "pick_language"]

LANG = click.Choice(["en", "nl"])
LANG_OPTION = click.option("--lang", type=LANG, default=None,
                           help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
REGISTER_FILE = click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False),
                             default=None, help="A register interface file (default: the bundled grar.yaml).")


def pick_language(value: str | None) -> str:
    """The language asked for, else $SCHILLEN_LANG, else the locale's."""
    from schillen.diagnostics import default_language

    return value or default_language()


class Exit(Exception):
    """Leave a command with this exit code (after it printed why)."""

    def __init__(self, code: int) -> None:
        self.code = code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="schillen")
def cli() -> None:
    """schillen: the fiches of the Schillenboek, checked, drawn and published."""


def load_register(path: Path | None) -> Register:
    """The register interface in PATH (default: the bundled grar.yaml); exit 1 with its diagnostics if it is bad."""
    from schillen.errors import RegisterError
    from schillen.registers.loading import load_register as load

    try:
        return load(path)
    except RegisterError as exc:
        from schillen.diagnostics import format_text

        click.echo(format_text(exc.diagnostics, pick_language(None)), err=True)
        raise Exit(1) from None


def read_fiche_or_exit(path: Path, language: str, consequence: str) -> Fiche:
    """The fiche in ``path``; its diagnostics printed; exit 1 (saying ``consequence``) when it does not load."""
    from schillen.diagnostics import Severity, format_text
    from schillen.loading import read_fiche

    result = read_fiche(path)
    if result.diagnostics:
        click.echo(format_text(result.diagnostics, language), err=True)
    if result.fiche is None or any(d.severity is Severity.ERROR for d in result.diagnostics):
        click.echo(f"{path.as_posix()} does not load; {consequence}", err=True)
        raise Exit(1)
    return result.fiche


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="schillen", standalone_mode=False)
    except Exit as done:
        return done.code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except BrokenPipeError:
        return 1
    return 0

