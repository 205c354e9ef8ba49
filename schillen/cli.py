"""The ``schillen`` command: parse arguments, call the public API, print, return the exit code.

Exit codes: 0 clean, 1 problems found (errors, or warnings with ``--strict``),
2 usage errors.  Heavy modules are imported inside the commands that need them,
so that ``schillen check`` of one fiche starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from schillen.errors import RegisterQueryError
    from schillen.registers.model import Register

__all__ = ["main"]

_LANG = click.Choice(["en", "nl"])


def _lang(value: str | None) -> str:
    from schillen.diagnostics import default_language

    return value or default_language()


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="schillen")
def cli() -> None:
    """schillen: the fiches of the Schillenboek, checked, drawn and published."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--ignore", multiple=True, metavar="CODE",
              help="Leave out diagnostics whose code starts with CODE (e.g. 'yaml.schema-comment').")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
@click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Check against this register interface file instead of the bundled grar.yaml.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool, ignore: tuple[str, ...], lang: str | None,
          register_file: Path | None) -> None:
    """Check fiches (files, or folders of *.yaml) and report every problem.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict).
    """
    from schillen.checks import check_catalogue
    from schillen.diagnostics import Severity, format_github, format_json, format_text
    from schillen.loading import load_catalogue

    language = _lang(lang)
    register = _load_register(register_file) if register_file is not None else None
    catalogue = check_catalogue(load_catalogue(paths), register=register)
    diagnostics = [d for d in catalogue.diagnostics if not d.code.startswith(tuple(ignore))]
    formatter = {"text": format_text, "json": format_json, "github": format_github}[fmt]
    output = formatter(diagnostics, language)
    if output:
        click.echo(output)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if fmt == "text":
        ignored = len(catalogue.diagnostics) - len(diagnostics)
        click.echo(_summary(language, len(catalogue.files), len(catalogue.fiches), errors, warnings, ignored), err=True)
    if errors or (strict and warnings):
        raise _Exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
@click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A register interface file instead of the bundled grar.yaml.")
def matrix(paths: tuple[Path, ...], fmt: str, output: Path | None, register_file: Path | None) -> None:
    """The register matrix of fiches: who creates, reads, updates, deletes what (C, R, U, D), and the gaps.

    Exit 0, or 1 when a fiche does not load (its diagnostics are printed).
    """
    from schillen._io import write_text_atomic
    from schillen.diagnostics import Severity, format_text
    from schillen.loading import load_catalogue
    from schillen.matrix import build_matrix, render_matrix

    catalogue = load_catalogue(paths)
    problems = [d for d in catalogue.diagnostics if d.severity is Severity.ERROR]
    if problems:
        click.echo(format_text(problems, _lang(None)), err=True)
        raise _Exit(1)
    register = _load_register(register_file) if register_file is not None else None
    text = render_matrix(build_matrix(catalogue, register), fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


def _summary(lang: str, files: int, fiches: int, errors: int, warnings: int, ignored: int) -> str:
    """One line: what was checked and what was found."""
    if lang == "nl":
        found = f"{errors} fout(en), {warnings} waarschuwing(en)" if errors or warnings else "geen problemen"
        text = f"{files} bestand(en) gecontroleerd, {fiches} fiche(s) geladen: {found}"
        return text + (f" ({ignored} genegeerd)" if ignored else "")
    found = f"{errors} error(s), {warnings} warning(s)" if errors or warnings else "no problems"
    text = f"{files} file(s) checked, {fiches} fiche(s) loaded: {found}"
    return text + (f" ({ignored} ignored)" if ignored else "")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--max-states", type=click.IntRange(min=1), default=None,
              help="Give up (verdict: undecided) after exploring this many states.")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
def soundness(path: Path, fmt: str, max_states: int | None, lang: str | None) -> None:
    """Decide whether the process of a fiche (or a BPMN 2.0 file) is sound, and explain why not.

    Sound: it can always finish, finishes once, and every step can run. Exit 0 when
    sound, 1 when not sound, undecided, or the file does not load.
    """
    import json
    import time

    from schillen.checks.soundness import MAX_STATES, decide_soundness
    from schillen.checks.structure import iter_structure_problems
    from schillen.diagnostics import format_text
    from schillen.graph import to_graph
    from schillen.loading import read_fiche

    language = _lang(lang)
    started = time.perf_counter()
    sound: bool | None = None
    states = 0
    not_checked: tuple[str, ...]
    locate: Callable[[tuple[str | int, ...]], tuple[int, int]] | None
    if path.suffix.lower() == ".bpmn":
        from schillen.bpmn import load_bpmn

        imported = load_bpmn(path)
        fiche, file, locate = imported.fiche, imported.file, imported.locate
        problems = list(imported.diagnostics)
        not_checked = ("graph.task-without-actor",)  # lanes are optional in BPMN; soundness does not need actors
    else:
        result = read_fiche(path)
        fiche, problems, not_checked = result.fiche, list(result.diagnostics), ()
        file = fiche.file if fiche else path.as_posix()
        locate = fiche.source_map.locate if fiche and fiche.source_map else None
    if fiche is not None and locate is not None:
        graph = to_graph(fiche)
        structure = [d for d in iter_structure_problems(graph) if d.code not in not_checked]
        if structure:
            sound, found = False, structure
        else:
            verdict = decide_soundness(graph, max_states=max_states or MAX_STATES)
            sound, found, states = verdict.sound, verdict.problems, verdict.states
        problems += [d.located(file, *locate(d.loc)) for d in found]
    else:
        sound = False
    seconds = time.perf_counter() - started
    problems.sort()
    if fmt == "json":
        click.echo(json.dumps({
            "file": file,
            "sound": sound,
            "problems": [d.to_dict(language) for d in problems],
            "states": states,
            "seconds": round(seconds, 6),
        }, ensure_ascii=False, indent=2))
    else:
        if problems:
            click.echo(format_text(problems, language))
        words = {True: ("sound", "correct"), False: ("not sound", "niet correct"), None: ("undecided", "onbeslist")}
        word = words[sound][1 if language == "nl" else 0]
        click.echo(f"{path.as_posix()}: {word} ({states} states, {seconds:.3f} s)", err=True)
    if sound is not True:
        raise _Exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--to", "target", type=click.Choice(["bpmn"]), default="bpmn", show_default=True,
              help="Format to write.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (replaced if it exists); default: the standard output.")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
def export(path: Path, target: str, output: Path | None, lang: str | None) -> None:
    """Write the process of a fiche as BPMN 2.0 XML, with a diagram (lanes, shapes, flows).

    Exit 0 when written, 1 when the fiche does not load or cannot be laid out.
    """
    from schillen._io import write_text_atomic
    from schillen.bpmn import to_bpmn
    from schillen.diagnostics import Severity, format_text
    from schillen.errors import RenderError
    from schillen.loading import read_fiche

    language = _lang(lang)
    result = read_fiche(path)
    if result.diagnostics:
        click.echo(format_text(result.diagnostics, language), err=True)
    if result.fiche is None or any(d.severity is Severity.ERROR for d in result.diagnostics):
        click.echo(f"{path.as_posix()} does not load; nothing was written", err=True)
        raise _Exit(1)
    try:
        text = to_bpmn(result.fiche)
    except RenderError as exc:
        click.echo(f"cannot lay out the diagram: {exc}", err=True)
        raise _Exit(1) from None
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_atomic(output, text)
    click.echo(f"wrote {output.as_posix()}", err=True)


@cli.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Fiche file to write, never replaced; its name gives the fiche id (default: PATH as .yaml).")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
def import_(path: Path, output: Path | None, lang: str | None) -> None:
    """Read the process of a BPMN 2.0 file and write it as a new fiche (status draft).

    Elements schillen does not support are reported and left out. Exit 0 when the fiche
    was written, 1 when the file cannot be read or the fiche file already exists.
    """
    from schillen._io import write_text_atomic
    from schillen.bpmn import load_bpmn, render_fiche_yaml
    from schillen.diagnostics import format_text
    from schillen.loading import find_schema
    from schillen.skeleton import is_fiche_id

    language = _lang(lang)
    target = output if output is not None else path.with_suffix(".yaml")
    if not is_fiche_id(target.stem):
        raise click.BadParameter(
            f"{target.name!r} does not give a fiche id: name the file with lower case letters, digits and "
            "hyphens, e.g. 'leegstaande-woningen.yaml'",
            param_hint="-o/--output",
        )
    if target.exists():
        click.echo(f"{target.as_posix()} already exists; nothing was written", err=True)
        raise _Exit(1)
    imported = load_bpmn(path)
    if imported.diagnostics:
        click.echo(format_text(imported.diagnostics, language))
    if imported.data is None:
        click.echo(f"{imported.file}: no process could be read; nothing was written", err=True)
        raise _Exit(1)
    data = {**imported.data, "id": target.stem}
    folder = target.parent
    schema_file = find_schema(folder) if folder.is_dir() else None
    schema_path = "../schemas/fiche.schema.json"
    if schema_file is not None:
        schema_path = Path(os.path.relpath(schema_file.resolve(), folder.resolve())).as_posix()
    try:
        write_text_atomic(target, render_fiche_yaml(data, schema=schema_path), overwrite=False)
    except FileExistsError:
        click.echo(f"{target.as_posix()} already exists; nothing was written", err=True)
        raise _Exit(1) from None
    click.echo(f"wrote {target.as_posix()}; run 'schillen check {target.as_posix()}' to see what to complete",
               err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("schemas/fiche.schema.json"),
              show_default=True, help="Where to write the fiche schema.")
@click.option("--register-output", type=click.Path(path_type=Path), default=None,
              help="Where to write the register interface schema (default: register.schema.json beside the other).")
@click.option("--check", "check_only", is_flag=True, help="Only compare; exit 1 when a file is stale.")
def schema(output: Path, register_output: Path | None, check_only: bool) -> None:
    """Write the JSON Schemas generated from the models, of a fiche and of a register interface (or check them)."""
    from schillen._io import write_text_atomic
    from schillen.schema import render_fiche_schema, render_register_schema

    targets = [(output, render_fiche_schema()),
               (register_output or output.parent / "register.schema.json", render_register_schema())]
    if check_only:
        stale = False
        for target, text in targets:
            try:
                current = target.read_text(encoding="utf-8")
            except OSError:
                current = None
            if current != text:
                click.echo(f"{target} is stale or missing: run 'schillen schema' and commit the result", err=True)
                stale = True
            else:
                click.echo(f"{target} is up to date", err=True)
        if stale:
            raise _Exit(1)
        return
    for target, text in targets:
        write_text_atomic(target, text)
        click.echo(f"wrote {target}", err=True)


@cli.command()
@click.argument("fiche_id", metavar="ID")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=Path("fiches"),
              show_default=True, help="Folder to write ID.yaml in.")
@click.option("--title", default=None, help="Title of the process (Dutch).")
def new(fiche_id: str, folder: Path, title: str | None) -> None:
    """Write a new fiche skeleton ID.yaml that passes 'schillen check'."""
    from schillen._io import write_text_atomic
    from schillen.loading import find_schema
    from schillen.skeleton import build_skeleton, is_fiche_id

    if not is_fiche_id(fiche_id):
        raise click.BadParameter(
            f"{fiche_id!r} is not a fiche id: use lower case letters, digits and hyphens, "
            "e.g. 'leegstaande-woningen'",
            param_hint="ID",
        )
    target = folder / f"{fiche_id}.yaml"
    if target.exists():
        click.echo(f"{target} already exists; nothing was written", err=True)
        raise _Exit(1)
    schema_file = find_schema(folder)
    if schema_file is None:  # a new fiche repository: give editors the schema to help with
        from schillen.schema import render_fiche_schema

        schema_file = write_text_atomic(folder.parent / "schemas" / "fiche.schema.json", render_fiche_schema())
        click.echo(f"wrote {schema_file}", err=True)
    schema_path = Path(os.path.relpath(schema_file.resolve(), folder.resolve())).as_posix()
    text = build_skeleton(fiche_id, title=title, schema=schema_path)
    try:
        write_text_atomic(target, text, overwrite=False)
    except FileExistsError:
        click.echo(f"{target} already exists; nothing was written", err=True)
        raise _Exit(1) from None
    click.echo(f"wrote {target}", err=True)


@cli.group()
def register() -> None:
    """Ask the register interface: the bundled grar.yaml (the building and address register), or --register FILE."""


_REGISTER_FILE = click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False),
                              default=None, help="A register interface file (default: the bundled grar.yaml).")
_NAME_HINTS = {"object": "OBJECT", "operation": "OPERATION", "status": "--status", "related object": "--related",
               "related status": "--related", "attribute": "--attribute", "value": "--attribute"}


def _load_register(path: Path | None) -> Register:
    from schillen.errors import RegisterError
    from schillen.registers.loading import load_register

    try:
        return load_register(path)
    except RegisterError as exc:
        from schillen.diagnostics import format_text

        click.echo(format_text(exc.diagnostics, _lang(None)), err=True)
        raise _Exit(1) from None


def _bad_name(exc: RegisterQueryError) -> click.BadParameter:
    """A name the register does not have, as a usage error (exit 2) with "did you mean"."""
    from schillen.loading import suggest

    meant = suggest(exc.name, exc.choices) if exc.name else ""
    more = f"; did you mean {meant}?" if meant else f"; choose one of {', '.join(exc.choices)}" if exc.choices else ""
    return click.BadParameter(f"{exc}{more}", param_hint=_NAME_HINTS.get(exc.what))


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    found = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise click.BadParameter(f"{value!r}: write NAME=VALUE, e.g. gebouw=gerealiseerd", param_hint=option)
        found.append((name, rest))
    return found


@register.command(name="try")
@click.argument("object_name", metavar="OBJECT")
@click.argument("operation")
@click.option("--status", default=None,
              help="The object's status; leave it out for an operation that creates the object "
                   "('verwijderd': removed).")
@click.option("--related", multiple=True, metavar="OBJECT=STATUS",
              help="The status of a related object, or of a role such as doelgebouw (repeat for several).")
@click.option("--attribute", "attributes", multiple=True, metavar="NAME=VALUE",
              help="An attribute of the object, e.g. functie=gemeenschappelijkDeel or geometrieMethode=ingemetenGRB.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@_REGISTER_FILE
def try_(object_name: str, operation: str, status: str | None, related: tuple[str, ...],
         attributes: tuple[str, ...], fmt: str, register_file: Path | None) -> None:
    """Whether OPERATION (action or command) may run on OBJECT, where it leads and what else changes.

    Exit 0 when the register allows it, 1 when it refuses it, 2 for a name it does not have.
    """
    import json

    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import render_outcome, try_operation

    grar = _load_register(register_file)
    given: dict[str, list[str]] = {}
    for name, value in _pairs(related, "--related"):
        given.setdefault(name, []).append(value)
    try:
        outcome = try_operation(grar, object_name, operation, status, given, dict(_pairs(attributes, "--attribute")))
    except RegisterQueryError as exc:
        raise _bad_name(exc) from None
    if fmt == "json":
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_outcome(outcome))
    if not outcome.allowed:
        raise _Exit(1)


@register.command()
@click.argument("object_name", metavar="OBJECT")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="Output format: aligned text or a Markdown table.")
@_REGISTER_FILE
def rules(object_name: str, fmt: str, register_file: Path | None) -> None:
    """Print the lifecycle of OBJECT as a table: from, operation, to, preconditions and error codes."""
    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import iter_lifecycle, render_lifecycle

    grar = _load_register(register_file)
    try:
        rows = list(iter_lifecycle(grar, object_name))
    except RegisterQueryError as exc:
        raise _bad_name(exc) from None
    click.echo(render_lifecycle(rows, fmt))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="schillen", standalone_mode=False)
    except _Exit as done:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
