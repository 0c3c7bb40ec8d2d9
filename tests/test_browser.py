"""The published site in a real browser: Debian's chromium driven by Playwright.

A module fixture serves the seed build the way `make serve` does (immutable,
metadata.yml, the same settings) on a free port, with the same Python
environment (`sys.executable -m datasette`). Playwright drives the chromium
binary on PATH through `executable_path`; `playwright install` is never run.
Without chromium the module skips and says why.

Requests leaving 127.0.0.1 (map tiles) are aborted, so the checks do not
depend on the network. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from iraq_security import serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
SHOTS = ROOT / "build" / "screenshots"
DB = "iraq_security"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The site files and settings `make serve` passes.
SERVE_SETTINGS = serving.site_arguments(ROOT)
TIMEOUT_MS = 8_000  # per browser action; most take well under a second

INKED_CHART = """() => {
    const svg = document.querySelector('.vega-embed svg');
    if (svg) {
        return svg.querySelectorAll('.mark-rect path, .mark-symbol path, .mark-line path').length > 0;
    }
    const canvas = document.querySelector('.vega-embed canvas');
    if (!canvas || canvas.width < 50 || canvas.height < 100) return false;
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4) {
        const hi = Math.max(px[i], px[i + 1], px[i + 2]), lo = Math.min(px[i], px[i + 1], px[i + 2]);
        if (px[i + 3] > 128 && hi - lo > 40) coloured++;
    }
    return coloured > 100;
}"""


def chart_links() -> list[tuple[str, str]]:
    """(query name, link) for every datasette-vega chart link in metadata.yml."""
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"][DB]["queries"]
    links = []
    for name, query in queries.items():
        for link in re.findall(r'href="([^"]*#g\.[^"]*)"', query.get("description_html", "")):
            links.append((name, link.replace("&amp;", "&")))
    return links


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium not installed: `apt-get install chromium` to run the browser tests")
    return path


@contextlib.contextmanager
def serve(db_path: Path, log: Path):
    """A `make serve`-style datasette on a free 127.0.0.1 port; yields (base URL, process)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *SERVE_SETTINGS,
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"datasette exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"datasette did not start in 30 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(seed_db, tmp_path_factory):
    with serve(seed_db, tmp_path_factory.mktemp("datasette") / "serve.log") as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    # Keep the tests off the network: map tiles and anything else not ours are aborted.
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


# ---------------------------------------------------------------- tests


def test_home_page_lists_tables_with_descriptions(page, server):
    page.goto(f"{server}/")
    assert "Baghdad–Erbil–Tehran" in page.title()
    guide = page.locator("#table-guide li")
    assert guide.count() >= 7
    meetings = guide.filter(has=page.locator(f'a[href="/{DB}/meetings"]'))
    assert "one row per meeting" in meetings.inner_text()
    for table in ("claims", "articles", "people", "places", "outlets"):
        assert page.locator(f'#table-guide a[href="/{DB}/{table}"]').count() == 1, table
    assert page.locator("#search-all-q").is_visible()
    shot(page, "home")
    assert not page.errors


def test_meetings_facet_link_filters_the_table(page, server):
    page.goto(f"{server}/{DB}/meetings")
    rows = page.locator("table.rows-and-columns tbody tr")
    total = rows.count()
    link = page.locator("#facet-year li a").filter(has_text="2024")
    count = int(link.locator("xpath=..").inner_text().split()[-1])
    link.click()
    page.wait_for_url(re.compile(r"year=2024"))
    assert 0 < rows.count() == count < total
    years = page.locator("table.rows-and-columns tbody td.col-year").all_inner_texts()
    assert years and set(y.strip() for y in years) == {"2024"}
    shot(page, "meetings-facet-year-2024")


@pytest.mark.parametrize("name,link", chart_links(), ids=[n for n, _ in chart_links()])
def test_chart_link_renders_a_vega_chart(page, server, name, link):
    page.goto(f"{server}{link}")
    # datasette-vega 0.6.2 draws with Vega's canvas renderer: wait until the
    # canvas is laid out and has coloured marks (bars, points, lines) on it;
    # axes and labels are grey, so saturated pixels mean data was plotted.
    page.wait_for_function(INKED_CHART, timeout=TIMEOUT_MS)
    shot(page, f"chart-{name}")
    assert not page.errors


def test_dashboard_renders_its_charts(page, server):
    page.goto(f"{server}/-/dashboards/overview")
    page.wait_for_function(
        # vega-embed marks the chart's own container: .dashboard-card-chart.vega-embed
        "document.querySelectorAll('.dashboard-card-chart.vega-embed canvas, "
        ".dashboard-card-chart.vega-embed svg').length >= 5"
    )
    page.wait_for_function("document.querySelector('#chart-meetings-count p') !== null")
    assert page.locator("#chart-meetings-count p").inner_text().strip() == "12"
    shot(page, "dashboard-overview")
    # The year filter narrows every chart.
    page.select_option("select#year", "2024")
    page.locator('input[type="submit"][value="Apply"]').click()
    page.wait_for_url(re.compile(r"year=2024"))
    page.wait_for_function("document.querySelector('#chart-meetings-count p') !== null")
    assert page.locator("#chart-meetings-count p").inner_text().strip() == "4"
    shot(page, "dashboard-overview-2024")
    assert not page.errors


@pytest.mark.parametrize("path", ["meetings_by_place", "article_datelines", "places"])
def test_map_shows_markers(page, server, path):
    page.goto(f"{server}/{DB}/{path}")
    page.wait_for_selector(".leaflet-container")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() >= 1
    shot(page, f"map-{path}")


def test_search_all_finds_araji(page, server):
    page.goto(f"{server}/")
    page.fill("#search-all-q", "Araji")
    page.press("#search-all-q", "Enter")
    page.wait_for_url(re.compile(r"/-/search\?q=Araji"))
    heading = page.locator("#search-all-results h2").filter(has_text="articles")
    heading.wait_for()
    assert re.search(r"\d+ results? in iraq_security: articles", heading.inner_text())
    assert "Araji" in page.locator("#search-all-results table").first.inner_text()
    shot(page, "search-all-araji", full_page=False)  # result rows carry whole article bodies


def test_person_dossier_query_runs(page, server):
    page.goto(f"{server}/{DB}/person_dossier")
    page.fill('input[name="person"]', "Qasim al-Araji")
    page.locator('form.sql input[type="submit"]').click()
    page.wait_for_url(re.compile(r"person=Qasim"))
    sections = {s.strip() for s in page.locator("table.rows-and-columns td.col-section").all_inner_texts()}
    assert sections == {"person", "role", "meeting", "claim"}
    assert "mtg-6b08f217df" in page.locator("table.rows-and-columns").inner_text()
    shot(page, "person-dossier")


def test_database_downloads(page, server, tmp_path):
    page.goto(f"{server}/{DB}")
    with page.expect_download() as info:
        page.locator(f'a[href$="/{DB}.db"]').click()
    target = tmp_path / "download.db"
    info.value.save_as(target)
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    assert os.path.getsize(target) > 100_000


# ---------------------------------------------------------------- readable pages and records (issue 14)

TALLEST_ROW = "Math.max(...[...document.querySelectorAll('table.rows-and-columns tbody tr')].map(r => r.getBoundingClientRect().height))"


def test_articles_table_rows_fit_on_a_screen(page, server):
    page.goto(f"{server}/{DB}/articles")
    assert page.locator("table.rows-and-columns th.col-body").count() == 0
    # The viewport is 900 px. With the article text in the table, one row was the
    # whole article (thousands of px); without it, the tallest row is the one whose
    # caption wraps in a narrow column (about 560 px at 1280 px wide).
    assert page.evaluate(TALLEST_ROW) < 900
    shot(page, "table-articles")
    page.locator("p.hidden-columns a").click()
    page.wait_for_selector("table.rows-and-columns td.col-body")
    assert not page.errors


def test_meetings_table_shows_arrays_as_lists_of_links(page, server):
    page.goto(f"{server}/{DB}/meetings")
    cell = page.locator("table.rows-and-columns td.col-participants").first
    assert cell.locator("ul.cell-list li a").count() >= 2
    # The longest participant list in the seeds has 6 names, one line each
    # (about 25 px) with summaries truncated at 200 characters: a row stays
    # well under the 900 px screen.
    assert page.evaluate(TALLEST_ROW) < 600
    descriptions = page.locator("details.column-descriptions-fold")
    assert descriptions.count() == 1 and not descriptions.get_attribute("open")
    assert not page.locator("dl.column-descriptions").is_visible()
    name = cell.locator("a").first.inner_text()
    cell.locator("a").first.click()
    page.wait_for_url(re.compile(r"participants__arraycontains="))
    cells = page.locator("table.rows-and-columns td.col-participants").all_inner_texts()
    assert cells and all(name in c for c in cells)
    shot(page, "table-meetings-one-participant")
    assert not page.errors


def test_saved_query_shows_results_before_its_sql(page, server):
    page.goto(f"{server}/{DB}/meeting_timeline")
    assert page.locator("pre#sql-query").count() == 0
    # 12 meetings, one line of participants each: the results begin within the first screen.
    assert page.evaluate("document.querySelector('table.rows-and-columns').getBoundingClientRect().top") < 900
    assert page.title().startswith("Meeting timeline")
    page.locator(".show-hide-sql a").click()
    page.wait_for_selector("pre#sql-query")
    shot(page, "query-meeting-timeline")
    assert not page.errors


@pytest.mark.parametrize(
    "path",
    [
        "meetings/mtg-6b08f217df",
        "people/qasim-al-araji",
        "organisations/government-of-iraq",
        "articles/004-fb5723af977bf2ff",
    ],
)
def test_record_page_reads_as_a_record(page, server, path):
    page.goto(f"{server}/{DB}/{path}")
    assert page.locator("div.record h1").inner_text().strip()
    assert page.locator("div.record h2").count() >= 3
    # The row's raw fields are folded away under the record.
    assert not page.locator("details.all-fields table.rows-and-columns").is_visible()
    page.locator("details.all-fields summary").click()
    assert page.locator("details.all-fields table.rows-and-columns").is_visible()
    shot(page, "record-" + path.split("/")[0])
    assert not page.errors


def test_side_colours_match_between_record_pages(page, server):
    page.goto(f"{server}/{DB}/meetings/mtg-6b08f217df")
    colour = (
        page.locator("ul.participants li")
        .first.locator(".side-chip")
        .evaluate("e => getComputedStyle(e).backgroundColor")
    )
    page.goto(f"{server}/{DB}/people/qasim-al-araji")
    assert page.locator("div.record h1 .side-chip").evaluate("e => getComputedStyle(e).backgroundColor") == colour
    assert colour == "rgb(31, 119, 180)"  # Iraq in static/sides.json


def test_network_draws_every_participant_in_its_side_colour(page, server, seed_db):
    import json
    import sqlite3

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/network")
    page.wait_for_function("window.whoMetWhom && window.whoMetWhom.nodes().length > 0")
    conn = sqlite3.connect(seed_db)
    participants = {
        row
        for row in conn.execute(
            "select participant_a_type, participant_a_id from participant_pairs union "
            "select participant_b_type, participant_b_id from participant_pairs"
        )
    }
    pairs = conn.execute("select count(*) from participant_pairs").fetchone()[0]
    nodes = page.evaluate(
        "whoMetWhom.nodes().map(n => [n.data('type'), n.data('rowId'), n.data('side'), n.style('background-color')])"
    )
    assert {(t, i) for t, i, _, _ in nodes} == participants
    assert page.evaluate("whoMetWhom.edges().length") == pairs
    sides = json.loads((ROOT / "static" / "sides.json").read_text())

    def rgb(hex_colour):
        return "rgb({},{},{})".format(*(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)))

    for _, _, side, colour in nodes:
        assert colour.replace(" ", "") == rgb(sides.get(side or "", sides["other"])), (side, colour)
    # Every request stayed on the site: the library is vendored, not fetched from a CDN.
    assert requested and all(url.startswith(server) for url in requested), requested
    # Clicking a person links to their record page.
    page.evaluate("whoMetWhom.getElementById('person:qasim-al-araji').emit('tap')")
    page.locator("#network-info a").first.click()
    page.wait_for_url(re.compile(r"/people/qasim-al-araji$"))
    page.go_back()
    page.wait_for_function("window.whoMetWhom && window.whoMetWhom.nodes().length > 0")
    shot(page, "network")
    # At least two shared meetings: fewer pairs shown.
    page.fill("#min-meetings", "2")
    page.dispatch_event("#min-meetings", "change")
    shown = page.evaluate("whoMetWhom.edges().filter(e => e.style('display') !== 'none').length")
    assert shown == conn.execute("select count(*) from participant_pairs where meetings >= 2").fetchone()[0] < pairs
    assert not page.errors
