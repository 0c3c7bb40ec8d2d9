"""Last stage: write the collection into a SQLite database with sqlite-utils.

The tables are declared in `TABLES` (columns with their types, primary key, foreign
keys, full-text columns, indexes); `write_all` creates each one and fills it with
`insert_all`. Nothing is resolved here: the collection step settled every id and link.

The database is written to a temporary file next to the target and moved
into place only when everything succeeded, so a failed or interrupted build
leaves the previous database untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from .collect import Collection
from .records import Article, Problem


@contextmanager
def replace_atomically(target: str | Path):
    """Yield a temporary path; on success move it over `target`, else delete it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)  # an empty file is a valid empty SQLite database
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the published file is readable
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def built_from(db_path: str | Path, inputs: dict[str, str]) -> bool:
    """True when the database exists and its build_info matches these inputs."""
    db_path = Path(db_path)
    if not db_path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            info = dict(conn.execute("select key, value from build_info").fetchall())
    except sqlite3.Error:
        return False
    return all(info.get(k) == str(v) for k, v in inputs.items())


def read_problems(db_path: str | Path) -> list[Problem]:
    db = sqlite_utils.Database(db_path)
    if not db["problems"].exists():
        return []
    return [Problem(r["source_file"], r["severity"], r["message"]) for r in db["problems"].rows]


def table_counts(db_path: str | Path, tables) -> dict[str, int]:
    db = sqlite_utils.Database(db_path)
    return {t: db[t].count for t in tables if db[t].exists()}


def remove_stale_temporaries(target: str | Path, cache_dir: str | Path | None = None) -> list[Path]:
    """Temporary databases and cache entries a killed build left behind (only call
    while holding the build lock). `cache_dir` defaults to the `cache` folder beside the target."""
    target = Path(target)
    stale = list(target.parent.glob(f".{target.name}.*.tmp*"))
    cache = Path(cache_dir) if cache_dir is not None else target.parent / "cache"
    if cache.is_dir():
        stale += list(cache.glob("*/.*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


# ---------------------------------------------------------------- rows, one function per table


def outlet_rows(c: Collection) -> Iterable[dict]:
    for o in c.outlets:
        yield {
            "id": o.id,
            "name": o.name,
            "url": o.url,
            "country": o.country,
            "language": o.language,
            "kind": o.kind,
            "affiliation": o.affiliation,
            "source": o.source,
        }


def outlet_alias_rows(c: Collection) -> Iterable[dict]:
    return ({"outlet_id": o.id, "alias": alias} for o in c.outlets for alias in o.aliases)


def article_rows(c: Collection) -> Iterable[dict]:
    return ({**article_row(a.article), "dateline_place_id": a.dateline_place_id} for a in c.articles)


def article_row(a: Article) -> dict:
    date = a.published or a.published_inferred
    return {
        "id": a.id,
        "source_file": a.source_file,
        "title": a.title,
        "caption": a.caption,
        "publisher_id": a.publisher,
        "credited_source_id": a.credited_source,
        "published": a.published,
        "published_time": a.published_time,
        "published_inferred": a.published_inferred,
        "published_inferred_reason": a.published_inferred_reason,
        "page_date": a.page_date,
        "year": int(date[:4]) if date else None,
        "month": date[:7] if date else None,
        "section": a.section,
        "dateline": a.dateline,
        "dateline_text": a.dateline_text,
        "editor": a.editor,
        "byline": a.byline,
        "subtitle": a.subtitle,
        "published_timezone": a.published_timezone,
        "updated": a.updated,
        "url": a.url,
        "retrieved_at": a.retrieved_at,
        "licence": a.licence,
        "source_format": a.source_format,
        "title_rule": a.title_rule,
        "published_rule": a.published_rule,
        "publisher_rule": a.publisher_rule,
        "dateline_rule": a.dateline_rule,
        "tags": json.dumps(list(dict.fromkeys(a.tags)), ensure_ascii=False),
        "body": a.body,
        "word_count": a.word_count,
        "sha256": a.sha256,
        "warnings": json.dumps(a.warnings, ensure_ascii=False),
    }


def article_tag_rows(c: Collection) -> Iterable[dict]:
    return ({"article_id": a.article.id, "tag": tag} for a in c.articles for tag in dict.fromkeys(a.article.tags))


def mention_rows(c: Collection) -> Iterable[dict]:
    for article in c.entities.articles:
        for m in article.mentions:
            if not m.entity_id:
                continue
            yield {
                "article_id": m.article_id,
                "entity_type": m.entity_type,
                "entity_id": m.entity_id,
                "person_id": m.entity_id if m.entity_type == "person" else None,
                "organisation_id": m.entity_id if m.entity_type == "organisation" else None,
                "place_id": m.entity_id if m.entity_type == "place" else None,
                "text": m.text,
                "title": m.title,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "sentence_index": m.sentence_index,
                "method": m.method,
                "label": m.label,
            }


def article_entity_rows(entity_type: str, column: str) -> Callable[[Collection], list[dict]]:
    """Rows linking articles to the entities of one type they mention, with how often."""

    def rows(c: Collection) -> list[dict]:
        counts: dict[tuple[str, str], int] = {}
        for article in c.entities.articles:
            for m in article.mentions:
                if m.entity_id and m.entity_type == entity_type:
                    counts[(m.article_id, m.entity_id)] = counts.get((m.article_id, m.entity_id), 0) + 1
        linked = [
            {"article_id": a, column: e, "mention_count": n, "relation": "mentioned"}
            for (a, e), n in sorted(counts.items())
        ]
        if entity_type == "person":
            # The editor is named on the page, not in the body: linked with no mentions.
            editors = {(e["article_id"], e["person_id"]) for e in c.entities.editors}
            linked += [
                {"article_id": a, column: p, "mention_count": 0, "relation": "editor"}
                for a, p in sorted(editors)
                if (a, p) not in counts
            ]
        return linked

    return rows


def topic_rows(c: Collection) -> Iterable[dict]:
    return ({"id": t.id, "name": t.name} for t in c.topics)


def meeting_rows(c: Collection) -> Iterable[dict]:
    for collected in c.meetings:
        m = collected.meeting
        yield {
            "id": collected.id,
            "date": m.date,
            "date_end": m.date_end,
            "date_precision": m.date_precision,
            "date_text": m.date_text,
            "date_rule": m.date_rule,
            "year": collected.year,
            "month": collected.month,
            "place_id": m.place_id,
            "city_id": collected.city_id,
            "place_rule": m.place_rule,
            "mode": m.mode,
            "status": m.status,
            "in_person": int(collected.in_person),
            "summary": m.summary,
            "article_count": collected.article_count,
            "outlet_count": collected.outlet_count,
            "topics": json.dumps(collected.topic_names, ensure_ascii=False),
            # Names, for Datasette's array facet; meeting_participants holds the ids.
            "participants": json.dumps(collected.participant_names, ensure_ascii=False),
        }


def meeting_participant_rows(c: Collection) -> Iterable[dict]:
    for collected in c.meetings:
        for p, title in zip(collected.meeting.participants, collected.participant_titles):
            # Offsets only where the words are in the article.
            located = p.start_char is not None and p.text
            yield {
                "meeting_id": collected.id,
                "person_id": p.person_id,
                "organisation_id": p.organisation_id,
                "group_text": p.group_text,
                "affiliation_id": p.affiliation_id,
                "role": p.role,
                "title_at_time": title,
                "title_text": p.title_at_time,
                "text": p.text,
                "method": p.method,
                "article_id": p.article_id,
                "start_char": p.start_char if located else None,
                "end_char": p.end_char if located else None,
            }


def meeting_topic_rows(c: Collection) -> Iterable[dict]:
    return ({"meeting_id": m.id, "topic_id": t} for m in c.meetings for t in m.meeting.topics)


def meeting_source_rows(c: Collection) -> Iterable[dict]:
    for collected in c.meetings:
        for e in collected.meeting.evidence:
            yield {
                "meeting_id": collected.id,
                "article_id": e.article_id,
                "sentence": e.sentence,
                "sentence_index": e.sentence_index,
                "start_char": e.start_char,
                "end_char": e.end_char,
                "trigger": e.trigger,
            }


def claim_rows(c: Collection) -> Iterable[dict]:
    for collected in c.claims:
        claim = collected.claim
        yield {
            "id": collected.id,
            "article_id": claim.article_id,
            "speaker_person_id": claim.speaker_person_id,
            "speaker_organisation_id": claim.speaker_organisation_id,
            "speaker_text": claim.speaker_text,
            "speaker_kind": claim.speaker_kind,
            "speaker_affiliation_id": claim.speaker_affiliation_id,
            "text": claim.text,
            "kind": claim.kind,
            "verb": claim.verb,
            "channel": claim.channel,
            "channel_outlet_id": claim.channel_outlet_id,
            "meeting_id": collected.meeting_id,
            "sentence_index": claim.sentence_index,
            "start_char": claim.start_char,
            "end_char": claim.end_char,
            "method": claim.method,
        }


def claim_number_rows(c: Collection) -> Iterable[dict]:
    return (
        {"claim_id": collected.id, "value": x.value, "qualifier": x.qualifier, "unit_text": x.unit_text}
        for collected in c.claims
        for x in collected.claim.numbers
    )


def problem_rows(c: Collection) -> Iterable[dict]:
    return ({"source_file": p.source_file, "severity": p.severity, "message": p.message} for p in c.problems)


def build_info_rows(c: Collection) -> Iterable[dict]:
    return ({"key": k, "value": str(v)} for k, v in c.build_info.items())


# Who met whom, precomputed: the edge list is an aggregate over every meeting,
# too slow to compute per request on a large database.
PARTICIPANT_PAIRS_SQL = """
with p as (
  select mp.meeting_id, m.date,
         coalesce(mp.person_id, mp.organisation_id, mp.group_text) as participant_id,
         coalesce(pe.name, o.name, mp.group_text) as participant,
         case when mp.person_id is not null then 'person'
              when mp.organisation_id is not null then 'organisation'
              else 'group' end as participant_type
  from meeting_participants mp
  join meetings m on m.id = mp.meeting_id
  left join people pe on pe.id = mp.person_id
  left join organisations o on o.id = mp.organisation_id
  where m.in_person = 1
)
select
  a.participant || ' – ' || b.participant as pair,
  a.participant as participant_a,
  a.participant_id as participant_a_id,
  a.participant_type as participant_a_type,
  b.participant as participant_b,
  b.participant_id as participant_b_id,
  b.participant_type as participant_b_type,
  count(distinct a.meeting_id) as meetings,
  min(a.date) as first_date,
  max(a.date) as last_date,
  group_concat(distinct a.meeting_id) as meeting_ids
from p a
join p b on a.meeting_id = b.meeting_id and a.participant_id < b.participant_id
group by a.participant_id, b.participant_id
"""


# ---------------------------------------------------------------- the tables


@dataclass(frozen=True)
class Table:
    """One table of the dataset, declared: what `write_all` creates and fills."""

    name: str
    # Every column the rows fill, in order, with its type; the columns computed from the
    # finished tables (entity counts, spellings) are added after them.
    columns: dict[str, type]
    pk: str | tuple[str, ...]
    rows: Callable[[Collection], Iterable[dict]] | None = None
    query: str | None = None  # rows computed in SQL from the tables written before it
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    ignore_duplicates: bool = False  # a second row with the same primary key is dropped
    full_text: tuple[str, ...] = ()  # columns of its full-text index (porter stemming)
    indexes: tuple[tuple[str, ...], ...] = ()  # besides one on every foreign key
    facets: tuple[str, ...] = ()  # columns people facet on; each gets an index


MENTION_LINK = {"mention_count": int, "relation": str}

TABLES = (
    Table(
        "outlets",
        {
            "id": str,
            "name": str,
            "url": str,
            "country": str,
            "language": str,
            "kind": str,
            "affiliation": str,
            "source": str,
        },
        pk="id",
        rows=outlet_rows,
    ),
    Table(
        "outlet_aliases",
        {"outlet_id": str, "alias": str},
        pk=("outlet_id", "alias"),
        rows=outlet_alias_rows,
        foreign_keys=(("outlet_id", "outlets", "id"),),
    ),
    Table(
        "organisations",
        {
            "id": str,
            "name": str,
            "acronym": str,
            "kind": str,
            "country": str,
            "side": str,
            "parent_id": str,
            "source": str,
            "sourced_from": str,
        },
        pk="id",
        rows=lambda c: c.entities.organisations,
        foreign_keys=(("parent_id", "organisations", "id"),),
        full_text=("name", "acronym", "spellings"),
        indexes=(("reference_only", "article_count"),),
        facets=("kind", "country", "source"),
    ),
    Table(
        "organisation_aliases",
        {"organisation_id": str, "alias": str},
        pk=("organisation_id", "alias"),
        rows=lambda c: c.entities.organisation_aliases,
        foreign_keys=(("organisation_id", "organisations", "id"),),
        full_text=("alias",),
    ),
    Table(
        "people",
        {
            "id": str,
            "name": str,
            "slug": str,
            "description": str,
            "nationality": str,
            "wikidata_id": str,
            "source": str,
            "sourced_from": str,
        },
        pk="id",
        rows=lambda c: c.entities.people,
        full_text=("name", "spellings", "description"),
        indexes=(("reference_only", "article_count"),),
        facets=("nationality", "source"),
    ),
    Table(
        "person_aliases",
        {"person_id": str, "alias": str},
        pk=("person_id", "alias"),
        rows=lambda c: c.entities.person_aliases,
        foreign_keys=(("person_id", "people", "id"),),
        full_text=("alias",),
    ),
    Table(
        "places",
        {
            "id": str,
            "name": str,
            "kind": str,
            "country": str,
            "latitude": float,
            "longitude": float,
            "coordinates_source": str,
            "source": str,
            "sourced_from": str,
            "parent_id": str,
        },
        pk="id",
        rows=lambda c: c.entities.places,
        foreign_keys=(("parent_id", "places", "id"),),
        indexes=(("reference_only", "article_count"),),
    ),
    Table(
        "articles",
        {
            "id": str,
            "title": str,
            "published": str,
            "publisher_id": str,
            "credited_source_id": str,
            "source_file": str,
            "caption": str,
            "published_time": str,
            "published_inferred": str,
            "published_inferred_reason": str,
            "page_date": str,
            "year": int,
            "month": str,
            "section": str,
            "dateline": str,
            "dateline_text": str,
            "editor": str,
            "byline": str,
            "subtitle": str,
            "published_timezone": str,
            "updated": str,
            "url": str,
            "retrieved_at": str,
            "licence": str,
            "source_format": str,
            "title_rule": str,
            "published_rule": str,
            "publisher_rule": str,
            "dateline_rule": str,
            "tags": str,
            "body": str,
            "word_count": int,
            "sha256": str,
            "warnings": str,
            "dateline_place_id": str,
        },
        pk="id",
        rows=article_rows,
        foreign_keys=(
            ("publisher_id", "outlets", "id"),
            ("credited_source_id", "outlets", "id"),
            ("dateline_place_id", "places", "id"),
        ),
        full_text=("title", "body"),
        facets=("year", "month", "published"),
    ),
    Table(
        "article_tags",
        {"article_id": str, "tag": str},
        pk=("article_id", "tag"),
        rows=article_tag_rows,
        foreign_keys=(("article_id", "articles", "id"),),
    ),
    Table(
        "roles",
        {
            "id": int,
            "person_id": str,
            "title": str,
            "organisation_id": str,
            "start_date": str,
            "end_date": str,
            "source": str,
            "article_id": str,
            "sourced_from": str,
            "title_text": str,
            "outlet_id": str,
            "sentence_index": int,
            "start_char": int,
            "end_char": int,
        },
        pk="id",
        rows=lambda c: c.entities.roles,
        foreign_keys=(
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("outlet_id", "outlets", "id"),
            ("article_id", "articles", "id"),
        ),
    ),
    Table(
        "mentions",
        {
            "id": int,
            "article_id": str,
            "entity_type": str,
            "entity_id": str,
            "text": str,
            "start_char": int,
            "end_char": int,
            "sentence_index": int,
            "method": str,
            "person_id": str,
            "organisation_id": str,
            "place_id": str,
            "title": str,
            "label": str,
        },
        pk="id",
        rows=mention_rows,
        foreign_keys=(
            ("article_id", "articles", "id"),
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("place_id", "places", "id"),
        ),
        facets=("entity_type", "method", "entity_id"),
    ),
    Table(
        "article_people",
        {"article_id": str, "person_id": str, **MENTION_LINK},
        pk=("article_id", "person_id"),
        rows=article_entity_rows("person", "person_id"),
        foreign_keys=(("article_id", "articles", "id"), ("person_id", "people", "id")),
    ),
    Table(
        "article_organisations",
        {"article_id": str, "organisation_id": str, **MENTION_LINK},
        pk=("article_id", "organisation_id"),
        rows=article_entity_rows("organisation", "organisation_id"),
        foreign_keys=(("article_id", "articles", "id"), ("organisation_id", "organisations", "id")),
    ),
    Table(
        "article_places",
        {"article_id": str, "place_id": str, **MENTION_LINK},
        pk=("article_id", "place_id"),
        rows=article_entity_rows("place", "place_id"),
        foreign_keys=(("article_id", "articles", "id"), ("place_id", "places", "id")),
    ),
    Table("topics", {"id": str, "name": str}, pk="id", rows=topic_rows),
    Table(
        "meetings",
        {
            "id": str,
            "date": str,
            "date_end": str,
            "date_precision": str,
            "date_text": str,
            "date_rule": str,
            "place_id": str,
            "mode": str,
            "status": str,
            "summary": str,
            "participants": str,
            "topics": str,
            "article_count": int,
            "outlet_count": int,
            "year": int,
            "month": str,
            "city_id": str,
            "place_rule": str,
            "in_person": int,
        },
        pk="id",
        rows=meeting_rows,
        foreign_keys=(("place_id", "places", "id"), ("city_id", "places", "id")),
        full_text=("summary", "participants", "topics"),
        facets=("year", "month", "status", "mode", "date", "date_precision"),
    ),
    Table(
        "meeting_participants",
        {
            "id": int,
            "meeting_id": str,
            "person_id": str,
            "organisation_id": str,
            "group_text": str,
            "role": str,
            "title_at_time": str,
            "affiliation_id": str,
            "title_text": str,
            "text": str,
            "method": str,
            "article_id": str,
            "start_char": int,
            "end_char": int,
        },
        pk="id",
        rows=meeting_participant_rows,
        foreign_keys=(
            ("meeting_id", "meetings", "id"),
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("affiliation_id", "organisations", "id"),
            ("article_id", "articles", "id"),
        ),
        facets=("role",),
    ),
    Table(
        "meeting_topics",
        {"meeting_id": str, "topic_id": str},
        pk=("meeting_id", "topic_id"),
        rows=meeting_topic_rows,
        foreign_keys=(("meeting_id", "meetings", "id"), ("topic_id", "topics", "id")),
        ignore_duplicates=True,
    ),
    Table(
        "meeting_sources",
        {
            "id": int,
            "meeting_id": str,
            "article_id": str,
            "sentence": str,
            "start_char": int,
            "end_char": int,
            "sentence_index": int,
            "trigger": str,
        },
        pk="id",
        rows=meeting_source_rows,
        foreign_keys=(("meeting_id", "meetings", "id"), ("article_id", "articles", "id")),
    ),
    Table(
        "claims",
        {
            "id": str,
            "article_id": str,
            "speaker_person_id": str,
            "speaker_organisation_id": str,
            "speaker_text": str,
            "text": str,
            "kind": str,
            "verb": str,
            "channel": str,
            "speaker_kind": str,
            "speaker_affiliation_id": str,
            "channel_outlet_id": str,
            "meeting_id": str,
            "sentence_index": int,
            "start_char": int,
            "end_char": int,
            "method": str,
        },
        pk="id",
        rows=claim_rows,
        foreign_keys=(
            ("article_id", "articles", "id"),
            ("speaker_person_id", "people", "id"),
            ("speaker_organisation_id", "organisations", "id"),
            ("channel_outlet_id", "outlets", "id"),
            ("meeting_id", "meetings", "id"),
            ("speaker_affiliation_id", "organisations", "id"),
        ),
        full_text=("text", "speaker_text"),
        facets=("kind", "verb", "channel"),
    ),
    Table(
        "claim_numbers",
        {"id": int, "claim_id": str, "value": float, "qualifier": str, "unit_text": str},
        pk="id",
        rows=claim_number_rows,
        foreign_keys=(("claim_id", "claims", "id"),),
    ),
    Table(
        "participant_pairs",
        {
            "pair": str,
            "participant_a": str,
            "participant_b": str,
            "meetings": int,
            "first_date": str,
            "last_date": str,
            "participant_a_id": str,
            "participant_a_type": str,
            "participant_b_id": str,
            "participant_b_type": str,
            "meeting_ids": str,
        },
        pk=("participant_a_id", "participant_b_id"),
        query=PARTICIPANT_PAIRS_SQL,
        indexes=(("meetings", "last_date"),),
    ),
    Table(
        "problems",
        {"id": int, "source_file": str, "severity": str, "message": str},
        pk="id",
        rows=problem_rows,
        facets=("severity",),
    ),
    Table("build_info", {"key": str, "value": str}, pk="key", rows=build_info_rows),
)

REPORTED_TABLES = (
    "articles",
    "outlets",
    "people",
    "organisations",
    "places",
    "mentions",
    "roles",
    "meetings",
    "meeting_participants",
    "claims",
    "problems",
)


def write_all(db: sqlite_utils.Database, collection: Collection) -> None:
    """Write every table of the dataset, in the order declared (each after those it refers to),
    then the columns computed from the finished tables, the indexes and the full-text indexes."""
    for table in TABLES:
        write_table(db, table, collection)
    add_entity_counts(db)
    add_spellings(db)
    add_indexes(db)
    for table in TABLES:
        if table.full_text:
            db[table.name].enable_fts(list(table.full_text), tokenize="porter", replace=True)


def write_table(db: sqlite_utils.Database, table: Table, collection: Collection) -> None:
    """Created from its declaration first, so a table without rows is still there, empty."""
    db[table.name].create(dict(table.columns), pk=table.pk, foreign_keys=list(table.foreign_keys))
    rows = list(db.query(table.query)) if table.query else table.rows(collection)
    db[table.name].insert_all(rows, pk=table.pk, ignore=table.ignore_duplicates)


def add_indexes(db: sqlite_utils.Database) -> None:
    """The declared indexes, one on every foreign key, and one on every facet column."""
    for table in TABLES:
        for columns in table.indexes:
            db[table.name].create_index(list(columns), if_not_exists=True)
    db.index_foreign_keys()
    for table in TABLES:
        existing = {tuple(i.columns) for i in db[table.name].indexes}
        for column in table.facets:
            if (column,) not in existing:
                db[table.name].create_index([column])


# ---------------------------------------------------------------- columns computed from the tables

# Every spelling of a record in one column, for search and for reconciliation by any of them.
SPELLINGS = {"people": ("person_aliases", "person_id"), "organisations": ("organisation_aliases", "organisation_id")}


def add_spellings(db: sqlite_utils.Database) -> None:
    for table, (aliases, key) in SPELLINGS.items():
        db[table].add_column("spellings", str)
        db.execute(
            f"update {table} set spellings = (select group_concat(alias, '; ') from "
            f"(select alias from {aliases} a where a.{key} = {table}.id order by alias))"
        )


# How often the corpus names each entity, and when it was first and last seen
# (the articles' dates). An entity the corpus never names is reference data.
ENTITY_COUNTS = {
    "people": {
        "articles": "select person_id as id, article_id from article_people",
        "meetings": "select person_id as id, meeting_id from meeting_participants where person_id is not null",
        "claims": "select speaker_person_id as id, id as claim_id from claims where speaker_person_id is not null",
    },
    "organisations": {
        "articles": "select organisation_id as id, article_id from article_organisations",
        "meetings": "select organisation_id as id, meeting_id from meeting_participants where organisation_id is not null",
        "claims": "select speaker_organisation_id as id, id as claim_id from claims "
        "where speaker_organisation_id is not null",
    },
    "places": {
        "articles": "select place_id as id, article_id from article_places "
        "union select dateline_place_id, id from articles where dateline_place_id is not null",
        # a meeting at a venue counts for the venue and for its city
        "meetings": "select place_id as id, id as meeting_id from meetings where place_id is not null "
        "union select city_id, id from meetings where city_id is not null",
        # a claim whose sentence names the place
        "claims": "select distinct m.place_id as id, c.id as claim_id from claims c join mentions m "
        "on m.article_id = c.article_id and m.sentence_index = c.sentence_index where m.place_id is not null",
    },
}


def add_entity_counts(db: sqlite_utils.Database) -> None:
    """article_count, meeting_count, claim_count, first_seen, last_seen and reference_only
    on people, organisations and places."""
    for table, sources in ENTITY_COUNTS.items():
        for column, kind in (
            ("article_count", int),
            ("meeting_count", int),
            ("claim_count", int),
            ("first_seen", str),
            ("last_seen", str),
            ("reference_only", int),
        ):
            if column not in db[table].columns_dict:
                db[table].add_column(column, kind)
        db.execute(f"""
            with a as ({sources["articles"]}), m as ({sources["meetings"]}), c as ({sources["claims"]}),
            dated as (select a.id, coalesce(ar.published, ar.published_inferred) as day
                      from a join articles ar on ar.id = a.article_id)
            update {table} set
              article_count = (select count(distinct article_id) from a where a.id = {table}.id),
              meeting_count = (select count(distinct meeting_id) from m where m.id = {table}.id),
              claim_count = (select count(distinct claim_id) from c where c.id = {table}.id),
              first_seen = (select min(day) from dated where dated.id = {table}.id),
              last_seen = (select max(day) from dated where dated.id = {table}.id)
        """)
        db.execute(f"update {table} set reference_only = (article_count = 0 and meeting_count = 0 and claim_count = 0)")
