"""A small, real HTTP server that answers like the public read API v2 of the building register.

For the tests of :mod:`schillen.registers.http` and for ``bench/bench_http_list.py``: a
stdlib :class:`~http.server.ThreadingHTTPServer` on 127.0.0.1 (port 0, so the system picks a
free one) in a thread of its own; no network.  It answers in the shape of the reference
(``building-register.md`` §2 and §5):

- ``GET /v2/{collection}/{objectId}``: the JSON-LD detail (``@context``, ``@type``,
  ``identificator``, ...) as ``application/ld+json`` with an ``ETag``; ``If-None-Match``
  with that ETag gives ``304 Not Modified`` and no body;
- ``GET /v2/{collection}?offset=&limit=&<filters>``: ``{"@context", "<collection>": [{"@type",
  "identificator", "detail", "<status>"}], "volgende"}``.  As the real API does, ``volgende``
  carries only ``offset`` and ``limit`` (its template is ``...?offset={0}&limit={1}``), not
  the filters.  Here it is there whenever the page is full (so a list of exactly 500 objects
  read in pages of 500 ends with an empty page): the API decides with
  ``PaginationInfo.HasNextPage(itemCount)``, whose code was not among the sources read, and this
  is the answer a client must cope with either way; ``limit`` defaults to 100, at most 500;
- unknown and removed objects: ``application/problem+json`` ``{type, title, detail, status,
  instance}`` with 404 ``urn:be.vlaanderen.basisregisters.api:<kind>:not-found`` and 410
  ``...:<kind>:gone``.

Faults are queued per path with :meth:`ApiServer.queue`: a :class:`Reply` with any status,
headers and body, one whose ``Content-Length`` promises more than it sends (a cut-off answer),
one that answers only after a delay (a timeout), one that drips its body a byte at a time, or
one whose body never ends.  Every request is recorded
(:attr:`ApiServer.seen`: method, path, query, headers, status, body bytes sent).

The builders (:func:`gebouw`, :func:`gebouweenheid`, :func:`adres`, :func:`straatnaam`,
:func:`perceel`) give detail bodies in the API's field names.

Run as a program it serves generated units until its standard input closes (the benchmark
uses it so that the server's memory is not counted with the client's)::

    .venv/bin/python -m tests.registers.apiserver --units 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

PUBLIC = "https://api.basisregisters.vlaanderen.be"
"""The public host: links inside bodies (``detail``) point there, as in real answers."""
ID = "https://data.vlaanderen.be/id"
VERSIE = "2024-03-01T10:15:30+01:00"
CONTEXT = "https://docs.basisregisters.vlaanderen.be/context/{kind}/2022-01-11/{kind}_{shape}.jsonld"
PROBLEM_TITLE = "Er heeft zich een fout voorgedaan."
LD_JSON = "application/ld+json; charset=utf-8"
PROBLEM_JSON = "application/problem+json; charset=utf-8"


@dataclass(frozen=True)
class Kind:
    """What the API says about one collection."""

    type: str          # '@type' and the last part of the naamruimte, lower case
    status: str        # the status attribute
    problem: str       # the kind in problem types: urn:be.vlaanderen.basisregisters.api:<problem>:not-found
    not_found: str     # problem detail of a 404
    gone: str          # problem detail of a 410


KINDS = {
    "gebouwen": Kind("Gebouw", "gebouwStatus", "building", "Onbestaand gebouw.", "Verwijderd gebouw."),
    "gebouweenheden": Kind("Gebouweenheid", "gebouweenheidStatus", "buildingunit", "Onbestaande gebouweenheid.",
                           "Verwijderde gebouweenheid."),
    "adressen": Kind("Adres", "adresStatus", "address", "Onbestaand adres.", "Verwijderd adres."),
    "straatnamen": Kind("Straatnaam", "straatnaamStatus", "streetname", "Onbestaande straatnaam.",
                        "Verwijderde straatnaam."),
    "percelen": Kind("Perceel", "perceelStatus", "parcel", "Onbestaand perceel.", "Verwijderd perceel."),
}
COLLECTION = {kind.type: collection for collection, kind in KINDS.items()}


# --- bodies in the API's shape -----------------------------------------------------------------


def identificator(kind: str, object_id: str) -> dict[str, str]:
    naamruimte = f"{ID}/{kind.lower()}"
    return {"id": f"{naamruimte}/{object_id}", "naamruimte": naamruimte, "objectId": object_id, "versieId": VERSIE}


def link(collection: str, object_id: str, **extra: Any) -> dict[str, Any]:
    return {"objectId": object_id, "detail": f"{PUBLIC}/v2/{collection}/{object_id}", **extra}


def _head(kind: str) -> dict[str, Any]:
    return {"@context": CONTEXT.format(kind=kind.lower(), shape="detail"), "@type": kind}


def _gml(shape: str, coordinates: str) -> dict[str, str]:
    tag = "posList" if shape == "Polygon" else "pos"
    inner = f"<gml:{tag}>{coordinates}</gml:{tag}>"
    if shape == "Polygon":
        inner = f"<gml:exterior><gml:LinearRing>{inner}</gml:LinearRing></gml:exterior>"
    return {"type": shape, "gml": f'<gml:{shape} srsName="https://www.opengis.net/def/crs/EPSG/0/31370" '
                                  f'xmlns:gml="http://www.opengis.net/gml/3.2">{inner}</gml:{shape}>'}


def gebouw(object_id: str, status: str = "gerealiseerd", *, methode: str = "ingeschetst",
           units: Iterable[tuple[str, str]] = (), percelen: Iterable[str] = ()) -> dict[str, Any]:
    """A building: ``units`` are (objectId, status) pairs."""
    return {
        **_head("Gebouw"),
        "identificator": identificator("Gebouw", object_id),
        "gebouwPolygoon": {
            "geometrie": _gml("Polygon", "140200.0 198700.0 140210.0 198700.0 140210.0 198710.0 140200.0 198700.0"),
            "geometrieMethode": methode,
        },
        "gebouwStatus": status,
        "gebouweenheden": [link("gebouweenheden", unit, status=unit_status) for unit, unit_status in units],
        "percelen": [link("percelen", capakey) for capakey in percelen],
    }


def gebouweenheid(object_id: str, gebouw: str, status: str = "gerealiseerd", *, functie: str | None = "nietGekend",
                  adressen: Iterable[str] = (), afwijking: bool = False) -> dict[str, Any]:
    """A building unit in building ``gebouw``, linked to ``adressen``."""
    return {
        **_head("Gebouweenheid"),
        "identificator": identificator("Gebouweenheid", object_id),
        "gebouweenheidPositie": {"geometrie": _gml("Point", "140205.0 198705.0"),
                                 "positieGeometrieMethode": "afgeleidVanObject"},
        "gebouweenheidStatus": status,
        "functie": functie,
        "gebouw": link("gebouwen", gebouw),
        "adressen": [link("adressen", a) for a in sorted(adressen, key=int)],
        "afwijkingVastgesteld": afwijking,
    }


def _name(spelling: str) -> dict[str, Any]:
    return {"geografischeNaam": {"spelling": spelling, "taal": "nl"}}


def adres(object_id: str, straatnaam: str, huisnummer: str, status: str = "inGebruik", *,
          busnummer: str | None = None, postcode: str = "9000", street: str = "Veldstraat") -> dict[str, Any]:
    """An address on street name ``straatnaam`` (its objectId; ``street`` is its name) in Gent."""
    number = huisnummer + (f" bus {busnummer}" if busnummer else "")
    body = {
        **_head("Adres"),
        "identificator": identificator("Adres", object_id),
        "gemeente": {"objectId": "44021", "detail": f"{PUBLIC}/v2/gemeenten/44021", "gemeentenaam": _name("Gent")},
        "postinfo": {"objectId": postcode, "detail": f"{PUBLIC}/v2/postinfo/{postcode}"},
        "straatnaam": {**link("straatnamen", straatnaam), "straatnaam": _name(street)},
        "huisnummer": huisnummer,
        "volledigAdres": _name(f"{street} {number}, {postcode} Gent"),
        "adresPositie": {"geometrie": _gml("Point", "104500.0 194000.0"), "positieGeometrieMethode":
                         "aangeduidDoorBeheerder", "positieSpecificatie": "ingang"},
        "adresStatus": status,
        "officieelToegekend": True,
        "_links": {"self": {"href": f"{PUBLIC}/v2/adressen/{object_id}"},
                   "gebouweenheden": {"href": f"{PUBLIC}/v2/gebouweenheden?adresobjectid={object_id}"},
                   "percelen": {"href": f"{PUBLIC}/v2/percelen?adresobjectid={object_id}"}},
    }
    if busnummer is not None:
        body["busnummer"] = busnummer
    return body


def straatnaam(object_id: str, naam: str, status: str = "inGebruik") -> dict[str, Any]:
    """A street name in Gent."""
    return {
        **_head("Straatnaam"),
        "identificator": identificator("Straatnaam", object_id),
        "gemeente": {"objectId": "44021", "detail": f"{PUBLIC}/v2/gemeenten/44021", "gemeentenaam": _name("Gent")},
        "straatnamen": [{"spelling": naam, "taal": "nl"}],
        "homoniemToevoegingen": [],
        "straatnaamStatus": status,
        "_links": {"self": {"href": f"{PUBLIC}/v2/straatnamen/{object_id}"},
                   "adressen": {"href": f"{PUBLIC}/v2/adressen?straatnaamobjectid={object_id}"}},
    }


def perceel(capakey: str, status: str = "gerealiseerd", adressen: Iterable[str] = ()) -> dict[str, Any]:
    """A parcel; ``capakey`` with ``-`` for ``/`` (its objectId)."""
    return {
        **_head("Perceel"),
        "identificator": identificator("Perceel", capakey),
        "caPaKey": capakey.replace("-", "/", 1),
        "perceelStatus": status,
        "adressen": [link("adressen", a) for a in adressen],
        "_links": {"self": {"href": f"{PUBLIC}/v2/percelen/{capakey}"},
                   "gebouwen": {"href": f"{PUBLIC}/v2/gebouwen?capakey={capakey}"}},
    }


def _values(path: str) -> Callable[[dict[str, Any]], set[str]]:
    """The values a body has at ``path`` (``gebouw.objectId``, ``adressen[].objectId``)."""
    def values(body: dict[str, Any]) -> set[str]:
        found: list[Any] = [body]
        for part in path.split("."):
            many = part.endswith("[]")
            found = [item.get(part.removesuffix("[]")) for item in found if isinstance(item, dict)]
            if many:
                found = [x for item in found if isinstance(item, list) for x in item]
        return {str(x) for x in found if x is not None}
    return values


FILTERS: dict[str, dict[str, Callable[[dict[str, Any]], set[str]]]] = {
    # The real API binds query parameters case-insensitively; keys here are lower case.
    "gebouwen": {"status": _values("gebouwStatus"), "capakey": _values("percelen[].objectId")},
    "gebouweenheden": {"gebouwobjectid": _values("gebouw.objectId"), "adresobjectid": _values("adressen[].objectId"),
                       "status": _values("gebouweenheidStatus"), "functie": _values("functie")},
    "adressen": {"straatnaamobjectid": _values("straatnaam.objectId"), "postcode": _values("postinfo.objectId"),
                 "huisnummer": _values("huisnummer"), "busnummer": _values("busnummer"),
                 "status": _values("adresStatus")},
    "straatnamen": {"status": _values("straatnaamStatus"), "straatnaam": _values("straatnamen[].spelling")},
    "percelen": {"status": _values("perceelStatus"), "adresobjectid": _values("adressen[].objectId")},
}
"""The list filters this server understands (a subset of §5); other query parameters are ignored, as the API does."""


# --- canned replies and what the server saw ---------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A canned answer for one request.

    Attributes:
        status: the HTTP status.
        body: the bytes sent (or a JSON-able value, serialised).
        content_type: its Content-Type (None: none sent).
        headers: more headers (``Retry-After``, ...).
        declared_length: the Content-Length announced; more than the body gives a cut-off answer
            (the server then closes the connection).
        delay: seconds to wait before answering (the wait ends early when the server stops).
        drip: seconds between the bytes of the body: the headers at once, then one byte at a time
            (a slow API; the drip ends early when the server stops or the client hangs up).
        endless: after the headers (no Content-Length), the body repeated without end, until the
            client hangs up or the server stops (a runaway API); :attr:`Seen.body_bytes` is 0.
    """

    status: int = 200
    body: Any = b""
    content_type: str | None = PROBLEM_JSON
    headers: dict[str, str] = field(default_factory=dict)
    declared_length: int | None = None
    delay: float = 0.0
    drip: float = 0.0
    endless: bool = False

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode()


def problem(status: int, collection: str, what: str, path: str = "") -> dict[str, Any]:
    """A problem+json body as the API gives it (``what``: ``not-found`` or ``gone``)."""
    kind = KINDS[collection]
    return {"type": f"urn:be.vlaanderen.basisregisters.api:{kind.problem}:{what}", "title": PROBLEM_TITLE,
            "detail": kind.not_found if what == "not-found" else kind.gone, "status": status,
            "instance": f"{PUBLIC}/v2/foutmeldingen/{hashlib.sha1(path.encode()).hexdigest()[:32]}"}


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it, and what it answered."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]   # lower-case names
    status: int
    body_bytes: int


# --- the server ------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as a real API; every answer has a Content-Length
    disable_nagle_algorithm = True  # headers and body would otherwise wait for the client's delayed ACK
    wbufsize = 64 * 1024            # ... and they leave in one write, at the flush
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read :attr:`ApiServer.seen` instead."""

    def do_GET(self) -> None:
        api = self.server.api
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = api.take(parts.path) or api.answer(parts.path, query, headers)
        payload = b"" if reply.status == 304 else reply.payload()
        sent = payload[: reply.declared_length] if reply.declared_length is not None else payload
        api.record(Seen("GET", parts.path, query, headers, reply.status, 0 if reply.endless else len(sent)))
        if reply.delay and api.stopping.wait(reply.delay):
            self.close_connection = True
            return
        try:
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.endless:
                self.send_header("Connection", "close")     # the body ends when the connection does
            elif reply.status != 304:
                length = len(payload) if reply.declared_length is None else reply.declared_length
                self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.flush()
            if reply.endless:
                self.close_connection = True
                while not api.stopping.is_set():
                    self.wfile.write(payload or b" ")
            elif reply.drip:
                for index in range(len(sent)):
                    if api.stopping.wait(reply.drip):
                        break
                    self.wfile.write(sent[index:index + 1])
                    self.wfile.flush()
            elif reply.status != 304:
                self.wfile.write(sent)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        if reply.declared_length is not None and reply.declared_length > len(sent):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    api: ApiServer


class ApiServer:
    """The register API on 127.0.0.1, in a thread; a context manager (stops and closes on exit).

    Args:
        bodies: detail bodies to serve (see the builders); their collection comes from ``@type``.

    Examples:
        >>> with ApiServer([gebouw("6")]) as api:
        ...     api.url.startswith("http://127.0.0.1:")
        True
    """

    def __init__(self, bodies: Iterable[dict[str, Any]] = ()) -> None:
        self.objects: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in KINDS}
        self.removed: dict[str, set[str]] = {c: set() for c in KINDS}
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self._replies: dict[str, deque[Reply]] = {}
        self._cache: dict[tuple[str, str], tuple[bytes, str]] = {}
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.add(*bodies)

    # --- content ---

    def add(self, *bodies: dict[str, Any]) -> None:
        """Serve these detail bodies (replacing an object with the same id; its ETag changes with it)."""
        with self._lock:
            for body in bodies:
                collection = COLLECTION[body["@type"]]
                object_id = body["identificator"]["objectId"]
                self.objects[collection][object_id] = body
                self.removed[collection].discard(object_id)
                self._cache.pop((collection, object_id), None)

    def remove(self, collection: str, object_id: str) -> None:
        """The object is removed: 410 from now on, and left out of lists."""
        with self._lock:
            self.objects[collection].pop(object_id, None)
            self.removed[collection].add(object_id)
            self._cache.pop((collection, object_id), None)

    def queue(self, path: str, *replies: Reply) -> None:
        """Answer the next requests for ``path`` (no query) with ``replies``, in order; then as usual."""
        with self._lock:
            self._replies.setdefault(path, deque()).extend(replies)

    # --- serving ---

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._server is not None, "the server is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ApiServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.api = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="apiserver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> ApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def paths(self) -> list[str]:
        """The path and query of every request seen, in order (``/v2/gebouwen?offset=0&limit=2``)."""
        with self._lock:
            return [s.path + ("?" + "&".join(f"{k}={v}" for k, v in s.query.items()) if s.query else "")
                    for s in self.seen]

    def take(self, path: str) -> Reply | None:
        with self._lock:
            replies = self._replies.get(path)
            return replies.popleft() if replies else None

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Reply:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if len(parts) == 3 and parts[0] == "v2" and parts[1] in KINDS:
            return self._detail(parts[1], parts[2], headers, path)
        if len(parts) == 2 and parts[0] == "v2" and parts[1] in KINDS:
            return self._list(parts[1], query)
        return Reply(404, {"type": "urn:be.vlaanderen.basisregisters.api:not-found", "title": PROBLEM_TITLE,
                           "detail": "Onbestaande resource.", "status": 404, "instance": f"{PUBLIC}{path}"})

    def _detail(self, collection: str, object_id: str, headers: dict[str, str], path: str) -> Reply:
        with self._lock:
            if object_id in self.removed[collection]:
                return Reply(410, problem(410, collection, "gone", path))
            body = self.objects[collection].get(object_id)
            if body is None:
                return Reply(404, problem(404, collection, "not-found", path))
            cached = self._cache.get((collection, object_id))
            if cached is None:
                payload = json.dumps(body, ensure_ascii=False).encode()
                etag = f'"{hashlib.sha256(payload).hexdigest()[:20]}"'
                cached = self._cache[(collection, object_id)] = (payload, etag)
        payload, etag = cached
        if etag in [tag.strip() for tag in headers.get("if-none-match", "").split(",")]:
            return Reply(304, b"", None, {"ETag": etag})
        return Reply(200, payload, LD_JSON, {"ETag": etag})

    def _list(self, collection: str, query: dict[str, str]) -> Reply:
        kind = KINDS[collection]
        offset = int(query.get("offset", 0))
        limit = min(int(query.get("limit", 100)), 500)
        wanted = [(FILTERS[collection][name.lower()], value) for name, value in query.items()
                  if name.lower() in FILTERS[collection]]
        with self._lock:
            bodies = list(self.objects[collection].values())
        selected = (b for b in bodies if all(value in values(b) for values, value in wanted))
        page = [b for i, b in enumerate(selected) if offset <= i < offset + limit]
        answer: dict[str, Any] = {
            "@context": CONTEXT.format(kind=kind.type.lower(), shape="list"),
            collection: [{"@type": kind.type, "identificator": b["identificator"],
                          "detail": f"{PUBLIC}/v2/{collection}/{b['identificator']['objectId']}",
                          kind.status: b[kind.status]} for b in page],
        }
        if len(page) == limit:
            answer["volgende"] = f"{PUBLIC}/v2/{collection}?offset={offset + limit}&limit={limit}"
        return Reply(200, answer, LD_JSON)


def generated_units(count: int, per_building: int = 10) -> Iterator[dict[str, Any]]:
    """``count`` building units, ``per_building`` to a building, each with one address; ids 1, 2, ..."""
    for n in range(1, count + 1):
        yield gebouweenheid(str(n), str(1 + (n - 1) // per_building), "gerealiseerd" if n % 7 else "gepland",
                            adressen=[str(100000 + n)])


def main(argv: list[str] | None = None) -> int:
    """Serve generated units until standard input closes; print the URL first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args(argv)
    with ApiServer(generated_units(args.units)) as api:
        print(api.url, flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
