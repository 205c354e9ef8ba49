"""``schillen simulate``: run a fiche's scenarios against a copy of the embedded register."""

from __future__ import annotations

import json
from pathlib import Path

import click

from schillen.cli._base import LANG_OPTION, REGISTER_FILE, Exit, cli, load_register, pick_language, read_fiche_or_exit


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
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
    not load), 2 for a scenario the fiche does not have.
    """
    from schillen.checks import run_checks
    from schillen.diagnostics import Severity, format_text
    from schillen.graph import REGISTER, to_graph
    from schillen.loading import suggest
    from schillen.scenarios import render_run, run_scenario

    language = pick_language(lang)
    fiche = read_fiche_or_exit(path, language, "no scenario was run")
    for name in names:
        if name not in fiche.scenarios:
            meant = suggest(name, fiche.scenarios)
            more = (f"; did you mean {meant}?" if meant else
                    f"; it has: {', '.join(fiche.scenarios)}" if fiche.scenarios else "; it has none")
            raise click.BadParameter(f"the fiche has no scenario {name!r}{more}", param_hint="--scenario")
    if not fiche.scenarios:
        click.echo(f"{path.as_posix()} has no scenarios: add some under 'scenarios' (see docs/authoring.md)",
                   err=True)
        raise Exit(1)
    graph = to_graph(fiche)
    if register_file is not None:
        graph.graph[REGISTER] = load_register(register_file)
    smap = fiche.source_map
    # A scenario needs a well-formed process and names the register knows (soundness it reports itself).
    blocking = [d for d in run_checks(fiche, only=("structure", "register"), register=graph.graph.get(REGISTER))
                if d.severity is Severity.ERROR]
    if blocking:
        click.echo(format_text(blocking, language), err=True)
        click.echo(f"{path.as_posix()}: fix these first; no scenario was run", err=True)
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
