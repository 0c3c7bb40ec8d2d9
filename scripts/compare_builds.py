"""Compare two builds of the database table by table.

    python scripts/compare_builds.py before.db after.db

A restructure must leave the database as it was; this says where two builds
differ: tables only in one, columns only in one, and rows only in one (rows
are compared whole, as sorted tuples, so row order does not matter). Full-text
index shadow tables are skipped (they follow from their tables), and so are the
`build_info` keys that name the build rather than the data (time, hashes).

Exits 0 when the builds hold the same data, 1 when they differ.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# build_info keys that change with every build or every change to code or data.
VOLATILE_BUILD_INFO = {"built_at", "pipeline_version", "curated_data_hash", "package_version"}
FTS_SHADOW_SUFFIXES = ("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx")
ROWS_SHOWN = 5


@dataclass
class TableDifference:
    table: str
    only_before: list[tuple] = field(default_factory=list)
    only_after: list[tuple] = field(default_factory=list)
    columns_before: list[str] = field(default_factory=list)
    columns_after: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"{self.table}:"]
        if self.columns_before != self.columns_after:
            lines.append(f"  columns before: {', '.join(self.columns_before)}")
            lines.append(f"  columns after:  {', '.join(self.columns_after)}")
        for label, rows in (("only before", self.only_before), ("only after", self.only_after)):
            if rows:
                lines.append(f"  {len(rows)} rows {label}, e.g.")
                lines += [f"    {row!r}"[:300] for row in rows[:ROWS_SHOWN]]
        return "\n".join(lines)


@dataclass
class Comparison:
    tables_only_before: list[str]
    tables_only_after: list[str]
    differences: list[TableDifference]
    tables_compared: int

    @property
    def same(self) -> bool:
        return not (self.tables_only_before or self.tables_only_after or self.differences)

    def report(self) -> str:
        if self.same:
            return f"same: {self.tables_compared} tables hold the same rows"
        lines = []
        if self.tables_only_before:
            lines.append("tables only before: " + ", ".join(self.tables_only_before))
        if self.tables_only_after:
            lines.append("tables only after: " + ", ".join(self.tables_only_after))
        lines += [d.describe() for d in self.differences]
        return "\n".join(lines)


def data_tables(db: sqlite3.Connection) -> set[str]:
    names = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    return {n for n in names if not n.startswith("sqlite_") and not n.endswith(FTS_SHADOW_SUFFIXES)}


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'pragma table_info("{table}")')]


def rows(db: sqlite3.Connection, table: str, names: list[str]) -> Counter:
    """The table's rows as a multiset of tuples over the named columns."""
    selected = ", ".join(f'"{n}"' for n in names)
    found = Counter(db.execute(f'select {selected} from "{table}"'))
    if table == "build_info":
        found = Counter({row: n for row, n in found.items() if row[0] not in VOLATILE_BUILD_INFO})
    return found


def compare(before_path: Path, after_path: Path) -> Comparison:
    before, after = sqlite3.connect(before_path), sqlite3.connect(after_path)
    try:
        tables_before, tables_after = data_tables(before), data_tables(after)
        differences = []
        shared = sorted(tables_before & tables_after)
        for table in shared:
            cols_before, cols_after = columns(before, table), columns(after, table)
            # Rows are compared over the columns both builds have, so a new column shows once.
            common = [c for c in cols_before if c in cols_after]
            rows_before, rows_after = rows(before, table, common), rows(after, table, common)
            only_before = sorted((rows_before - rows_after).elements(), key=repr)
            only_after = sorted((rows_after - rows_before).elements(), key=repr)
            if only_before or only_after or sorted(cols_before) != sorted(cols_after):
                differences.append(TableDifference(table, only_before, only_after, cols_before, cols_after))
        return Comparison(
            tables_only_before=sorted(tables_before - tables_after),
            tables_only_after=sorted(tables_after - tables_before),
            differences=differences,
            tables_compared=len(shared),
        )
    finally:
        before.close()
        after.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    for path in (args.before, args.after):
        if not path.is_file():
            parser.error(f"{path}: no such database file")
    comparison = compare(args.before, args.after)
    print(comparison.report())
    return 0 if comparison.same else 1


if __name__ == "__main__":
    sys.exit(main())
