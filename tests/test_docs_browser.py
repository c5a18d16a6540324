"""The built "Country participation" page in a real browser: headless Chromium (Debian's
``chromium``, driven through the ``playwright`` package, which downloads no browser of its own)
loads it from a local server and finds the map coloured, the table and every footprint there, with
no console error and no request that failed or left the machine.

The site is built with mkdocs into a temporary folder, or read from ``ISCM_DOCS_SITE`` where that
names a built site. Without mkdocs, playwright or Chromium (``ISCM_CHROMIUM``, by default
``/usr/bin/chromium``) the test is skipped with the reason; ``ISCM_REQUIRE_BROWSER=1`` (set by CI)
turns the skip into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import iscm
from map_rule import expected_counts, import_site_map

pytestmark = pytest.mark.slow  # builds the site and starts a browser: about 15 s

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = pathlib.Path(os.environ.get("ISCM_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("ISCM_REQUIRE_BROWSER") == "1"
FLAGS = [  # root on a closed network: no sandbox, no GPU, nothing fetched in the background
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"ISCM_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> pathlib.Path:
    """Checked first, so that a machine without a browser skips before building the site."""
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium; or set ISCM_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[docs]')")
    return CHROMIUM


@pytest.fixture(scope="module")
def site(chromium: pathlib.Path) -> Iterator[pathlib.Path]:
    given = os.environ.get("ISCM_DOCS_SITE")
    if given:
        path = pathlib.Path(given)
        if not (path / "participation" / "index.html").is_file():
            pytest.fail(f"ISCM_DOCS_SITE={given} has no participation/index.html")
        yield path
        return
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        _unavailable("mkdocs is not installed (pip install '.[docs]'): no site to load")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "site"
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        yield out


@pytest.fixture(scope="module")
def server(site: pathlib.Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Loaded:
    """The page once loaded, and what the browser reported while loading it."""

    def __init__(self) -> None:
        self.page: Any = None
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.seconds = 0.0

    def console(self, message: Any) -> None:
        if message.type in ("error", "assert"):
            self.errors.append(f"console {message.type}: {message.text}")

    def response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture(scope="module")
def loaded(chromium: pathlib.Path, server: str) -> Iterator[Loaded]:
    from playwright.sync_api import sync_playwright

    got = Loaded()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(chromium), headless=True, args=FLAGS
        )
        try:
            page = browser.new_page()
            page.on("console", got.console)
            page.on("pageerror", lambda e: got.errors.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: got.errors.append(f"failed: {r.url} {r.failure}"))
            page.on("response", got.response)
            page.on("request", lambda r: got.requests.append(r.url))
            page.goto(f"{server}/participation/", wait_until="load")
            page.wait_for_load_state("networkidle")
            got.page = page
            got.seconds = time.perf_counter() - start
            yield got
        finally:
            browser.close()


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_map_is_drawn_and_coloured(loaded: Loaded) -> None:
    page = loaded.page
    site_map = import_site_map()
    counts = expected_counts(iscm.load())
    world = page.locator("svg.iscm-world-map")
    assert world.count() == 1
    assert world.get_attribute("role") == "img"
    box = world.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 150
    eth = page.locator('svg.iscm-world-map g.iscm-state[data-state="ETH"] path').first
    fill = eth.evaluate("e => getComputedStyle(e).fill")
    assert fill == rgb(site_map.fill_for(counts["ETH"]))
    assert fill != rgb(site_map.NONE_FILL)
    eth_box = eth.bounding_box()
    assert eth_box is not None
    assert eth_box["width"] > 2  # drawn, not an empty group
    # Every State on the map is filled by its count class.
    drawn = page.eval_on_selector_all(
        "svg.iscm-world-map g.iscm-state[data-state]",
        "gs => gs.map(g => [g.dataset.state, getComputedStyle(g.querySelector('path, circle'))"
        ".fill])",
    )
    assert len(drawn) > 150
    for state, colour in drawn:
        assert colour == rgb(site_map.fill_for(counts[state])), state
    assert "Ethiopia (ETH)" in page.locator('g.iscm-state[data-state="ETH"] > title').text_content()


def test_the_table_has_a_row_per_state(loaded: Loaded) -> None:
    page = loaded.page
    counts = expected_counts(iscm.load())
    rows = page.locator("#iscm-participation-table tbody tr")
    assert rows.count() == len(counts)
    cells = page.locator('#iscm-participation-table tr[data-state="ETH"] td').all_inner_texts()
    assert cells[:3] == ["ETH", "Ethiopia", str(counts["ETH"])]
    assert "IGAD-RCP" in cells[3]


def test_every_iscm_with_states_has_a_footprint(loaded: Loaded) -> None:
    page = loaded.page
    data = iscm.load()
    from iscm.analysis import profiles

    iscms = {m.id for m in data.mechanisms if m.is_iscm}
    with_states = {
        i for p in profiles(data, current_only=True) for i in (*p.member_of, *p.observer_of)
    } & iscms
    shown = page.eval_on_selector_all(
        "svg.iscm-footprint", "ss => ss.map(s => s.dataset.mechanism)"
    )
    assert sorted(shown) == sorted(with_states)
    igad = page.locator('svg.iscm-footprint[data-mechanism="igad-rcp"]')
    box = igad.bounding_box()
    assert box is not None
    assert box["width"] > 100
    member = igad.locator('use[href="#iscm-geo-et"]')
    assert member.get_attribute("fill") == import_site_map().MEMBER_COLOUR


def test_no_console_error_and_nothing_fetched_from_elsewhere(loaded: Loaded) -> None:
    assert loaded.errors == []
    origin = loaded.page.url.split("/participation/")[0]
    outside = [u for u in loaded.requests if not u.startswith((origin, "data:"))]
    assert outside == []
    print(f"page loaded in {loaded.seconds:.2f} s, {len(loaded.requests)} requests")


#: Pages with wide content: the command line's examples, the coverage table (17 columns), the
#: cookbook's code, the data dictionary, the API reference and the map page itself.
WIDE_PAGES = ("cli/", "coverage/", "cookbook/", "reference/data-dictionary/", "reference/api/",
              "participation/", "panel/")  # fmt: skip


@pytest.mark.parametrize("width", [1280, 400])
def test_no_page_scrolls_sideways(loaded: Loaded, server: str, width: int) -> None:
    """Code blocks wrap and wide tables scroll inside their own box (docs/stylesheets/extra.css),
    so the page itself is never wider than the window; and no code block hides text behind a
    scroll bar of its own."""
    page = loaded.page.context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900})
        for path in WIDE_PAGES:
            page.goto(f"{server}/{path}", wait_until="load")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} at {width} px is {overflow} px too wide"
            hidden = page.evaluate(
                "() => [...document.querySelectorAll('.md-typeset pre > code')]"
                ".filter(c => c.scrollWidth > c.clientWidth + 1).length"
            )
            assert hidden == 0, f"{path} at {width} px: {hidden} code blocks scroll sideways"
    finally:
        page.close()
