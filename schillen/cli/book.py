"""The ``book`` command: the Schillenboek as a static site."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen.cli._base import (
    LANG_OPTION,
    REGISTER_FILE,
    Exit,
    broken_links,
    cli,
    load_register,
    pick_language,
    say,
    seconds,
)

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

    language = pick_language(lang)
    register = load_register(register_file, language) if register_file is not None else None
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
            text = exc.message_nl if language == "nl" and isinstance(exc, BookError) else str(exc)
            click.echo(f"schillen book: {text}", err=True)
            raise Exit(1) from None
    problems = [d for d in result.diagnostics if (d.severity is Severity.ERROR and d.file in result.broken)
                or d.code == "io.no-fiches"]  # a folder without fiches: a warning, as 'check' gives
    links = broken_links(paths)  # left out of the book (a folder search finds what exists), not without a word
    problems = sorted([*problems, *links])
    broken = [*result.broken, *(d.file for d in links)]
    if problems:
        click.echo(format_text(problems, language), err=True)
    click.echo(say("book-done", language, path=result.out_dir, written=result.pages_written,
                   reused=result.pages_reused, rendered=result.diagrams_rendered, kept=result.diagrams_reused,
                   seconds=seconds(result.seconds, language, 2)), err=True)
    if broken:
        click.echo(say("did-not-load", language, count=len(broken), files=", ".join(broken)), err=True)
        raise Exit(1)
