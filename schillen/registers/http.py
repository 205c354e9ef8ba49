"""The building register over HTTP: the public read API v2 of the Basisregisters Vlaanderen, read-only.

:class:`HttpRegister` is a :class:`~schillen.registers.objects.BuildingRegister` on the
read API (reference §5): ``GET /v2/{collection}/{objectId}`` for :meth:`~HttpRegister.get`
and ``GET /v2/{collection}`` for :meth:`~HttpRegister.list`, where the collection of each
object and its list filters come from the register interface (``grar.yaml``).  Bodies are
JSON-LD in the API's own field names and become the models of
:mod:`schillen.registers.objects`.  It cannot change anything: :meth:`~HttpRegister.apply`
raises :class:`~schillen.registers.objects.ReadOnlyRegister`.

How it talks to the API:

- **Not found, removed:** a 404 raises :class:`~schillen.registers.objects.ObjectNotFound`,
  a 410 :class:`~schillen.registers.objects.ObjectRemoved`; the ``detail`` of the
  problem+json answer ("Verwijderde gebouweenheid.") is added as a note of the exception.
- **Paging:** a list is read page by page (``offset``, ``limit``: :attr:`~HttpRegister.page_size`,
  at most 500) as long as the answer has ``volgende``.  The API builds ``volgende`` from a
  fixed template, ``https://api.basisregisters.vlaanderen.be/v2/{collection}?offset={0}&limit={1}``:
  it names the public host whatever host was asked, and it drops the filters.  So the next
  page is the query of ``volgende`` asked of this register's own base URL, with the filters
  added back.  A ``volgende`` that leads to a page already read is an error, not a loop.
- **Lists give full objects:** a list item is only ``{@type, identificator, detail, <status>}``
  (a unit's item has no building, an address's no street name), so :meth:`~HttpRegister.list`
  reads the detail of each object, :attr:`~HttpRegister.workers` at a time, one page at a time:
  memory stays bounded by a page.  An object removed between the list and its detail read is
  left out, as lists leave out removed objects.  :meth:`~HttpRegister.iter_ids` gives the
  object ids alone, from the pages only.
- **Retries:** a 429 waits as long as ``Retry-After`` says (seconds or an HTTP date); a 500,
  502, 503 or 504 (with ``Retry-After`` if it has one), a failed connection and a cut-off
  answer are retried after an exponential backoff with jitter
  (``backoff * 2**(n-1)``, at most ``max_backoff``, then between half and all of it).
  At most :attr:`~HttpRegister.max_retries` retries, and none that would pass
  :attr:`~HttpRegister.deadline` seconds after the first attempt; then
  :class:`~schillen.registers.objects.RegisterUnavailable` says what went wrong.
- **Timeouts:** no answer within :attr:`~HttpRegister.timeout` seconds raises
  :class:`~schillen.registers.objects.RegisterUnavailable` ("... did not answer within 10 s")
  at once; a slow API is not asked again.  Each read waits at most ``timeout``, and the whole
  answer must be in within :attr:`~HttpRegister.answer_deadline` seconds (30) of the request,
  so an API that drips its body a byte at a time is cut off then ("... did not finish its
  answer within 30 s"), not after hours.
- **Size:** a body of more than :attr:`~HttpRegister.max_bytes` bytes (5 MB; a detail is a few
  kilobytes, a page of 500 items some 200 kB) is refused ("... answered more than 5000000 bytes")
  as soon as its ``Content-Length`` or the bytes read pass it; the rest is not read.
- **ETag:** the ETag of each detail is remembered (the last :attr:`~HttpRegister.cache_size`
  URLs); the next read of that URL sends ``If-None-Match``, and ``304 Not Modified`` gives the
  object from the remembered body.
- **Bad answers:** a body that is not JSON (or is cut off, or is not UTF-8), a content type
  that is not JSON, JSON nested too deeply or with a number of thousands of digits, JSON of the
  wrong shape, and any other status raise
  :class:`~schillen.registers.objects.RegisterUnavailable` naming the URL and what was wrong.

The sleep, the clocks and the jitter are parameters, so that tests do not wait.

Examples:
    >>> with HttpRegister("http://127.0.0.1:9", page_size=500) as register:   # asks nothing yet
    ...     register.base_url, register.page_size
    ('http://127.0.0.1:9', 500)
    >>> register.list("Gebouw", {"kleur": "rood"})
    Traceback (most recent call last):
    ...
    ValueError: unknown filter 'kleur'; the filters are: status, caPaKey
"""

from __future__ import annotations

import builtins
import email.utils
import json
import random
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import httpx
from pydantic import ValidationError

from schillen._version import __version__
from schillen.registers.loading import load_register
from schillen.registers.lookup import find_object
from schillen.registers.model import ObjectType, Register
from schillen.registers.objects import (
    MODELS,
    Applied,
    ObjectNotFound,
    ObjectRemoved,
    ReadOnlyRegister,
    RegisterObject,
    RegisterUnavailable,
    resolve_filters,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_BYTES", "MAX_PAGE_SIZE", "RETRY_STATUSES", "USER_AGENT", "HttpRegister"]

DEFAULT_BASE_URL = "https://api.basisregisters.vlaanderen.be"
"""The public host of the read API (reference §5)."""
USER_AGENT = f"schillen/{__version__} (building register client; python-httpx/{httpx.__version__})"
"""The User-Agent of every request."""
ACCEPT = "application/ld+json, application/json;q=0.9, application/problem+json;q=0.8"
MAX_PAGE_SIZE = 500
DEFAULT_MAX_BYTES = 5_000_000
"""The largest body read by default: a detail is a few kilobytes, a list page of 500 items some 200 kB."""
"""The largest ``limit`` the API takes (reference §5)."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses asked again (429 after ``Retry-After``, the others after a backoff)."""
_JSON_TYPES = frozenset({"application/json", "application/ld+json"})


def _seconds(value: float) -> str:
    return f"{value:g} s"


class HttpRegister:
    """The building register behind the public read API v2; read-only.

    Args:
        base_url: the API's address, without ``/v2``; the public host by default.
        timeout: seconds to wait for a connection, and then for each read.
        answer_deadline: seconds from sending a request to the last byte of its answer; an API that
            drips its answer is cut off then (``timeout`` alone bounds each read, not their sum).
        max_bytes: the largest body read; a larger one is refused ("answered more than N bytes")
            as soon as its ``Content-Length`` or its bytes pass it, without reading the rest.
        max_retries: how many times a request is asked again (0: never).
        deadline: no retry starts later than this many seconds after the first attempt.
        page_size: objects per list page (``limit``), 1 to 500.
        workers: detail reads at the same time while listing (1: one after the other).
        backoff: the first backoff in seconds; it doubles with every retry.
        max_backoff: the largest backoff in seconds (``Retry-After`` is honoured beyond it).
        cache_size: how many ETags (and their bodies) are remembered.
        client: an ``httpx.Client`` to use instead of its own (it is then not closed here).
        register: the register interface (collections and list filters); the bundled grar.
        sleep: waits that many seconds (``time.sleep``).
        clock: a monotonic clock, for the deadline (``time.monotonic``).
        now: the time in seconds since the epoch, for ``Retry-After`` dates (``time.time``).
        jitter: a number in [0, 1) (``random.random``).

    Raises:
        ValueError: a base URL that is not http(s), or a number out of range.

    A base URL with credentials (``https://user:password@host``) sends them as HTTP Basic auth;
    :attr:`base_url`, ``repr`` and every message show the address without them.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = 10.0,
        answer_deadline: float = 30.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_retries: int = 4,
        deadline: float = 60.0,
        page_size: int = 100,
        workers: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        cache_size: int = 1024,
        client: httpx.Client | None = None,
        register: Register | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        parts = urlsplit(base_url)
        host = parts.netloc.rpartition("@")[2]
        shown = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))  # never the password
        if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
            raise ValueError(f"the base URL is an http or https address without query, like "
                             f"{DEFAULT_BASE_URL!r}, not {shown!r}")
        # Credentials in the URL (https://user:password@host) go into Basic auth, sent with every request,
        # so that no message, log or repr that names a URL shows them.
        self._auth = (httpx.BasicAuth(unquote(parts.username or ""), unquote(parts.password or ""))
                      if "@" in parts.netloc else None)
        base_url = shown
        for name, value, least in (("timeout", timeout, 0.0), ("answer_deadline", answer_deadline, 0.0),
                                   ("deadline", deadline, 0.0),
                                   ("backoff", backoff, 0.0), ("max_backoff", max_backoff, 0.0)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > least:
                raise ValueError(f"{name} is a number of seconds above 0, not {value!r}")
        for name, count, low, high in (("max_retries", max_retries, 0, 100), ("workers", workers, 1, 64),
                                       ("page_size", page_size, 1, MAX_PAGE_SIZE), ("cache_size", cache_size, 0, None),
                                       ("max_bytes", max_bytes, 1, None)):
            if isinstance(count, bool) or not isinstance(count, int) or count < low or (high and count > high):
                bound = f"from {low} to {high}" if high is not None else f"of {low} or more"
                raise ValueError(f"{name} is a whole number {bound}, not {count!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout, self.max_retries, self.deadline = float(timeout), max_retries, float(deadline)
        self.answer_deadline, self.max_bytes = float(answer_deadline), max_bytes
        self.page_size, self.workers, self.cache_size = page_size, workers, cache_size
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self._sleep, self._clock, self._now, self._jitter = sleep, clock, now, jitter
        self._register = register if register is not None else load_register()
        self._own_client = client is None
        if client is None:
            client = httpx.Client(timeout=self.timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True,
                                  limits=httpx.Limits(max_connections=max(10, workers)))
        self._client = client
        self._headers = {"Accept": ACCEPT}
        if client.headers.get("user-agent", "").startswith("python-httpx/"):
            self._headers["User-Agent"] = USER_AGENT      # a client without a User-Agent of its own
        self._etags: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"HttpRegister({self.base_url!r})"

    # --- life ---

    def close(self) -> None:
        """Close the connections (of its own client only)."""
        if self._own_client:
            self._client.close()

    def __enter__(self) -> HttpRegister:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the protocol ---

    def get(self, object_type: str, object_id: str) -> RegisterObject:
        """The object ``object_id`` of type ``object_type`` (``gebouw``, ``Gebouw``, ...).

        Raises:
            RegisterQueryError: an object type the register interface does not have.
            ValueError: an empty object id.
            ObjectNotFound: the API does not know it (404).
            ObjectRemoved: it was removed (410).
            RegisterUnavailable: the API could not be reached, or answered something malformed.
        """
        key, kind = self._kind(object_type)
        if not isinstance(object_id, str) or not object_id.strip():
            raise ValueError(f"an object id is a non-empty text, not {object_id!r}")
        return self._detail(key, object_id, f"{self.base_url}/v2/{kind.collection}/{quote(object_id, safe='')}")

    def list(self, object_type: str, filters: Mapping[str, str] | None = None) -> Iterator[RegisterObject]:
        """Every object of the type that ``filters`` select, as full objects, read lazily page by page.

        The names are checked at once; the requests start with the first ``next()``.

        Raises:
            RegisterQueryError: an object type the register interface does not have.
            ValueError: a filter the object's list does not have (the message names the valid
                ones), or a value that is not text.
            RegisterUnavailable: (while iterating) as for :meth:`get`.
        """
        key, kind, chosen = self._listing(object_type, filters)
        return self._objects(key, kind.collection, chosen)

    def iter_ids(self, object_type: str, filters: Mapping[str, str] | None = None) -> Iterator[str]:
        """The object ids :meth:`list` would give, from the list pages alone (no detail reads).

        Raises:
            As :meth:`list`.
        """
        _key, kind, chosen = self._listing(object_type, filters)
        return (object_id for ids in self._pages(kind.collection, chosen) for object_id in ids)

    def apply(self, object_type: str, object_id: str | None, operation: str, *,
              related: Mapping[str, str] | None = None, attributes: Mapping[str, Any] | None = None) -> Applied:
        """Always refused: the public read API cannot change the register.

        Raises:
            ReadOnlyRegister: always.
        """
        target = object_type if object_id is None else f"{object_type} {object_id!r}"
        raise ReadOnlyRegister(
            f"the HTTP register {self.base_url} only reads (the public read API v2): {operation} on {target} "
            "needs the edit API, with a municipality's OAuth token, or the embedded register")

    # --- details ---

    def _kind(self, object_type: str) -> tuple[str, ObjectType]:
        key = find_object(self._register, object_type)
        if key not in MODELS:
            raise ValueError(f"{key} is an object of the register interface, but there is no model of it")
        return key, self._register.objects[key]

    def _detail(self, key: str, object_id: str, url: str) -> RegisterObject:
        with self._lock:
            cached = self._etags.get(url)
            if cached is not None:
                self._etags.move_to_end(url)
        response = self._send(url, headers={"If-None-Match": cached[0]} if cached else None)
        status = response.status_code
        if status == 304 and cached is not None:
            return self._model(key, url, self._json(cached[1], url))
        if status == 200:
            self._check_type(response, url)
            content = response.content
            found = self._model(key, url, self._json(content, url))
            etag = response.headers.get("etag")
            if etag and self.cache_size:
                with self._lock:
                    self._etags[url] = (etag, content)
                    self._etags.move_to_end(url)
                    while len(self._etags) > self.cache_size:
                        self._etags.popitem(last=False)
            return found
        if status in (404, 410):
            with self._lock:
                self._etags.pop(url, None)
            raise (ObjectNotFound if status == 404 else ObjectRemoved)(key, object_id, self._problem(response) or "")
        raise self._unexpected(response, url)

    def _model(self, key: str, url: str, data: dict[str, Any]) -> RegisterObject:
        try:
            return MODELS[key].model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            shown = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(the object)'}: {e['msg']}"
                              for e in errors[:3])
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            raise RegisterUnavailable(f"{url} answered JSON of the wrong shape for a {key}: {shown}{more}") from None

    # --- lists ---

    def _listing(self, object_type: str, filters: Mapping[str, str] | None) -> tuple[str, ObjectType, dict[str, str]]:
        key, kind = self._kind(object_type)
        chosen = resolve_filters(kind.filters, filters)
        for name, value in chosen.items():
            if not isinstance(value, str):
                raise ValueError(f"the value of filter {name!r} is a text, not {value!r}")
        return key, kind, chosen

    def _objects(self, key: str, collection: str, filters: dict[str, str]) -> Iterator[RegisterObject]:
        def read(object_id: str) -> RegisterObject | None:
            try:
                return self._detail(key, object_id, f"{self.base_url}/v2/{collection}/{quote(object_id, safe='')}")
            except (ObjectNotFound, ObjectRemoved):
                return None      # removed since the page was read: lists leave removed objects out

        if self.workers == 1:
            for ids in self._pages(collection, filters):
                yield from (found for found in map(read, ids) if found is not None)
            return
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="schillen-http")
        try:
            for ids in self._pages(collection, filters):
                yield from (found for found in pool.map(read, ids) if found is not None)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)   # a caller that stops early waits for no more reads

    def _pages(self, collection: str, filters: dict[str, str]) -> Iterator[builtins.list[str]]:
        """The object ids of each page, following ``volgende``; one page in memory at a time."""
        url = f"{self.base_url}/v2/{collection}"
        params = {"offset": "0", "limit": str(self.page_size), **filters}
        asked = {tuple(sorted(params.items()))}
        while True:
            where = str(httpx.URL(url, params=params))
            ids, volgende = self._page(url, params, collection, where)
            if ids:
                yield ids
            if volgende is None or not ids:
                return
            del ids        # not held while the next page arrives
            params = self._next_params(volgende, filters, where)
            key = tuple(sorted(params.items()))
            if key in asked:
                raise RegisterUnavailable(f"{where} answered a 'volgende' that leads back to a page already read: "
                                          f"{volgende}")
            asked.add(key)

    def _page(self, url: str, params: dict[str, str], collection: str, where: str) -> tuple[builtins.list[str], Any]:
        """The object ids of one page, and its ``volgende`` (None on the last page)."""
        response = self._send(url, params=params)
        if response.status_code != 200:
            raise self._unexpected(response, where)
        self._check_type(response, where)
        body = self._json(response.content, where)
        items = body.get(collection)
        if not isinstance(items, list):
            raise RegisterUnavailable(f"{where} answered JSON of the wrong shape for a list: "
                                      f"no list {collection!r} in it")
        return [self._item_id(item, f"{collection}[{i}]", where) for i, item in enumerate(items)], body.get("volgende")

    @staticmethod
    def _item_id(item: Any, path: str, where: str) -> str:
        ident = item.get("identificator") if isinstance(item, dict) else None
        object_id = ident.get("objectId") if isinstance(ident, dict) else None
        if isinstance(object_id, bool) or not isinstance(object_id, str | int) or str(object_id) == "":
            raise RegisterUnavailable(f"{where} answered JSON of the wrong shape for a list: "
                                      f"{path} has no identificator.objectId")
        return str(object_id)

    @staticmethod
    def _next_params(volgende: Any, filters: dict[str, str], where: str) -> dict[str, str]:
        query = dict(parse_qsl(urlsplit(volgende).query, keep_blank_values=True)) if isinstance(volgende, str) else {}
        if "offset" not in {name.lower() for name in query}:
            raise RegisterUnavailable(f"{where} answered a 'volgende' without an offset: {volgende!r}")
        present = {name.lower() for name in query}
        return {**query, **{name: value for name, value in filters.items() if name.lower() not in present}}

    # --- the exchange ---

    def _send(self, url: str, *, params: Mapping[str, str] | None = None,
              headers: Mapping[str, str] | None = None) -> httpx.Response:
        """GET ``url``, retried as the module says; the answer is read in full."""
        sent_headers = {**self._headers, **(headers or {})}
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            try:
                response = self._get(url, params, sent_headers)
            except httpx.ConnectTimeout:
                problem = f"could not connect within {_seconds(self.timeout)}"
            except httpx.TimeoutException:
                raise RegisterUnavailable(f"{self._where(url, params)} did not answer within "
                                          f"{_seconds(self.timeout)}") from None
            except httpx.RemoteProtocolError as exc:
                problem = f"the answer was cut off or garbled ({exc})"
            except httpx.ConnectError as exc:
                problem = f"could not connect ({exc})"
            except httpx.TransportError as exc:
                problem = f"the connection failed ({type(exc).__name__}: {exc})"
            except httpx.HTTPError as exc:
                raise RegisterUnavailable(f"{self._where(url, params)}: {type(exc).__name__}: {exc}") from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                detail = self._problem(response)
                problem = f"answered {response.status_code} {response.reason_phrase}" + (f" ({detail})" if detail
                                                                                          else "")
                wait = self._retry_after(response)
            where = self._where(url, params)
            if attempt > self.max_retries:
                tries = "1 attempt" if attempt == 1 else f"{attempt} attempts"
                raise RegisterUnavailable(f"{where}: {problem}; gave up after {tries}")
            delay = wait if wait is not None else self._backoff(attempt)
            if self._clock() - started + delay > self.deadline:
                raise RegisterUnavailable(f"{where}: {problem}; a retry in {delay:.3g} s would pass the deadline "
                                          f"of {_seconds(self.deadline)}")
            self._sleep(delay)

    def _get(self, url: str, params: Mapping[str, str] | None, headers: Mapping[str, str]) -> httpx.Response:
        """One GET, its body read while it streams in: at most :attr:`max_bytes`, within :attr:`answer_deadline`.

        Returns:
            The response with its body read (a plain response: nothing of the connection is left in it).

        Raises:
            RegisterUnavailable: a body too large, or an answer not complete within the deadline.
            httpx.HTTPError: as ``httpx.Client.get``.
        """
        started = self._clock()
        with self._client.stream("GET", url, params=params, headers=headers,
                                 auth=self._auth if self._auth is not None else httpx.USE_CLIENT_DEFAULT) as streamed:
            try:
                declared = int(streamed.headers.get("content-length", ""))
            except ValueError:
                declared = -1
            if declared > self.max_bytes:
                raise self._too_large(url, params)
            chunks: builtins.list[bytes] = []
            size = 0
            for chunk in streamed.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise self._too_large(url, params)
                chunks.append(chunk)
                if self._clock() - started > self.answer_deadline:
                    raise RegisterUnavailable(f"{self._where(url, params)} did not finish its answer within "
                                              f"{_seconds(self.answer_deadline)} ({size} bytes came)")
        # A plain response holding the body: httpx binds its stream to the streamed response (a reference cycle
        # that would keep each body in memory until the next full garbage collection, not one page at a time).
        streamed.stream = httpx.ByteStream(b"")
        return httpx.Response(streamed.status_code, headers=streamed.headers, content=b"".join(chunks),
                              request=streamed.request,
                              extensions={"reason_phrase": streamed.extensions.get("reason_phrase", b"")})

    def _too_large(self, url: str, params: Mapping[str, str] | None) -> RegisterUnavailable:
        return RegisterUnavailable(f"{self._where(url, params)} answered more than {self.max_bytes} bytes; a detail "
                                   "or a list page is far smaller (HttpRegister(max_bytes=...) reads more)")

    @staticmethod
    def _where(url: str, params: Mapping[str, str] | None) -> str:
        return str(httpx.URL(url, params=params)) if params else url

    def _backoff(self, attempt: int) -> float:
        """Equal jitter: between half and all of ``backoff * 2**(attempt-1)``, at most ``max_backoff``."""
        full = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return full / 2 + full / 2 * self._jitter()

    def _retry_after(self, response: httpx.Response) -> float | None:
        """``Retry-After`` in seconds from now (a number of seconds or an HTTP date); None without a usable one."""
        value = response.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, when.timestamp() - self._now())

    # --- bodies ---

    @staticmethod
    def _check_type(response: httpx.Response, url: str) -> None:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in _JSON_TYPES or (media.endswith("+json") and media != "application/problem+json"):
            return
        raise RegisterUnavailable(f"{url} answered {media or 'no content type'}, not JSON "
                                  f"(status {response.status_code})")

    @staticmethod
    def _json(content: bytes, url: str) -> dict[str, Any]:
        if not content.strip():
            raise RegisterUnavailable(f"{url} answered an empty body, not JSON")
        try:
            data = json.loads(content)
        except UnicodeDecodeError as exc:
            raise RegisterUnavailable(f"{url} answered a body that is not UTF-8 text ({exc.reason} at byte "
                                      f"{exc.start})") from None
        except RecursionError:
            raise RegisterUnavailable(f"{url} answered malformed JSON: it nests too deeply") from None
        except json.JSONDecodeError as exc:
            if exc.pos >= len(content.rstrip()) or exc.msg.startswith("Unterminated string"):
                raise RegisterUnavailable(f"{url} answered JSON that is cut off after {len(content)} bytes "
                                          f"({exc.msg})") from None
            raise RegisterUnavailable(f"{url} answered malformed JSON: {exc.msg} at line {exc.lineno}, "
                                      f"column {exc.colno}") from None
        except ValueError:    # a number of more digits than Python converts (sys.set_int_max_str_digits)
            raise RegisterUnavailable(f"{url} answered malformed JSON: a number has more than "
                                      f"{sys.get_int_max_str_digits()} digits") from None
        if not isinstance(data, dict):
            raise RegisterUnavailable(f"{url} answered JSON of the wrong shape: "
                                      f"a {type(data).__name__.replace('dict', 'object')}, not an object")
        return data

    @staticmethod
    def _problem(response: httpx.Response) -> str:
        """The ``detail`` (or ``title``) of a problem+json answer; "" when there is none."""
        try:
            data = json.loads(response.content)
        except (ValueError, RecursionError):
            return ""
        if not isinstance(data, dict):
            return ""
        text = data.get("detail") or data.get("title")
        return text.strip() if isinstance(text, str) else ""

    def _unexpected(self, response: httpx.Response, url: str) -> RegisterUnavailable:
        detail = self._problem(response)
        return RegisterUnavailable(f"{url} answered {response.status_code} {response.reason_phrase}"
                                   + (f": {detail}" if detail else ""))
