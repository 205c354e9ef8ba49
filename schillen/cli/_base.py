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
    from schillen.diagnostics import Diagnostic
    from schillen.loading import Catalogue
    from schillen.model import Fiche
    from schillen.registers.model import Register

__all__ = [
    "LANG",
    "LANG_OPTION",
    "REGISTER_FILE",
    "Exit",
    "broken_links",
    "cli",
    "is_bpmn",
    "load_fiches",
    "load_register",
    "main",
    "pick_language",
    "refuse_bpmn",
    "refuse_input_as_output",
    "say",
    "unique_fiche_paths",
    "write_output",
]

LANG = click.Choice(["en", "nl"])
LANG_OPTION = click.option("--lang", type=LANG, default=None,
                           help="Language of the messages (default: $SCHILLEN_LANG, else from the locale).")
REGISTER_FILE = click.option("--register", "register_file", type=click.Path(path_type=Path, dir_okay=False),
                             default=None, help="A register interface file (default: the bundled grar.yaml).")


_warned_language: list[str] = []


def pick_language(value: str | None) -> str:
    """The language asked for, else $SCHILLEN_LANG, else the locale's.

    A $SCHILLEN_LANG schillen does not know is said once on the standard error (then the
    locale decides), as ``--lang xx`` is a usage error.
    """
    from schillen.diagnostics import LANGUAGES, default_language

    if value:
        return value
    chosen = os.environ.get("SCHILLEN_LANG", "").strip()
    language = default_language()
    if chosen and chosen.lower() not in LANGUAGES and chosen not in _warned_language:
        _warned_language.append(chosen)
        click.echo(say("bad-lang", language, value=repr(chosen), choices=", ".join(sorted(LANGUAGES))), err=True)
    return language


MESSAGES: dict[str, tuple[str, str]] = {
    "wrote": ("wrote {path}", "schreef {path}"),
    "wrote-fiche": ("wrote {path}; run 'schillen check {path}' to see what to complete",
                    "schreef {path}; voer 'schillen check {path}' uit om te zien wat nog aan te vullen is"),
    "does-not-load": ("{path} does not load; {consequence}", "{path} laadt niet; {consequence}"),
    "nothing-written": ("nothing was written", "er is niets geschreven"),
    "no-scenario-run": ("no scenario was run", "er is geen scenario uitgevoerd"),
    "exists": ("{path} already exists; nothing was written", "{path} bestaat al; er is niets geschreven"),
    "no-process": ("{path}: no process could be read; nothing was written",
                   "{path}: er kon geen proces gelezen worden; er is niets geschreven"),
    "no-layout": ("cannot lay out the diagram: {reason}", "kan het diagram niet opmaken: {reason}"),
    "no-scenarios": ("{path} has no scenarios: add some under 'scenarios' (see docs/authoring.md)",
                     "{path} heeft geen scenario's: voeg ze toe onder 'scenarios' (zie docs/authoring.md)"),
    "fix-first": ("{path}: fix these first; no scenario was run",
                  "{path}: los deze eerst op; er is geen scenario uitgevoerd"),
    "no-such-scenario": ("the fiche has no scenario {name}{more}", "de fiche heeft geen scenario {name}{more}"),
    "did-you-mean": ("; did you mean {meant}?", "; bedoelt u {meant}?"),
    "it-has": ("; it has: {names}", "; ze heeft: {names}"),
    "it-has-none": ("; it has none", "; ze heeft er geen"),
    "verdict": ("{path}: {verdict} ({states} states, {seconds} s)",
                "{path}: {verdict} ({states} toestanden, {seconds} s)"),
    "sound": ("sound", "correct"),
    "not-sound": ("not sound", "niet correct"),
    "undecided": ("undecided", "onbeslist"),
    "not-decided": ("{path}: does not load; nothing was decided", "{path}: laadt niet; er is niets beslist"),
    "no-lifecycle": ("{fiche} reads or changes no object of register {register}: it has no lifecycle to draw",
                     "{fiche} leest of wijzigt geen object van register {register}: er is geen levensloop te "
                     "tekenen"),
    "not-a-fiche-id": ("{value} is not a fiche id: use lower case letters, digits and hyphens, "
                       "e.g. 'leegstaande-woningen'",
                       "{value} is geen fiche-id: gebruik kleine letters, cijfers en koppeltekens, "
                       "bv. 'leegstaande-woningen'"),
    "id-too-long": ("{start}...: the id has {length} characters; the file ID.yaml must fit in a file name: at most "
                    "{most} characters (a short id reads better anyway)",
                    "{start}...: de id heeft {length} tekens; het bestand ID.yaml moet in een bestandsnaam passen: "
                    "hoogstens {most} tekens (een korte id leest ook beter)"),
    "not-found": ("error: {what} {id} not found", "fout: {what} {id} niet gevonden"),
    "removed": ("error: {what} {id} is removed (verwijderd)", "fout: {what} {id} is verwijderd"),
    "the-register-says": (" (the register: {detail})", " (het register: {detail})"),
    "error": ("error: {message}", "fout: {message}"),
    "no-match": ("no {what} matches", "geen enkel {what} voldoet"),
    "stale": ("{path} is stale or missing: run 'schillen schema' and commit the result",
              "{path} is verouderd of ontbreekt: voer 'schillen schema' uit en commit het resultaat"),
    "up-to-date": ("{path} is up to date", "{path} is bij"),
    "aborted": ("aborted", "afgebroken"),
    "input-as-output": ("{path} is {what}; it is never overwritten: write to another file",
                        "{path} is {what}; die wordt nooit overschreven: schrijf naar een ander bestand"),
    "an-input": ("an input", "een invoer"),
    "the-input": ("the input {file}", "de invoer {file}"),
    "existing-yaml": ("{path} is an existing YAML file (a fiche?); it is never overwritten: write to another file",
                      "{path} is een bestaand YAML-bestand (een fiche?); het wordt nooit overschreven: schrijf naar "
                      "een ander bestand"),
    "ignore-empty": ("an empty CODE would ignore every diagnostic: give a code or the start of one, "
                     "e.g. 'yaml.schema-comment' or 'model.'",
                     "een lege CODE zou elke melding negeren: geef een code of het begin ervan, "
                     "bv. 'yaml.schema-comment' of 'model.'"),
    "ignore-unknown": ("no diagnostic code starts with {value}{more}", "geen meldingscode begint met {value}{more}"),
    "codes-start": ("; codes start with {families}", "; codes beginnen met {families}"),
    "no-format": ("{path}: no diagram format ends in .{suffix}; name the file .svg, .png, .dot or .gv, or give "
                  "--format",
                  "{path}: geen diagramformaat eindigt op .{suffix}; noem het bestand .svg, .png, .dot of .gv, of "
                  "geef --format"),
    "png-binary": ("PNG is binary: give -o FILE.png", "PNG is binair: geef -o BESTAND.png"),
    "object-lifecycle": ("--object goes with --kind lifecycle", "--object hoort bij --kind lifecycle"),
    "several-objects": ("{fiche} touches several register objects: choose one with --object ({choices})",
                        "{fiche} raakt meerdere registerobjecten: kies er een met --object ({choices})"),
    "no-such-object": ("{fiche} touches no register object {name}; it touches: {choices}",
                       "{fiche} raakt geen registerobject {name}; ze raakt: {choices}"),
    "choose-one": ("; choose one of {choices}", "; kies uit {choices}"),
    "no-filter": ("{what} has no filter {name}{more}", "{what} heeft geen filter {name}{more}"),
    "the-filters": ("; the filters of {what} are: {names}", "; de filters van {what} zijn: {names}"),
    "no-code-value": ("{what} has no {name} {value}{more}", "{what} heeft geen {name} {value}{more}"),
    "pair": ("{value}: write NAME=VALUE, e.g. {example}", "{value}: schrijf NAAM=WAARDE, bv. {example}"),
    "api-and-data": ("give --api or --register-data, not both", "geef --api of --register-data, niet beide"),
    "no-http": ("error: the HTTP register is not available", "fout: het HTTP-register is niet beschikbaar"),
    "default-not-id": ("without -o the fiche would be written to {target} (PATH with .yaml), but {stem} is not a "
                       "fiche id (lower case letters, digits and hyphens): give -o, e.g. -o {example}",
                       "zonder -o zou de fiche naar {target} geschreven worden (PATH met .yaml), maar {stem} is geen "
                       "fiche-id (kleine letters, cijfers en koppeltekens): geef -o, bv. -o {example}"),
    "output-not-id": ("{name} does not give a fiche id: name the file with lower case letters, digits and hyphens, "
                      "e.g. {example}",
                      "{name} geeft geen fiche-id: geef het bestand een naam met kleine letters, cijfers en "
                      "koppeltekens, bv. {example}"),
    "same-output": ("-o and --register-output are one file, {path}: the register schema would replace the fiche "
                    "schema; give two files",
                    "-o en --register-output zijn hetzelfde bestand, {path}: het registerschema zou het "
                    "fiche-schema vervangen; geef twee bestanden"),
    "is-bpmn": ("{path} is a BPMN file; 'schillen {command}' reads fiches (YAML): 'schillen import {file}' "
                "turns it into a fiche",
                "{path} is een BPMN-bestand; 'schillen {command}' leest fiches (YAML): 'schillen import {file}' "
                "maakt er een fiche van"),
    "bad-lang": ("schillen: SCHILLEN_LANG={value} is not a language of schillen ({choices}); the locale decides",
                 "schillen: SCHILLEN_LANG={value} is geen taal van schillen ({choices}); de locale beslist"),
    "book-done": ("{path}: {written} page(s) written, {reused} reused; {rendered} diagram(s) laid out, "
                  "{kept} reused ({seconds} s)",
                  "{path}: {written} pagina('s) geschreven, {reused} hergebruikt; {rendered} diagram(men) "
                  "opgemaakt, {kept} hergebruikt ({seconds} s)"),
    "did-not-load": ("{count} file(s) did not load: {files}", "{count} bestand(en) laden niet: {files}"),
}
"""The messages the command line prints itself, in English and Dutch (diagnostics have their own, in _codes)."""


def say(key: str, language: str | None = None, **values: object) -> str:
    """The message ``key`` of :data:`MESSAGES` in ``language`` (default: as :func:`pick_language`), filled in."""
    en, nl = MESSAGES[key]
    return (nl if (language or pick_language(None)) == "nl" else en).format(**values)


def seconds(value: float, language: str, digits: int = 3) -> str:
    """``value`` with ``digits`` decimals, a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


class Exit(Exception):
    """Leave a command with this exit code (after it printed why)."""

    def __init__(self, code: int) -> None:
        self.code = code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="schillen")
def cli() -> None:
    """schillen: the fiches of the Schillenboek, checked, drawn and published."""


def load_register(path: Path | None, language: str | None = None, *, code: int = 1) -> Register:
    """The register interface in PATH (default: the bundled grar.yaml); exit ``code`` with its diagnostics if bad."""
    from schillen.errors import RegisterError
    from schillen.registers.loading import load_register as load

    try:
        return load(path)
    except RegisterError as exc:
        from schillen.diagnostics import format_text

        click.echo(format_text(exc.diagnostics, pick_language(language)), err=True)
        raise Exit(code) from None


BPMN_NAMESPACE = b"http://www.omg.org/spec/BPMN/20100524/MODEL"


def is_bpmn(path: Path) -> bool:
    """Whether ``path`` is a regular file that reads as BPMN 2.0: XML that names the BPMN model namespace."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and BPMN_NAMESPACE in head


def refuse_bpmn(path: Path, language: str) -> None:
    """Exit 1 with one line when ``path`` is a BPMN file: this command reads fiches, 'schillen import' converts."""
    if path.suffix.lower() == ".bpmn" or is_bpmn(path):
        import shlex

        command = click.get_current_context().info_name or "schillen"
        click.echo(say("is-bpmn", language, path=path.as_posix(), command=command,
                       file=shlex.quote(path.as_posix())), err=True)
        raise Exit(1)


def read_fiche_or_exit(path: Path, language: str, consequence: str) -> Fiche:
    """The fiche in ``path``; its diagnostics printed; exit 1 (saying message ``consequence``) if it does not load."""
    from schillen.diagnostics import Severity, format_text
    from schillen.loading import read_fiche

    refuse_bpmn(path, language)
    result = read_fiche(path)
    if result.diagnostics:
        click.echo(format_text(result.diagnostics, language), err=True)
    if result.fiche is None or any(d.severity is Severity.ERROR for d in result.diagnostics):
        click.echo(say("does-not-load", language, path=path.as_posix(), consequence=say(consequence, language)),
                   err=True)
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
            click.echo(say("exists", language, path=path.as_posix()), err=True)
        else:
            click.echo(write_error(path.as_posix(), exc, language), err=True)
        raise Exit(1) from None


def refuse_input_as_output(output: Path | None, inputs: Iterable[Path | None], *, fiches_too: bool = True,
                           language: str | None = None) -> None:
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
            what = (say("an-input", language) if output.as_posix() == file.as_posix() else
                    say("the-input", language, file=file.as_posix()))
            raise click.BadParameter(say("input-as-output", language, path=repr(output.as_posix()), what=what),
                                     param_hint="-o/--output")
    if fiches_too and output.suffix.lower() in (".yaml", ".yml") and os.path.lexists(output):
        raise click.BadParameter(say("existing-yaml", language, path=repr(output.as_posix())),
                                 param_hint="-o/--output")


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


def load_fiches(paths: Iterable[Path]) -> Catalogue:
    """The catalogue of the fiches in ``paths`` (each file once), with a folder's broken links reported."""
    from schillen.loading import load_catalogue

    catalogue = load_catalogue(unique_fiche_paths(paths))
    broken = broken_links(paths)
    if broken:
        catalogue.diagnostics = sorted([*catalogue.diagnostics, *broken])
        catalogue.files += [d.file for d in broken]
    return catalogue


def broken_links(paths: Iterable[Path]) -> list[Diagnostic]:
    """An ``io.unreadable`` for each symbolic link ``*.yaml``/``*.yml`` in the folders ``paths`` that leads nowhere.

    A folder search finds only the fiche files that exist; a broken link is not left out without a word.
    """
    from schillen.diagnostics import Diagnostic, quote

    found: list[Diagnostic] = []
    for path in paths:
        if not path.is_dir():
            continue
        for link in sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_symlink()
                           and not p.exists()):
            try:
                target = quote(os.readlink(link))
            except OSError:  # pragma: no cover - it was a link a moment ago
                target = "?"
            found.append(Diagnostic(link.as_posix(), 0, 0, "io.unreadable", {
                "path": quote(link.as_posix()),
                "reason": f"it is a symbolic link to {target}, which does not exist",
                "reason_nl": f"het is een symbolische koppeling naar {target}, dat niet bestaat",
            }))
    return found


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
    _warned_language.clear()
    try:
        cli.main(args=args, prog_name="schillen", standalone_mode=False)
    except Exit as done:
        return done.code
    except click.exceptions.Abort:
        click.echo(say("aborted", _lang(args)), err=True)
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

