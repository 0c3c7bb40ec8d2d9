"""scripts/compare_builds.py: two builds compared table by table, so a
restructure can show it left the database as it was."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

from iraq_security.build import build

SCRIPT = Path(__file__).parent.parent / "scripts" / "compare_builds.py"
spec = importlib.util.spec_from_file_location("compare_builds", SCRIPT)
compare_builds = importlib.util.module_from_spec(spec)
sys.modules["compare_builds"] = compare_builds  # dataclasses look their module up
spec.loader.exec_module(compare_builds)


def make_db(path: Path, statements: list[str]) -> Path:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


BASE = [
    "create table people (id text primary key, name text)",
    "insert into people values ('p1', 'Ana Example'), ('p2', 'Bo Sample')",
    "create table build_info (key text primary key, value text)",
    "insert into build_info values ('built_at', '2026-01-01'), ('articles', '2')",
]


def test_same_rows_in_another_order_are_the_same_build(tmp_path):
    before = make_db(tmp_path / "a.db", BASE)
    after = make_db(
        tmp_path / "b.db",
        [
            "create table people (id text primary key, name text)",
            "insert into people values ('p2', 'Bo Sample'), ('p1', 'Ana Example')",
            "create table build_info (key text primary key, value text)",
            "insert into build_info values ('built_at', '2026-02-02'), ('articles', '2')",
        ],
    )
    comparison = compare_builds.compare(before, after)
    assert comparison.same, comparison.report()


def test_a_changed_row_is_reported_on_both_sides(tmp_path):
    before = make_db(tmp_path / "a.db", BASE)
    after = make_db(tmp_path / "b.db", BASE + ["update people set name = 'Bo Other' where id = 'p2'"])
    comparison = compare_builds.compare(before, after)
    assert not comparison.same
    [difference] = comparison.differences
    assert difference.table == "people"
    assert difference.only_before == [("p2", "Bo Sample")]
    assert difference.only_after == [("p2", "Bo Other")]


def test_a_new_column_and_a_new_table_are_reported(tmp_path):
    before = make_db(tmp_path / "a.db", BASE)
    after = make_db(
        tmp_path / "b.db",
        BASE + ["alter table people add column side text", "create table claims (id text)"],
    )
    comparison = compare_builds.compare(before, after)
    assert comparison.tables_only_after == ["claims"]
    [difference] = comparison.differences
    assert "side" in difference.columns_after and "side" not in difference.columns_before
    assert "columns after" in comparison.report()


def test_a_build_info_fact_about_the_data_is_compared(tmp_path):
    before = make_db(tmp_path / "a.db", BASE)
    after = make_db(tmp_path / "b.db", BASE + ["update build_info set value = '3' where key = 'articles'"])
    assert not compare_builds.compare(before, after).same


def test_the_script_exits_1_on_a_difference_and_0_on_none(tmp_path, capsys):
    before = make_db(tmp_path / "a.db", BASE)
    after = make_db(tmp_path / "b.db", BASE + ["delete from people where id = 'p1'"])
    assert compare_builds.main([str(before), str(before)]) == 0
    assert compare_builds.main([str(before), str(after)]) == 1
    assert "1 rows only before" in capsys.readouterr().out


def test_a_missing_database_file_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        compare_builds.main([str(tmp_path / "none.db"), str(tmp_path / "none.db")])
    assert "no such database file" in capsys.readouterr().err


def test_two_builds_of_the_seeds_hold_the_same_data(seed_db, tmp_path):
    """The build is deterministic, which is what lets a comparison show a restructure changed nothing."""
    again = tmp_path / "again.db"
    build(Path(__file__).parent.parent / "seeds", again, progress=False, force=True)
    comparison = compare_builds.compare(seed_db, again)
    assert comparison.same, comparison.report()
