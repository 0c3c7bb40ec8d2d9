"""People, organisations and places in the news: counts, first and last seen,
and default views that show what the corpus mentions while the gazetteer's
reference records stay queryable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
DB = "iraq_security"
TABLES = ("people", "organisations", "places")


@pytest.fixture
def ds(seed_db) -> Datasette:
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette(files=[], immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))


def query(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("table", TABLES)
def test_entities_carry_counts_and_first_and_last_seen(seed_db, table):
    rows = query(
        seed_db, f"select article_count, meeting_count, claim_count, first_seen, last_seen, reference_only from {table}"
    )
    mentioned = [r for r in rows if not r[5]]
    assert mentioned and len(mentioned) < len(rows)  # the seeds name some, the gazetteer holds more
    for articles, meetings, claims, first, last, reference_only in rows:
        assert reference_only == (articles == meetings == claims == 0)
        assert (first is None) == (articles == 0)
        assert first is None or first <= last


def test_counts_follow_the_corpus(seed_db):
    ((articles, meetings, first, last),) = query(
        seed_db, "select article_count, meeting_count, first_seen, last_seen from people where id = 'qasim-al-araji'"
    )
    expected_articles = query(
        seed_db, "select count(distinct article_id) from article_people where person_id = 'qasim-al-araji'"
    )[0][0]
    expected_meetings = query(
        seed_db, "select count(distinct meeting_id) from meeting_participants where person_id = 'qasim-al-araji'"
    )[0][0]
    assert (articles, meetings) == (expected_articles, expected_meetings)
    assert first < last


@pytest.mark.parametrize("table", TABLES)
async def test_default_view_shows_only_what_the_corpus_mentions(ds, seed_db, table):
    html = (await ds.client.get(f"/{DB}/{table}")).text
    mentioned = query(seed_db, f"select count(*) from {table} where reference_only = 0")[0][0]
    assert f"{mentioned} row" in html
    everything = (await ds.client.get(f"/{DB}/{table}.json?_shape=array&_size=max")).json()
    assert any(row["reference_only"] for row in everything)  # reference data stays queryable
