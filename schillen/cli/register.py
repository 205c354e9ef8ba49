"""``schillen register``: ask the register interface (try, rules) and the building register itself (get, list)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from schillen.cli._base import LANG_OPTION, REGISTER_FILE, Exit, cli, load_register, pick_language, say

if TYPE_CHECKING:  # pragma: no cover
    from schillen.errors import RegisterQueryError

@cli.group()
def register() -> None:
    """Ask the register interface (grar.yaml, or --register FILE: try, rules) and the register itself (get, list)."""


_NAME_HINTS = {"object": "OBJECT", "operation": "OPERATION", "status": "--status", "related object": "--related",
               "related status": "--related", "attribute": "--attribute", "value": "--attribute"}


def _bad_name(exc: RegisterQueryError, language: str | None = None) -> click.BadParameter:
    """A name the register does not have, as a usage error (exit 2) with "did you mean"."""
    from schillen.loading import suggest

    meant = suggest(exc.name, exc.choices) if exc.name else ""
    more = (say("did-you-mean", language, meant=meant) if meant else
            say("choose-one", language, choices=", ".join(exc.choices)) if exc.choices else "")
    return click.BadParameter(f"{exc}{more}", param_hint=_NAME_HINTS.get(exc.what))


_PAIR_EXAMPLES = {"--related": "gebouw=gerealiseerd", "--attribute": "functie=gemeenschappelijkDeel",
                  "--filter": "status=gepland"}


def _pairs(values: tuple[str, ...], option: str, language: str | None = None) -> list[tuple[str, str]]:
    found = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise click.BadParameter(say("pair", language, value=repr(value), example=_PAIR_EXAMPLES[option]),
                                     param_hint=option)
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
@LANG_OPTION
def try_(object_name: str, operation: str, status: str | None, related: tuple[str, ...],
         attributes: tuple[str, ...], fmt: str, register_file: Path | None, lang: str | None) -> None:
    """Whether OPERATION (action or command) may run on OBJECT, where it leads and what else changes.

    Exit 0 when the register allows it, 1 when it refuses it, 2 for a name it does not have
    or a --register file that cannot be read or is not valid (so that 1 always means refused).
    """
    import json

    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import render_outcome, try_operation

    language = pick_language(lang)
    grar = load_register(register_file, language, code=2)
    given: dict[str, list[str]] = {}
    for name, value in _pairs(related, "--related", language):
        given.setdefault(name, []).append(value)
    try:
        outcome = try_operation(grar, object_name, operation, status, given,
                                dict(_pairs(attributes, "--attribute", language)))
    except RegisterQueryError as exc:
        raise _bad_name(exc, language) from None
    if fmt == "json":
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_outcome(outcome, language))
    if not outcome.allowed:
        raise Exit(1)


@register.command()
@click.argument("object_name", metavar="OBJECT")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="Output format: aligned text or a Markdown table.")
@REGISTER_FILE
@LANG_OPTION
def rules(object_name: str, fmt: str, register_file: Path | None, lang: str | None) -> None:
    """Print the lifecycle of OBJECT as a table: from, operation, to, preconditions and error codes."""
    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import iter_lifecycle, render_lifecycle

    language = pick_language(lang)
    grar = load_register(register_file, language)
    try:
        rows = list(iter_lifecycle(grar, object_name, language))
    except RegisterQueryError as exc:
        raise _bad_name(exc, language) from None
    click.echo(render_lifecycle(rows, fmt, language))


# --- the register itself: get and list ----------------------------------------------------------

API_OPTION = click.option("--api", "api", metavar="URL", default=None,
                          help="Read the register's public API at URL (e.g. https://api.basisregisters.vlaanderen.be)"
                               " instead of the embedded register.")
DATA_OPTION = click.option("--register-data", "data_file", type=click.Path(path_type=Path, dir_okay=False),
                           default=None, help="A saved embedded register (JSON) instead of the bundled sample.")
OBJECT_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format: aligned text, or JSON in the register's "
                                                     "field names.")

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from schillen.registers.model import Register
    from schillen.registers.objects import BuildingRegister, RegisterObject


def _building_register(grar: Register, api: str | None, data_file: Path | None, language: str) -> BuildingRegister:
    """The register asked: the public API at ``api``, a saved embedded register, or the bundled sample."""
    if api is not None and data_file is not None:
        raise click.UsageError(say("api-and-data", language))
    if api is not None:
        try:
            from schillen.registers.http import HttpRegister
        except ImportError:
            click.echo(say("no-http", language), err=True)
            raise Exit(1) from None
        try:
            return HttpRegister(base_url=api, register=grar)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--api") from None
    from schillen.registers.embedded import EmbeddedRegister, RegisterDataError

    try:
        return EmbeddedRegister.load(data_file, grar) if data_file else EmbeddedRegister.sample(grar)
    except RegisterDataError as exc:
        click.echo(say("error", language, message=exc), err=True)
        raise Exit(1) from None


def _object_key(grar: Register, object_name: str, language: str) -> str:
    from schillen.errors import RegisterQueryError
    from schillen.registers.lookup import find_object

    try:
        return find_object(grar, object_name)
    except RegisterQueryError as exc:
        raise _bad_name(exc, language) from None


def _filters(grar: Register, key: str, pairs: list[tuple[str, str]], language: str) -> dict[str, str]:
    """``--filter`` pairs with their names (and code values) as the register spells them.

    An unknown filter, or a value outside the code list of a status or code filter, is a usage error.
    """
    from schillen.loading import suggest

    valid = grar.objects[key].filters
    spelled = {name.lower(): name for name in valid}
    found: dict[str, str] = {}
    for name, value in pairs:
        if name.lower() not in spelled:
            meant = suggest(name, valid)
            more = (say("did-you-mean", language, meant=meant) if meant else
                    say("the-filters", language, what=key, names=", ".join(valid)))
            raise click.BadParameter(say("no-filter", language, what=key, name=repr(name), more=more),
                                     param_hint="--filter")
        name = spelled[name.lower()]
        codes = _code_values(grar, key, name)
        if codes and value not in codes:
            exact = {code.lower(): code for code in codes}.get(value.lower())
            if exact is None:
                meant = suggest(value, codes)
                more = (say("did-you-mean", language, meant=meant) if meant else
                        say("choose-one", language, choices=", ".join(codes)))
                raise click.BadParameter(say("no-code-value", language, what=key, name=name, value=repr(value),
                                             more=more), param_hint="--filter")
            value = exact
        found[name] = value
    return found


def _code_values(grar: Register, key: str, name: str) -> list[str]:
    """The values a filter ``name`` of object ``key`` can take: its status or code list (empty: any value)."""
    if name == "status":
        return grar.statuses(key)
    attribute = grar.objects[key].attributes.get(name)
    codelist = grar.codelists.get(attribute.codelist or "") if attribute is not None else None
    return list(codelist.values) if codelist is not None else []


def _refs(refs: object) -> str:
    items = refs if isinstance(refs, list) else [refs] if refs is not None else []
    return ", ".join(getattr(ref, "objectId", str(ref)) for ref in items) or "-"


def _summary(obj: RegisterObject) -> list[tuple[str, str]]:
    """The key attributes of an object, by their API names, as text: what `get` and `list` show."""
    from schillen.registers.objects import Adres, Gebouw, Gebouweenheid, Perceel, Straatnaam

    if isinstance(obj, Gebouw):
        return [("gebouwStatus", obj.gebouwStatus), ("geometrieMethode", obj.geometrieMethode or "-"),
                ("gebouweenheden", _refs(obj.gebouweenheden)), ("percelen", _refs(obj.percelen))]
    if isinstance(obj, Gebouweenheid):
        return [("gebouweenheidStatus", obj.gebouweenheidStatus), ("functie", obj.functie or "-"),
                ("gebouw", obj.gebouw.objectId), ("adressen", _refs(obj.adressen)),
                ("afwijkingVastgesteld", str(obj.afwijkingVastgesteld).lower())]
    if isinstance(obj, Adres):
        full = obj.volledigAdres.geografischeNaam.spelling if obj.volledigAdres else "-"
        return [("adresStatus", obj.adresStatus), ("volledigAdres", full), ("straatnaam", obj.straatnaam.objectId),
                ("huisnummerObject", _refs(obj.huisnummerObject)),
                ("officieelToegekend", str(obj.officieelToegekend).lower())]
    if isinstance(obj, Straatnaam):
        return [("straatnaamStatus", obj.straatnaamStatus),
                ("straatnamen", ", ".join(f"{n.spelling} ({n.taal})" for n in obj.straatnamen) or "-"),
                ("gemeente", obj.gemeente.objectId if obj.gemeente else "-")]
    assert isinstance(obj, Perceel)
    return [("perceelStatus", obj.perceelStatus), ("caPaKey", obj.caPaKey), ("adressen", _refs(obj.adressen))]


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def _dump(obj: RegisterObject) -> dict[str, object]:
    return obj.model_dump(mode="json", exclude_none=True)


@contextlib.contextmanager
def _answering(register: BuildingRegister, language: str) -> Iterator[BuildingRegister]:
    """Use the register; what it cannot give becomes a message and exit 1 (which one: not found, removed, ...)."""
    from schillen.registers.objects import ObjectNotFound, ObjectRemoved, RegisterAccessError

    try:
        yield register
    except (ObjectRemoved, ObjectNotFound) as exc:  # the message says which: "not found" or "is removed"
        message = say("removed" if isinstance(exc, ObjectRemoved) else "not-found", language,
                      what=exc.object_type, id=repr(exc.object_id))
        detail = say("the-register-says", language, detail=exc.detail) if exc.detail else ""
        click.echo(message + detail, err=True)
        raise Exit(1) from None
    except RegisterAccessError as exc:
        click.echo(say("error", language, message=exc), err=True)
        raise Exit(1) from None
    finally:
        close = getattr(register, "close", None)
        if close is not None:
            close()


@register.command(name="get")
@click.argument("object_name", metavar="OBJECT")
@click.argument("object_id", metavar="ID")
@API_OPTION
@DATA_OPTION
@OBJECT_FORMAT
@REGISTER_FILE
@LANG_OPTION
def get_(object_name: str, object_id: str, api: str | None, data_file: Path | None, fmt: str,
         register_file: Path | None, lang: str | None) -> None:
    """Print the object OBJECT with objectId ID (or its persistent URI) from the register.

    Without --api: the embedded register (the bundled sample, or --register-data FILE).
    Exit 0 found, 1 not found or removed (the message says which) or the register cannot be read,
    2 for an object type the register does not have.
    """
    import json

    language = pick_language(lang)
    grar = load_register(register_file, language)
    key = _object_key(grar, object_name, language)
    with _answering(_building_register(grar, api, data_file, language), language) as building_register:
        found = building_register.get(key, object_id)
    if fmt == "json":
        click.echo(json.dumps(_dump(found), ensure_ascii=False, indent=2))
        return
    lines = [("objectId", found.object_id), *_summary(found), ("versieId", found.identificator.versieId)]
    click.echo(f"{key} {found.object_id}\n" + _table([("  " + name, value) for name, value in lines[1:]]))


@register.command(name="list")
@click.argument("object_name", metavar="OBJECT")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE",
              help="A list filter of the register, e.g. gebouwObjectId=6 or status=gepland (repeat for several).")
@API_OPTION
@DATA_OPTION
@OBJECT_FORMAT
@REGISTER_FILE
@LANG_OPTION
def list_(object_name: str, filters: tuple[str, ...], api: str | None, data_file: Path | None, fmt: str,
          register_file: Path | None, lang: str | None) -> None:
    """List the OBJECT objects the filters select, every page, by objectId (removed objects never appear).

    Exit 0 (also when none matches), 1 when the register cannot be read, 2 for an object type
    or filter the register does not have.
    """
    import json

    language = pick_language(lang)
    grar = load_register(register_file, language)
    key = _object_key(grar, object_name, language)
    wanted = _filters(grar, key, _pairs(filters, "--filter", language), language)
    with _answering(_building_register(grar, api, data_file, language), language) as building_register:
        found = list(building_register.list(key, wanted))
    if fmt == "json":
        click.echo(json.dumps([_dump(obj) for obj in found], ensure_ascii=False, indent=2))
        return
    rows = [(obj.object_id, *(value for _, value in _summary(obj))) for obj in found]
    if not rows:
        click.echo(say("no-match", language, what=key), err=True)
        return
    header = ("objectId", *(name for name, _ in _summary(found[0])))
    click.echo(_table([header, *rows]))
