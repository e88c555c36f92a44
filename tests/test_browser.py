"""End to end in a real headless browser: `corpus serve`, the home page, the lookup form.

Drives Debian's chromium (/usr/bin/chromium, installed by .ci/install-browser) through
Playwright without downloading a browser. A missing browser is a failure, not a skip: this
test is the only proof that a person can actually use the site. Leaves a screenshot in
docs/lookup.png and the spelling x document page in docs/spellings.png for the README.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .conftest import ROOT, TEI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "docs" / "lookup.png"
PICTURE = ROOT / "docs" / "spellings.png"
TIMELINE = ROOT / "docs" / "timeline.png"  # the timeline and the source criticism of Vlasov


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"corpus serve exited: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds}s")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`corpus serve` on a freshly built database; yields the base URL."""
    from corpus.index.build import build

    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    build(TEI, db, quiet=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from corpus.cli import cli; cli()", "serve", "--db", str(db),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


def test_a_person_looks_up_wlassow_and_sees_vlasov_in_context(site):
    assert CHROMIUM.exists(), f"{CHROMIUM} missing: run .ci/install-browser as root"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(site)
            page.locator("section.content").get_by_role("link", name="Look up any spelling").click()
            page.wait_for_url("**/-/lookup")
            page.get_by_label("Spelling").fill("Wlassow")
            page.get_by_role("button", name="Look up").click()
            page.wait_for_url("**/-/lookup?q=Wlassow")

            hit = page.locator("section.corpus-hit").first
            assert hit.get_attribute("data-entity") == "vlasov"
            assert "Andrey Vlasov" in hit.locator("h2").inner_text()
            assert "Власов" in hit.locator("h2").inner_text()
            row = hit.locator("table.corpus-kwic tbody tr").first
            assert row.locator("td.hit").inner_text().strip() == "Wlassow"
            assert row.locator("td.left").inner_text().strip()
            assert page.get_by_role("link", name="every mention").first.is_visible()

            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))

            hit.get_by_role("link", name="spelling × document").click()
            page.wait_for_url("**/-/spellings/vlasov")
            pivot = page.locator("table.corpus-pivot").first
            assert "Wlassow" in pivot.inner_text()
            assert page.locator(".corpus-bar").count() > 0
            page.screenshot(path=str(PICTURE), full_page=True)
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000 and PICTURE.stat().st_size > 10_000


def test_every_page_keeps_to_the_security_policy(site):
    """The Content-Security-Policy the plugin sends is one Datasette's own pages satisfy: no
    page logs a violation (a blocked script or style would break it)."""
    pages = ["", "corpus", "corpus/segments", "corpus/mentions?_facet=entity",
             "corpus?sql=select+id,+label_en+from+entities+limit+5", "-/lookup?q=Wlassow",
             "-/spellings/vlasov", "-/spellings/%D0%92%D0%BB%D0%B0%D1%81%D0%BE%D0%B2",
             "-/timeline/vlasov", "corpus/notes?_search=Trukhin",
             "-/kwic?q=%D0%92%D0%BB%D0%B0%D1%81%D0%BE%D0%B2%D0%B0&sort=left"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda msg: violations.append(msg.text)
                    if "Content Security Policy" in msg.text else None)
            for path in pages:
                response = page.goto(site + path)
                assert response.status == 200, path
                assert response.headers["x-frame-options"] == "DENY"
                assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
                page.wait_for_load_state("networkidle")
            assert violations == []
        finally:
            browser.close()


def test_an_entity_timeline_is_drawn_and_leads_to_its_passages(site):
    """The timeline is an SVG the server drew: visible bars with their counts as tooltips,
    and a dated passage one click away."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(site + "-/spellings/vlasov")
            page.get_by_role("link", name="timeline and source criticism").click()
            page.wait_for_url("**/-/timeline/vlasov")
            chart = page.locator("svg.corpus-timeline")
            box = chart.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            bars = chart.locator("rect")
            assert bars.count() > 3 and all(bars.nth(i).bounding_box()["height"] > 0
                                            for i in range(bars.count()))
            assert "1945" in (chart.text_content() or "")
            notes = page.locator("ul.corpus-notes li")
            assert notes.count() > 0
            page.screenshot(path=str(TIMELINE), full_page=True)
            page.locator("table.corpus-dates a").first.click()
            page.wait_for_url("**/corpus/segments/*")
            assert "vlasov" in page.content().lower()
        finally:
            browser.close()
    assert TIMELINE.stat().st_size > 10_000

