"""``schillen register``: ask the register interface (and, later, a register) questions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen.cli._base import REGISTER_FILE, Exit, cli, load_register

if TYPE_CHECKING:  # pragma: no cover
    from schillen.errors import RegisterQueryError

@cli.group()
def register() -> None:
    """Ask the register interface: the bundled grar.yaml (the building and address register), or --register FILE."""


_NAME_HINTS = {"object": "OBJECT", "operation": "OPERATION", "status": "--status", "related object": "--related",
               "related status": "--related", "attribute": "--attribute", "value": "--attribute"}


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
@REGISTER_FILE
def try_(object_name: str, operation: str, status: str | None, related: tuple[str, ...],
         attributes: tuple[str, ...], fmt: str, register_file: Path | None) -> None:
    """Whether OPERATION (action or command) may run on OBJECT, where it leads and what else changes.

    Exit 0 when the register allows it, 1 when it refuses it, 2 for a name it does not have.
    """
    import json

    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import render_outcome, try_operation

    grar = load_register(register_file)
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
        raise Exit(1)


@register.command()
@click.argument("object_name", metavar="OBJECT")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="Output format: aligned text or a Markdown table.")
@REGISTER_FILE
def rules(object_name: str, fmt: str, register_file: Path | None) -> None:
    """Print the lifecycle of OBJECT as a table: from, operation, to, preconditions and error codes."""
    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import iter_lifecycle, render_lifecycle

    grar = load_register(register_file)
    try:
        rows = list(iter_lifecycle(grar, object_name))
    except RegisterQueryError as exc:
        raise _bad_name(exc) from None
    click.echo(render_lifecycle(rows, fmt))
