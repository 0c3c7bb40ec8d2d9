"""The collection step settles ids and links once; the writer writes what it declares."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from iraq_security.collect import Collection, collect_claims, collect_outlets, dateline_place
from iraq_security.database import TABLES, write_all
from iraq_security.gazetteer import load_gazetteer
from iraq_security.outlets import Outlet, OutletIndex
from iraq_security.records import Article, Claim
from iraq_security.resolve import EntityTables


def article(article_id: str, **fields) -> Article:
    return Article(id=article_id, source_file=f"{article_id}.txt", sha256="0" * 64, body="", **fields)


def claim(article_id: str, text: str, **fields) -> Claim:
    return Claim(article_id, text, "direct", "said", 0, len(text), 0, None, **fields)


def test_claims_are_numbered_once_per_article_in_order():
    articles = [article("a"), article("b")]
    claims = {"a": [claim("a", "First."), claim("a", "Second.")], "b": [claim("b", "Only.")]}
    collected = collect_claims(articles, claims, [], {})
    assert [(c.id, c.claim.text) for c in collected] == [("a-c1", "First."), ("a-c2", "Second."), ("b-c1", "Only.")]


def test_a_claim_speaker_gets_the_final_id_of_a_new_record():
    claims = {"a": [claim("a", "Words.", speaker_person_id="new:person:jane roe", speaker_kind="person")]}
    [collected] = collect_claims([article("a")], claims, [], {"new:person:jane roe": "jane-roe"})
    assert collected.claim.speaker_person_id == "jane-roe"
    assert collected.meeting_id is None


def test_a_claim_warning_names_the_claim_row_it_is_about(seed_db):
    db = sqlite3.connect(seed_db)
    messages = [m for (m,) in db.execute("select message from problems")]
    named = [m.split(":", 1)[0].removeprefix("claim ") for m in messages if m.startswith("claim ")]
    assert named, "the seeds have a claim with a warning"
    claim_ids = {i for (i,) in db.execute("select id from claims")}
    assert set(named) <= claim_ids


def test_an_outlet_first_named_on_pages_is_added_once_as_found_on_a_page():
    curated = OutletIndex([Outlet("rudaw", "Rudaw", ("Rudaw Media Network",), None, "IQ", "en", "broadcaster", None)])
    articles = [article("a", new_outlets=["Example Times"]), article("b", new_outlets=["Example Times"])]
    outlets = collect_outlets(curated, articles)
    assert [(o.id, o.source) for o in outlets] == [("rudaw", "curated"), ("example-times", "page")]
    assert outlets[0].aliases == ("Rudaw Media Network",)


def test_a_dateline_naming_two_places_gives_the_first():
    gazetteer = load_gazetteer()
    [baghdad] = gazetteer.place_ids("Baghdad")
    assert dateline_place(article("a", dateline="Baghdad/Erbil"), gazetteer) == baghdad
    assert dateline_place(article("b"), gazetteer) is None


def test_every_declared_table_is_written_even_without_rows(tmp_path):
    db = sqlite_utils.Database(tmp_path / "empty.db")
    write_all(db, Collection([], EntityTables(), [], [], [], []))
    for table in TABLES:
        assert db[table.name].exists(), table.name
        assert list(db[table.name].columns_dict)[: len(table.columns)] == list(table.columns), table.name
        if table.full_text:
            assert db[table.name].detect_fts() == f"{table.name}_fts"
