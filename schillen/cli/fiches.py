"""Commands on fiches: check, matrix, soundness, export, diagram, import, schema, new."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen.cli._base import (
    LANG_OPTION,
    REGISTER_FILE,
    Exit,
    cli,
    is_bpmn,
    load_fiches,
    load_register,
    pick_language,
    read_fiche_or_exit,
    refuse_input_as_output,
    say,
    seconds,
    write_output,
)

if TYPE_CHECKING:  # pragma: no cover
    from schillen.loading import Catalogue


def _known_code_prefix(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """The --ignore values, each the start of a known diagnostic code (else a usage error)."""
    from schillen._codes import CODES
    from schillen.loading import suggest

    language = pick_language(ctx.params.get("lang"))  # when --lang came before --ignore
    for value in values:
        if not value:
            raise click.BadParameter(say("ignore-empty", language), ctx=ctx, param=param)
        if not any(code.startswith(value) for code in CODES):
            families = sorted({code.split(".")[0] + "." for code in CODES})
            meant = suggest(value, [*families, *CODES])
            more = (say("did-you-mean", language, meant=meant) if meant else
                    say("codes-start", language, families=", ".join(families)))
            raise click.BadParameter(say("ignore-unknown", language, value=repr(value), more=more), ctx=ctx,
                                     param=param)
    return values


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--ignore", multiple=True, metavar="CODE", callback=_known_code_prefix,
              help="Leave out diagnostics whose code starts with CODE (e.g. 'yaml.schema-comment'). A fiche "
                   "that does not load still fails.")
@LANG_OPTION
@click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Check against this register interface file instead of the bundled grar.yaml.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool, ignore: tuple[str, ...], lang: str | None,
          register_file: Path | None) -> None:
    """Check fiches (files, or folders of *.yaml) and report every problem.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict) or, whatever
    --ignore leaves out, a fiche does not load.
    """
    from schillen.checks import check_catalogue
    from schillen.diagnostics import Severity, format_github, format_json, format_text

    language = pick_language(lang)
    register = load_register(register_file) if register_file is not None else None
    catalogue = check_catalogue(load_fiches(paths), register=register)
    diagnostics = [d for d in catalogue.diagnostics if not d.code.startswith(tuple(ignore))]
    loaded = {fiche.file for fiche in catalogue.fiches.values()}
    unreadable = {d.file for d in catalogue.diagnostics if d.code == "io.unreadable"}
    not_loaded = len((set(catalogue.files) | unreadable) - loaded)
    formatter = {"text": format_text, "json": format_json, "github": format_github}[fmt]
    output = formatter(diagnostics, language)
    if output:
        click.echo(output)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if fmt == "text":
        ignored = len(catalogue.diagnostics) - len(diagnostics)
        click.echo(_summary(language, len(catalogue.files), len(catalogue.fiches), errors, warnings, ignored,
                            not_loaded if ignored else 0), err=True)
    if errors or (strict and warnings) or not_loaded:
        raise Exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
@click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A register interface file instead of the bundled grar.yaml.")
@LANG_OPTION
def matrix(paths: tuple[Path, ...], fmt: str, output: Path | None, register_file: Path | None,
           lang: str | None) -> None:
    """The register matrix of fiches: who creates, reads, updates, deletes what (C, R, U, D), and the gaps.

    A fiche that does not load is left out: the matrix of the others is written, the
    diagnostics of the file are printed, and the exit code is 1. Exit 0 otherwise (a folder
    without fiches is warned about, as 'check' does).
    """
    from schillen.diagnostics import format_text
    from schillen.matrix import build_matrix, render_matrix

    language = pick_language(lang)
    refuse_input_as_output(output, (*paths, register_file), language=language)
    register = load_register(register_file, language) if register_file is not None else None
    catalogue = load_fiches(paths)
    broken = _broken_files(catalogue)
    shown = [d for d in catalogue.diagnostics if d.file in broken or d.code == "io.no-fiches"]
    if shown:
        click.echo(format_text(shown, language), err=True)
    text = render_matrix(build_matrix(catalogue, register), fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text, language)
        click.echo(say("wrote", language, path=output.as_posix()), err=True)
    if broken:
        click.echo(say("did-not-load", language, count=len(broken), files=", ".join(sorted(broken))), err=True)
        raise Exit(1)


def _broken_files(catalogue: Catalogue) -> set[str]:
    """The files of ``catalogue`` that did not load: an error and no fiche (as the book lists them)."""
    from schillen.diagnostics import Severity

    loaded = {fiche.file for fiche in catalogue.fiches.values()}
    return {d.file for d in catalogue.diagnostics if d.severity is Severity.ERROR and d.file not in loaded}


def _summary(lang: str, files: int, fiches: int, errors: int, warnings: int, ignored: int,
             not_loaded: int = 0) -> str:
    """One line: what was checked and what was found (and how many files did not load, if --ignore hid why)."""
    if lang == "nl":
        found = f"{errors} fout(en), {warnings} waarschuwing(en)" if errors or warnings else "geen problemen"
        text = f"{files} bestand(en) gecontroleerd, {fiches} fiche(s) geladen: {found}"
        text += f" ({ignored} genegeerd)" if ignored else ""
        return text + (f", maar {not_loaded} bestand(en) laden niet" if not_loaded else "")
    found = f"{errors} error(s), {warnings} warning(s)" if errors or warnings else "no problems"
    text = f"{files} file(s) checked, {fiches} fiche(s) loaded: {found}"
    text += f" ({ignored} ignored)" if ignored else ""
    return text + (f", but {not_loaded} file(s) did not load" if not_loaded else "")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--max-states", type=click.IntRange(min=1), default=None,
              help="Give up (verdict: undecided) after exploring this many states.")
@LANG_OPTION
def soundness(path: Path, fmt: str, max_states: int | None, lang: str | None) -> None:
    """Decide whether the process of a fiche (or a BPMN 2.0 file) is sound, and explain why not.

    Sound: it can always finish, finishes once, and every step can run. Exit 0 when
    sound, 1 when not sound, undecided, or the file does not load (then it says so, and
    with --format json "loaded" is false and "sound" null: nothing was decided).
    """
    import json
    import time

    from schillen.checks.soundness import MAX_STATES, decide_soundness
    from schillen.checks.structure import iter_structure_problems
    from schillen.diagnostics import format_text
    from schillen.graph import to_graph
    from schillen.loading import read_fiche

    language = pick_language(lang)
    started = time.perf_counter()
    sound: bool | None = None
    states = 0
    not_checked: tuple[str, ...]
    locate: Callable[[tuple[str | int, ...]], tuple[int, int]] | None
    if path.suffix.lower() == ".bpmn" or is_bpmn(path):  # by its name, or its content (a .xml file)
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
    loaded = fiche is not None and locate is not None
    elapsed = time.perf_counter() - started
    problems.sort()
    if fmt == "json":
        click.echo(json.dumps({
            "file": file,
            "loaded": loaded,
            "sound": sound,
            "problems": [d.to_dict(language) for d in problems],
            "states": states,
            "seconds": round(elapsed, 6),
        }, ensure_ascii=False, indent=2))
    else:
        if problems:
            click.echo(format_text(problems, language))
        if not loaded:
            click.echo(say("not-decided", language, path=path.as_posix()), err=True)
        else:
            word = say({True: "sound", False: "not-sound", None: "undecided"}[sound], language)
            click.echo(say("verdict", language, path=path.as_posix(), verdict=word, states=states,
                           seconds=seconds(elapsed, language)), err=True)
    if sound is not True:
        raise Exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--to", "target", type=click.Choice(["bpmn", "mermaid"]), default="bpmn", show_default=True,
              help="bpmn: BPMN 2.0 XML; mermaid: a Mermaid flowchart.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (replaced if it exists); default: the standard output.")
@LANG_OPTION
def export(path: Path, target: str, output: Path | None, lang: str | None) -> None:
    """Write the process of a fiche in another notation.

    \b
    --to bpmn     BPMN 2.0 XML with a diagram (a lane per actor, shapes, flows), laid
                  out by Graphviz, for bpmn.io or Camunda Modeler.
    --to mermaid  a Mermaid flowchart (a subgraph per actor, BPMN-like shapes, branch
                  labels, deadlines) to paste into a ```mermaid block of GitHub or GitLab
                  Markdown.

    Pictures (SVG, PNG) of the process, the data model or a lifecycle: 'schillen diagram'.
    Exit 0 when written, 1 when the fiche does not load or cannot be laid out.
    """
    from schillen.errors import RenderError

    language = pick_language(lang)
    refuse_input_as_output(output, (path,), language=language)
    fiche = read_fiche_or_exit(path, language, "nothing-written")
    if target == "mermaid":
        from schillen.render.mermaid import render_mermaid

        text = render_mermaid(fiche)
    else:
        from schillen.bpmn import to_bpmn

        try:
            text = to_bpmn(fiche)
        except RenderError as exc:
            click.echo(say("no-layout", language, reason=exc), err=True)
            raise Exit(1) from None
    if output is None:
        click.echo(text, nl=False)
        return
    write_output(output, text, language)
    click.echo(say("wrote", language, path=output.as_posix()), err=True)


DIAGRAM_FORMATS = ("svg", "png", "dot")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["process", "data", "lifecycle"]), default="process", show_default=True,
              help="process: a swimlane per actor; data: the shells around the kern; lifecycle: a register "
                   "object's statuses and operations, those the fiche uses lit.")
@click.option("--object", "obj", default=None, metavar="OBJECT",
              help="With --kind lifecycle: the register object (e.g. adres); needed when the fiche touches several.")
@click.option("--format", "fmt", type=click.Choice(DIAGRAM_FORMATS), default=None,
              help="svg, png, or dot (the Graphviz source). Default: from the suffix of -o, else svg.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (replaced if it exists); default: the standard output (not for PNG).")
@REGISTER_FILE
@LANG_OPTION
def diagram(path: Path, kind: str, obj: str | None, fmt: str | None, output: Path | None,
            register_file: Path | None, lang: str | None) -> None:
    """Draw a diagram of a fiche: its process, its data model, or the lifecycle of a register object.

    \b
    schillen diagram fiches/in-uitschrijving.yaml -o proces.svg
    schillen diagram fiches/in-uitschrijving.yaml -o proces.png
    schillen diagram fiches/in-uitschrijving.yaml --kind data -o gegevens.svg
    schillen diagram fiches/in-uitschrijving.yaml --kind lifecycle --object adres -o adres.png

    Graphviz lays it out: the system's 'dot' when it is installed, else graphviz-pure (installed
    with schillen). For Markdown, 'schillen export FICHE --to mermaid' writes the process as text.
    Exit 0 when written, 1 when the fiche does not load or cannot be laid out, 2 on usage errors.
    """
    from schillen.errors import RenderError
    from schillen.render.dot import data_model_diagram, lifecycle_diagrams, process_diagram

    language = pick_language(lang)
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        if output is not None and suffix not in ("", *DIAGRAM_FORMATS, "gv"):
            raise click.BadParameter(say("no-format", language, path=repr(output.as_posix()), suffix=suffix),
                                     param_hint="-o/--output")
        fmt = {"gv": "dot"}.get(suffix, suffix or "svg")
    if fmt == "png" and output is None:
        raise click.UsageError(say("png-binary", language))
    if obj is not None and kind != "lifecycle":
        raise click.UsageError(say("object-lifecycle", language))
    refuse_input_as_output(output, (path, register_file), language=language)
    fiche = read_fiche_or_exit(path, language, "nothing-written")
    register = load_register(register_file, language)
    if kind == "process":
        graph = process_diagram(fiche, register)
    elif kind == "data":
        graph = data_model_diagram(fiche)
    else:
        lifecycles = lifecycle_diagrams(fiche, register)
        if not lifecycles:
            click.echo(say("no-lifecycle", language, fiche=fiche.id, register=repr(register.id)), err=True)
            raise Exit(1)
        choices = ", ".join(lifecycles)
        if obj is None:
            if len(lifecycles) > 1:
                raise click.UsageError(say("several-objects", language, fiche=fiche.id, choices=choices))
            obj = next(iter(lifecycles))
        key = next((k for k in lifecycles if obj.lower() in (k.lower(), register.objects[k].title.lower())), None)
        if key is None:
            raise click.UsageError(say("no-such-object", language, fiche=fiche.id, name=repr(obj), choices=choices))
        graph = lifecycles[key]
    if fmt == "dot":
        data = graph.source.encode("utf-8")
    else:
        from schillen.render.engine import run_engine

        try:
            data = run_engine(graph.source, fmt)
        except RenderError as exc:
            click.echo(say("no-layout", language, reason=exc), err=True)
            raise Exit(1) from None
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_output(output, data, language)
    click.echo(say("wrote", language, path=output.as_posix()), err=True)


@cli.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Fiche file to write, never replaced; its name gives the fiche id (default: PATH as .yaml).")
@LANG_OPTION
def import_(path: Path, output: Path | None, lang: str | None) -> None:
    """Read the process of a BPMN 2.0 file and write it as a new fiche (status draft).

    Elements schillen does not support are reported and left out. Exit 0 when the fiche
    was written, 1 when the file cannot be read or the fiche file already exists.
    """
    from schillen.bpmn import load_bpmn, render_fiche_yaml
    from schillen.diagnostics import format_text
    from schillen.loading import find_schema
    from schillen.skeleton import is_fiche_id

    language = pick_language(lang)
    target = output if output is not None else path.with_suffix(".yaml")
    if not is_fiche_id(target.stem):
        slug = re.sub(r"[^a-z0-9]+", "-", target.stem.lower()).strip("-")
        example = target.with_name(f"{slug if is_fiche_id(slug) else 'leegstaande-woningen'}.yaml").as_posix()
        if output is None:  # the name comes from PATH: say so, and what to give
            raise click.UsageError(say("default-not-id", language, target=repr(target.as_posix()),
                                       stem=repr(target.stem), example=shlex.quote(example)))
        raise click.BadParameter(say("output-not-id", language, name=repr(target.name), example=repr(example)),
                                 param_hint="-o/--output")
    refuse_input_as_output(target, (path,), fiches_too=False, language=language)  # it never replaces a file anyway
    if os.path.lexists(target):
        click.echo(say("exists", language, path=target.as_posix()), err=True)
        raise Exit(1)
    imported = load_bpmn(path)
    if imported.diagnostics:
        click.echo(format_text(imported.diagnostics, language))
    if imported.data is None:
        click.echo(say("no-process", language, path=imported.file), err=True)
        raise Exit(1)
    data = {**imported.data, "id": target.stem}
    folder = target.parent
    schema_file = find_schema(folder) if folder.is_dir() else None
    schema_path = "../schemas/fiche.schema.json"
    if schema_file is not None:
        schema_path = Path(os.path.relpath(schema_file.resolve(), folder.resolve())).as_posix()
    write_output(target, render_fiche_yaml(data, schema=schema_path), language, overwrite=False)
    click.echo(say("wrote-fiche", language, path=target.as_posix()), err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("schemas/fiche.schema.json"),
              show_default=True, help="Where to write the fiche schema.")
@click.option("--register-output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the register interface schema (default: register.schema.json beside the other).")
@click.option("--check", "check_only", is_flag=True, help="Only compare; exit 1 when a file is stale.")
@LANG_OPTION
def schema(output: Path, register_output: Path | None, check_only: bool, lang: str | None) -> None:
    """Write the JSON Schemas generated from the models, of a fiche and of a register interface (or check them)."""
    from schillen.schema import render_fiche_schema, render_register_schema

    language = pick_language(lang)
    register_target = register_output or output.parent / "register.schema.json"
    if os.path.realpath(output) == os.path.realpath(register_target):
        raise click.UsageError(say("same-output", language, path=repr(output.as_posix())))
    targets = [(output, render_fiche_schema()), (register_target, render_register_schema())]
    if check_only:
        stale = False
        for target, text in targets:
            try:
                current = target.read_text(encoding="utf-8")
            except OSError:
                current = None
            if current != text:
                click.echo(say("stale", language, path=target.as_posix()), err=True)
                stale = True
            else:
                click.echo(say("up-to-date", language, path=target.as_posix()), err=True)
        if stale:
            raise Exit(1)
        return
    for target, text in targets:
        write_output(target, text, language)
        click.echo(say("wrote", language, path=target.as_posix()), err=True)


MAX_FILE_NAME = 255
"""The longest file name, in bytes, on the file systems in use (ext4, APFS, NTFS: 255)."""


@cli.command()
@click.argument("fiche_id", metavar="ID")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=Path("fiches"),
              show_default=True, help="Folder to write ID.yaml in.")
@click.option("--title", default=None, help="Title of the process (Dutch).")
@LANG_OPTION
def new(fiche_id: str, folder: Path, title: str | None, lang: str | None) -> None:
    """Write a new fiche skeleton ID.yaml that passes 'schillen check'."""
    from schillen.loading import find_schema
    from schillen.skeleton import build_skeleton, is_fiche_id

    language = pick_language(lang)
    if not is_fiche_id(fiche_id):
        raise click.BadParameter(say("not-a-fiche-id", language, value=repr(fiche_id)), param_hint="ID")
    if len(f"{fiche_id}.yaml".encode()) > MAX_FILE_NAME:
        raise click.BadParameter(say("id-too-long", language, start=fiche_id[:20], length=len(fiche_id),
                                     most=MAX_FILE_NAME - len(".yaml")), param_hint="ID")
    target = folder / f"{fiche_id}.yaml"
    if os.path.lexists(target):
        click.echo(say("exists", language, path=target.as_posix()), err=True)
        raise Exit(1)
    schema_file = find_schema(folder)
    if schema_file is None:  # a new fiche repository: give editors the schema to help with
        from schillen.schema import render_fiche_schema

        schema_file = write_output(folder.parent / "schemas" / "fiche.schema.json", render_fiche_schema(), language)
        click.echo(say("wrote", language, path=schema_file.as_posix()), err=True)
    schema_path = Path(os.path.relpath(schema_file.resolve(), folder.resolve())).as_posix()
    text = build_skeleton(fiche_id, title=title, schema=schema_path)
    write_output(target, text, language, overwrite=False)
    click.echo(say("wrote", language, path=target.as_posix()), err=True)
