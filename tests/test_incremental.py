"""Incremental builds: what is parsed again, and what is not."""

import shutil

import pytest
import sqlite_utils

from iraq_security import curated
from iraq_security.build import build

from .conftest import SEEDS


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def rows(db_path, table):
    return list(sqlite_utils.Database(db_path)[table].rows)


def test_rebuild_with_nothing_changed_is_up_to_date(corpus, tmp_path):
    db = tmp_path / "out" / "a.db"
    first = build(corpus, db, progress=False)
    assert first.parsed == 5 and not first.up_to_date
    before = db.stat().st_mtime_ns
    second = build(corpus, db, progress=False)
    assert second.up_to_date and second.parsed == 0
    assert db.stat().st_mtime_ns == before  # not rewritten


def test_forced_rebuild_takes_every_article_from_the_cache(corpus, tmp_path):
    db = tmp_path / "out" / "a.db"
    build(corpus, db, progress=False)
    claims = rows(db, "claims")
    forced = build(corpus, db, progress=False, force=True)
    assert forced.parsed == 0 and not forced.up_to_date
    assert rows(db, "claims") == claims


def test_only_a_changed_article_is_parsed_again(corpus, tmp_path):
    db = tmp_path / "out" / "a.db"
    build(corpus, db, progress=False)
    page = corpus / "001_e8231a2f13b51d5a.txt"
    page.write_text(page.read_text().replace("convened on Wednesday", "convened on Tuesday"))
    report = build(corpus, db, progress=False)
    assert report.parsed == 1
    dates = {
        r["date"]
        for r in sqlite_utils.Database(db).query(
            "select m.date from meetings m join meeting_sources s on s.meeting_id = m.id where s.article_id like '001%'"
        )
    }
    assert dates == {"2023-12-19"}


def test_a_change_to_curated_data_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    db = tmp_path / "out" / "a.db"
    build(corpus, db, progress=False)
    monkeypatch.setattr(curated, "data_hash", lambda: "a-different-gazetteer")
    assert build(corpus, db, progress=False).parsed == 5


def test_a_corrupt_cache_entry_is_dropped_and_rebuilt(corpus, tmp_path):
    db = tmp_path / "out" / "a.db"
    build(corpus, db, progress=False)
    claims = rows(db, "claims")
    entries = sorted((tmp_path / "out" / "cache").rglob("*.pickle"))
    entries[0].write_bytes(entries[0].read_bytes()[:-20] + b"garbage garbage xyz!")
    report = build(corpus, db, progress=False, force=True)
    assert report.parsed == 1
    assert any("corrupt cache entry" in p.message for p in report.problems)
    assert rows(db, "claims") == claims
    assert build(corpus, db, progress=False, force=True).parsed == 0


def test_no_cache_parses_everything(corpus, tmp_path):
    db = tmp_path / "out" / "a.db"
    build(corpus, db, progress=False)
    assert build(corpus, db, progress=False, cache_dir=None, force=True).parsed == 5
