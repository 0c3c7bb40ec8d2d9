"""The published site, through Datasette's in-process client (no port, no browser).

Runs the seed build under Datasette 0.65 with metadata.yml, served immutable
with the settings `make serve` uses, and checks the public contract: table
and column names, the `?_shape=array` JSON, facets, `_through`, the canned
queries, the .db download, the dashboard, and robots.txt. It also keeps
metadata.yml in step with the schema: every table and column the build writes
must be described.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from datasette.app import Datasette

from iraq_security import serving

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
DB = "iraq_security"

# The settings `make serve` passes with --setting.
SETTINGS = serving.SETTINGS

# Sample values for canned-query parameters (people and meetings in the seeds).
SAMPLE_PARAMS = {"person": "qasim-al-araji", "meeting_id": "mtg-6b08f217df"}

ENTITY_TABLES = ("people", "organisations", "places", "outlets", "topics")

# FTS5 keeps its index in shadow tables; SQLite owns them, Datasette hides them.
FTS_SHADOW = re.compile(r"_fts_(data|idx|docsize|config|content)$")

VEGA_LINK = re.compile(r'href="([^"]*#g\.[^"]*)"')


@pytest.fixture(scope="module")
def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def db_config(metadata) -> dict:
    return metadata["databases"][DB]


@pytest.fixture(scope="module")
def queries(db_config) -> dict:
    return db_config["queries"]


@pytest.fixture
def ds(seed_db, metadata) -> Datasette:
    return Datasette(
        files=[],
        immutables=[str(seed_db)],
        metadata=metadata,
        settings=SETTINGS,
        cors=True,
        plugins_dir=str(ROOT / "plugins"),
        template_dir=str(ROOT / "templates"),
        static_mounts=[("assets", str(ROOT / "static"))],
    )


def schema(db_path: Path) -> dict[str, list[str]]:
    """Every table the build writes (FTS shadow tables excepted) and its columns."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
            )
            if not FTS_SHADOW.search(name)
        ]
        return {t: [row[1] for row in conn.execute(f'pragma table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def query_url(name: str, params: dict[str, str] | None = None, fmt: str = ".json") -> str:
    url = f"/{DB}/{name}{fmt}?_shape=array"
    for key, value in (params or {}).items():
        url += f"&{key}={quote(value)}"
    return url


def vega_links(query: dict) -> list[str]:
    return [link.replace("&amp;", "&") for link in VEGA_LINK.findall(query.get("description_html", ""))]


# ---------------------------------------------------------------- the JSON API


async def test_articles_shape_array_returns_the_seed_articles(ds):
    response = await ds.client.get(f"/{DB}/articles.json?_shape=array")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 5
    for field in (
        "id",
        "title",
        "published",
        "publisher_id",
        "credited_source_id",
        "year",
        "month",
        "dateline",
        "tags",
        "body",
        "word_count",
        "sha256",
    ):
        assert field in rows[0], field
    assert {r["publisher_id"] for r in rows} >= {"gulan-media", "rudaw", "shafaq-news"}
    assert all(r["body"] for r in rows)


async def test_cors_header_is_sent(ds):
    response = await ds.client.get(f"/{DB}/articles.json?_shape=array")
    assert response.headers.get("access-control-allow-origin") == "*"


async def test_filters_and_labels_work_on_the_api(ds):
    response = await ds.client.get(f"/{DB}/meetings.json?_shape=array&year=2024&_labels=on")
    rows = response.json()
    assert rows and all(r["year"] == 2024 for r in rows)
    assert any(r["place_id"] and r["place_id"]["label"] == "Tehran" for r in rows)


async def test_arbitrary_sql_stays_allowed(ds):
    response = await ds.client.get(f"/{DB}.json?sql=select+count(*)+as+n+from+meetings&_shape=array")
    assert response.status_code == 200
    assert response.json()[0]["n"] > 0


# ---------------------------------------------------------------- download and pages


async def test_database_downloads_when_served_immutable(ds, seed_db):
    response = await ds.client.get(f"/{DB}.db")
    assert response.status_code == 200
    assert "attachment" in response.headers.get("content-disposition", "")
    assert response.content[:16] == b"SQLite format 3\x00"
    assert len(response.content) == seed_db.stat().st_size


async def test_database_download_needs_immutable(seed_db, metadata):
    mutable = Datasette([str(seed_db)], metadata=metadata, settings=SETTINGS)
    assert (await mutable.client.get(f"/{DB}.db")).status_code == 403


async def test_home_page_guides_to_every_table(ds, seed_db):
    response = await ds.client.get("/")
    assert response.status_code == 200
    html = response.text
    assert "Baghdad–Erbil–Tehran security coordination" in html
    assert "CC BY 4.0" in html
    guide = html[html.index('id="table-guide"') :]
    guide = guide[: guide.index("</ul>")]
    visible = [t for t in schema(seed_db) if not t.endswith("_fts")]
    missing = [t for t in visible if f'href="/{DB}/{t}"' not in guide]
    assert not missing, f"add these to the home page's table guide (metadata.yml description_html): {missing}"


async def test_database_page_shows_queries(ds, queries):
    response = await ds.client.get(f"/{DB}")
    assert response.status_code == 200
    for name in queries:
        assert f"/{DB}/{name}" in response.text, name
    assert f"/{DB}.db" in response.text  # download link, shown only when immutable


async def test_table_page_renders_with_description_and_facets(ds, db_config):
    response = await ds.client.get(f"/{DB}/meetings")
    assert response.status_code == 200
    html = response.text
    assert db_config["tables"]["meetings"]["description"][:40] in html
    assert 'class="facet-info' in html or "facet-results" in html
    assert "mtg-" in html


async def test_table_page_shows_labels_of_foreign_keys(ds):
    response = await ds.client.get(f"/{DB}/articles")
    assert response.status_code == 200
    # publisher_id is rendered with the outlet's label_column, linking to the outlet.
    assert '<a href="/iraq_security/outlets/gulan-media">Gulan Media</a>' in response.text
    row = await ds.client.get(f"/{DB}/articles/000-d910d8e58e62ae8d")
    assert row.status_code == 200


# ---------------------------------------------------------------- metadata in step with the schema


def test_every_table_and_column_is_described(seed_db, db_config):
    described = db_config["tables"]
    missing = []
    for table, columns in schema(seed_db).items():
        meta = described.get(table)
        if not meta or not (meta.get("description") or meta.get("description_html")):
            missing.append(table)
            continue
        for column in columns:
            if not (meta.get("columns") or {}).get(column):
                missing.append(f"{table}.{column}")
    assert not missing, f"describe these in metadata.yml: {missing}"


def test_metadata_describes_nothing_the_schema_lacks(seed_db, db_config):
    actual = schema(seed_db)
    stale = []
    for table, meta in db_config["tables"].items():
        if table not in actual:
            stale.append(table)
            continue
        stale += [f"{table}.{c}" for c in (meta.get("columns") or {}) if c not in actual[table]]
        facets = [f if isinstance(f, str) else next(iter(f.values())) for f in meta.get("facets", [])]
        stale += [f"{table} facet {c}" for c in facets if c not in actual[table]]
    assert not stale, f"metadata.yml names what the database does not have: {stale}"


def test_entity_tables_have_a_label_column(db_config):
    for table in ENTITY_TABLES:
        assert db_config["tables"][table].get("label_column") == "name", table


def test_site_metadata_has_licence_source_and_about(metadata):
    assert "CC BY 4.0" in metadata["license"]
    assert "Apache-2.0" in metadata["license"] and "LICENSE" in metadata["license"]
    assert "publishers" in metadata["license"]
    assert metadata["source"] == "Saved English news pages (see the articles table)"
    assert metadata["about"]
    for needle in ("How it was built", "Limits", "How to cite"):
        assert needle in metadata["description_html"], needle


# ---------------------------------------------------------------- facets, search, _through


async def test_configured_facets_appear_in_table_json(ds, db_config):
    for table, meta in db_config["tables"].items():
        configured = [f if isinstance(f, str) else next(iter(f.values())) for f in meta.get("facets", [])]
        if not configured:
            continue
        response = await ds.client.get(f"/{DB}/{table}.json")
        assert response.status_code == 200, table
        data = response.json()
        results = data["facet_results"]
        assert set(configured) <= set(results), (table, configured, list(results))
        assert not data.get("facets_timed_out"), table


async def test_array_facets_count_participants_and_topics(ds):
    data = (await ds.client.get(f"/{DB}/meetings.json")).json()
    participants = {r["value"]: r["count"] for r in data["facet_results"]["participants"]["results"]}
    assert participants["Qasim al-Araji"] >= 5
    topics = {r["value"]: r["count"] for r in data["facet_results"]["topics"]["results"]}
    assert "The Iraq–Iran security agreement" in topics


async def test_array_facet_value_filters_the_table(ds):
    response = await ds.client.get(f"/{DB}/meetings.json?_shape=array&participants__arraycontains=Qasim+al-Araji")
    rows = response.json()
    assert rows and all("Qasim al-Araji" in json.loads(r["participants"]) for r in rows)


async def test_full_text_search_on_articles_and_claims(ds):
    articles = (await ds.client.get(f"/{DB}/articles.json?_shape=array&_search=Araji")).json()
    assert {r["id"] for r in articles} >= {"000-d910d8e58e62ae8d", "004-fb5723af977bf2ff"}
    claims = (await ds.client.get(f"/{DB}/claims.json?_shape=array&_search=embassies")).json()
    assert claims


async def test_through_filters_meetings_by_participant(ds, seed_db):
    through = json.dumps({"table": "meeting_participants", "column": "person_id", "value": "qasim-al-araji"})
    response = await ds.client.get(f"/{DB}/meetings.json?_shape=array&_through={quote(through)}")
    assert response.status_code == 200
    got = {r["id"] for r in response.json()}
    conn = sqlite3.connect(seed_db)
    expected = {
        m for (m,) in conn.execute("select meeting_id from meeting_participants where person_id = 'qasim-al-araji'")
    }
    conn.close()
    assert got == expected and len(got) >= 5


async def test_through_filters_meetings_by_topic(ds):
    through = json.dumps({"table": "meeting_topics", "column": "topic_id", "value": "border-security"})
    rows = (await ds.client.get(f"/{DB}/meetings.json?_shape=array&_through={quote(through)}")).json()
    assert rows and all("Border security" in json.loads(r["topics"]) for r in rows)


# ---------------------------------------------------------------- canned queries


def test_there_are_at_least_ten_documented_queries(queries):
    assert len(queries) >= 10
    for name, query in queries.items():
        assert query.get("title"), name
        assert query.get("description") or query.get("description_html"), name
    for name in (
        "meeting_timeline",
        "who_met_whom",
        "person_dossier",
        "claims_by_speaker",
        "topics_over_time",
        "outlet_coverage",
        "meetings_by_place",
        "most_mentioned_people",
        "meeting_provenance",
        "articles_without_date",
        "unresolved_speakers",
        "build_problems",
        "meetings_per_month",
        "claims_by_channel",
        "article_datelines",
    ):
        assert name in queries, name


async def test_every_canned_query_runs_and_returns_rows(ds, queries):
    for name, query in queries.items():
        params = {p: SAMPLE_PARAMS[p] for p in query.get("params", [])}
        response = await ds.client.get(query_url(name, params))
        assert response.status_code == 200, (name, response.text[:500])
        assert response.json(), f"{name} returned no rows"


async def test_parameterised_queries_return_nothing_without_a_parameter(ds):
    assert (await ds.client.get(query_url("person_dossier"))).json() == []
    assert (await ds.client.get(query_url("meeting_provenance"))).json() == []


@pytest.mark.parametrize("person", ["qasim-al-araji", "Qasim al-Araji", "qassim al-araji", "Araji"])
async def test_person_dossier_has_roles_meetings_and_claims(ds, person):
    rows = (await ds.client.get(query_url("person_dossier", {"person": person}))).json()
    assert {r["person_id"] for r in rows} == {"qasim-al-araji"}
    sections = {r["section"] for r in rows}
    assert sections == {"person", "role", "meeting", "claim"}
    meetings = {r["meeting_id"] for r in rows if r["section"] == "meeting"}
    assert "mtg-6b08f217df" in meetings
    assert any("National Security Advisor" in r["what"] for r in rows if r["section"] == "role")
    assert any("Middle East" in r["what"] for r in rows if r["section"] == "claim")


async def test_meeting_provenance_explains_every_field(ds):
    rows = (await ds.client.get(query_url("meeting_provenance", {"meeting_id": "mtg-6b08f217df"}))).json()
    fields = [r["field"] for r in rows]
    assert fields[0] == "date" and "place" in fields
    date = rows[0]
    assert date["value"].startswith("2024-11-11") and "published_inferred" in date["how_found"]
    assert any(f.startswith("participant") and r["how_found"] == "delegation" for f, r in zip(fields, rows))
    sources = [r for r in rows if r["field"] == "source sentence"]
    assert sources and all(r["how_found"].startswith("trigger:") and r["evidence"] for r in sources)
    assert all(r["article_id"] == "004-fb5723af977bf2ff" and r["start_char"] is not None for r in sources)


async def test_who_met_whom_is_an_edge_list(ds):
    rows = (await ds.client.get(query_url("who_met_whom"))).json()
    pair = next(
        r for r in rows if {r["participant_a_id"], r["participant_b_id"]} == {"masrour-barzani", "qasim-al-araji"}
    )
    assert pair["meetings"] == 1 and pair["first_date"] == pair["last_date"] == "2020-09-27"
    assert all(r["participant_a_id"] < r["participant_b_id"] for r in rows)


async def test_meetings_per_month_fills_empty_months(ds):
    rows = (await ds.client.get(query_url("meetings_per_month"))).json()
    months = [r["month"] for r in rows]
    assert months == sorted(months) and len(set(months)) == len(months)
    assert {"2020-08": 0}.items() <= {r["month"]: r["meetings"] for r in rows}.items()
    assert sum(r["meetings"] for r in rows) == 11  # the seeds' dated meetings


async def test_map_queries_have_coordinates(ds):
    for name in ("meetings_by_place", "article_datelines"):
        rows = (await ds.client.get(query_url(name))).json()
        assert rows and all(r["latitude"] is not None and r["longitude"] is not None for r in rows), name


async def test_data_quality_queries_find_the_seed_problems(ds):
    undated = (await ds.client.get(query_url("articles_without_date"))).json()
    assert [r["article_id"] for r in undated] == ["004-fb5723af977bf2ff"]
    assert undated[0]["published_inferred"] == "2024-11-11"
    problems = (await ds.client.get(query_url("build_problems"))).json()
    assert any(r["kind"] == "problem" and r["severity"] == "warning" for r in problems)


# ---------------------------------------------------------------- charts (datasette-vega)


def test_every_aggregate_query_links_to_its_own_chart(queries):
    for name, query in queries.items():
        links = vega_links(query)
        if re.search(r"\bgroup\s+by\b", query["sql"], re.IGNORECASE):
            assert links, f"{name} aggregates but has no chart link"
        for link in links:
            assert link.startswith(f"/{DB}/{name}#g."), (name, link)


async def test_chart_links_name_columns_the_query_returns(ds, queries):
    for name, query in queries.items():
        for link in vega_links(query):
            state = dict(part.split("=", 1) for part in link.split("#", 1)[1].split("&"))
            assert state["g.mark"] in ("bar", "line", "circle")
            rows = (await ds.client.get(query_url(name))).json()
            assert len(rows) >= 2, f"{name}: datasette-vega needs at least two rows"
            for key in ("g.x_column", "g.y_column", "g.color_column"):
                if key in state:
                    assert state[key] in rows[0], (name, key, state[key])


# ---------------------------------------------------------------- plugins


async def test_dashboard_page_renders(ds):
    response = await ds.client.get("/-/dashboards/overview")
    assert response.status_code == 200
    for chart in (
        "meetings-per-month",
        "top-participants",
        "claims-by-kind",
        "claims-by-channel",
        "people-by-side",
        "meetings-count",
    ):
        assert f"chart-{chart}" in response.text
    assert 'id="year"' in response.text and 'id="participant"' in response.text
    filtered = await ds.client.get("/-/dashboards/overview?year=2024&participant=Qasim+al-Araji")
    assert filtered.status_code == 200


async def test_dashboard_chart_queries_run_with_and_without_filters(ds, metadata):
    from datasette_dashboards import replace_opts_in_query

    dashboard = metadata["plugins"]["datasette-dashboards"]["overview"]
    for options in ({}, {"year": "2024"}, {"participant": "Qasim al-Araji"}):
        for slug, chart in dashboard["charts"].items():
            sql = replace_opts_in_query(chart["query"], options)
            url = f"/{DB}.json?_shape=objects&sql={quote(sql)}" + "".join(
                f"&{k}={quote(v)}" for k, v in options.items()
            )
            response = await ds.client.get(url)
            assert response.status_code == 200, (slug, options, response.text[:300])
            rows = response.json()["rows"]
            assert rows, (slug, options)


async def test_cluster_map_is_on_the_map_pages(ds):
    for path in (f"/{DB}/places", f"/{DB}/meetings_by_place", f"/{DB}/article_datelines"):
        html = (await ds.client.get(path)).text
        assert "datasette-cluster-map.js" in html, path
    assert "datasette-cluster-map.js" not in (await ds.client.get(f"/{DB}/meetings")).text


async def test_search_all_covers_the_searchable_tables(ds):
    response = await ds.client.get("/-/search?q=Araji")
    assert response.status_code == 200
    assert f"/{DB}/articles" in response.text and f"/{DB}/claims" in response.text
    assert 'id="search-all-q"' in (await ds.client.get("/")).text


async def test_robots_txt_disallows_crawling(ds):
    response = await ds.client.get("/robots.txt")
    assert response.status_code == 200
    assert "User-agent: *" in response.text
    assert "Disallow: /" in response.text


async def test_installed_plugins(ds):
    plugins = {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
    assert {
        "datasette-vega",
        "datasette-dashboards",
        "datasette-cluster-map",
        "datasette-search-all",
        "datasette-block-robots",
        "datasette-atom",
        "datasette-ics",
        "datasette-reconcile",
    } <= plugins


def test_array_facet_columns_never_repeat_a_value_within_a_row(seed_db):
    """plugins/fast_array_facet.py counts json_each rows; that is exact only without repeats."""
    import sqlite3

    conn = sqlite3.connect(seed_db)
    for table, column in (("meetings", "participants"), ("meetings", "topics"), ("articles", "tags")):
        for (value,) in conn.execute(f"select {column} from {table}"):
            items = json.loads(value)
            assert len(items) == len(set(items)), (table, column, items)


async def test_array_facet_counts_match_a_plain_count(ds, seed_db):
    import sqlite3

    data = (await ds.client.get(f"/{DB}/meetings.json?_facet_array=topics")).json()
    counts = {r["value"]: r["count"] for r in data["facet_results"]["topics"]["results"]}
    conn = sqlite3.connect(seed_db)
    expected = dict(
        conn.execute("select j.value, count(distinct m.id) from meetings m, json_each(m.topics) j group by j.value")
    )
    assert counts == expected


# ---------------------------------------------------------------- readable pages (issue 14)


async def test_json_arrays_render_as_lists_of_filter_links(ds):
    html = (await ds.client.get(f"/{DB}/meetings")).text
    cell = re.search(r'<td class="col-participants[^"]*">(.*?)</td>', html, re.S).group(1)
    assert cell.startswith('<ul class="cell-list">')
    assert f'<a href="/{DB}/meetings?participants__arraycontains=Qasim+al-Araji">Qasim al-Araji</a>' in html
    # The link filters the table to the meetings with that participant.
    rows = (await ds.client.get(f"/{DB}/meetings.json?_shape=array&participants__arraycontains=Qasim+al-Araji")).json()
    assert rows and all("Qasim al-Araji" in json.loads(r["participants"]) for r in rows)
    # A saved query has no table to filter: a plain list, no links.
    query = (await ds.client.get(f"/{DB}/articles_without_date")).text
    cell = re.search(r'<td class="col-warnings">(.*?)</td>', query, re.S).group(1)
    assert cell.startswith('<ul class="cell-list"><li>') and "<a " not in cell and '["' not in cell


async def test_ids_in_saved_queries_link_to_their_rows(ds):
    html = (await ds.client.get(f"/{DB}/meeting_timeline")).text
    assert f'<td class="col-meeting_id"><a href="/{DB}/meetings/mtg-6b08f217df">mtg-6b08f217df</a></td>' in html
    pairs = (await ds.client.get(f"/{DB}/who_met_whom")).text
    rows = (await ds.client.get(query_url("who_met_whom"))).json()
    tables = {"person": "people", "organisation": "organisations"}
    for row in rows:
        link = f'<a href="/{DB}/{tables.get(row["participant_a_type"], "?")}/{row["participant_a_id"]}">'
        assert (link in pairs) == (row["participant_a_type"] in tables), row
    meeting_id = rows[0]["meeting_ids"].split(",")[0].strip()
    assert f'<a href="/{DB}/meetings/{meeting_id}">' in pairs


async def test_polymorphic_ids_link_by_their_type_column(ds):
    html = (await ds.client.get(f"/{DB}/mentions?entity_type=place")).text
    assert re.search(rf'<td class="col-entity_id[^"]*"><a href="/{DB}/places/[^"]+">', html)
    assert f'<td class="col-entity_id type-str"><a href="/{DB}/people/' not in html


async def test_foreign_keys_keep_their_labels(ds):
    html = (await ds.client.get(f"/{DB}/claims")).text
    assert re.search(rf'<td class="col-article_id[^"]*"><a href="/{DB}/articles/[^"]+">[^<]+</a>', html)


async def test_articles_table_leaves_the_body_out_but_keeps_it_elsewhere(ds):
    html = (await ds.client.get(f"/{DB}/articles")).text
    assert 'class="col-body' not in html
    assert 'class="hidden-columns"' in html
    show = re.search(r'class="hidden-columns">.*?<a href="([^"]+)"', html, re.S).group(1).replace("&amp;", "&")
    shown = (await ds.client.get(show)).text
    assert '<td class="col-body' in shown and '<td class="col-title' in shown
    rows = (await ds.client.get(f"/{DB}/articles.json?_shape=array")).json()
    assert all(r["body"] for r in rows)
    row_page = (await ds.client.get(f"/{DB}/articles/{rows[0]['id']}")).text
    assert rows[0]["body"][:60].replace("'", "&#39;").replace('"', "&#34;") in row_page


async def test_long_cells_are_truncated_in_html_not_in_json(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    claim_id, text = conn.execute("select id, text from claims order by length(text) desc limit 1").fetchone()
    assert len(text) > SETTINGS["truncate_cells_html"], "the seeds need one claim longer than the limit"
    html = (await ds.client.get(f"/{DB}/claims?id={quote(claim_id)}")).text
    cell = re.search(r'<td class="col-text[^"]*">(.*?)</td>', html, re.S).group(1)
    assert cell.endswith("…") and len(cell) < len(text)
    rows = (await ds.client.get(f"/{DB}/claims.json?_shape=array&id={quote(claim_id)}")).json()
    assert rows[0]["text"] == text


async def test_column_descriptions_and_table_sql_are_folded(ds):
    html = (await ds.client.get(f"/{DB}/meetings")).text
    fold = html[html.index('<details class="column-descriptions-fold">') :]
    fold = fold[: fold.index("</details>")]
    assert "<summary>" in fold and '<dl class="column-descriptions">' in fold and "<dt>participants</dt>" in fold
    assert '<details class="table-definition">' in html


async def test_saved_queries_fold_their_sql(ds, queries):
    for name in queries:
        html = (await ds.client.get(f"/{DB}/{name}?" + "&".join(f"{k}={v}" for k, v in SAMPLE_PARAMS.items()))).text
        assert "_show_sql=1" in html, name
        assert '<pre id="sql-query">' not in html, name
    shown = (await ds.client.get(f"/{DB}/meeting_timeline?_show_sql=1")).text
    assert '<pre id="sql-query">' in shown


async def test_licence_is_shown_once_per_page(ds):
    for path in ("/", f"/{DB}", f"/{DB}/meetings", f"/{DB}/meeting_timeline"):
        html = (await ds.client.get(path)).text
        assert html.count("CC BY 4.0 (derived data)") == 1, path


async def test_about_link_opens_the_readme(ds, metadata):
    assert metadata["about_url"] == "/about"
    home = (await ds.client.get("/")).text
    assert 'href="/about"' in home
    about = await ds.client.get("/about")
    assert about.status_code == 200
    assert "<h2>The JSON API</h2>" in about.text and "<table>" in about.text


async def test_maps_zoom_between_country_and_city(ds, metadata):
    site_wide = metadata["plugins"]["datasette-cluster-map"]
    for table, meta in metadata["databases"][DB]["tables"].items():
        if "plugins" in meta:  # a table's plugins block hides the site-wide map settings
            assert meta["plugins"].get("datasette-cluster-map", site_wide) == site_wide, table
    options = site_wide["tile_layer_options"]
    assert options["minZoom"] < options["maxZoom"] <= 12
    html = (await ds.client.get(f"/{DB}/places")).text
    assert '"minZoom": 4' in html and '"maxZoom": 11' in html


def test_readme_local_recipe_serves_immutable_with_the_site_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    local = readme[readme.index("Or open it locally") :]
    recipe = re.search(r"`([^`]*datasette [^`]*)`", local).group(1)
    for flag in (
        "-i iraq_security.db",
        "-m metadata.yml",
        "--plugins-dir plugins",
        "--template-dir templates",
        "--static assets:static",
    ):
        assert flag in recipe, flag


# ---------------------------------------------------------------- record pages (issue 14)

ROW_LINK = re.compile(
    rf'href="(/{DB}/(?:meetings|people|organisations|articles|places|topics|claims|outlets)/[^"?#]+)"'
)


async def assert_row_links_resolve(ds, html: str) -> set[str]:
    links = set(ROW_LINK.findall(html))
    for link in links:
        assert (await ds.client.get(link)).status_code == 200, link
    return links


async def test_meeting_record_page_shows_participants_evidence_and_claims(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    meeting_id = SAMPLE_PARAMS["meeting_id"]
    sentences = [s for (s,) in conn.execute("select sentence from meeting_sources where meeting_id = ?", [meeting_id])]
    claims = [t for (t,) in conn.execute("select text from claims where meeting_id = ?", [meeting_id])]
    response = await ds.client.get(f"/{DB}/meetings/{meeting_id}")
    assert response.status_code == 200
    html = response.text
    assert re.search(r"<h1[^>]*>\s*\w+ on 2024-11-11 in Tehran</h1>", html)
    assert f'<a href="/{DB}/people/qasim-al-araji">Qasim al-Araji</a>' in html
    assert "top Iranian security officials" in html  # an unnamed group, as written
    assert sentences and all(f"<blockquote>{s}</blockquote>" in html for s in sentences)
    assert claims and all(c in html for c in claims)
    assert f"/{DB}/meeting_provenance?meeting_id={meeting_id}" in html
    assert '<details class="all-fields">' in html
    links = await assert_row_links_resolve(ds, html)
    assert f"/{DB}/places/tehran" in links


async def test_person_record_page_shows_roles_meetings_claims_and_articles(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    person = "qasim-al-araji"
    meetings = {m for (m,) in conn.execute("select meeting_id from meeting_participants where person_id = ?", [person])}
    claims = conn.execute("select count(*) from claims where speaker_person_id = ?", [person]).fetchone()[0]
    html = (await ds.client.get(f"/{DB}/people/{person}")).text
    assert "Qasim al-Araji</h1>" in html and "National Security Advisor" in html
    assert f"<h2>Meetings ({len(meetings)})</h2>" in html
    assert all(f'href="/{DB}/meetings/{m}"' in html for m in meetings)
    assert f"<h2>Claims ({claims})</h2>" in html and claims > 0
    assert f"/{DB}/person_dossier?person={person}" in html
    await assert_row_links_resolve(ds, html)


async def test_organisation_record_page_shows_its_meetings_and_people(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    org = conn.execute(
        "select coalesce(organisation_id, affiliation_id) from meeting_participants "
        "where coalesce(organisation_id, affiliation_id) is not null "
        "group by 1 order by count(*) desc limit 1"
    ).fetchone()[0]
    name = conn.execute("select name from organisations where id = ?", [org]).fetchone()[0]
    html = (await ds.client.get(f"/{DB}/organisations/{org}")).text
    assert f"{name}" in html and "<h2>Meetings (" in html and "<h2>Meetings (0)" not in html
    assert "<h2>People with a title in it" in html
    await assert_row_links_resolve(ds, html)


async def test_article_record_page_shows_the_text_and_what_was_found_in_it(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    article_id, title, body = conn.execute(
        "select id, title, body from articles where id in (select article_id from meeting_sources) limit 1"
    ).fetchone()
    html = (await ds.client.get(f"/{DB}/articles/{article_id}")).text
    first_paragraph = next(p for p in body.split("\n") if p.strip())
    assert f"<p>{first_paragraph}</p>".replace("'", "&#39;").replace('"', "&#34;") in html
    assert "<h2>Meetings it reports (0)" not in html and "<h2>Meetings it reports (" in html
    assert "<dt>People</dt>" in html and "<dt>Places</dt>" in html
    await assert_row_links_resolve(ds, html)


async def test_record_pages_follow_columns_added_or_missing(seed_db, metadata, tmp_path):
    """Other branches add columns (people.article_count, articles.url) or may lack one
    (meeting_participants.group_text, claims.speaker_affiliation_id): the pages adapt."""
    import shutil

    copy = tmp_path / "iraq_security.db"
    shutil.copy(seed_db, copy)
    conn = sqlite3.connect(copy)
    columns = {r[1] for r in conn.execute("pragma table_info(meeting_participants)")}
    if "group_text" in columns:
        conn.execute("alter table meeting_participants drop column group_text")
    if "article_count" not in {r[1] for r in conn.execute("pragma table_info(people)")}:
        conn.execute("alter table people add column article_count integer")
    conn.execute("update people set article_count = 4242 where id = 'qasim-al-araji'")
    if "url" not in {r[1] for r in conn.execute("pragma table_info(articles)")}:
        conn.execute("alter table articles add column url text")
    conn.execute("update articles set url = 'https://example.org/story-1'")
    if "speaker_affiliation_id" not in {r[1] for r in conn.execute("pragma table_info(claims)")}:
        conn.execute("alter table claims add column speaker_affiliation_id text")
    conn.commit()
    article_id = conn.execute("select id from articles limit 1").fetchone()[0]
    conn.close()
    ds = Datasette(
        files=[],
        immutables=[str(copy)],
        metadata=metadata,
        settings=SETTINGS,
        plugins_dir=str(ROOT / "plugins"),
        template_dir=str(ROOT / "templates"),
    )
    meeting = await ds.client.get(f"/{DB}/meetings/{SAMPLE_PARAMS['meeting_id']}")
    assert meeting.status_code == 200 and "Participants (" in meeting.text
    person = (await ds.client.get(f"/{DB}/people/qasim-al-araji")).text
    assert "<dt>article count</dt><dd>4242</dd>" in person
    article = (await ds.client.get(f"/{DB}/articles/{article_id}")).text
    assert 'href="https://example.org/story-1"' in article
    assert (await ds.client.get(f"/{DB}/organisations/government-of-iraq")).status_code == 200


def test_sides_have_one_colour_everywhere(metadata):
    sides = {k: v for k, v in json.loads((ROOT / "static" / "sides.json").read_text()).items() if not k.startswith("_")}
    assert len(set(sides.values())) == len(sides), "two sides share a colour"
    chart = metadata["plugins"]["datasette-dashboards"]["overview"]["charts"]["people-by-side"]
    scale = chart["display"]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == sides
    # The chart's SQL sends every side the file lacks to "other".
    listed = set(re.findall(r"'([^']+)'", chart["query"].split("IN (")[1].split(")")[0]))
    assert listed == set(sides) - {"other"}


# ---------------------------------------------------------------- feeds, reconciliation, search (issue 14)


async def feed(ds, path: str):
    import feedparser

    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def meetings_with(seed_db, person: str) -> set[str]:
    conn = sqlite3.connect(seed_db)
    return {m for (m,) in conn.execute("select meeting_id from meeting_participants where person_id = ?", [person])}


@pytest.mark.parametrize("participant", ["qasim-al-araji", "Qassim al-Araji"])
async def test_meetings_feed_filtered_by_participant(ds, seed_db, participant):
    parsed = await feed(ds, f"/{DB}/meetings_feed.atom?participant={quote(participant)}")
    expected = meetings_with(seed_db, "qasim-al-araji")
    assert parsed.feed.title == "Meetings feed (Atom)"
    assert {e.link.rsplit("/", 1)[1] for e in parsed.entries} == expected
    entry = next(e for e in parsed.entries if e.link.endswith(SAMPLE_PARAMS["meeting_id"]))
    assert entry.link.startswith("http://localhost/iraq_security/meetings/")
    assert (await ds.client.get(entry.link.replace("http://localhost", ""))).status_code == 200
    assert "Tehran" in entry.title and entry.updated.startswith("2024-11-11")


async def test_meetings_feed_unfiltered_has_every_meeting_and_empty_filter_gives_an_empty_feed(ds, seed_db):
    count = sqlite3.connect(seed_db).execute("select count(*) from meetings").fetchone()[0]
    assert len((await feed(ds, f"/{DB}/meetings_feed.atom")).entries) == count
    assert (await feed(ds, f"/{DB}/meetings_feed.atom?participant=nobody-at-all")).entries == []
    place = await feed(ds, f"/{DB}/meetings_feed.atom?place=Tehran")
    assert place.entries and all(" in Tehran" in e.title for e in place.entries)


async def test_claims_feed_filtered_by_speaker(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    expected = {c for (c,) in conn.execute("select id from claims where speaker_person_id = 'qasim-al-araji'")}
    parsed = await feed(ds, f"/{DB}/claims_feed.atom?speaker=Qasim+al-Araji")
    assert expected and {e.link.rsplit("/", 1)[1] for e in parsed.entries} == expected
    assert all(e.title.startswith("Qasim al-Araji") for e in parsed.entries)


async def test_meetings_calendar_has_the_dated_meetings(ds, seed_db):
    import icalendar

    response = await ds.client.get(f"/{DB}/meetings_calendar.ics?participant=qasim-al-araji")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    conn = sqlite3.connect(seed_db)
    expected = {
        m
        for (m,) in conn.execute(
            "select m.id from meetings m join meeting_participants mp on mp.meeting_id = m.id "
            "where mp.person_id = 'qasim-al-araji' and m.date_precision = 'day'"
        )
    }
    assert expected and {str(e["UID"]).split("@")[0] for e in events} == expected
    tehran = next(e for e in events if str(e["UID"]).startswith(SAMPLE_PARAMS["meeting_id"]))
    assert tehran.decoded("DTSTART").date().isoformat() == "2024-11-11"
    assert "Tehran" in str(tehran["SUMMARY"])


async def test_feed_links_are_on_the_query_pages(ds):
    html = (await ds.client.get(f"/{DB}/meetings_feed?participant=qasim-al-araji")).text
    assert "meetings_feed.atom?participant=qasim-al-araji" in html
    assert "meetings_calendar.ics" in (await ds.client.get(f"/{DB}/meetings_calendar")).text


@pytest.mark.parametrize(
    "table,query,expected",
    [
        ("people", "Qasim al-Araji", "qasim-al-araji"),
        ("people", "Araji", "qasim-al-araji"),
        ("people", "Qassim al-Araji", "qasim-al-araji"),  # a spelling the aliases know
        ("places", "Tehran", "tehran"),
    ],
)
async def test_reconciliation_service_matches_names(ds, table, query, expected):
    manifest = (await ds.client.get(f"/{DB}/{table}/-/reconcile")).json()
    assert manifest["view"]["url"].endswith(f"/{DB}/{table}/{{{{id}}}}")
    queries = json.dumps({"q0": {"query": query}})
    by_get = (await ds.client.get(f"/{DB}/{table}/-/reconcile?queries={quote(queries)}")).json()
    by_post = await ds.client.post(f"/{DB}/{table}/-/reconcile", data={"queries": queries})
    assert by_post.status_code == 200, by_post.text  # OpenRefine posts its queries
    for answer in (by_get, by_post.json()):
        results = answer["q0"]["result"]
        assert results[0]["id"] == expected, results


async def test_reconciliation_post_does_not_open_writes(ds):
    assert (await ds.client.post(f"/{DB}/people", data={"name": "x"})).status_code == 405
    assert (await ds.client.post(f"/{DB}/people/-/reconcile/../insert", data={})).status_code == 405


async def test_search_all_covers_people_organisations_and_meetings(ds):
    html = (await ds.client.get("/-/search?q=Araji")).text
    for table in ("people", "person_aliases", "organisations", "meetings", "articles", "claims"):
        assert f'data-searchable-url="/{DB}/{table}"' in html, table
    # Another spelling finds the person through the aliases index.
    rows = (await ds.client.get(f"/{DB}/person_aliases.json?_shape=array&_search=Qassim")).json()
    assert "qasim-al-araji" in {r["person_id"] for r in rows}
    meetings = (await ds.client.get(f"/{DB}/meetings.json?_shape=array&_search=Araji")).json()
    assert meetings and all("Qasim al-Araji" in r["participants"] for r in meetings)
    orgs = (await ds.client.get(f"/{DB}/organisations.json?_shape=array&_search=KDP")).json()
    assert orgs


# ---------------------------------------------------------------- the network page (issue 14)


async def test_network_page_loads_only_scripts_the_site_serves(ds):
    response = await ds.client.get("/network")
    assert response.status_code == 200
    html = response.text
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert "/assets/vendor/cytoscape-3.30.4.min.js" in sources and "/assets/network.js" in sources
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    for source in sources:
        assert (await ds.client.get(source)).status_code == 200, source
    assert 'href="/network"' in (await ds.client.get("/")).text


def test_vendored_library_is_pinned_with_its_licence():
    vendor = ROOT / "static" / "vendor"
    library = (vendor / "cytoscape-3.30.4.min.js").read_text(encoding="utf-8")
    assert library.startswith("/**\n * Copyright (c) 2016-2024, The Cytoscape Consortium.")
    assert "Permission is hereby granted" in (vendor / "cytoscape-3.30.4.LICENSE").read_text(encoding="utf-8")
    assert "cytoscape-3.30.4.min.js" in (vendor / "README.md").read_text(encoding="utf-8")
    assert "cytoscape-3.30.4.min.js" in (ROOT / "templates" / "pages" / "network.html").read_text(encoding="utf-8")


def test_make_serve_serves_through_the_one_place_that_holds_the_settings():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = makefile[makefile.index("serve: build") :].splitlines()[1]
    assert "iraq-security serve --db $(DB)" in recipe
    assert "--setting" not in makefile, "settings live in iraq_security/serving.py, not the Makefile"


def test_serve_command_passes_the_settings_and_site_files_the_tests_use():
    command = " ".join(serving.serve_command("build/iraq_security.db", "."))
    settings = dict(re.findall(r"--setting (\w+) (\S+)", command))
    assert settings == {k: ("off" if v is False else str(v)) for k, v in SETTINGS.items()}
    for flag in (
        "serve -i build/iraq_security.db",
        "-m metadata.yml",
        "--plugins-dir plugins",
        "--template-dir templates",
        "--static assets:static",
        "--cors",
        "--host 127.0.0.1 --port 8001",
    ):
        assert flag in command, flag


def test_serve_command_refuses_a_missing_database_clearly(tmp_path, capsys):
    from iraq_security.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2
    assert "database not found" in capsys.readouterr().err


def test_readme_publishing_settings_are_the_served_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = re.findall(r'^SETTINGS="([^"]*)"', readme, flags=re.M)
    assert line == " ".join(serving.setting_arguments())
