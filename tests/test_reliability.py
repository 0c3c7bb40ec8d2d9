"""Reliability of the build (issue 8): bad input, kills, concurrent builds,
and the integrity of every database a build writes.

The kill tests (`-m kill`) SIGKILL real `iraq-security build` processes at
several points of a 60-page build; everything else runs in-process.

Set RELIABILITY_FIGURES=/some/file.jsonl to have the tests append the figures
quoted in docs/reliability.md (files, problems, kills, timings).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from iraq_security.build import corpus_hash
from iraq_security.cache import MAGIC, ExtractionCache
from iraq_security.cli import main

from .conftest import ROOT, SEEDS

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
DB_NAME = "iraq_security.db"


def note(**figures) -> None:
    """Append figures for docs/reliability.md when RELIABILITY_FIGURES names a file."""
    target = os.environ.get("RELIABILITY_FIGURES")
    if target:
        with open(target, "a") as f:
            f.write(json.dumps(figures, default=str) + "\n")


def cli(*args: str) -> tuple[int, str]:
    """Run `iraq-security …` in-process; exit code and stdout."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def rows(db_path, table, where: str = "", params=(), drop=("id",)) -> list[dict]:
    db = sqlite_utils.Database(db_path)
    found = [
        {k: v for k, v in r.items() if k not in drop} for r in db.query(f"select * from [{table}] {where}", params)
    ]
    return sorted(found, key=lambda r: json.dumps(r, sort_keys=True, default=str))


# ---------------------------------------------------------------- the bad-input corpus

ARABIC = (
    "محادثات أمن الحدود\n\n"
    "بغداد - قال مسؤولون عراقيون يوم الثلاثاء إن المحادثات بشأن أمن الحدود مع إقليم كردستان "
    "انتهت باتفاق على الاجتماع مجددا الشهر المقبل، وفق بيان صادر عن وزارة الداخلية في العاصمة.\n"
)
BOILERPLATE = (
    "• Monday, 02 February 2026\nlogo\nTop\nShare\nPrint\nComments\nAdvertisement\nRead more\nBack to top\nA-AA +\n"
)
UNBALANCED = (
    "Border committee resumes work in Basra\n\n"
    "Rudaw November 14, 2024 Politics\n\n"
    "BASRA – Officials of the provincial council met on Wednesday to discuss the security of the port, "
    "the council said in a statement.\n\n"
    "“The joint committee will finish its work before the end of the year and the guards will stay in "
    "place, a council spokesman told reporters on Wednesday.\n\n"
    "The committee agreed to meet again next month in the port city, the statement said.\n"
)
NOT_UTF8 = (
    "Water network repairs approved in Najaf\n\n"
    "Rudaw November 15, 2024 Politics\n\n"
    "NAJAF – The provincial council approved on Thursday a plan to repair the water network before the "
    "summer, the council’s statement said, adding that the work would take four months.\n"
).encode("cp1252")

# file name -> (severity, what its problems row must say)
BAD_FILES = {
    "bad_empty.txt": ("error", "empty file"),
    "bad_image.txt": ("error", "binary file"),
    "bad_not_utf8.txt": ("warning", "not UTF-8"),
    "bad_huge.txt": ("error", "exceeds the 200,000"),
    "bad_duplicate.txt": ("warning", f"duplicate content: same text as {SEED_FILES[1]}"),
    "bad_near_duplicate.txt": ("warning", f"near-duplicate of {SEED_FILES[2]}"),
    "bad_arabic.txt": ("error", "not an English page"),
    "bad_boilerplate.txt": ("error", "no recognisable article body"),
    "bad_unbalanced_quotes.txt": ("warning", "unclosed quotation mark"),
    "x.txt": ("error", "a directory, not a file"),
    "bad_broken_link.txt": ("error", "broken symbolic link"),
    # Saved HTML (issue 11).
    "bad_listing.html": ("error", "no article text in the HTML page"),
    "bad_dump.html": ("error", "elements exceeds"),
    "bad_wrong_encoding.html": ("warning", "declared encoding 'iso-8859-1' is wrong"),
    "bad_hostile.html": ("warning", "no publication date"),
    "bad_truncated.html": ("warning", "no publication date"),
    "bad_several_mb.html": ("warning", "no publication date"),
}
KEPT_BAD_FILES = {  # readable pages with a warning
    "bad_not_utf8.txt",
    "bad_unbalanced_quotes.txt",
    "bad_wrong_encoding.html",
    "bad_hostile.html",
    "bad_truncated.html",
    "bad_several_mb.html",
}


def html_page(paragraphs: list[str], extra: str = "", charset: str = "utf-8") -> str:
    """A saved news page around some paragraphs: menu, related links, footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Border news | Rudaw</title>'
        '<meta property="og:site_name" content="Rudaw"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>Border news from the region</h1>{body}{extra}</article>"
        "<aside><h3>Related</h3><a href='/x'>Another story</a></aside><footer>© 2024 Rudaw</footer></body></html>"
    )


HTML_PAGES = {
    "bad_listing.html": "<html><head><title>Politics</title></head><body><ul>"
    + "".join(f"<li><a href='/s{i}'>Story {i} headline</a></li>" for i in range(40))
    + "</ul></body></html>",
    "bad_dump.html": html_page(
        ["Officials in Duhok opened a new crossing for trucks carrying fruit to Turkey on Sunday, the governor said."],
        "<div>" + "<b>x</b>" * 60_000 + "</div>",
    ),
    "bad_wrong_encoding.html": html_page(
        [
            "Kirkuk’s governor met the commander of the federal police on Monday to discuss “the security of the "
            "oil fields”, his office said in a statement released after the meeting."
        ],
        charset="iso-8859-1",
    ),
    "bad_hostile.html": html_page(
        [
            "Basra port officials reviewed the new scanners for containers on Wednesday, the port authority said, "
            "adding that the devices would be working by the end of the month."
        ],
        "<script>document.write('INJECTED')</script><iframe src='https://evil.example/'></iframe>"
        '<img src=x onerror="alert(\'OWNED\')"><p onmouseover="steal()">Inspectors said the scanners had '
        "already found two shipments of undeclared goods in their first week of tests.</p>",
    ),
    "bad_several_mb.html": html_page(
        [
            "Anbar’s council approved a plan to rebuild three bridges over the Euphrates before the summer floods, "
            "the council’s statement said on Thursday, adding that work would start next month."
        ],
        "<div hidden>" + "<span>filler</span>" * 300_000 + "</div>",
    ),
}
TRUNCATED = html_page(
    [
        "Najaf airport reopened to flights from Tehran on Saturday after a week of repairs to its runway, the "
        "airport’s director said, adding that pilgrims would be able to travel again.",
        "The director said the next flights would land on Sunday morning.",
    ]
)


def write_bad_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in SEED_FILES:
        shutil.copy(SEEDS / name, folder / name)
    (folder / "bad_empty.txt").write_bytes(b"")
    (folder / "bad_image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
        + bytes(range(256)) * 4
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    (folder / "bad_not_utf8.txt").write_bytes(NOT_UTF8)
    (folder / "bad_huge.txt").write_bytes(b"word " * 4_000_000)  # 20 MB, one line
    (folder / "bad_duplicate.txt").write_bytes((SEEDS / SEED_FILES[1]).read_bytes())
    text = (SEEDS / SEED_FILES[2]).read_text()
    at = text.index(" the ", len(text) // 2)
    (folder / "bad_near_duplicate.txt").write_text(text[:at] + " a " + text[at + 5 :])  # one word changed
    (folder / "bad_arabic.txt").write_text(ARABIC)
    (folder / "bad_boilerplate.txt").write_text(BOILERPLATE)
    (folder / "bad_unbalanced_quotes.txt").write_text(UNBALANCED)
    (folder / "x.txt").mkdir()
    (folder / "bad_broken_link.txt").symlink_to(folder / "no-such-file.txt")
    for name, html in HTML_PAGES.items():
        (folder / name).write_bytes(html.encode("utf-8"))  # bad_wrong_encoding.html declares latin-1
    (folder / "bad_truncated.html").write_text(TRUNCATED[: TRUNCATED.index("next flights") + 4])
    return folder


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """The seeds plus one file of every bad kind, built with the command line."""
    root = tmp_path_factory.mktemp("bad-input")
    corpus = write_bad_corpus(root / "corpus")
    db_path = root / "out" / DB_NAME
    started = time.monotonic()
    code, out = cli("build", "--corpus", str(corpus), "--db", str(db_path))
    seconds = time.monotonic() - started
    problems = sqlite_utils.Database(db_path)["problems"].count if db_path.exists() else 0
    note(
        test="bad input",
        files=len(list(corpus.iterdir())),
        bad_files=len(BAD_FILES),
        problems=problems,
        seconds=round(seconds, 1),
    )
    return {"corpus": corpus, "db": db_path, "code": code, "out": out}


def test_the_build_with_bad_files_finishes_with_exit_code_0(bad_build):
    assert bad_build["code"] == 0, bad_build["out"]
    assert "bad_empty.txt" in bad_build["out"] and "bad_huge.txt" in bad_build["out"]


def test_strict_fails_on_the_same_corpus(bad_build):
    code, _ = cli("build", "--corpus", str(bad_build["corpus"]), "--db", str(bad_build["db"]), "--strict")
    assert code == 1


def test_every_bad_file_has_a_problems_row_with_a_clear_message(bad_build):
    problems = rows(bad_build["db"], "problems")
    for name, (severity, message) in BAD_FILES.items():
        found = [p for p in problems if p["source_file"] == name]
        assert any(p["severity"] == severity and message in p["message"] for p in found), (name, found)
    errors = {p["source_file"] for p in problems if p["severity"] == "error"}
    assert errors == {name for name, (severity, _) in BAD_FILES.items() if severity == "error"}


def test_every_good_page_is_present_and_the_skipped_files_are_not(bad_build):
    db = sqlite_utils.Database(bad_build["db"])
    files = {r["source_file"] for r in db["articles"].rows}
    assert files == set(SEED_FILES) | KEPT_BAD_FILES


def test_the_unclosed_quote_is_a_warning_on_a_kept_page(bad_build):
    db = sqlite_utils.Database(bad_build["db"])
    article = next(db.query("select id, body from articles where source_file = 'bad_unbalanced_quotes.txt'"))
    assert "The joint committee will finish" in article["body"]
    messages = [
        p["message"] for p in rows(bad_build["db"], "problems", "where source_file = 'bad_unbalanced_quotes.txt'")
    ]
    unclosed = [m for m in messages if m.startswith("unclosed quotation mark at character")]
    assert len(unclosed) == 1, messages
    position = int(unclosed[0].split("character ")[1].split(";")[0])
    assert article["body"][position] == "“"


def test_no_markup_or_script_from_hostile_html_reaches_the_body(bad_build):
    db = sqlite_utils.Database(bad_build["db"])
    body = next(db.query("select body from articles where source_file = 'bad_hostile.html'"))["body"]
    assert "scanners had already found two shipments" in body
    for markup in ("<", ">", "INJECTED", "OWNED", "steal", "evil.example", "onerror"):
        assert markup not in body


def test_wrongly_declared_encoding_is_read_as_what_the_bytes_are(bad_build):
    db = sqlite_utils.Database(bad_build["db"])
    body = next(db.query("select body from articles where source_file = 'bad_wrong_encoding.html'"))["body"]
    assert "“the security of the oil fields”" in body and "Kirkuk’s" in body


def test_good_pages_are_unchanged_by_the_bad_files(bad_build, seed_db):
    seeds = [r["id"] for r in sqlite_utils.Database(seed_db)["articles"].rows]
    assert len(seeds) == len(SEED_FILES)
    in_seeds = f"where article_id in ({', '.join('?' * len(seeds))})"
    for table, where in [
        ("articles", f"where id in ({', '.join('?' * len(seeds))})"),
        ("mentions", in_seeds),
        ("claims", in_seeds),
        ("roles", in_seeds),
        ("article_people", in_seeds),
        ("article_organisations", in_seeds),
        ("article_places", in_seeds),
    ]:
        assert rows(bad_build["db"], table, where, seeds) == rows(seed_db, table, where, seeds), table
    numbers = f"where claim_id in (select id from claims {in_seeds})"
    assert rows(bad_build["db"], "claim_numbers", numbers, seeds) == rows(seed_db, "claim_numbers", numbers, seeds)
    in_files = f"where source_file in ({', '.join('?' * len(SEED_FILES))})"
    assert rows(bad_build["db"], "problems", in_files, SEED_FILES) == rows(seed_db, "problems", in_files, SEED_FILES)


def schema(db_path) -> dict[str, list]:
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    return {t: sorted((c[1], c[2], c[5]) for c in conn.execute(f"pragma table_info([{t}])")) for t in tables}


def test_a_corpus_of_only_bad_files_builds_every_table_empty(tmp_path, seed_db):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "boilerplate.txt").write_text(BOILERPLATE)
    (corpus / "arabic.txt").write_text(ARABIC)
    (corpus / "x.txt").mkdir()
    (corpus / "link.txt").symlink_to(corpus / "nowhere.txt")
    cache = tmp_path / "elsewhere"  # a cache away from the database: a killed build's leftovers there go too
    (cache / "ab").mkdir(parents=True)
    (cache / "ab" / ".stale.tmp").write_bytes(b"half an entry")
    db_path = tmp_path / "out" / DB_NAME
    code, out = cli("build", "--corpus", str(corpus), "--db", str(db_path), "--cache-dir", str(cache))
    assert code == 0, out
    assert "0 articles" in out and "5 files skipped" in out
    assert schema(db_path) == schema(seed_db)  # every table, with the same columns, just empty
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 0 and db["problems"].count == 5
    assert not list(cache.rglob(".*.tmp"))
    code, _ = cli("build", "--corpus", str(corpus), "--db", str(db_path), "--strict")
    assert code == 1


# ---------------------------------------------------------------- integrity of every build


@pytest.fixture(params=["seeds", "bad input"])
def built(request):
    """(database, corpus) of the seed build and of the bad-input build."""
    if request.param == "seeds":
        return request.getfixturevalue("seed_db"), SEEDS
    bad = request.getfixturevalue("bad_build")
    return bad["db"], bad["corpus"]


# Each query lists rows that point at nothing (or name nothing): all must be empty.
ORPHANS = {
    "articles: publisher": "select id from articles where publisher_id not in (select id from outlets)",
    "articles: credited source": "select id from articles where credited_source_id not in (select id from outlets)",
    "articles: dateline place": "select id from articles where dateline_place_id not in (select id from places)",
    "article_tags": "select article_id from article_tags where article_id not in (select id from articles)",
    "outlet_aliases": "select outlet_id from outlet_aliases where outlet_id not in (select id from outlets)",
    "person_aliases": "select person_id from person_aliases where person_id not in (select id from people)",
    "organisation_aliases": "select organisation_id from organisation_aliases where organisation_id not in (select id from organisations)",
    "organisations: parent": "select id from organisations where parent_id not in (select id from organisations)",
    "roles: person": "select id from roles where person_id not in (select id from people)",
    "roles: organisation": "select id from roles where organisation_id not in (select id from organisations)",
    "roles: outlet": "select id from roles where outlet_id not in (select id from outlets)",
    "roles: article": "select id from roles where article_id not in (select id from articles)",
    "mentions: article": "select id from mentions where article_id not in (select id from articles)",
    "mentions: person": "select id from mentions where entity_type = 'person' and entity_id not in (select id from people)",
    "mentions: organisation": "select id from mentions where entity_type = 'organisation' and entity_id not in (select id from organisations)",
    "mentions: place": "select id from mentions where entity_type = 'place' and entity_id not in (select id from places)",
    "mentions: entity type": "select id from mentions where entity_type not in ('person', 'organisation', 'place')",
    "mentions: typed id": "select id from mentions where coalesce(person_id, organisation_id, place_id) is not entity_id "
    "or (person_id is not null) + (organisation_id is not null) + (place_id is not null) != 1",
    "article_people": "select article_id from article_people where article_id not in (select id from articles) "
    "or person_id not in (select id from people)",
    "article_organisations": "select article_id from article_organisations where article_id not in (select id from articles) "
    "or organisation_id not in (select id from organisations)",
    "article_places": "select article_id from article_places where article_id not in (select id from articles) "
    "or place_id not in (select id from places)",
    "meetings: place": "select id from meetings where place_id not in (select id from places)",
    "meetings: city": "select id from meetings where city_id not in (select id from places)",
    "places: parent": "select id from places where parent_id not in (select id from places)",
    "meeting_participants: meeting": "select id from meeting_participants where meeting_id not in (select id from meetings)",
    "meeting_participants: person": "select id from meeting_participants where person_id not in (select id from people)",
    "meeting_participants: organisation": "select id from meeting_participants where organisation_id not in (select id from organisations)",
    "meeting_participants: affiliation": "select id from meeting_participants where affiliation_id not in (select id from organisations)",
    "claims: speaker affiliation": "select id from claims where speaker_affiliation_id not in (select id from organisations)",
    "meeting_participants: names nobody": "select id from meeting_participants where person_id is null "
    "and organisation_id is null and coalesce(trim(group_text), '') = ''",
    "meeting_topics: meeting": "select meeting_id from meeting_topics where meeting_id not in (select id from meetings)",
    "meeting_topics: topic": "select meeting_id from meeting_topics where topic_id not in (select id from topics)",
    "meeting_sources: meeting": "select id from meeting_sources where meeting_id not in (select id from meetings)",
    "meeting_sources: article": "select id from meeting_sources where article_id not in (select id from articles)",
    "meetings: no source": "select id from meetings where id not in (select meeting_id from meeting_sources)",
    "meetings: no participant": "select id from meetings where id not in (select meeting_id from meeting_participants)",
    "claims: article": "select id from claims where article_id not in (select id from articles)",
    "claims: speaker person": "select id from claims where speaker_person_id not in (select id from people)",
    "claims: speaker organisation": "select id from claims where speaker_organisation_id not in (select id from organisations)",
    "claims: channel outlet": "select id from claims where channel_outlet_id not in (select id from outlets)",
    "claims: meeting": "select id from claims where meeting_id not in (select id from meetings)",
    "claims: no text": "select id from claims where coalesce(trim(text), '') = '' or article_id is null",
    "claim_numbers: claim": "select id from claim_numbers where claim_id not in (select id from claims)",
    "problems: malformed": "select id from problems where severity not in ('error', 'warning') "
    "or coalesce(trim(message), '') = '' or coalesce(source_file, '') = ''",
    "problems: skipped file has an article": "select id from problems where severity = 'error' "
    "and source_file in (select source_file from articles)",
}


def test_integrity_and_foreign_key_checks_are_clean(built):
    db_path, _ = built
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    indexes = [
        name
        for (name,) in conn.execute("select name from sqlite_master where type = 'table' and sql like '%USING FTS5%'")
    ]
    assert {"articles_fts", "claims_fts", "people_fts", "meetings_fts"} <= set(indexes)
    for fts in indexes:  # full-text indexes agree with their tables
        conn.execute(f"insert into {fts}({fts}) values ('integrity-check')")
        table = fts.removesuffix("_fts")
        assert (
            conn.execute(f"select count(*) from {fts}").fetchone()
            == conn.execute(f"select count(*) from {table}").fetchone()
        )
    assert (
        conn.execute("select count(*) from articles_fts").fetchone()
        == conn.execute("select count(*) from articles").fetchone()
    )


@pytest.mark.parametrize("check", ORPHANS)
def test_no_orphan_rows(built, check):
    db_path, _ = built
    found = sqlite3.connect(db_path).execute(ORPHANS[check]).fetchall()
    assert found == [], check


def test_the_orphan_checks_cover_every_declared_foreign_key(built):
    """Every foreign key the schema declares is checked above by name, so a new table cannot slip through."""
    db = sqlite_utils.Database(built[0])
    declared = {(t.name, fk.column) for t in db.tables for fk in t.foreign_keys}
    sql = " ".join(ORPHANS.values())
    missing = {(table, column) for table, column in declared if not (table in sql and column in sql)}
    assert not missing


def test_every_offset_matches_its_text(built):
    db = sqlite_utils.Database(built[0])
    bodies = {r["id"]: r["body"] for r in db["articles"].rows}
    checked = 0
    for table, column, where in [
        ("mentions", "text", ""),
        ("claims", "text", ""),
        ("meeting_sources", "sentence", ""),
        ("roles", "title_text", "where source = 'article'"),
    ]:
        for row in db.query(f"select * from {table} {where}"):
            body = bodies[row["article_id"]]
            assert 0 <= row["start_char"] < row["end_char"] <= len(body), (table, row)
            assert body[row["start_char"] : row["end_char"]] == row[column], (table, row)
            checked += 1
    assert checked > 100


def test_articles_are_whole(built):
    db_path, corpus = built
    db = sqlite_utils.Database(db_path)
    for a in db["articles"].rows:
        raw = (corpus / a["source_file"]).read_bytes()
        assert a["sha256"] == hashlib.sha256(raw).hexdigest()
        assert a["body"].strip() and a["word_count"] >= 15, a["id"]
    info = {r["key"]: r["value"] for r in db["build_info"].rows}
    assert info["corpus_hash"] == corpus_hash(corpus)
    assert int(info["articles"]) == db["articles"].count


def test_meeting_counts_agree_with_their_sources(built):
    db = sqlite_utils.Database(built[0])
    wrong = list(
        db.query(
            "select m.id, m.article_count, count(distinct s.article_id) as sources from meetings m "
            "join meeting_sources s on s.meeting_id = m.id group by m.id having m.article_count != sources"
        )
    )
    assert wrong == []


# ---------------------------------------------------------------- the cache: bad entries


@pytest.mark.parametrize("damage", ["truncated", "zero bytes", "header only", "one bit flipped", "a directory"])
def test_a_damaged_cache_entry_is_a_miss_and_is_rewritten(tmp_path, damage):
    cache = ExtractionCache(tmp_path, "salt")
    key = cache.key("article", "0" * 64)
    cache.put(key, {"value": 1})
    path = cache._path(key)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "zero bytes":
        path.write_bytes(b"")
    elif damage == "header only":
        path.write_bytes(MAGIC)
    elif damage == "one bit flipped":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    else:
        path.unlink()
        path.mkdir()
    assert cache.get(key) is None
    assert cache.corrupt == [key]
    cache.put(key, {"value": 2})  # never raises, even when the path is taken
    if damage == "a directory":
        assert cache.unwritten and cache.get(key) is None
    else:
        assert ExtractionCache(tmp_path, "salt").get(key) == {"value": 2}
    assert not list(tmp_path.rglob(".*.tmp"))


# ---------------------------------------------------------------- kills and concurrent builds


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "iraq_security.cli", "build", "--corpus", str(corpus), "--db", str(db), *extra]


def environment() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def temporaries(db: Path) -> list[Path]:
    """Files a build in progress (or a killed one) leaves: the temporary database and cache entries."""
    found = list(db.parent.glob(f".{db.name}.*.tmp*"))
    if (db.parent / "cache").is_dir():
        found += list((db.parent / "cache").glob("*/.*.tmp"))
    return found


def fingerprint(db: Path) -> tuple[str, dict]:
    """The file's hash and its tables' row counts; also checks that it opens and is intact."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
    finally:
        conn.close()
    return hashlib.sha256(db.read_bytes()).hexdigest(), counts


def dataset(db: Path) -> dict[str, list]:
    """Every table's rows but build_info's (it records the build time)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "select name from sqlite_master where type = 'table' and name != 'build_info' and name not like '%_fts%'"
            )
        ]
        return {t: conn.execute(f"select * from [{t}] order by rowid").fetchall() for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """60 generated pages: a cold build takes several seconds, long enough to be killed part way."""
    folder = tmp_path_factory.mktemp("big") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "60", str(folder)],
        check=True,
        capture_output=True,
        env=environment(),
    )
    return folder


def cache_entries(db: Path) -> int:
    return len(list((db.parent / "cache").glob("*/*.pickle")))


def kill_at(corpus: Path, db: Path, when: float | str) -> dict:
    """Start a forced build and SIGKILL it: after `when` seconds, or once it is
    "parsing" (20 articles cached) or "writing" (its temporary database exists)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        command(corpus, db, "--force"), env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        if when == "parsing":
            while proc.poll() is None and cache_entries(db) < 20:
                time.sleep(0.005)
        elif when == "writing":
            while proc.poll() is None and not list(db.parent.glob(f".{db.name}.*.tmp")):
                time.sleep(0.002)
        else:
            time.sleep(when)
        assert proc.poll() is None, f"the build finished before the kill ({when}): {proc.stderr.read()!r}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return {
        "at": when,
        "after_s": round(time.monotonic() - started, 2),
        "leftovers": len(temporaries(db)),
        "cache_entries": cache_entries(db),
    }


@pytest.mark.kill
def test_sigkill_at_any_point_leaves_the_previous_database_and_the_next_build_works(big_corpus, seed_db, tmp_path):
    db = tmp_path / "out" / DB_NAME
    db.parent.mkdir()
    shutil.copy(seed_db, db)  # the previous database: the seeds' build
    reference = None
    survived = []
    started = time.monotonic()
    # Timed kills and the mid-parse one start from a cold cache (start-up, model load,
    # parsing); the last one kills the build while it writes the temporary database.
    for when in (0.5, 1.5, 3.0, "parsing", "writing"):
        if when != "writing":
            shutil.rmtree(db.parent / "cache", ignore_errors=True)
        before = fingerprint(db)
        killed = kill_at(big_corpus, db, when)
        assert fingerprint(db) == before, f"killed at {when}: the previous database changed"
        if when == "writing":
            assert killed["leftovers"], killed  # the temporary database it was writing
        # A killed put() leaves a hidden temporary in the cache; plant one to be sure it goes too.
        (db.parent / "cache" / "zz").mkdir(parents=True, exist_ok=True)
        (db.parent / "cache" / "zz" / ".planted.tmp").write_bytes(b"half an entry")
        done = subprocess.run(command(big_corpus, db, "--force"), env=environment(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert temporaries(db) == [], f"after the kill at {when}"
        fingerprint(db)
        if reference is None:
            reference = dataset(db)
            assert len(reference["articles"]) == 60
        else:  # a build from what the killed build cached equals a cold one
            assert dataset(db) == reference, f"after the kill at {when}"
        survived.append(killed)
    note(test="kills", kills=len(survived), survived=survived, seconds=round(time.monotonic() - started, 1))


def test_two_builds_at_once_one_waits_or_fails_and_nothing_is_corrupted(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "out" / DB_NAME
    started = time.monotonic()

    def both(*extra):
        procs = [
            subprocess.Popen(
                command(corpus, db, *extra),
                env=environment(),
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        return sorted(((p.wait(timeout=300), *p.communicate()) for p in procs), key=lambda r: r[0])

    # Without --wait the second fails at once with a clear message.
    (ok, ok_out, _), (locked, _, locked_err) = both()
    assert (ok, locked) == (0, 2), locked_err
    assert "another build" in locked_err and "--wait" in locked_err
    first = dataset(db)
    assert len(first["articles"]) == 5
    # With --wait the second waits for the first, then builds from the entries it cached.
    shutil.rmtree(db.parent / "cache")
    results = both("--force", "--wait", "120")
    assert [r[0] for r in results] == [0, 0], results
    parsed = sorted(out.split("articles (")[1].split(" parsed")[0] for _, out, _ in results)
    assert parsed == ["0", "5"], parsed
    assert temporaries(db) == []
    fingerprint(db)
    assert dataset(db) == first
    # A third build from the cache is consistent with them.
    code, out = cli("build", "--corpus", str(corpus), "--db", str(db), "--force")
    assert code == 0 and "(0 parsed)" in out
    assert dataset(db) == first
    # Damaged entries (cut short, emptied) are dropped, reported and parsed again.
    entries = sorted((db.parent / "cache").rglob("*.pickle"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])
    entries[1].write_bytes(b"")
    code, out = cli("build", "--corpus", str(corpus), "--db", str(db), "--force")
    assert code == 0 and "(2 parsed)" in out
    corrupt = [p for p in rows(db, "problems") if "corrupt cache entry" in p["message"]]
    assert len(corrupt) == 2
    again = dataset(db)
    assert {t: r for t, r in again.items() if t != "problems"} == {t: r for t, r in first.items() if t != "problems"}
    note(test="concurrency", seconds=round(time.monotonic() - started, 1))
