"""A corpus manifest: what the collector knew of each page wins over what the page suggests."""

import json

import pytest
import sqlite_utils

from iraq_security.build import build
from iraq_security.pages import read_corpus

PAGE = (
    "Gulan Media\n\nBorder officials meet in Erbil\nMarch 3, 2022\n\n"
    "ERBIL (Kurdistan 24) – Iraqi and Kurdish border officials met in Erbil on Tuesday to review the deployment "
    "of federal guards along the frontier with Iran, the regional interior ministry said in a statement.\n"
)
OTHER = (
    "Rudaw\n\nPatrols begin on the Penjwen road\n\n"
    "SULAIMANI, Kurdistan Region – Joint patrols of federal guards and Peshmerga began on Sunday along the road "
    "to the Penjwen crossing, local officials said.\n"
)
CSV = (
    "file,url,outlet,published,retrieved_at,licence\n"
    "a.txt,https://news.example/a,Shafaq News,2022-03-04,2024-01-02T10:00:00Z,CC BY 4.0\n"
    "gone.txt,https://news.example/gone,Rudaw,2022-01-01,,\n"
)


def corpus(tmp_path, manifest_name="manifest.csv", manifest=CSV):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE)
    (folder / "b.txt").write_text(OTHER)
    (folder / manifest_name).write_text(manifest)
    return folder


def test_manifest_overrides_the_pages_publisher_and_date_and_says_so(tmp_path):
    articles, _ = read_corpus(corpus(tmp_path))
    a = next(x for x in articles if x.source_file == "a.txt")
    assert (a.publisher, a.publisher_rule) == ("shafaq-news", "manifest")
    assert (a.published, a.published_rule) == ("2022-03-04", "manifest")
    assert a.url == "https://news.example/a"
    assert (a.retrieved_at, a.licence) == ("2024-01-02T10:00:00Z", "CC BY 4.0")


def test_page_missing_from_the_manifest_is_read_from_the_page_and_reported(tmp_path):
    articles, problems = read_corpus(corpus(tmp_path))
    b = next(x for x in articles if x.source_file == "b.txt")
    assert b.publisher == "rudaw" and b.url is None
    assert any(p.source_file == "b.txt" and "not listed in the manifest" in p.message for p in problems)


def test_manifest_row_for_a_missing_file_is_reported(tmp_path):
    _, problems = read_corpus(corpus(tmp_path))
    assert any(p.source_file == "gone.txt" and "no such page" in p.message for p in problems)


def test_manifest_as_json_lines(tmp_path):
    rows = [{"file": "a.txt", "url": "https://news.example/a", "outlet": "Rudaw"}, {"file": "b.txt"}]
    folder = corpus(tmp_path, "manifest.jsonl", "\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    articles, problems = read_corpus(folder)
    a = next(x for x in articles if x.source_file == "a.txt")
    assert (a.publisher, a.url) == ("rudaw", "https://news.example/a")
    assert a.published == "2022-03-03"  # the manifest gives no date: the page's stands
    assert any("line 3 is not JSON" in p.message for p in problems)


def test_manifest_date_that_is_no_date_is_reported_and_ignored(tmp_path):
    folder = corpus(tmp_path, manifest="file,published\na.txt,someday\nb.txt,\n")
    articles, _ = read_corpus(folder)
    a = next(x for x in articles if x.source_file == "a.txt")
    assert a.published == "2022-03-03"
    assert any("manifest date 'someday' is not a date" in w for w in a.warnings)


def test_manifest_without_a_file_column_is_reported_and_the_pages_still_read(tmp_path):
    folder = corpus(tmp_path, manifest="url,outlet\nhttps://x.example,Rudaw\n")
    articles, problems = read_corpus(folder)
    assert len(articles) == 2
    assert any("no 'file' column" in p.message for p in problems)


@pytest.fixture(scope="module")
def manifest_db(tmp_path_factory):
    folder = corpus(tmp_path_factory.mktemp("manifest"))
    db_path = folder.parent / "out" / "manifest.db"
    build(folder, db_path, progress=False, cache_dir=None)
    return sqlite_utils.Database(db_path)


def test_manifest_end_to_end_fills_articles_url_and_rules(manifest_db):
    row = manifest_db["articles"].get("a")
    assert row["url"] == "https://news.example/a"
    assert (row["publisher_id"], row["publisher_rule"]) == ("shafaq-news", "manifest")
    assert (row["published"], row["published_rule"]) == ("2022-03-04", "manifest")


def test_manifest_mismatches_reach_the_problems_table(manifest_db):
    messages = {(r["source_file"], r["message"]) for r in manifest_db["problems"].rows}
    assert ("gone.txt", "the manifest lists this file, but the corpus has no such page") in messages
    assert ("b.txt", "page not listed in the manifest; read from the page alone") in messages


def test_a_changed_manifest_makes_the_build_out_of_date(tmp_path):
    folder = corpus(tmp_path)
    db_path = tmp_path / "out" / "m.db"
    build(folder, db_path, progress=False, cache_dir=None)
    assert build(folder, db_path, progress=False, cache_dir=None).up_to_date
    (folder / "manifest.csv").write_text(CSV.replace("Shafaq News", "Rudaw"))
    assert not build(folder, db_path, progress=False, cache_dir=None).up_to_date
    assert sqlite_utils.Database(db_path)["articles"].get("a")["publisher_id"] == "rudaw"
