"""Building the book on disk: atomic, incremental, with the diagrams laid out in parallel.

:func:`build_book` loads and checks the fiches, plans every page and diagram
(:mod:`schillen.book.pages`), and writes the site into a temporary folder beside
the output folder; only when everything is written does it swap the two (rename
the old book aside, rename the new one in, delete the old one).  A build that
fails half-way (a layout that fails, a disk that is full) leaves the old book as
it was and removes its temporary folder.

A book carries a manifest, :data:`MANIFEST`, that marks the folder as a book
and records the key of every file (see :mod:`schillen.book.pages`).  The next
build carries a file whose key is unchanged over from the previous book (a hard
link, else a copy) instead of rendering it again; when no input changed at all
(the fiche files, the register, the layout engine, the templates, the schillen
version) and every fiche loaded, it does nothing.  A folder that exists, is not
empty and has no manifest is never replaced: :class:`BookError`.

Layouts run the engine as a subprocess per distinct diagram, ``jobs`` at a time
(default: one per CPU); they start as soon as the fiches are loaded, and the
checks, the matrix and the pages are done meanwhile.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from schillen._gc import paused_collection
from schillen._validation import os_reason
from schillen._version import __version__
from schillen.book.pages import Diagram, Page, digest, fiche_diagrams, plan_pages, register_diagrams
from schillen.checks import check_catalogue
from schillen.diagnostics import Diagnostic, Severity
from schillen.errors import RenderError, SchillenError
from schillen.loading import Catalogue, iter_fiche_files, load_catalogue
from schillen.matrix import build_matrix
from schillen.model import Fiche
from schillen.registers import GRAR, Register, load_register
from schillen.render.engine import Engine, find_engine, run_engine

__all__ = ["MANIFEST", "STYLESHEET", "BookError", "BookResult", "Progress", "build_book", "layout_all",
           "template_digest"]

MANIFEST = ".schillenboek.json"
"""The file that marks a folder as a book and lists the key of each of its files."""
STYLESHEET = "book.css"
FORMAT = 1
"""Version of the manifest's layout; a book with another one is rebuilt whole."""

NICE = 5
"""How much lower the priority of the layout processes is (``os.nice``)."""

_DICT_ATTRIBUTES = frozenset(dir(dict))

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) after each file from the moment the total is known (when the
pages are planned); the files carried over before that are counted in the first call."""


class BookError(SchillenError):
    """The book cannot be written where it was asked to go; ``message_nl`` says so in Dutch."""

    def __init__(self, message: str, message_nl: str = "") -> None:
        super().__init__(message)
        self.message_nl = message_nl or message


def _cannot_write(out: Path, exc: OSError) -> BookError:
    reason = os_reason(exc)
    return BookError(f"cannot write the book to {out}: {reason['reason']}",
                     f"kan het boek niet schrijven naar {out}: {reason['reason_nl']}")


@dataclass(frozen=True)
class BookResult:
    """What a build did.

    Attributes:
        out_dir: the book's folder.
        pages_written, pages_reused: HTML pages rendered, and carried over from the previous book.
        diagrams_rendered, diagrams_reused: SVG diagrams laid out, and carried over.
        seconds: wall time of the build.
        broken: the files that did not load (listed on the index with their diagnostics).
        diagnostics: every diagnostic of the catalogue (empty when nothing changed and nothing was loaded).
    """

    out_dir: Path
    pages_written: int
    pages_reused: int
    diagrams_rendered: int
    diagrams_reused: int
    seconds: float
    broken: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def _templates() -> Traversable:
    return resources.files("schillen.book") / "templates"


def _walk(folder: Traversable, prefix: str = "", suffixes: tuple[str, ...] = (".html", ".css")
          ) -> Iterable[tuple[str, Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            yield from _walk(item, f"{prefix}{item.name}/", suffixes)
        elif item.name.endswith(suffixes):
            yield f"{prefix}{item.name}", item


def template_digest() -> str:
    """SHA-256 over the templates and the stylesheet (names and bytes)."""
    sha = hashlib.sha256()
    for name, item in _walk(_templates()):
        sha.update(name.encode() + b"\0" + item.read_bytes() + b"\0")
    return sha.hexdigest()


def code_digest() -> str:
    """SHA-256 over schillen's own Python code and data (names and bytes), a few milliseconds.

    Part of every page's key: the pages of a book built by other code (a change of how a page is
    planned, without a new version number, as while schillen is developed or patched) are rendered
    again, not reused. A diagram's key is its DOT source and the engine, which already say what
    the code made of it.
    """
    sha = hashlib.sha256()
    for name, item in _walk(resources.files("schillen"), "", (".py", ".yaml", ".json")):
        sha.update(name.encode() + b"\0" + item.read_bytes() + b"\0")
    return sha.hexdigest()


def _register_digest(register: Register | None) -> str:
    if register is None:
        return hashlib.sha256((resources.files("schillen.registers") / GRAR).read_bytes()).hexdigest()
    return hashlib.sha256(register.model_dump_json().encode()).hexdigest()


def _input_digest(paths: Sequence[str | os.PathLike[str]], base: str) -> str:
    """A digest of the fiche files named by ``paths`` (names and bytes) and ``base``."""
    sha = hashlib.sha256(base.encode())
    for item in iter_fiche_files(paths):
        if isinstance(item, Diagnostic):
            sha.update(f"missing\0{item.file}\0".encode())
            continue
        sha.update(f"{item.as_posix()}\0".encode())
        sha.update(item.read_bytes())
    return sha.hexdigest()


def _read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of the book in ``out``; None when there is no such folder (or it is empty).

    Raises:
        BookError: ``out`` is not a folder, or a folder that is not a book.
    """
    if not out.exists():
        return None
    if not out.is_dir():
        raise BookError(f"{out} is not a folder; choose another output folder",
                        f"{out} is geen map; kies een andere uitvoermap")
    marker = out / MANIFEST
    if not marker.is_file():
        if any(out.iterdir()):
            raise BookError(f"{out} is not empty and is not a book built by schillen (no {MANIFEST}): "
                            "refusing to replace it; choose another output folder or empty this one",
                            f"{out} is niet leeg en is geen boek dat schillen maakte (geen {MANIFEST}): "
                            "schillen vervangt de map niet; kies een andere uitvoermap of maak deze leeg")
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _carry(old: Path, new: Path, made: set[Path] | None = None) -> None:
    _folder(new.parent, made)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def _write(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    _folder(path.parent, made)
    path.write_bytes(data)


def _folder(folder: Path, made: set[Path] | None) -> None:
    """Make ``folder`` (and its parents) unless it is in ``made``, the folders made before; then add it."""
    if made is None or folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(folder)


def layout_all(sources: Sequence[str], engine: Engine | None = None, jobs: int | None = None
               ) -> list[bytes]:
    """Lay out every DOT source as SVG, ``jobs`` engine processes at a time; the SVGs in order.

    This is the layout work of a build alone (what ``bench/bench_book.py`` compares a build with).

    Raises:
        RenderError: a layout failed.
    """
    engine = engine or find_engine()
    with _layout_pool(jobs) as pool:
        return list(pool.map(run_engine, sources, itertools.repeat("svg"), itertools.repeat(engine)))


def _layout_pool(jobs: int | None) -> concurrent.futures.Executor:
    """``jobs`` worker processes (default: one per CPU) that each run one engine process at a time.

    Processes, not threads: the Python work of a build (checks, pages) would otherwise hold the GIL that
    the threads need to start the engine and read its output. Workers and
    their engines run at a lower priority (:data:`NICE`), so that the build's own work, which the
    pages wait for, keeps a core when the layouts would take both.
    """
    # fork where it is safe (Linux): nothing to import and no main module to run again, so build_book works from
    # any script; the workers are forked before the pool starts a thread of its own, so no thread is copied.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    return concurrent.futures.ProcessPoolExecutor(max_workers=_workers(jobs), mp_context=context,
                                                  initializer=_lower_priority)


def _lower_priority() -> None:
    """Run a layout worker (and the engines it starts) at :data:`NICE`, where the system has priorities."""
    if hasattr(os, "nice"):
        os.nice(NICE)


def _workers(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def _open_up(folder: Path) -> None:
    """Give a folder from :func:`tempfile.mkdtemp` (mode 0700) the mode a new folder gets (the umask's)."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished book ``tmp`` in place of ``out`` (rename aside, rename in, delete the old one)."""
    if not out.exists():
        os.rename(tmp, out)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(aside)
    os.rename(out, aside)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(aside, out)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def build_book(source: Catalogue | Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
               register: Register | None = None, progress: Progress | None = None, *, force: bool = False,
               jobs: int | None = None) -> BookResult:
    """Build the book of the fiches in ``source`` into ``out_dir``.

    Args:
        source: paths of fiches or folders of fiches, or a loaded :class:`~schillen.loading.Catalogue`.
        out_dir: the book's folder: absent, empty, or a book built before (it is replaced).
        register: the register interface (default: the bundled grar).
        progress: called with (done, total) as files are written.
        force: render every page and diagram again, even those that did not change.
        jobs: layouts run at the same time (default: the number of CPUs).

    Returns:
        What was written and reused. Files that do not load are not an error here: the
        index lists them with their diagnostics (see :attr:`BookResult.broken`).

    Raises:
        BookError: ``out_dir`` exists and is not a book (nothing is touched), or it cannot be written
            (the previous book is left as it was).
        RenderError: no layout engine, or a layout failed (the previous book is left as it was).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    if not isinstance(source, Catalogue):
        _refuse_inputs_inside(source, out)
    old = _read_manifest(out)
    engine = find_engine()
    base = digest(__version__, code_digest(), template_digest(), _register_digest(register), engine.name)
    inputs = None if isinstance(source, Catalogue) else _input_digest(source, base)
    previous: dict[str, str] = (old or {}).get("files", {}) if not force else {}
    if (old and not force and inputs is not None and old.get("inputs") == inputs and not old.get("broken")
            and all((out / name).is_file() for name in previous)):
        svgs = sum(name.endswith(".svg") for name in previous)
        return BookResult(out, 0, len(previous) - svgs, 0, svgs, time.perf_counter() - started)

    with _build_lock(out), _layout_pool(jobs) as pool:
        pool.submit(os.getpid)  # the workers start now, while the process is still small
        with paused_collection():  # the fiches, pages and DOT sources hold no cycles worth a collection
            return _build(source, out, register, pool, engine, base, inputs, previous, progress, started)


def _refuse_inputs_inside(paths: Sequence[str | os.PathLike[str]], out: Path) -> None:
    """Raise :class:`BookError` when a fiche or folder in ``paths`` lies in ``out``: a build replaces that folder.

    Raises:
        BookError: an input is ``out`` or lies inside it.
    """
    book = out.resolve()
    for path in paths:
        where = Path(path).resolve()
        if where == book or book in where.parents:
            raise BookError(f"{path} lies inside the book's folder {out}, which every build replaces: "
                            "keep the fiches outside it, or choose another output folder",
                            f"{path} ligt in de map van het boek, {out}, die elke build vervangt: "
                            "houd de fiches erbuiten of kies een andere uitvoermap")


@contextlib.contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    """One build of ``out`` at a time; holding the lock, remove what a killed build left beside it.

    A build writes into ``.NAME.new-*`` and moves the old book to ``.NAME.old-*`` beside ``out``;
    a build killed in between (SIGKILL, power loss) leaves them behind. With the lock held no
    other build is using them. Where there is no ``fcntl`` (Windows) nothing is locked or removed.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = open(out.parent / f".{out.name}.lock", "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        for left in out.parent.iterdir():
            if left.name.startswith((f".{out.name}.new-", f".{out.name}.old-")) and left.is_dir():
                shutil.rmtree(left, ignore_errors=True)
        yield


def _build(source: Catalogue | Sequence[str | os.PathLike[str]], out: Path, register: Register | None,
           pool: concurrent.futures.Executor, engine: Engine, base: str, inputs: str | None,
           previous: dict[str, str], progress: Progress | None, started: float) -> BookResult:
    """The part of :func:`build_book` after it found that something changed."""
    register = register if register is not None else load_register()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    book = _Writer(out, tmp, previous, progress, register, engine, pool)
    try:
        _open_up(tmp)
        if isinstance(source, Catalogue):  # a copy: the checks add diagnostics, the caller's catalogue stays as it was
            catalogue = Catalogue(dict(source.fiches), list(source.diagnostics), list(source.files))
            for fiche in catalogue.fiches.values():
                book.lay_out(fiche)
        else:  # each fiche's layouts start as soon as it has loaded, while the others load
            catalogue = load_catalogue(source, loaded=book.lay_out)
        diagrams, pages, counts = book.write(catalogue, base)
        loaded = {fiche.file for fiche in catalogue.fiches.values()}
        broken = tuple(sorted({d.file for d in catalogue.diagnostics
                               if d.severity is Severity.ERROR and d.file not in loaded}))
        _write(tmp / STYLESHEET, (_templates() / STYLESHEET).read_bytes())
        manifest = {"book": "schillen", "format": FORMAT, "version": __version__, "inputs": inputs,
                    "broken": list(broken), "files": {**{d.path: d.key for d in diagrams},
                                                      **{p.path: p.key for p in pages}}}
        _write(tmp / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
        _swap(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _cannot_write(out, exc) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        book.cancel()
    return BookResult(out, *counts, time.perf_counter() - started, broken, tuple(catalogue.diagnostics))


class _Writer:
    """Writes a book's files into its temporary folder, carrying unchanged ones over from the previous book.

    Layouts run in ``pool``, one per distinct DOT source, started by :meth:`lay_out` as each fiche
    arrives; :meth:`write` checks the fiches and renders the pages meanwhile, then writes the SVGs.
    """

    def __init__(self, out: Path, tmp: Path, previous: dict[str, str], progress: Progress | None,
                 register: Register, engine: Engine, pool: concurrent.futures.Executor) -> None:
        self.out, self.tmp, self.previous, self.progress = out, tmp, previous, progress
        self.register, self.engine, self.pool = register, engine, pool
        self.done = 0
        self.total = 0
        self.made: set[Path] = {tmp}
        """The folders of the new book made so far (a mkdir that finds the folder costs an exception)."""
        self.groups: dict[str, list[Diagram]] = {}
        """The diagrams to lay out, by key: the files that share one layout."""
        self.futures: dict[str, concurrent.futures.Future[bytes]] = {}
        self.of_fiche: dict[str, list[Diagram]] = {}

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and self.total:
            self.progress(self.done, self.total)

    def carry(self, path: str, key: str) -> bool:
        """Carry ``path`` over from the previous book when its key is unchanged; whether it was."""
        if self.previous.get(path) != key or not (self.out / path).is_file():
            return False
        _carry(self.out / path, self.tmp / path, self.made)
        self.step()
        return True

    def _submit(self, diagrams: Iterable[Diagram]) -> list[Diagram]:
        """Carry over or start the layout of each diagram (once per distinct source); the diagrams."""
        done = []
        for diagram in diagrams:
            done.append(diagram)
            if self.carry(diagram.path, diagram.key):
                continue
            if diagram.key not in self.groups:
                self.groups[diagram.key] = []
                self.futures[diagram.key] = self.pool.submit(run_engine, diagram.source, "svg", self.engine)
            self.groups[diagram.key].append(diagram)
        return done

    def lay_out(self, fiche: Fiche) -> None:
        """Build the diagrams of ``fiche`` and start their layouts."""
        self.of_fiche[fiche.id] = self._submit(fiche_diagrams(fiche, self.register, self.engine.name))

    def cancel(self) -> None:
        """Cancel the layouts that have not started (after a failure)."""
        for future in self.futures.values():
            future.cancel()

    def write(self, catalogue: Catalogue, base: str
              ) -> tuple[list[Diagram], list[Page], tuple[int, int, int, int]]:
        """Check the fiches and render the pages while the layouts run, then write the diagrams.

        Every fiche of ``catalogue`` has been passed to :meth:`lay_out`. Returns the diagrams (in book
        order), the pages and (pages written, reused, diagrams rendered, reused).
        """
        register = self.register
        diagrams = [d for fiche_id in sorted(catalogue.fiches) for d in self.of_fiche[fiche_id]]
        diagrams += self._submit(register_diagrams(register, self.engine.name))
        check_catalogue(catalogue, register=register)
        catalogue.diagnostics[:] = sorted(set(catalogue.diagnostics))  # once, if the catalogue came checked
        pages = plan_pages(catalogue, register, build_matrix(catalogue, register), diagrams, base=base)
        self.total = len(pages) + len(diagrams)
        written = 0
        env = None
        for page in pages:
            if not self.carry(page.path, page.key):
                env = env or _environment()
                _write(self.tmp / page.path, env.get_template(page.template).render(page.context).encode(), self.made)
                written += 1
                self.step()
        for diagram in diagrams:  # in book order: a failure names the first diagram that failed
            group = self.groups.get(diagram.key)
            if group is None or group[0] is not diagram:
                continue
            try:
                svg = self.futures[diagram.key].result()
            except RenderError as exc:
                raise RenderError(f"diagram {diagram.path}: {exc}") from exc
            _write(self.tmp / diagram.path, svg, self.made)
            self.step()
            for each in group[1:]:  # the same drawing: a hard link is a tenth of the cost of a new file
                _carry(self.tmp / diagram.path, self.tmp / each.path, self.made)
                self.step()
        rendered = sum(len(group) for group in self.groups.values())
        return diagrams, pages, (written, len(pages) - written, rendered, len(diagrams) - rendered)


def _environment() -> Any:
    """The jinja2 environment: templates from the package, autoescaping on, undefined names an error.

    The pages' contexts are plain dicts (they are digested as JSON for the page keys), so ``row.name``
    looks up the key first (:class:`_Environment`).
    """
    import jinja2

    class _Environment(jinja2.Environment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            """``obj.attribute`` as jinja2 has it (an attribute, else a key), without its exception per key.

            A dict's key comes first unless a dict has an attribute of that name (``items``), as in jinja2.
            """
            if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
                return obj[attribute]
            return super().getattr(obj, attribute)

    class _TemplateCache(jinja2.FileSystemBytecodeCache):
        """The compiled templates, kept between builds in jinja2's per-user folder in the temporary
        directory (it checks that the folder is the user's own and private): compiling them takes 0.1 s
        of every build that renders a page, loading them 3 ms. An entry is keyed by the template's
        source, so an old one is never used for a changed template; a cache that cannot be read or
        written is no cache, never an error."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # damaged (pickle and marshal raise many kinds): compile again
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        cache: jinja2.BytecodeCache | None = _TemplateCache()
    except (OSError, RuntimeError):  # no private folder can be made for it
        cache = None
    env = _Environment(
        bytecode_cache=cache,
        loader=jinja2.PackageLoader("schillen.book", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)  # the templates do not change during a build: no stat of the file per include
    env.globals["version"] = __version__
    return env
