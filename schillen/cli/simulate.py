"""``schillen simulate``: run a fiche's scenarios against a copy of the embedded register."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from schillen.cli._base import (
    LANG_OPTION,
    REGISTER_FILE,
    Exit,
    cli,
    load_register,
    pick_language,
    read_fiche_or_exit,
    refuse_bpmn,
    say,
)

if TYPE_CHECKING:  # pragma: no cover
    from schillen.diagnostics import Diagnostic


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--scenario", "names", multiple=True, metavar="NAME",
              help="Run only this scenario (repeat for several); all of them by default.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@LANG_OPTION
@REGISTER_FILE
@click.option("--register-data", "data_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Start from this saved embedded register instead of the bundled sample.")
def simulate(path: Path, names: tuple[str, ...], fmt: str, lang: str | None, register_file: Path | None,
             data_file: Path | None) -> None:
    """Walk the scenarios of a fiche: each step, the register after it, and the end or the refused operation.

    Each run starts from a fresh copy of the bundled sample register (or --register-data FILE),
    so nothing is kept.
    Exit 0 when every scenario ends as it expects, 1 when one does not (or the fiche does
    not load), 2 for a scenario the fiche does not have. With --format json, a fiche that
    does not load (or whose process or register names block every scenario) gives an object
    {"file", "loaded", "problems"} instead of the list of runs.
    """
    from schillen.checks import run_checks
    from schillen.diagnostics import Severity, format_text
    from schillen.graph import REGISTER, to_graph
    from schillen.loading import suggest
    from schillen.scenarios import render_run, run_scenario

    language = pick_language(lang)
    refuse_bpmn(path, language)
    if fmt == "json":
        from schillen.loading import read_fiche

        result = read_fiche(path)
        if result.fiche is None or any(d.severity is Severity.ERROR for d in result.diagnostics):
            _json_problems(result.fiche.file if result.fiche else path.as_posix(), False, result.diagnostics,
                           language)
    fiche = read_fiche_or_exit(path, language, "no-scenario-run")
    for name in names:
        if name not in fiche.scenarios:
            meant = suggest(name, fiche.scenarios)
            more = (say("did-you-mean", language, meant=meant) if meant else
                    say("it-has", language, names=", ".join(fiche.scenarios)) if fiche.scenarios else
                    say("it-has-none", language))
            raise click.BadParameter(say("no-such-scenario", language, name=repr(name), more=more),
                                     param_hint="--scenario")
    if not fiche.scenarios:
        click.echo(say("no-scenarios", language, path=path.as_posix()), err=True)
        raise Exit(1)
    graph = to_graph(fiche)
    if register_file is not None:
        graph.graph[REGISTER] = load_register(register_file, language)
    smap = fiche.source_map
    # A scenario needs a well-formed process and names the register knows (soundness it reports itself).
    blocking = [d for d in run_checks(fiche, only=("structure", "register"), register=graph.graph.get(REGISTER))
                if d.severity is Severity.ERROR]
    if blocking:
        if fmt == "json":
            _json_problems(fiche.file, True, blocking, language)
        click.echo(format_text(blocking, language), err=True)
        click.echo(say("fix-first", language, path=path.as_posix()), err=True)
        raise Exit(1)
    sample = None
    if data_file is not None:
        from schillen.registers.embedded import EmbeddedRegister
        from schillen.registers.objects import RegisterAccessError

        try:
            sample = EmbeddedRegister.load(data_file, graph.graph.get(REGISTER))
        except (OSError, RegisterAccessError) as exc:
            click.echo(str(exc), err=True)
            raise Exit(1) from None
    runs = [run_scenario(graph, name, sample=sample) for name in (names or tuple(fiche.scenarios))]
    if fmt == "json":
        data = [run.to_dict(language) for run in runs]
        for item, run in zip(data, runs, strict=True):
            item["problems"] = [d.located(fiche.file, *smap.locate(d.loc)).to_dict(language) if smap else
                                d.to_dict(language) for d in run.problems]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for run in runs:
            click.echo(render_run(run, language))
            if run.problems:
                located = [d.located(fiche.file, *smap.locate(d.loc)) if smap else d for d in run.problems]
                click.echo(format_text(sorted(located), language))
    if not all(run.passed for run in runs):
        raise Exit(1)


def _json_problems(file: str, loaded: bool, problems: Iterable[Diagnostic], language: str) -> NoReturn:
    """With --format json: no scenario was run; print why as JSON (as check and soundness do) and exit 1."""
    click.echo(json.dumps({"file": file, "loaded": loaded, "problems": [d.to_dict(language) for d in sorted(problems)]},
                          ensure_ascii=False, indent=2))
    raise Exit(1)
