"""The published site under hostile use (issue 8): pathological SQL, article
text carrying HTML and scripts, attempts to write, and sustained load.

Every check talks to a real `datasette serve` started here on a free
127.0.0.1 port, the way `make serve` runs it (immutable `-i`, metadata.yml,
the settings in src/iraq_security/serving.py). Two servers run:
the seed build (time limits, no-write checks, load) and a three-page corpus
written below whose pages carry `<script>`, an `<img onerror>` and `<b>` in
their text (escaping, checked over HTTP and in Debian's chromium).

The load test (`-m load`) sends a bounded mix of requests from 16 threads for
at most 30 s or 20,000 requests, prints p50/p95/p99 and req/s (`-s` shows
them) and writes them to build/reliability-load.json for
docs/reliability-site.md. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from iraq_security.build import build

from .test_browser import METADATA, TIMEOUT_MS, browser, chromium, serve  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
LOAD_FIGURES = ROOT / "build" / "reliability-load.json"
DB = "iraq_security"

# ---------------------------------------------------------------- the hostile corpus

# Three pages in the seeds' layout. The first carries markup inside a paragraph
# of its body; the second in its headline (the articles' label column, so it
# also shows up as the label of every link to the article, e.g. on claims).
XSS_ARTICLE = "100-border-security"
XSS_TITLE_ARTICLE = "101-tehran-visit"
HOSTILE_PAGES = {
    "100_border_security.txt": """\
• Tuesday, 14 January 2025
logo

Erbil and Baghdad agree joint checkpoints on the Sinjar road

Gulan Media January 12, 2025 News
Erbil and Baghdad agree joint checkpoints on the Sinjar road
ERBIL (Kurdistan 24) – Kurdistan Region Prime Minister Masrour Barzani received Iraq's National Security Advisor Qasim al-Araji in Erbil on Sunday to discuss joint checkpoints on the road between Mosul and Sinjar, according to a statement from the prime minister's office.

The two sides agreed that Peshmerga and Iraqi Army units would staff three joint checkpoints along the road, and that a coordination room in Mosul would share intelligence about ISIS cells in the desert west of the city.

A local official who asked not to be named said a leaflet found at one checkpoint carried the text <script>window.__xss = 1</script> and a broken image tag <img src=x onerror="window.__xss=2"> that someone had copied from a website, and that the word <b>bold</b> was printed above the address of a smuggling network operating between Sinjar and the Syrian border.

Al-Araji said the federal government would pay for the checkpoints from its security budget, and that the arrangement would be reviewed after six months.

Editing by Karzan Sulaivany
""",
    "101_tehran_visit.txt": """\
• Thursday, 20 February 2025
logo

Iraqi security delegation visits Tehran to review <em>border agreement</em><img src=x onerror="window.__xss=3">

Gulan Media February 18, 2025 News
Iraqi security delegation visits Tehran to review <em>border agreement</em><img src=x onerror="window.__xss=3">
ERBIL, Kurdistan Region – An Iraqi delegation led by National Security Advisor Qasim al-Araji met Iranian officials in Tehran on Tuesday to review the implementation of the security agreement signed by the two countries in March 2023.

The delegation discussed the disarmament of Iranian Kurdish opposition groups based in the Kurdistan Region and the relocation of their members away from the border, according to a statement from al-Araji's office.

Iranian officials said they were satisfied with the steps taken so far and asked Baghdad to complete the remaining measures before the end of the year.

Rudaw
""",
    "102_interior_minister.txt": """\
• Monday, 10 March 2025
logo

Interior minister discusses border security with Kurdistan Region president

Gulan Media March 9, 2025 News
Interior minister discusses border security with Kurdistan Region president
ERBIL, Kurdistan Region – Iraq's interior minister Abdul Amir al-Shammari met Kurdistan Region President Nechirvan Barzani in Erbil on Sunday to discuss security along the border with Iran and Turkey.

The two officials talked about the deployment of border guards in remote mountain areas and the exchange of information between the ministry of interior and the Kurdistan Region's security agencies, a statement from the presidency said.

They also discussed measures against drug trafficking across the border, which officials say has grown in recent years.

Editing by Karzan Sulaivany
""",
}
RAW_MARKUP = ["<script>window.__xss", '<img src=x onerror="window.__xss', "<b>bold</b>", "<em>border agreement</em>"]

# Pages that show the hostile text: (path, escaped strings it must contain).
ESCAPED_SCRIPT = "&lt;script&gt;window.__xss = 1&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror="
ESCAPED_BOLD = "&lt;b&gt;bold&lt;/b&gt;"
HOSTILE_URLS = {
    "row": (f"/{DB}/articles/{XSS_ARTICLE}", [ESCAPED_SCRIPT, ESCAPED_IMG, ESCAPED_BOLD]),
    "title-row": (f"/{DB}/articles/{XSS_TITLE_ARTICLE}", [ESCAPED_IMG]),
    # Table and SQL pages cut cells at truncate_cells_html (200) characters and the
    # articles table leaves the body out (issue 14): they show the headline, and
    # the SQL page a passage starting near the markup.
    "table": (f"/{DB}/articles", [ESCAPED_IMG]),
    "table-search": (f"/{DB}/articles?_search=delegation", [ESCAPED_IMG]),
    "table-body-shown": (f"/{DB}/articles?_col=title&_col=body", [ESCAPED_IMG]),
    "claims-label": (f"/{DB}/claims", [ESCAPED_SCRIPT, ESCAPED_IMG]),
    "sql": (
        f"/{DB}?sql="
        + urllib.parse.quote(
            "select id, title, substr(body, instr(body, 'a leaflet')) as passage from articles order by id"
        ),
        [ESCAPED_SCRIPT, ESCAPED_IMG],
    ),
    # Reflected: the search term itself is markup.
    "reflected-search": (
        f"/{DB}/articles?_search=" + urllib.parse.quote("<script>window.__xss=5</script>"),
        ["&lt;script&gt;window.__xss=5"],
    ),
}

# ---------------------------------------------------------------- pathological SQL

# Both run until the 3 s sql_time_limit_ms stops them. The comment checks the
# error page, which repeats the SQL in a <textarea>, escapes it.
SQL_COMMENT = "/* </textarea><script>window.__xss = 6</script> */"
PATHOLOGICAL = {
    "recursive-cte": (
        "json",
        "with recursive counter(n) as (select 1 union all select n + 1 from counter "
        "where n < 1000000000000) select count(*) from counter " + SQL_COMMENT,
    ),
    "cross-join": (
        "html",
        "select count(*) from people a, people b, people c, people d, people e, people f " + SQL_COMMENT,
    ),
}

# ---------------------------------------------------------------- writes

# Plugins that write to a database or let visitors change the site.
WRITE_PLUGIN = re.compile(
    r"write|insert|upsert|update|delete|drop|upload|import|edit|create|mutat|configure-fts|enrich|"
    r"saved-queries|comments|sql-exec|admin",
    re.IGNORECASE,
)
KNOWN_WRITERS = {
    "datasette-write",
    "datasette-insert",
    "datasette-upload-csvs",
    "datasette-upload-dbs",
    "datasette-edit-schema",
    "datasette-edit-templates",
    "datasette-edit-row",
    "datasette-write-ui",
    "datasette-configure-fts",
    "datasette-enrichments",
    "datasette-import",
    "datasette-saved-queries",
    "datasette-comments",
    "datasette-create-view",
    "datasette-copyable-write",
}

# (method, path, JSON body or None, what the answer must say or None). GETs of
# non-SELECT SQL are refused before they run; CTE-prefixed writes do run and
# SQLite refuses them (the file is opened immutable, read-only).
WRITE_ATTEMPTS = [
    ("GET", f"/{DB}.json?sql=drop table articles", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}?sql=drop table articles", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}.json?sql=insert into articles(id) values ('pwned')", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}.json?sql=update articles set title = 'pwned'", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}.json?sql=attach database 'x.db' as x", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}.json?sql=pragma writable_schema = 1", None, "Statement must be a SELECT"),
    ("GET", f"/{DB}.json?sql=with x as (select 1) delete from articles", None, "readonly database"),
    (
        "GET",
        f"/{DB}.json?sql=with x as (select 1) insert into articles(id) values ('pwned')",
        None,
        "readonly database",
    ),
    ("GET", f"/{DB}.json?sql=select load_extension('/tmp/x')", None, "not authorized"),
    ("POST", f"/{DB}.json?sql=insert into articles(id) values ('pwned')", None, None),
    ("POST", f"/{DB}.json?sql=update articles set title = 'pwned'", None, None),
    ("POST", f"/{DB}.json?sql=drop table articles", None, None),
    ("POST", f"/{DB}?sql=drop table articles", None, None),
    # Datasette 1.0's JSON write API.
    ("POST", "/-/insert", {"row": {"id": "pwned"}}, None),
    ("POST", f"/{DB}/articles/-/insert", {"row": {"id": "pwned", "title": "pwned"}}, None),
    ("POST", f"/{DB}/articles/-/upsert", {"rows": [{"id": "pwned"}]}, None),
    ("POST", f"/{DB}/articles/-/drop", {"confirm": True}, None),
    ("POST", f"/{DB}/-/create", {"table": "pwned", "row": {"id": 1}}, None),
    ("POST", f"/{DB}/articles/000-d910d8e58e62ae8d/-/update", {"update": {"title": "pwned"}}, None),
    ("POST", f"/{DB}/articles/000-d910d8e58e62ae8d/-/delete", None, None),
    # POST to a table and to a (read-only) canned query.
    ("POST", f"/{DB}/articles.json", {"id": "pwned"}, None),
    ("POST", f"/{DB}/meeting_timeline.json", {}, None),
]

# URLs that match no route, as scanners send them.
UNROUTED = ["/.env", "/.git/config", "/wp/wp-admin/x/y", f"/{DB}/articles/-/insert"]

# ---------------------------------------------------------------- load

CLIENTS = 16
LOAD_SECONDS = 30.0
MAX_REQUESTS = 20_000
REQUEST_TIMEOUT = 30.0


# ---------------------------------------------------------------- helpers


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(
    base: str, path: str, method: str = "GET", body: dict | None = None, timeout: float = REQUEST_TIMEOUT
) -> tuple[int, str]:
    """(status, text) of one request; HTTP errors are answers, not exceptions."""
    url = base + urllib.parse.quote(path, safe="/?&=%:;,'()*+!$@-._~")
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"} if data is not None else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(p / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def machine() -> dict:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "cpu": model, "platform": platform.platform(), "python": platform.python_version()}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed_sha(seed_db) -> str:
    return sha256(seed_db)


@pytest.fixture(scope="module")
def seed_server(seed_db, seed_sha, tmp_path_factory):
    log = tmp_path_factory.mktemp("datasette-seed") / "serve.log"
    with serve(seed_db, log) as (base, proc):
        yield {"base": base, "proc": proc, "log": log, "db": seed_db}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    for name, text in HOSTILE_PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    db_path = tmp_path_factory.mktemp("hostile-build") / "iraq_security.db"
    report = build(corpus, db_path, progress=False)
    assert report.articles == len(HOSTILE_PAGES), report.problems
    return db_path


@pytest.fixture(scope="module")
def hostile_server(hostile_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("datasette-hostile") / "serve.log"
    with serve(hostile_db, log) as (base, _):
        yield base


# ---------------------------------------------------------------- pathological SQL


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_sql_stops_at_the_time_limit(seed_server, name):
    base = seed_server["base"]
    fmt, sql = PATHOLOGICAL[name]
    path = f"/{DB}.json?sql=" if fmt == "json" else f"/{DB}?sql="
    path += urllib.parse.quote(sql)

    # Another visitor's request while the bad query runs: answered, not queued behind it.
    side: dict = {}

    def visitor():
        time.sleep(0.5)
        started = time.monotonic()
        side["status"], _ = fetch(base, f"/{DB}/meetings.json?_shape=array&_size=5")
        side["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=visitor)
    started = time.monotonic()
    thread.start()
    status, text = fetch(base, path, timeout=60)
    elapsed = time.monotonic() - started
    thread.join(timeout=60)

    assert status == 400, text[:500]
    if fmt == "json":
        error = json.loads(text)
        assert error["ok"] is False and error["status"] == 400
        assert error["title"] == "SQL Interrupted"
        message = error["error"]
    else:
        assert "<title>SQL Interrupted</title>" in text or "SQL Interrupted" in text
        message = text
    assert "SQL query took too long" in message and "sql_time_limit_ms" in message
    # The SQL is repeated in the error page, escaped.
    assert "&lt;/textarea&gt;&lt;script&gt;window.__xss = 6" in message
    assert "<script>window.__xss" not in message
    # Stopped by the 3 s limit, not by finishing or by our client's timeout.
    assert 2.5 <= elapsed < 30, elapsed
    assert side.get("status") == 200, side

    started = time.monotonic()
    status, text = fetch(base, f"/{DB}/articles.json?_shape=array&_size=1", timeout=10)
    after = time.monotonic() - started
    assert status == 200 and len(json.loads(text)) == 1
    print(
        f"\n{name} ({fmt}): interrupted after {elapsed:.2f} s with 400 'SQL Interrupted'; "
        f"concurrent request {side['seconds'] * 1000:.0f} ms, next request {after * 1000:.0f} ms"
    )


# ---------------------------------------------------------------- escaping


@pytest.mark.parametrize("name", list(HOSTILE_URLS))
def test_article_markup_is_escaped_in_html(hostile_server, name):
    path, escaped = HOSTILE_URLS[name]
    status, text = fetch(hostile_server, path)
    assert status == 200, text[:500]
    for fragment in escaped:
        assert fragment in text, f"{name}: {fragment!r} not on {path}"
    for raw in RAW_MARKUP + ["<script>window.__xss=5"]:
        assert raw not in text, f"{name}: raw {raw!r} on {path}"


def test_article_markup_is_data_in_json(hostile_server):
    status, text = fetch(hostile_server, f"/{DB}/articles/{XSS_ARTICLE}.json?_shape=array")
    assert status == 200
    (row,) = json.loads(text)
    assert "<script>window.__xss = 1</script>" in row["body"]  # kept verbatim as data


@pytest.mark.browser
def test_article_markup_does_not_run_in_chromium(browser, hostile_server):  # noqa: F811 (the fixture)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        checks = {name: path for name, (path, _) in HOSTILE_URLS.items()}
        checks["search-all"] = "/-/search?q=leaflet"
        for name, path in checks.items():
            page.goto(hostile_server + path)
            page.wait_for_load_state("load")
            if name == "search-all":
                # datasette-search-all fetches the results as JSON and writes them into the page.
                # Wait until both tables (articles, claims) have been answered and drawn.
                page.wait_for_function("document.querySelectorAll('#search-all-results table').length >= 2")
                assert "window.__xss = 1" in page.locator("#search-all-results").inner_text()
            assert page.evaluate("typeof window.__xss") == "undefined", f"script ran on {name}: {path}"
            # The markup is text on the page, not elements.
            assert page.locator("img[onerror]").count() == 0, name
            assert page.locator("b:text-is('bold'), em:text-is('border agreement')").count() == 0, name
            if name == "row":
                assert "<script>window.__xss = 1</script>" in page.locator("body").inner_text()
                SHOTS.mkdir(parents=True, exist_ok=True)
                # The body cell sits far right in the wide row table, folded under the
                # record (issue 14): open it, widen the window, shoot the cell.
                page.locator("details.all-fields summary").click()
                page.set_viewport_size({"width": 3600, "height": 900})
                page.locator("td.col-body").screenshot(path=str(SHOTS / "hostile-article-escaped.png"))
                page.set_viewport_size({"width": 1280, "height": 900})
        assert not dialogs
    finally:
        context.close()


# ---------------------------------------------------------------- no writes


def test_no_write_plugin_is_installed(seed_server):
    status, text = fetch(seed_server["base"], "/-/plugins.json")
    assert status == 200
    names = [plugin["name"] for plugin in json.loads(text)]
    assert "datasette-cluster-map" in names  # the list is the real one
    writers = [n for n in names if n in KNOWN_WRITERS or WRITE_PLUGIN.search(n)]
    assert not writers, f"plugins that can write: {writers}"


def test_database_is_served_immutable(seed_server):
    status, text = fetch(seed_server["base"], "/-/databases.json")
    assert status == 200
    databases = json.loads(text)
    assert [d["name"] for d in databases] == [DB]
    assert all(d["is_mutable"] is False for d in databases), databases


def test_write_attempts_are_refused_and_the_file_is_unchanged(seed_server, seed_sha):
    base = seed_server["base"]
    _, before = fetch(base, f"/{DB}/articles.json?_shape=array&_col=title&_size=max")
    answers = []
    for method, path, body, says in WRITE_ATTEMPTS:
        status, text = fetch(base, path, method=method, body=body)
        answers.append((method, path, status))
        assert status >= 400, f"{method} {path} answered {status}: {text[:300]}"
        if says:
            assert says in text, f"{method} {path}: {text[:300]}"
    assert "pwned" not in fetch(base, f"/{DB}/articles.json?_shape=array&_col=title&_size=max")[1]
    assert fetch(base, f"/{DB}/articles.json?_shape=array&_col=title&_size=max")[1] == before
    assert sha256(seed_server["db"]) == seed_sha
    print("\n" + "\n".join(f"{status} {method} {path}" for method, path, status in answers))


def test_hostile_requests_get_client_errors_not_500(seed_server):
    base = seed_server["base"]
    answers = [
        (method, path, fetch(base, path, method=method, body=body)[0]) for method, path, body, _ in WRITE_ATTEMPTS
    ]
    answers += [("GET", path, fetch(base, path)[0]) for path in UNROUTED]
    server_errors = [a for a in answers if a[2] >= 500]
    assert not server_errors, server_errors


def test_error_answers_stay_cheap(seed_server):
    """Bad requests must not cost far more than good ones, nor flood the log."""
    base, log = seed_server["base"], seed_server["log"]
    bad = [
        f"/{DB}.json?sql=drop table articles",
        f"/{DB}/no_such_table.json",
        f"/{DB}/articles/no-such-row.json",
        f"/{DB}.json?sql=select * from no_such_table",
    ] * 5
    before = log.stat().st_size
    started = time.monotonic()
    statuses = [fetch(base, path)[0] for path in bad]
    per_request = (time.monotonic() - started) / len(bad)
    grown = log.stat().st_size - before
    print(f"\n{len(bad)} error answers: {per_request * 1000:.0f} ms each, log +{grown:,} bytes")
    assert all(400 <= status < 500 for status in statuses), statuses
    assert grown < 500 * len(bad), f"log grew {grown:,} bytes for {len(bad)} error answers"


# ---------------------------------------------------------------- load


def load_mix(base: str) -> list[tuple[str, str]]:
    """(kind, path) for the load test: table pages, facets, searches, JSON, canned queries."""
    status, text = fetch(base, f"/{DB}/meetings.json?_shape=array&_size=1&_col=id")
    assert status == 200, text
    meeting_id = json.loads(text)[0]["id"]
    params = {"person": "qasim-al-araji", "meeting_id": meeting_id}
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"][DB]["queries"]
    canned = []
    for name, query in queries.items():
        names = sorted(set(re.findall(r"(?<!:):(\w+)", query["sql"])))
        qs = urllib.parse.urlencode({n: params.get(n, "") for n in names})
        canned.append(("canned", f"/{DB}/{name}" + (f"?{qs}" if qs else "")))
        canned.append(("canned-json", f"/{DB}/{name}.json?_shape=array" + (f"&{qs}" if qs else "")))
    return [
        ("table", f"/{DB}/meetings"),
        ("table", f"/{DB}/articles"),
        ("table", f"/{DB}/claims"),
        ("table", f"/{DB}/people"),
        ("table", f"/{DB}/mentions?_sort=article_id"),
        ("facet", f"/{DB}/meetings?_facet=year&_facet=place_id"),
        ("facet", f"/{DB}/claims?_facet=kind&_facet=channel"),
        ("facet", f"/{DB}/mentions?_facet=entity_type&_facet=method"),
        ("facet", f"/{DB}/people.json?_facet=nationality&_shape=objects"),
        ("search", f"/{DB}/articles?_search=security"),
        ("search", f"/{DB}/articles.json?_search=Barzani&_shape=array&_col=title"),
        ("search", f"/{DB}/claims?_search=terrorism"),
        ("search", "/-/search?q=Araji"),
        ("json", f"/{DB}/meetings.json?_shape=array"),
        ("json", f"/{DB}/people.json?_shape=array&_size=100"),
        ("json", f"/{DB}/mentions.json?_shape=array&_size=max"),
        ("json", f"/{DB}/meeting_participants.json?_shape=array&_labels=on"),
        (
            "json",
            f"/{DB}.json?sql="
            + urllib.parse.quote(
                "select m.id, count(*) from meetings m join meeting_participants p on p.meeting_id = m.id group by m.id"
            ),
        ),
        ("home", "/"),
        ("dashboard", "/-/dashboards/overview"),
        *canned,
    ]


@pytest.mark.load
def test_sixteen_clients_for_thirty_seconds(seed_server, seed_sha):
    base, proc, log = seed_server["base"], seed_server["proc"], seed_server["log"]
    mix = load_mix(base)
    # Every URL of the mix answers 200 on its own first (and warms the caches).
    for kind, path in mix:
        status, text = fetch(base, path)
        assert status == 200, f"{kind} {path}: {status} {text[:300]}"
    log_offset = log.stat().st_size
    host, port = base.removeprefix("http://").split(":")

    lock = threading.Lock()
    issued = 0
    results: list[tuple[str, int, float]] = []  # (kind, status, seconds)
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + LOAD_SECONDS

    def client(index: int) -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT)
        mine: list[tuple[str, int, float]] = []
        i = index * 7  # clients start at different places in the mix
        try:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= MAX_REQUESTS:
                        break
                    issued += 1
                kind, path = mix[i % len(mix)]
                i += 1
                t0 = time.monotonic()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    mine.append((kind, response.status, time.monotonic() - t0))
                    if response.getheader("connection", "").lower() == "close":
                        conn.close()
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        errors.append(f"{type(error).__name__}: {error} ({path})")
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT)
        finally:
            conn.close()
            with lock:
                results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + REQUEST_TIMEOUT + 10)
    wall = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads), "a client thread did not stop"

    latencies = sorted(seconds for _, _, seconds in results)
    statuses: dict[str, int] = {}
    for _, status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    per_kind = {}
    for kind in sorted({k for k, _, _ in results}):
        times = sorted(s for k, _, s in results if k == kind)
        per_kind[kind] = {
            "requests": len(times),
            "p50_ms": round(percentile(times, 50) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "p99_ms": round(percentile(times, 99) * 1000, 1),
        }
    figures = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "clients": CLIENTS,
        "limit_seconds": LOAD_SECONDS,
        "limit_requests": MAX_REQUESTS,
        "distinct_urls": len(mix),
        "seconds": round(wall, 2),
        "requests": len(results),
        "connection_errors": len(errors),
        "statuses": statuses,
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5")),
        "requests_per_second": round(len(results) / wall, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "per_kind": per_kind,
    }
    LOAD_FIGURES.parent.mkdir(parents=True, exist_ok=True)
    LOAD_FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nload: {CLIENTS} clients, {figures['requests']} requests in {figures['seconds']} s "
        f"= {figures['requests_per_second']} req/s; statuses {statuses}; "
        f"{figures['connection_errors']} connection errors"
    )
    print(
        f"latency ms: p50 {figures['p50_ms']}  p95 {figures['p95_ms']}  p99 {figures['p99_ms']}  "
        f"max {figures['max_ms']}"
    )
    for kind, row in per_kind.items():
        print(
            f"  {kind:<12} {row['requests']:>6}  p50 {row['p50_ms']:>7}  p95 {row['p95_ms']:>7}  p99 {row['p99_ms']:>7}"
        )

    assert not errors, errors[:10]
    assert figures["server_errors"] == 0, statuses
    assert set(statuses) == {"200"}, statuses
    assert figures["requests"] > 0
    assert proc.poll() is None, "datasette died under load"
    with open(log, "rb") as f:
        f.seek(log_offset)
        during = f.read().decode("utf-8", "replace")
    assert "Exception in ASGI application" not in during and "Traceback" not in during
    assert sha256(seed_server["db"]) == seed_sha
