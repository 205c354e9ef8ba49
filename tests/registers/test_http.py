"""The HTTP register against a real HTTP server on 127.0.0.1 that answers like the read API v2 (no network).

Every exchange is real (httpx talks to :mod:`tests.registers.apiserver` over a socket); only
the waits between retries are not: a :class:`FakeTime` takes the sleeps and moves its clocks.
"""

from __future__ import annotations

import base64
import gc
import json
import time
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from schillen._version import __version__
from schillen.errors import RegisterQueryError
from schillen.registers.http import ACCEPT, DEFAULT_BASE_URL, DEFAULT_MAX_BYTES, USER_AGENT, HttpRegister
from schillen.registers.loading import load_register
from schillen.registers.objects import (
    Adres,
    BuildingRegister,
    Gebouw,
    Gebouweenheid,
    ObjectNotFound,
    ObjectRemoved,
    Perceel,
    ReadOnlyRegister,
    RegisterUnavailable,
    Straatnaam,
)
from tests.registers.apiserver import (
    LD_JSON,
    PUBLIC,
    ApiServer,
    Reply,
    adres,
    gebouw,
    gebouweenheid,
    generated_units,
    perceel,
    straatnaam,
)

GRAR = load_register()
START = datetime(2026, 11, 28, 6, 0, 0, tzinfo=UTC).timestamp()


class FakeTime:
    """Sleeps that take no time: each is recorded and moves both clocks on."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.elapsed = 0.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += seconds

    def monotonic(self) -> float:
        return self.elapsed

    def time(self) -> float:
        return START + self.elapsed


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; a proxy of the machine running the tests must not carry 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api() -> Iterator[ApiServer]:
    with ApiServer([
        gebouw("6", units=[("7", "gerealiseerd"), ("8", "gepland")], percelen=["11001B0008-00G002"]),
        gebouweenheid("7", "6", adressen=["12", "11"]),
        gebouweenheid("8", "6", "gepland", afwijking=True),
        adres("11", "31", "5"),
        adres("12", "31", "5", busnummer="1"),
        straatnaam("31", "Veldstraat"),
        perceel("11001B0008-00G002", adressen=["11"]),
    ]) as server:
        yield server


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def http(api: ApiServer, fake: FakeTime, **options: Any) -> HttpRegister:
    """An HttpRegister on the test server: one request at a time, fake sleeps, jitter 0.5."""
    settings: dict[str, Any] = {"workers": 1, "register": GRAR, "sleep": fake.sleep, "clock": fake.monotonic,
                                "now": fake.time, "jitter": lambda: 0.5, **options}
    return HttpRegister(api.url, **settings)


def detail_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


# --- detail ------------------------------------------------------------------------------------


def test_detail(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        unit = register.get("Gebouweenheid", "7")
    assert isinstance(unit, Gebouweenheid)
    assert (unit.object_type, unit.object_id, unit.status, unit.functie, unit.afwijkingVastgesteld) == (
        "gebouweenheid", "7", "gerealiseerd", "nietGekend", False)
    assert unit.identificator.id == "https://data.vlaanderen.be/id/gebouweenheid/7"
    assert unit.identificator.versieId == "2024-03-01T10:15:30+01:00"
    assert (unit.related("gebouw"), unit.related("adres")) == (["6"], ["11", "12"])
    assert unit.gebouw.detail == f"{PUBLIC}/v2/gebouwen/6"
    [seen] = api.seen
    assert (seen.path, seen.query, seen.status) == ("/v2/gebouweenheden/7", {}, 200)
    assert seen.headers["user-agent"] == USER_AGENT == (
        f"schillen/{__version__} (building register client; python-httpx/{httpx.__version__})")
    assert seen.headers["accept"] == ACCEPT
    assert "if-none-match" not in seen.headers


@pytest.mark.parametrize(("object_type", "object_id", "model", "status", "links"), [
    ("gebouw", "6", Gebouw, "gerealiseerd", {"gebouweenheid": ["7", "8"], "perceel": ["11001B0008-00G002"]}),
    ("gebouweenheid", "8", Gebouweenheid, "gepland", {"gebouw": ["6"], "adres": []}),
    ("Adres", "12", Adres, "inGebruik", {"straatnaam": ["31"], "adres": []}),
    ("straatnaam", "31", Straatnaam, "inGebruik", {}),
    ("perceel", "11001B0008-00G002", Perceel, "gerealiseerd", {"adres": ["11"]}),
])
def test_detail_of_each_object(api: ApiServer, fake: FakeTime, object_type: str, object_id: str,
                               model: type, status: str, links: dict[str, list[str]]):
    with http(api, fake) as register:
        found = register.get(object_type, object_id)
    assert type(found) is model
    assert (found.object_id, found.status) == (object_id, status)
    assert {kind: found.related(kind) for kind in links} == links


def test_detail_fields_of_an_address(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        box = register.get("adres", "12")
    assert isinstance(box, Adres)
    assert (box.huisnummer, box.busnummer, box.officieelToegekend) == ("5", "1", True)
    assert box.postinfo is not None and box.postinfo.objectId == "9000"
    assert box.volledigAdres is not None
    assert box.volledigAdres.geografischeNaam.spelling == "Veldstraat 5 bus 1, 9000 Gent"


def test_not_found_is_404(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register, pytest.raises(ObjectNotFound) as caught:
        register.get("gebouweenheid", "999")
    assert (caught.value.object_type, caught.value.object_id) == ("gebouweenheid", "999")
    assert str(caught.value) == "gebouweenheid '999' not found (the register: Onbestaande gebouweenheid.)"
    assert caught.value.detail == "Onbestaande gebouweenheid."
    assert [(s.path, s.status) for s in api.seen] == [("/v2/gebouweenheden/999", 404)]


def test_removed_is_410(api: ApiServer, fake: FakeTime):
    api.remove("gebouwen", "6")
    with http(api, fake) as register, pytest.raises(ObjectRemoved) as caught:
        register.get("Gebouw", "6")
    assert (caught.value.object_type, caught.value.object_id) == ("gebouw", "6")
    assert str(caught.value) == "gebouw '6' is removed (verwijderd) (the register: Verwijderd gebouw.)"
    assert caught.value.detail == "Verwijderd gebouw."
    assert [(s.path, s.status) for s in api.seen] == [("/v2/gebouwen/6", 410)]


def test_object_id_is_quoted(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register, pytest.raises(ObjectNotFound):
        register.get("perceel", "11001B0008/00G002")
    assert [s.path for s in api.seen] == ["/v2/percelen/11001B0008%2F00G002"]


# --- lists -------------------------------------------------------------------------------------


@pytest.fixture
def many() -> Iterator[ApiServer]:
    """25 units, 10 to a building (buildings 1, 2, 3); unit 23 removed."""
    with ApiServer(generated_units(25)) as server:
        server.remove("gebouweenheden", "23")
        yield server


def test_paging_over_several_pages(many: ApiServer, fake: FakeTime):
    with http(many, fake, page_size=10) as register:
        units = list(register.list("gebouweenheid"))
    assert [u.object_id for u in units] == [str(n) for n in range(1, 26) if n != 23]
    assert all(isinstance(u, Gebouweenheid) for u in units)
    assert units[0].related("adres") == ["100001"]
    pages = [p for p in many.paths() if "?" in p]
    assert pages == ["/v2/gebouweenheden?offset=0&limit=10", "/v2/gebouweenheden?offset=10&limit=10",
                     "/v2/gebouweenheden?offset=20&limit=10"]
    assert len(many.seen) == 3 + 24


def test_paging_keeps_the_filters_that_volgende_drops(many: ApiServer, fake: FakeTime):
    """The API's 'volgende' names the public host and no filters; the next page is asked here, filtered."""
    with http(many, fake, page_size=4) as register:
        ids = list(register.iter_ids("gebouweenheid", {"GEBOUWOBJECTID": "2"}))
    assert ids == [str(n) for n in range(11, 21)]
    assert many.paths() == ["/v2/gebouweenheden?offset=0&limit=4&gebouwObjectId=2",
                            "/v2/gebouweenheden?offset=4&limit=4&gebouwObjectId=2",
                            "/v2/gebouweenheden?offset=8&limit=4&gebouwObjectId=2"]


def test_a_full_last_page_ends_with_an_empty_one(many: ApiServer, fake: FakeTime):
    with http(many, fake, page_size=5) as register:
        ids = list(register.iter_ids("gebouweenheid", {"gebouwObjectId": "1"}))
    assert ids == [str(n) for n in range(1, 11)]
    assert many.paths() == [f"/v2/gebouweenheden?offset={n}&limit=5&gebouwObjectId=1" for n in (0, 5, 10)]


def test_list_reads_details_in_parallel_in_order(many: ApiServer, fake: FakeTime):
    with http(many, fake, page_size=10, workers=4) as register:
        ids = [u.object_id for u in register.list("gebouweenheid", {"status": "gerealiseerd"})]
    assert ids == [str(n) for n in range(1, 26) if n % 7 and n != 23]
    assert sorted(s.path for s in many.seen if not s.query) == sorted(f"/v2/gebouweenheden/{n}" for n in ids)


def test_list_is_lazy_and_checks_names_at_once(many: ApiServer, fake: FakeTime):
    with http(many, fake, page_size=10) as register:
        units = register.list("gebouweenheid")
        assert many.seen == []
        assert next(units).object_id == "1"
        assert many.paths() == ["/v2/gebouweenheden?offset=0&limit=10", "/v2/gebouweenheden/1"]
        with pytest.raises(ValueError) as caught:
            register.list("gebouweenheid", {"kleur": "rood"})
        assert str(caught.value) == ("unknown filter 'kleur'; the filters are: gebouwObjectId, adresObjectId, "
                                     "status, functie")
        with pytest.raises(RegisterQueryError):
            register.list("schuur")
        units.close()
    assert len(many.seen) == 2


def test_an_object_removed_while_listing_is_left_out(many: ApiServer, fake: FakeTime):
    many.queue("/v2/gebouweenheden/2", Reply(410, {"type": "urn:be.vlaanderen.basisregisters.api:buildingunit:gone",
                                                   "detail": "Verwijderde gebouweenheid.", "status": 410}))
    with http(many, fake, page_size=3) as register:
        ids = [u.object_id for u in register.list("gebouweenheid", {"gebouwObjectId": "1"})]
    assert ids == ["1", "3", "4", "5", "6", "7", "8", "9", "10"]


def test_a_bad_detail_while_listing_stops_the_list(many: ApiServer, fake: FakeTime):
    many.queue("/v2/gebouweenheden/3", Reply(200, b"<html>", "text/html"))
    with http(many, fake, page_size=10, workers=2) as register:
        units = register.list("gebouweenheid")
        assert [next(units).object_id, next(units).object_id] == ["1", "2"]
        with pytest.raises(RegisterUnavailable) as caught:
            next(units)
        assert str(caught.value) == f"{many.url}/v2/gebouweenheden/3 answered text/html, not JSON (status 200)"
        assert list(units) == []                     # the list is over


def test_volgende_back_to_a_page_already_read(api: ApiServer, fake: FakeTime):
    page = {"@context": "x", "straatnamen": [{"@type": "Straatnaam", "identificator": {"objectId": "31"},
                                              "straatnaamStatus": "inGebruik"}],
            "volgende": f"{PUBLIC}/v2/straatnamen?offset=0&limit=100"}
    api.queue("/v2/straatnamen", Reply(200, page, LD_JSON))
    with http(api, fake) as register, pytest.raises(RegisterUnavailable) as caught:
        list(register.iter_ids("straatnaam"))
    assert str(caught.value) == (f"{api.url}/v2/straatnamen?offset=0&limit=100 answered a 'volgende' that leads "
                                 f"back to a page already read: {PUBLIC}/v2/straatnamen?offset=0&limit=100")


@pytest.mark.parametrize(("body", "message"), [
    ({"@context": "x", "volgende": None}, "no list 'gebouwen' in it"),
    ({"gebouwen": [{"@type": "Gebouw", "detail": "x"}]}, "gebouwen[0] has no identificator.objectId"),
])
def test_list_of_the_wrong_shape(api: ApiServer, fake: FakeTime, body: dict[str, Any], message: str):
    api.queue("/v2/gebouwen", Reply(200, body, LD_JSON))
    with http(api, fake) as register, pytest.raises(RegisterUnavailable) as caught:
        list(register.list("gebouw"))
    assert str(caught.value) == (f"{api.url}/v2/gebouwen?offset=0&limit=100 answered JSON of the wrong shape "
                                 f"for a list: {message}")


# --- retries -----------------------------------------------------------------------------------


def test_429_honours_retry_after_in_seconds(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(429, {"title": "Too Many Requests", "status": 429}, headers={"Retry-After": "2"}))
    with http(api, fake) as register:
        assert register.get("gebouw", "6").object_id == "6"
    assert fake.sleeps == [2.0]
    assert [(s.path, s.status) for s in api.seen] == [("/v2/gebouwen/6", 429), ("/v2/gebouwen/6", 200)]


def test_429_honours_retry_after_as_a_date(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(429, b"", None, headers={"Retry-After": "Sat, 28 Nov 2026 06:00:03 GMT"}),
              Reply(429, b"", None, headers={"Retry-After": "Sat, 28 Nov 2026 06:00:01 GMT"}))
    with http(api, fake) as register:
        assert register.get("gebouw", "6").status == "gerealiseerd"
    assert fake.sleeps == [3.0, 0.0]     # the second date was already past when it came
    assert [s.status for s in api.seen] == [429, 429, 200]


def test_5xx_then_success_backs_off(api: ApiServer, fake: FakeTime):
    error = {"type": "urn:be.vlaanderen.basisregisters.api:internal", "detail": "Interne fout.", "status": 500}
    api.queue("/v2/adressen/11", Reply(503, error), Reply(500, error), Reply(502, b"Bad gateway", "text/plain"))
    with http(api, fake, backoff=0.5) as register:
        assert register.get("adres", "11").huisnummer == "5"
    assert fake.sleeps == [0.375, 0.75, 1.5]    # 0.5, 1, 2 with jitter 0.5: three quarters of each
    assert [s.status for s in api.seen] == [503, 500, 502, 200]


def test_503_honours_retry_after(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(503, b"", None, headers={"Retry-After": "7"}),
              Reply(503, b"", None, headers={"Retry-After": "soon"}))       # unusable: the backoff instead
    with http(api, fake) as register:
        assert register.get("gebouw", "6").object_id == "6"
    assert fake.sleeps == [7.0, 0.75]
    assert [s.status for s in api.seen] == [503, 503, 200]


def test_5xx_gives_up_after_max_retries(api: ApiServer, fake: FakeTime):
    error = {"detail": "Interne fout.", "status": 500}
    api.queue("/v2/gebouwen/6", *[Reply(500, error)] * 3)
    with http(api, fake, max_retries=2, backoff=1.0, max_backoff=1.5) as register, \
            pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == (f"{api.url}/v2/gebouwen/6: answered 500 Internal Server Error (Interne fout.); "
                                 "gave up after 3 attempts")
    assert fake.sleeps == [0.75, 1.125]          # 1, then 2 capped at 1.5; three quarters of each
    assert [s.status for s in api.seen] == [500, 500, 500]


def test_retries_stop_at_the_deadline(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(429, b"", None, headers={"Retry-After": "5"}))
    with http(api, fake, deadline=4.0) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == (f"{api.url}/v2/gebouwen/6: answered 429 Too Many Requests; a retry in 5 s would "
                                 "pass the deadline of 4 s")
    assert fake.sleeps == []
    assert len(api.seen) == 1


def test_connection_refused_is_retried_then_unavailable(fake: FakeTime):
    closed = ApiServer().start()
    url = closed.url
    closed.stop()
    with HttpRegister(url, register=GRAR, max_retries=2, sleep=fake.sleep, clock=fake.monotonic,
                      jitter=lambda: 0.0) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    message = str(caught.value)
    assert message.startswith(f"{url}/v2/gebouwen/6: could not connect (")
    assert message.endswith("); gave up after 3 attempts")
    assert fake.sleeps == [0.25, 0.5]


def test_timeout(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(200, b"{}", LD_JSON, delay=30))
    started = time.monotonic()
    with http(api, fake, timeout=0.1) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert time.monotonic() - started < 1.0
    assert str(caught.value) == f"{api.url}/v2/gebouwen/6 did not answer within 0.1 s"
    assert len(api.seen) == 1                    # a slow API is not asked again
    assert fake.sleeps == []


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(api: ApiServer, fake: FakeTime):
    secret = api.url.replace("http://", "http://gent%40stad:s3cr%3At@")
    register = HttpRegister(secret, register=GRAR, max_retries=0, sleep=fake.sleep, clock=fake.monotonic)
    api.queue("/v2/gebouwen/6", Reply(500, b"kapot", "text/plain"))
    with register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert (register.base_url, repr(register)) == (api.url, f"HttpRegister({api.url!r})")
    assert str(caught.value) == f"{api.url}/v2/gebouwen/6: answered 500 Internal Server Error; gave up after 1 attempt"
    [seen] = api.seen
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(b"gent@stad:s3cr:t").decode()
    with pytest.raises(ValueError) as bad:
        HttpRegister(secret + "?x=1", register=GRAR)
    assert "s3cr" not in str(bad.value) and api.url.removeprefix("http://") in str(bad.value)


# --- bad bodies --------------------------------------------------------------------------------


def test_truncated_body_is_retried(api: ApiServer, fake: FakeTime):
    """Content-Length promises more than comes: the connection drops; asked again, it answers."""
    body = detail_bytes(api.objects["gebouwen"]["6"])
    api.queue("/v2/gebouwen/6", Reply(200, body, LD_JSON, declared_length=len(body) + 100))
    with http(api, fake) as register:
        assert register.get("gebouw", "6").related("gebouweenheid") == ["7", "8"]
    assert [(s.status, s.body_bytes) for s in api.seen] == [(200, len(body)), (200, len(body))]
    assert fake.sleeps == [0.375]


def test_truncated_body_every_time(api: ApiServer, fake: FakeTime):
    body = detail_bytes(gebouw("6"))
    api.queue("/v2/gebouwen/6", *[Reply(200, body, LD_JSON, declared_length=len(body) + 100)] * 2)
    with http(api, fake, max_retries=1) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == (
        f"{api.url}/v2/gebouwen/6: the answer was cut off or garbled (peer closed connection without sending "
        f"complete message body (received {len(body)} bytes, expected {len(body) + 100})); gave up after 2 attempts")
    assert len(api.seen) == 2


@pytest.mark.parametrize(("reply", "message"), [
    (Reply(200, detail_bytes(gebouw("6"))[:120], LD_JSON),
     "answered JSON that is cut off after 120 bytes (Unterminated string starting at)"),
    (Reply(200, b'{"identificator": {"objectId": "6"', LD_JSON),
     "answered JSON that is cut off after 34 bytes (Expecting ',' delimiter)"),
    (Reply(200, b'{"identificator": ,}', LD_JSON), "answered malformed JSON: Expecting value at line 1, column 19"),
    (Reply(200, b"", LD_JSON), "answered an empty body, not JSON"),
    (Reply(200, b'{"a": "\xff"}', LD_JSON),
     "answered a body that is not UTF-8 text (invalid start byte at byte 7)"),
    (Reply(200, b"<html>Onderhoud</html>", "text/html; charset=utf-8"), "answered text/html, not JSON (status 200)"),
    (Reply(200, b"{}", None), "answered no content type, not JSON (status 200)"),
    (Reply(200, b"[1, 2]", LD_JSON), "answered JSON of the wrong shape: a list, not an object"),
    (Reply(200, {"@type": "Gebouw", "identificator": {"objectId": "6"}}, LD_JSON),
     "answered JSON of the wrong shape for a gebouw: identificator.id: Field required; identificator.naamruimte: "
     "Field required; identificator.versieId: Field required (and 1 more)"),
    (Reply(403, {"detail": "Geen toegang.", "status": 403}),
     "answered 403 Forbidden: Geen toegang."),
])
def test_bad_answers(api: ApiServer, fake: FakeTime, reply: Reply, message: str):
    api.queue("/v2/gebouwen/6", reply)
    with http(api, fake) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == f"{api.url}/v2/gebouwen/6 {message}"
    assert len(api.seen) == 1                    # not asked again: the same answer would come


# --- ETag --------------------------------------------------------------------------------------


def test_etag_is_reused(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        first = register.get("gebouweenheid", "7")
        second = register.get("gebouweenheid", "7")
        assert second == first
        size = len(detail_bytes(api.objects["gebouweenheden"]["7"]))
        assert [(s.status, s.body_bytes) for s in api.seen] == [(200, size), (304, 0)]   # not sent again
        [_, again] = api.seen
        sent = again.headers["if-none-match"]
        assert sent.startswith('"') and len(sent) == 22
        api.add(gebouweenheid("7", "6", "gehistoreerd"))       # changed: a new ETag, the new body
        third = register.get("gebouweenheid", "7")
    assert (third.status, third.related("adres")) == ("gehistoreerd", [])
    assert api.seen[2].headers["if-none-match"] == sent
    assert api.seen[2].status == 200


def test_etag_memory_is_bounded(api: ApiServer, fake: FakeTime):
    with http(api, fake, cache_size=1) as register:
        for object_id in ("7", "8", "7", "7"):
            register.get("gebouweenheid", object_id)
    assert [(s.path, "if-none-match" in s.headers, s.status) for s in api.seen] == [
        ("/v2/gebouweenheden/7", False, 200), ("/v2/gebouweenheden/8", False, 200),
        ("/v2/gebouweenheden/7", False, 200), ("/v2/gebouweenheden/7", True, 304)]


def test_a_removed_object_is_forgotten(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        register.get("gebouweenheid", "8")
        api.remove("gebouweenheden", "8")
        with pytest.raises(ObjectRemoved):
            register.get("gebouweenheid", "8")
        api.add(gebouweenheid("8", "6", "gepland", afwijking=True))
        register.get("gebouweenheid", "8")
    assert [("if-none-match" in s.headers, s.status) for s in api.seen] == [(False, 200), (True, 410), (False, 200)]


# --- the rest of the contract ------------------------------------------------------------------


def test_read_only(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        assert isinstance(register, BuildingRegister)
        with pytest.raises(ReadOnlyRegister) as caught:
            register.apply("gebouweenheid", "8", "realiseren")
    assert str(caught.value) == (f"the HTTP register {api.url} only reads (the public read API v2): realiseren on "
                                 "gebouweenheid '8' needs the edit API, with a municipality's OAuth token, or the "
                                 "embedded register")
    assert api.seen == []


def test_defaults():
    with HttpRegister(register=GRAR) as register:
        assert (register.base_url, register.timeout, register.max_retries, register.deadline, register.page_size,
                register.workers) == (DEFAULT_BASE_URL, 10.0, 4, 60.0, 100, 4)
    assert DEFAULT_BASE_URL == "https://api.basisregisters.vlaanderen.be" == GRAR.base_url


@pytest.mark.parametrize(("options", "message"), [
    ({"base_url": "ftp://example.org"}, "the base URL is an http or https address without query, like "
                                        "'https://api.basisregisters.vlaanderen.be', not 'ftp://example.org'"),
    ({"base_url": "api.basisregisters.vlaanderen.be"}, "the base URL is an http or https address without query, "
     "like 'https://api.basisregisters.vlaanderen.be', not 'api.basisregisters.vlaanderen.be'"),
    ({"timeout": 0}, "timeout is a number of seconds above 0, not 0"),
    ({"page_size": 501}, "page_size is a whole number from 1 to 500, not 501"),
    ({"max_retries": -1}, "max_retries is a whole number from 0 to 100, not -1"),
    ({"workers": 0}, "workers is a whole number from 1 to 64, not 0"),
    ({"workers": True}, "workers is a whole number from 1 to 64, not True"),
    ({"cache_size": -1}, "cache_size is a whole number of 0 or more, not -1"),
    ({"deadline": "60"}, "deadline is a number of seconds above 0, not '60'"),
    ({"backoff": float("nan")}, "backoff is a number of seconds above 0, not nan"),
])
def test_bad_arguments(options: dict[str, Any], message: str):
    with pytest.raises(ValueError) as caught:
        HttpRegister(**{"register": GRAR, **options})
    assert str(caught.value) == message


def test_bad_names_ask_nothing(api: ApiServer, fake: FakeTime):
    with http(api, fake) as register:
        with pytest.raises(RegisterQueryError):
            register.get("schuur", "1")
        with pytest.raises(ValueError) as caught:
            register.get("gebouw", " ")
        assert str(caught.value) == "an object id is a non-empty text, not ' '"
    assert api.seen == []


def test_a_client_of_ones_own_stays_open(api: ApiServer, fake: FakeTime):
    with httpx.Client(headers={"User-Agent": "stad-gent/1"}) as client, httpx.Client() as plain:
        with http(api, fake, client=client) as register:
            register.get("straatnaam", "31")
        with http(api, fake, client=plain) as register:
            register.get("straatnaam", "31")
        assert not client.is_closed and not plain.is_closed
        assert plain.headers["user-agent"].startswith("python-httpx/")     # left as it was
    assert [s.headers["user-agent"] for s in api.seen] == ["stad-gent/1", USER_AGENT]


def test_a_caller_that_stops_early_waits_for_no_more_reads(many: ApiServer, fake: FakeTime):
    with http(many, fake, page_size=20, workers=2) as register:
        units = register.list("gebouweenheid")
        assert next(units).object_id == "1"
        units.close()
        seen = len(many.seen)
        assert seen < 1 + 20           # the page, and the reads started before the stop, not the whole page
    assert len(many.seen) == seen


def test_bodies_are_freed_at_once(many: ApiServer, fake: FakeTime):
    """httpx's response and its stream refer to each other; the register breaks that, so no page waits for the GC."""
    responses: list[weakref.ref[httpx.Response]] = []
    with httpx.Client(event_hooks={"response": [lambda r: responses.append(weakref.ref(r))]}) as client:
        register = http(many, fake, client=client, page_size=10)
        gc.disable()
        try:
            ids = list(register.iter_ids("gebouweenheid"))
            unit = register.get("gebouweenheid", "4")
            alive = [ref() for ref in responses if ref() is not None]
        finally:
            gc.enable()
    assert (len(ids), unit.object_id, len(responses), alive) == (24, "4", 4, [])


# --- answers that never end, or are too large (review H9, H10, M13) ---------------------------------


def test_a_dripping_answer_is_cut_off_at_the_answer_deadline(api: ApiServer, fake: FakeTime):
    """Headers at once, then a byte every 0.1 s: every read is quick, their sum is not; the deadline ends it."""
    api.queue("/v2/gebouwen/6", Reply(200, detail_bytes(gebouw("6")), LD_JSON, drip=0.1))
    started = time.monotonic()
    with http(api, fake, timeout=1, answer_deadline=0.5, clock=time.monotonic) as register, \
            pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert time.monotonic() - started < 2.0
    assert str(caught.value).startswith(f"{api.url}/v2/gebouwen/6 did not finish its answer within 0.5 s (")
    assert len(api.seen) == 1                    # a slow API is not asked again
    assert fake.sleeps == []


def test_a_dripping_answer_within_the_deadline_is_read(api: ApiServer, fake: FakeTime):
    body = b'{"@type": "Gebouw"}'
    api.queue("/v2/gebouwen/6", Reply(200, body, LD_JSON, drip=0.01), Reply(200, body, LD_JSON, drip=0.01))
    with http(api, fake, clock=time.monotonic) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert "answered JSON of the wrong shape for a gebouw" in str(caught.value)


def test_a_body_larger_than_max_bytes_is_refused_by_its_content_length(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(200, b"[" + b"1," * 5000 + b"1]", LD_JSON))
    with http(api, fake, max_bytes=1000) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == (f"{api.url}/v2/gebouwen/6 answered more than 1000 bytes; a detail or a list page is "
                                 "far smaller (HttpRegister(max_bytes=...) reads more)")
    assert len(api.seen) == 1


def test_an_endless_body_is_refused_without_reading_it_all(api: ApiServer, fake: FakeTime):
    """No Content-Length and a body without end: the read stops once it passes max_bytes."""
    api.queue("/v2/gebouwen", Reply(200, b"x" * 4096, LD_JSON, endless=True))
    started = time.monotonic()
    with http(api, fake, max_bytes=100_000) as register, pytest.raises(RegisterUnavailable) as caught:
        list(register.iter_ids("gebouw"))
    assert time.monotonic() - started < 5.0
    assert str(caught.value).startswith(f"{api.url}/v2/gebouwen?offset=0&limit=100 answered more than 100000 bytes")
    assert len(api.seen) == 1


def test_the_default_size_limit():
    with HttpRegister(register=GRAR) as register:
        assert (register.max_bytes, register.answer_deadline) == (DEFAULT_MAX_BYTES, 30.0) == (5_000_000, 30.0)


@pytest.mark.parametrize(("body", "message"), [
    (b"[" * 100_000 + b"]" * 100_000, "answered malformed JSON: it nests too deeply"),
    (b'{"a": ' + b"9" * 100_000 + b"}", "answered malformed JSON: a number has more than 4300 digits"),
])
def test_json_too_deep_or_with_a_huge_number(api: ApiServer, fake: FakeTime, body: bytes, message: str):
    api.queue("/v2/gebouwen/6", Reply(200, body, LD_JSON))
    api.queue("/v2/gebouwen", Reply(200, body, LD_JSON))
    with http(api, fake) as register:
        with pytest.raises(RegisterUnavailable) as caught:
            register.get("gebouw", "6")
        assert str(caught.value) == f"{api.url}/v2/gebouwen/6 {message}"
        with pytest.raises(RegisterUnavailable) as caught:
            list(register.list("gebouw"))
        assert str(caught.value) == f"{api.url}/v2/gebouwen?offset=0&limit=100 {message}"


def test_a_problem_detail_too_deep_is_left_out(api: ApiServer, fake: FakeTime):
    api.queue("/v2/gebouwen/6", Reply(403, b"[" * 100_000 + b"]" * 100_000))
    with http(api, fake) as register, pytest.raises(RegisterUnavailable) as caught:
        register.get("gebouw", "6")
    assert str(caught.value) == f"{api.url}/v2/gebouwen/6 answered 403 Forbidden"


def test_control_characters_from_the_api_are_written_out(api: ApiServer, fake: FakeTime):
    """Review M14: an escape sequence in a field does not reach the terminal that shows the object."""
    body = adres("11", "31", "5")
    body["volledigAdres"]["geografischeNaam"]["spelling"] = "\x1b]0;pwned\x07\x1b[31mRED"
    api.add(body)
    with http(api, fake) as register:
        found = register.get("adres", "11")
    assert isinstance(found, Adres) and found.volledigAdres is not None
    assert found.volledigAdres.geografischeNaam.spelling == "\\x1b]0;pwned\\x07\\x1b[31mRED"
