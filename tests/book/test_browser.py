"""The book in a real browser: headless Chromium (Debian's ``chromium``) over the index and a fiche page.

No console errors, no failed requests, every image loaded; the print stylesheet hides the navigation.
Screenshots go to ``tests/artifacts/book/`` (not committed). Without chromium the test is skipped, except
in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from schillen.book import BookResult
from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts" / "book"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    if found is None:
        message = "chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must have it (.ci/run installs it)")
        pytest.skip(message)
    return found


def test_index_and_a_fiche_in_chromium(book: tuple[Path, BookResult]) -> None:
    executable = _chromium()
    from playwright.sync_api import sync_playwright  # the test extra; uses the chromium above, downloads nothing

    out, _ = book
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        # Playwright runs the browser headless with a fresh temporary profile (user data dir) of its own.
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            shots = {"index": out / "index.html", "fiche": out / "fiches" / "leegstaande-woningen.html"}
            for name, path in shots.items():
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                images = page.eval_on_selector_all(
                    "img", "imgs => imgs.map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])")
                assert all(ok for _, ok in images), images
                assert page.locator("header.site").is_visible()
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                if name == "fiche":
                    assert len(images) >= 3
                    assert page.locator("h1").inner_text() == (
                        "Leegstaande woningen (leegstandsregister en leegstandsheffing)")
                    page.emulate_media(media="print")
                    assert not page.locator("header.site").is_visible()
                    assert not page.locator("section#gegevensmodel").is_visible()
                    assert not page.locator("#opmerkingen").is_visible()  # the remarks stay on screen
                    assert page.locator("p.print-only").is_visible()
                    assert page.locator("section#stappen").is_visible()
                    page.screenshot(path=str(ARTIFACTS / "fiche-print.png"), full_page=True)
                    page.pdf(path=str(ARTIFACTS / "fiche-handout.pdf"), format="A4")
                    page.emulate_media(media="screen")
        finally:
            browser.close()
    assert problems == []
    for name in ("index.png", "fiche.png", "fiche-print.png"):
        assert (ARTIFACTS / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (ARTIFACTS / "fiche-handout.pdf").read_bytes()[:5] == b"%PDF-"


def test_layout_in_chromium(book: tuple[Path, BookResult]) -> None:
    """No page is wider than a 1280 px window, and no page whose tables come from index.html, glossary.html or
    object.html is wider than a 500 px one; the skip link appears on focus; the process and data model diagrams keep
    their natural size on screen and gets a landscape page of its own on paper."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    out, _ = book
    narrow = [out / "index.html", out / "woordenlijst.html", *sorted((out / "objecten").glob("*.html"))]
    fiche = out / "fiches" / "in-uitschrijving.html"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            for width, pages in ((1280, sorted(out.rglob("*.html"))), (500, narrow)):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for path in pages:
                    page.goto(path.as_uri())
                    page.wait_for_load_state("load")
                    assert page.evaluate("document.documentElement.scrollWidth") == width, (width, path.name)
                page.close()
            page = browser.new_page(viewport={"width": 390, "height": 900})  # a phone: tables scroll sideways
            page.goto((out / "fiches" / "leegstaande-woningen.html").as_uri())
            page.wait_for_load_state("load")
            rights = page.evaluate("[...document.querySelectorAll('.scroll > table > caption')]"
                                   ".map(c => Math.round(c.getBoundingClientRect().right))")
            assert rights and max(rights) <= 390, rights  # but their captions stay on the screen
            page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(fiche.as_uri())
            page.wait_for_load_state("load")
            size = "e => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; }"
            assert page.eval_on_selector("a.skip", size) == [1, 1]
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip"
            width, height = page.eval_on_selector("a.skip", size)
            assert width > 100 and height > 20
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#inhoud"
            natural, shown, frame = page.eval_on_selector(
                ".diagram-proces img", "i => [[i.naturalWidth, i.naturalHeight], [i.width, i.height], "
                "[i.parentElement.clientWidth, i.parentElement.scrollWidth]]")
            assert shown == natural and natural[0] > 2 * frame[0] and frame[1] >= natural[0]
            natural, shown, frame = page.eval_on_selector(  # so is the data model (it was shrunk to 46 %)
                ".diagram-gegevensmodel img", "i => [[i.naturalWidth, i.naturalHeight], [i.width, i.height], "
                "[i.parentElement.clientWidth, i.parentElement.scrollWidth]]")
            assert shown == natural and natural[0] > frame[0] and frame[1] >= natural[0]
            page.emulate_media(media="print")
            pdf = page.pdf(prefer_css_page_size=True)
            (ARTIFACTS / "fiche-handout-landscape.pdf").write_bytes(pdf)
        finally:
            browser.close()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    landscape = [box for box in boxes if float(box[0]) > float(box[1])]
    assert len(landscape) == 1 and len(boxes) > 2, boxes
