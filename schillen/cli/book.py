"""The ``book`` command: the Schillenboek as a static site."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen.cli._base import LANG_OPTION, REGISTER_FILE, Exit, cli, load_register, pick_language

if TYPE_CHECKING:  # pragma: no cover
    from click._termui_impl import ProgressBar


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The book's folder: absent, empty, or a book built before (it is replaced as a whole).")
@click.option("--force", is_flag=True, help="Render every page and diagram again, also those that did not change.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Diagrams laid out at the same time (default: the number of CPUs).")
@REGISTER_FILE
@LANG_OPTION
def book(paths: tuple[Path, ...], out_dir: Path, force: bool, jobs: int | None, register_file: Path | None,
         lang: str | None) -> None:
    """Build the Schillenboek: a static HTML site (in Dutch) of the fiches in PATHS, in the folder OUTPUT.

    An index of the fiches, a page per fiche with its diagrams, the register matrix
    and gap report, the code lists, a page per register object. Only what changed is
    rendered again; the old book stays in place until the new one is complete.

    Exit 0; 1 when a fiche does not load (the book is still built with the others, and its
    index lists the file with its diagnostics, printed here in --lang) or the book cannot be built.
    """
    from schillen.book import BookError, build_book
    from schillen.diagnostics import Severity, format_text
    from schillen.errors import RenderError

    register = load_register(register_file) if register_file is not None else None
    with contextlib.ExitStack() as stack:
        bars: list[ProgressBar[int]] = []

        def progress(done: int, total: int) -> None:
            if not bars:  # the total is known once the book is planned
                bars.append(stack.enter_context(click.progressbar(
                    length=total, label="boek", file=sys.stderr, hidden=not sys.stderr.isatty())))
            bars[0].update(done - bars[0].pos)

        try:
            result = build_book(list(paths), out_dir, register, progress, force=force, jobs=jobs)
        except (BookError, RenderError) as exc:
            stack.close()
            click.echo(f"schillen book: {exc}", err=True)
            raise Exit(1) from None
    problems = [d for d in result.diagnostics if d.severity is Severity.ERROR and d.file in result.broken]
    if problems:
        click.echo(format_text(problems, pick_language(lang)), err=True)
    click.echo(f"{result.out_dir}: {result.pages_written} page(s) written, {result.pages_reused} reused; "
               f"{result.diagrams_rendered} diagram(s) laid out, {result.diagrams_reused} reused "
               f"({result.seconds:.2f} s)", err=True)
    if result.broken:
        click.echo(f"{len(result.broken)} file(s) did not load: {', '.join(result.broken)}", err=True)
        raise Exit(1)
