"""The ``schillen`` command group, its shared options and :func:`main`.

Exit codes: 0 clean, 1 problems found (errors, or warnings with ``--strict``),
2 usage errors.  Heavy modules are imported inside the commands that need them,
so that ``schillen check`` of one fiche starts fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from schillen.model import Fiche
    from schillen.registers.model import Register

__all__ = [
    "LANG",
    "LANG_OPTION",
    "REGISTER_FILE",
    "Exit",
    "cli",
    "load_register",
    "main",
    "pick_language",
    "refuse_input_as_output",
    "unique_fiche_paths",
    "write_output",
]

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


_WRITE_REASONS = {
    errno.EACCES: ("permission denied", "geen toegang"),
    errno.EPERM: ("permission denied", "geen toegang"),
    errno.ENOENT: ("no such file or folder", "bestand of map bestaat niet"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "een deel van het pad is een bestand, geen map"),
    errno.EISDIR: ("it is a folder", "het is een map"),
    errno.ENAMETOOLONG: ("the file name is too long", "de bestandsnaam is te lang"),
    errno.ENOSPC: ("no space left on the device", "geen ruimte meer op het apparaat"),
    errno.EROFS: ("the file system is read-only", "het bestandssysteem is alleen-lezen"),
    errno.EEXIST: ("it already exists", "het bestaat al"),
    errno.ENXIO: ("nothing reads from it", "niets leest ervan"),
    errno.EPIPE: ("nothing reads from it any more", "niets leest er nog van"),
}


def write_error(what: str, exc: OSError, language: str | None = None) -> str:
    """One line: ``cannot write WHAT: why`` (in Dutch for ``nl``)."""
    fallback = exc.strerror or str(exc)
    en, nl = _WRITE_REASONS.get(exc.errno or 0, (fallback, fallback))
    if pick_language(language) == "nl":
        return f"kan {what} niet schrijven: {nl}"
    return f"cannot write {what}: {en}"


def write_output(path: Path, data: str | bytes, language: str | None = None, *, overwrite: bool = True) -> Path:
    """Write ``data`` to the file ``path`` (atomically, see :mod:`schillen._io`); exit 1 with one line if it fails.

    With ``overwrite`` false an existing file is kept: "PATH already exists; nothing was written".
    """
    from schillen._io import write_bytes_atomic

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return write_bytes_atomic(path, raw, overwrite=overwrite)
    except OSError as exc:
        if isinstance(exc, FileExistsError) and not overwrite:
            click.echo(f"{path.as_posix()} already exists; nothing was written", err=True)
        else:
            click.echo(write_error(path.as_posix(), exc, language), err=True)
        raise Exit(1) from None


def refuse_input_as_output(output: Path | None, inputs: Iterable[Path | None], *, fiches_too: bool = True) -> None:
    """A usage error (exit 2) when ``output`` is one of the files ``inputs`` (folders: the fiches in them).

    With ``fiches_too``, also when ``output`` is an existing ``*.yaml``/``*.yml`` file: a command that
    writes BPMN, Mermaid, a picture or a table never replaces what is most likely a fiche.
    """
    if output is None:
        return
    from schillen.loading import iter_fiche_files

    files = [item for path in inputs if path is not None for item in iter_fiche_files([path])
             if isinstance(item, Path)]
    for file in files:
        if _same_file(output, file):
            what = "an input" if output.as_posix() == file.as_posix() else f"the input {file.as_posix()}"
            raise click.BadParameter(f"{output.as_posix()!r} is {what}; it is never overwritten: write to "
                                     "another file", param_hint="-o/--output")
    if fiches_too and output.suffix.lower() in (".yaml", ".yml") and os.path.lexists(output):
        raise click.BadParameter(f"{output.as_posix()!r} is an existing YAML file (a fiche?); it is never "
                                 "overwritten: write to another file", param_hint="-o/--output")


def unique_fiche_paths(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with each fiche file once: a file also named through its folder, or twice, is read once.

    A folder becomes the fiche files in it; a path that names no fiche file (missing, or a
    folder without fiches) is kept as it is, so that loading reports it.
    """
    from schillen.loading import iter_fiche_files

    seen: set[str] = set()
    unique: list[Path] = []
    for path in paths:
        found = list(iter_fiche_files([path]))
        if not found or not all(isinstance(item, Path) for item in found):
            unique.append(path)
            continue
        for item in found:
            assert isinstance(item, Path)
            key = os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                unique.append(item)
    return unique


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


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
        _silence_stdout()
        return 1
    except OSError as exc:  # the standard output cannot be written (a full disk, a closed terminal)
        if exc.filename is not None or not _raised_in_echo(exc):
            raise
        _silence_stdout()
        language = _lang(args)
        what = "de standaarduitvoer" if language == "nl" else "the standard output"
        click.echo(write_error(what, exc, language), err=True)
        return 1
    return 0


def _lang(args: list[str]) -> str:
    """The --lang of the command line, else the default (for messages printed outside a command)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("en", "nl"):
            return args[i + 1]
        if arg in ("--lang=en", "--lang=nl"):
            return arg.split("=", 1)[1]
    return pick_language(None)


def _raised_in_echo(exc: BaseException) -> bool:
    """Whether ``exc`` came from writing output with :func:`click.echo` (every command writes with it)."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is click.echo.__code__:
            return True
        tb = tb.tb_next
    return False


def _silence_stdout() -> None:
    """Point the standard output at the null device, so Python's flush at exit does not fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)

