"""The development corpus: 30 pages written for testing in the layouts of about 30 outlets.

Built once, scored against tests/gold/dev.yaml. These pages and their events are
invented test data; they are never part of the published dataset.
"""

from pathlib import Path

import pytest
import sqlite_utils
import yaml

from iraq_security.build import build
from iraq_security.evaluate import evaluate

from .conftest import ROOT

DEV = ROOT / "tests" / "corpus" / "dev"
DEV_GOLD = ROOT / "tests" / "gold" / "dev.yaml"
PAGES = 30
# The bar for the page fields: right on at least 28 of the 30 pages.
FIELD_BAR = 28


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("dev-build") / "dev.db"
    build(DEV, db_path, progress=False, cache_dir=None)
    return db_path


@pytest.fixture(scope="module")
def dev_scores(dev_db):
    return evaluate(str(dev_db), str(DEV_GOLD)).scores


def test_every_dev_page_is_read(dev_db):
    assert sqlite_utils.Database(dev_db)["articles"].count == PAGES


@pytest.mark.parametrize("field", ["title", "published", "publisher", "dateline"])
def test_page_fields_are_right_on_at_least_28_of_30_pages(dev_scores, field):
    score = dev_scores[("articles", field)]
    gold_has = score.tp + score.fn
    wrong = score.fn + score.fp - min(score.fn, score.fp)  # a wrong value counts once
    assert PAGES - wrong >= FIELD_BAR, score.misses
    assert gold_has == 0 or score.tp >= gold_has - (PAGES - FIELD_BAR), score.misses


def test_every_page_without_a_stated_date_is_reported_and_gets_no_made_up_date(dev_db):
    db = sqlite_utils.Database(dev_db)
    gold = {a["file"]: a for a in yaml.safe_load(DEV_GOLD.read_text())["articles"]}
    undated = [f for f, a in gold.items() if a.get("published") is None]
    assert undated  # the corpus has such pages
    for file in undated:
        row = next(db["articles"].rows_where("source_file = ?", [file]))
        assert row["published"] is None, file
        messages = [p["message"] for p in db["problems"].rows_where("source_file = ?", [file])]
        assert any(m.startswith("no publication date on the page") for m in messages), (file, messages)


def test_html_pages_read_cleanly_without_menu_footer_or_related_links(dev_db):
    db = sqlite_utils.Database(dev_db)
    gold = yaml.safe_load(DEV_GOLD.read_text())["articles"]
    html = [a for a in gold if a["file"].endswith(".html")]
    assert len(html) == 6
    for a in html:
        row = next(db["articles"].rows_where("source_file = ?", [a["file"]]))
        assert row["source_format"] == "html"
        for chrome in a.get("not_in_body", []) + a.get("inline_noise", []):
            assert chrome not in row["body"], (a["file"], chrome)
        assert "<" not in row["body"]


def test_every_page_field_says_which_rule_found_it(dev_db):
    for row in sqlite_utils.Database(dev_db)["articles"].rows:
        for field in ("title", "published", "publisher", "dateline"):
            if row[field if field != "publisher" else "publisher_id"]:
                assert row[f"{field}_rule"], (row["source_file"], field)


def test_meeting_dates_resolve_on_the_dev_corpus(dev_scores):
    dates = dev_scores[("meetings", "date exact (matched)")]
    assert dates.tp / (dates.tp + dates.fn) >= 0.95, dates.misses  # the bar


def test_meeting_places_resolve_to_their_city_on_the_dev_corpus(dev_scores):
    places = dev_scores[("meetings", "place (matched, gold has one)")]
    assert places.tp / (places.tp + places.fn) >= 0.9, places.misses  # the bar


# ---------------------------------------------------------------- who speaks and who meets (issue 12's bars)


def test_claims_are_found_with_f1_of_at_least_0_85(dev_scores):
    assert dev_scores[("claims", "found (P/R)")].f1 >= 0.85


def test_claim_speakers_are_right_on_at_least_0_9_of_the_claims_found(dev_scores):
    speakers = dev_scores[("claims", "speaker right (matched)")]
    assert speakers.tp / (speakers.tp + speakers.fn) >= 0.9, speakers.misses


def test_meetings_are_found_with_f1_of_at_least_0_9(dev_scores):
    assert dev_scores[("meetings", "found (P/R)")].f1 >= 0.9


def test_participant_sets_are_exact_on_at_least_0_8_of_the_meetings_found(dev_scores):
    exact = dev_scores[("meetings", "participant set exact (matched)")]
    assert exact.tp / (exact.tp + exact.fn) >= 0.8, exact.misses


def test_no_meeting_is_found_on_pages_that_report_none(dev_scores):
    none = dev_scores[("meetings", "none where the page reports none")]
    assert none.fn == 0 and none.tp > 0, none.misses


def test_no_claim_speaker_is_left_as_a_bare_pronoun_or_the_statement(dev_db):
    """ "He said" and "the statement said" are fine when they resolve to who spoke; never left as the words."""
    bare = {"it", "he", "she", "they", "the statement", "a statement"}
    unresolved = [
        (r["article_id"], r["speaker_text"])
        for r in sqlite_utils.Database(dev_db)["claims"].rows
        if (r["speaker_text"] or "").strip().lower() in bare
        and not (r["speaker_person_id"] or r["speaker_organisation_id"])
    ]
    assert not unresolved, unresolved
