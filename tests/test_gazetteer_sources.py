"""Every curated record says where its facts come from (issue 15).

A person, organisation or place in the gazetteer, and each dated role, carries
`source`: a URL, a document, "article" (the corpus itself is the evidence) or
"unsourced" (kept, and shown as such on the site). These tests read the YAML
files themselves, so a record added without a source fails here.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from iraq_security import curated

KINDS = ("people", "organisations", "places")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def records(kind):
    return curated.load(kind)[kind]


def well_formed(source) -> bool:
    if not isinstance(source, str) or not source.strip():
        return False
    if source.startswith(("http://", "https://")):
        return " " not in source
    return source in ("article", "unsourced") or len(source.split()) >= 2  # a document: title, publisher …


@pytest.mark.parametrize("kind", KINDS)
def test_every_gazetteer_record_has_a_source(kind):
    missing = [r["id"] for r in records(kind) if not well_formed(r.get("source"))]
    assert not missing, f"{kind}.yml records without a source (a URL, a document, 'article' or 'unsourced'): {missing}"


def test_every_dated_role_has_a_source():
    missing = [
        f"{p['id']}: {r['title']}"
        for p in records("people")
        for r in p.get("roles") or ()
        if not well_formed(r.get("source"))
    ]
    assert not missing, f"roles without a source: {missing}"


def test_role_dates_are_dates_or_present():
    bad = [
        f"{p['id']}: {r['title']} {r.get('start')}–{r.get('end')}"
        for p in records("people")
        for r in p.get("roles") or ()
        if (r.get("start") is not None and not DATE.match(str(r["start"])))
        or (r.get("end") not in (None, "present") and not DATE.match(str(r["end"])))
    ]
    assert not bad


def test_well_formed_sources():
    assert well_formed("https://example.org/a")
    assert well_formed("article") and well_formed("unsourced")
    assert well_formed("KRG Council of Ministers, decree 1 of 2019")
    assert not well_formed("") and not well_formed(None) and not well_formed("gazetteer")


def test_the_site_shows_which_curated_records_are_unsourced(seed_db):
    conn = sqlite3.connect(seed_db)
    try:
        for table in ("people", "organisations", "places", "roles"):
            rows = conn.execute(f"select sourced_from from {table} where source = 'gazetteer'").fetchall()
            assert rows and all(value for (value,) in rows), table
        sourced = conn.execute("select sourced_from from people where id = 'ali-akbar-ahmadian'").fetchone()[0]
        assert sourced.startswith("https://")
    finally:
        conn.close()
