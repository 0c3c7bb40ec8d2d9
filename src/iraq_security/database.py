"""Last stage: write the records into a SQLite database with sqlite-utils.

The database is written to a temporary file next to the target and moved
into place only when everything succeeded, so a failed or interrupted build
leaves the previous database untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .records import Article, Problem
from .titles import normalise_title


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


def _insert_all(table: sqlite_utils.db.Table, rows, **kwargs) -> None:
    """`insert_all`, but with no rows the table is still created from `columns` (sqlite-utils
    would skip it): a corpus without one readable page still gives every table, empty."""
    rows = list(rows)
    if not rows and not table.exists():
        table.create(
            dict(kwargs.get("columns") or {}),
            pk=kwargs.get("pk"),
            foreign_keys=kwargs.get("foreign_keys"),
            column_order=kwargs.get("column_order"),
        )
    table.insert_all(rows, **kwargs)


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


def write_outlets(db: sqlite_utils.Database, outlets: list[dict]) -> None:
    _insert_all(
        db["outlets"],
        [{k: v for k, v in o.items() if k != "aliases"} for o in outlets],
        pk="id",
        column_order=("id", "name"),
    )
    _insert_all(
        db["outlet_aliases"],
        [{"outlet_id": o["id"], "alias": alias} for o in outlets for alias in o.get("aliases", [])],
        pk=("outlet_id", "alias"),
        foreign_keys=[("outlet_id", "outlets", "id")],
    )


def write_articles(
    db: sqlite_utils.Database, articles: list[Article], dateline_places: dict[str, str] | None = None
) -> None:
    dateline_places = dateline_places or {}
    _insert_all(
        db["articles"],
        ({**article_row(a), "dateline_place_id": dateline_places.get(a.dateline or "")} for a in articles),
        pk="id",
        foreign_keys=[
            ("publisher_id", "outlets", "id"),
            ("credited_source_id", "outlets", "id"),
            ("dateline_place_id", "places", "id"),
        ],
        column_order=("id", "title", "published", "publisher_id", "credited_source_id"),
        columns=ARTICLE_COLUMNS,
    )
    _insert_all(
        db["article_tags"],
        ({"article_id": a.id, "tag": tag} for a in articles for tag in dict.fromkeys(a.tags)),
        pk=("article_id", "tag"),
        foreign_keys=[("article_id", "articles", "id")],
        columns={"article_id": str, "tag": str},
    )
    db["articles"].enable_fts(["title", "body"], tokenize="porter", replace=True)


ARTICLE_COLUMNS = {
    "id": str,
    "source_file": str,
    "title": str,
    "caption": str,
    "publisher_id": str,
    "credited_source_id": str,
    "published": str,
    "published_time": str,
    "published_inferred": str,
    "published_inferred_reason": str,
    "page_date": str,
    "year": int,
    "month": str,
    "section": str,
    "dateline": str,
    "dateline_text": str,
    "dateline_place_id": str,
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
}


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


def write_problems(db: sqlite_utils.Database, problems: list[Problem]) -> None:
    _insert_all(
        db["problems"],
        ({"source_file": p.source_file, "severity": p.severity, "message": p.message} for p in problems),
        pk="id",
        columns={"id": int, "source_file": str, "severity": str, "message": str},
        column_order=("id", "source_file", "severity", "message"),
    )


def write_build_info(db: sqlite_utils.Database, info: dict[str, str]) -> None:
    _insert_all(
        db["build_info"],
        ({"key": k, "value": str(v)} for k, v in info.items()),
        pk="key",
    )


def add_indexes(db: sqlite_utils.Database, facet_columns: dict[str, list[str]]) -> None:
    """An index on every foreign key and every facet column."""
    db.index_foreign_keys()
    for table, columns in facet_columns.items():
        existing = {tuple(i.columns) for i in db[table].indexes}
        for column in columns:
            if (column,) not in existing:
                db[table].create_index([column])


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

# Columns people facet on; each gets an index.
FACET_COLUMNS = {
    "articles": ["year", "month", "published"],
    "people": ["nationality", "source"],
    "organisations": ["kind", "country", "source"],
    "mentions": ["entity_type", "method", "entity_id"],
    "problems": ["severity"],
    "meetings": ["year", "month", "status", "mode", "date", "date_precision"],
    "meeting_participants": ["role"],
    "claims": ["kind", "verb", "channel"],
}


def write_all(db, articles, problems, outlets, tables, meetings, extractions, gazetteer, info) -> None:
    """Write every table of the dataset, in dependency order."""
    known_outlets = [
        {
            "id": o.id,
            "name": o.name,
            "url": o.url,
            "country": o.country,
            "language": o.language,
            "kind": o.kind,
            "affiliation": o.affiliation,
            "source": "curated",
            "aliases": list(o.aliases),
        }
        for o in outlets.outlets.values()
    ]
    seen = {o["id"] for o in known_outlets}
    from .outlets import slugify

    for article in articles:
        for name in article.new_outlets:
            if slugify(name) not in seen:
                seen.add(slugify(name))
                known_outlets.append(
                    {
                        "id": slugify(name),
                        "name": name,
                        "url": None,
                        "country": None,
                        "language": None,
                        "kind": None,
                        "affiliation": None,
                        "source": "page",
                        "aliases": [],
                    }
                )
    write_outlets(db, known_outlets)
    write_entities(db, tables)
    dateline_places = {}
    for a in articles:
        if a.dateline:
            # "Baghdad/Erbil": the first place named.
            ids = gazetteer.place_ids(a.dateline.split("/")[0])
            if len(ids) == 1:
                dateline_places[a.dateline] = next(iter(ids))
    write_articles(db, articles, dateline_places)
    write_roles(db, tables)
    write_mentions(db, tables)
    names = {row["id"]: row["name"] for row in tables.people + tables.organisations}
    write_meetings(db, meetings, names)
    write_claims(db, extractions, meetings, tables.id_map)
    write_participant_pairs(db)
    add_entity_counts(db)
    write_problems(db, problems)
    write_build_info(db, info)
    add_indexes(db, FACET_COLUMNS)
    write_search_indexes(db)


# Full-text indexes for the site's search (one box over all of them, /-/search):
# table -> indexed columns. Aliases are indexed so any spelling finds the entity.
SEARCH_INDEXES = {
    "people": ["name", "spellings", "description"],
    "person_aliases": ["alias"],
    "organisations": ["name", "acronym", "spellings"],
    "organisation_aliases": ["alias"],
    "meetings": ["summary", "participants", "topics"],
}


# Every spelling of a record in one column, for search and for reconciliation by any of them.
SPELLINGS = {"people": ("person_aliases", "person_id"), "organisations": ("organisation_aliases", "organisation_id")}


def write_spellings(db) -> None:
    for table, (aliases, key) in SPELLINGS.items():
        if not db[table].exists() or not db[aliases].exists():
            continue
        if "spellings" not in db[table].columns_dict:
            db[table].add_column("spellings", str)
        db.execute(
            f"update {table} set spellings = (select group_concat(alias, '; ') from "
            f"(select alias from {aliases} a where a.{key} = {table}.id order by alias))"
        )


def write_search_indexes(db) -> None:
    """Written last, from the finished tables, so later columns do not matter."""
    write_spellings(db)
    for table, columns in SEARCH_INDEXES.items():
        if db[table].exists():
            db[table].enable_fts(columns, tokenize="porter", replace=True)


def write_entities(db, tables) -> None:
    _insert_all(
        db["organisations"],
        tables.organisations,
        pk="id",
        column_order=("id", "name"),
        columns={
            "acronym": str,
            "kind": str,
            "country": str,
            "side": str,
            "parent_id": str,
            "source": str,
            "sourced_from": str,
        },
    )
    db["organisations"].add_foreign_key("parent_id", "organisations", "id")
    _insert_all(
        db["organisation_aliases"],
        tables.organisation_aliases,
        pk=("organisation_id", "alias"),
        foreign_keys=[("organisation_id", "organisations", "id")],
        columns={"organisation_id": str, "alias": str},
    )
    _insert_all(
        db["people"],
        tables.people,
        pk="id",
        column_order=("id", "name"),
        columns={
            "slug": str,
            "description": str,
            "nationality": str,
            "wikidata_id": str,
            "source": str,
            "sourced_from": str,
        },
    )
    _insert_all(
        db["person_aliases"],
        tables.person_aliases,
        pk=("person_id", "alias"),
        foreign_keys=[("person_id", "people", "id")],
        columns={"person_id": str, "alias": str},
    )
    _insert_all(
        db["places"],
        tables.places,
        pk="id",
        column_order=("id", "name"),
        columns={
            "kind": str,
            "country": str,
            "latitude": float,
            "longitude": float,
            "coordinates_source": str,
            "source": str,
            "sourced_from": str,
            "parent_id": str,
        },
        foreign_keys=[("parent_id", "places", "id")],
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


def add_entity_counts(db) -> None:
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
        db[table].create_index(["reference_only", "article_count"], if_not_exists=True)


def write_roles(db, tables) -> None:
    _insert_all(
        db["roles"],
        tables.roles,
        pk="id",
        foreign_keys=[
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("outlet_id", "outlets", "id"),
            ("article_id", "articles", "id"),
        ],
        columns={
            "id": int,
            "person_id": str,
            "title": str,
            "title_text": str,
            "organisation_id": str,
            "outlet_id": str,
            "start_date": str,
            "end_date": str,
            "source": str,
            "sourced_from": str,
            "article_id": str,
            "sentence_index": int,
            "start_char": int,
            "end_char": int,
        },
        column_order=("id", "person_id", "title", "organisation_id", "start_date", "end_date", "source", "article_id"),
        alter=True,
    )


ENTITY_TABLES = {"person": "people", "organisation": "organisations", "place": "places"}
M2M = {
    "person": ("article_people", "person_id"),
    "organisation": ("article_organisations", "organisation_id"),
    "place": ("article_places", "place_id"),
}


def write_mentions(db, tables) -> None:
    rows = []
    counts: dict[tuple, int] = {}
    for article in tables.articles:
        for m in article.mentions:
            if not m.entity_id:
                continue
            rows.append(
                {
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
            )
            key = (m.entity_type, m.article_id, m.entity_id)
            counts[key] = counts.get(key, 0) + 1
    _insert_all(
        db["mentions"],
        rows,
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("place_id", "places", "id"),
        ],
        columns={
            "id": int,
            "article_id": str,
            "entity_type": str,
            "entity_id": str,
            "person_id": str,
            "organisation_id": str,
            "place_id": str,
            "text": str,
            "title": str,
            "start_char": int,
            "end_char": int,
            "sentence_index": int,
            "method": str,
            "label": str,
        },
        column_order=(
            "id",
            "article_id",
            "entity_type",
            "entity_id",
            "text",
            "start_char",
            "end_char",
            "sentence_index",
            "method",
        ),
    )
    editors = {(e["article_id"], e["person_id"]) for e in tables.editors}
    for entity_type, (table, column) in M2M.items():
        rows = [
            {"article_id": a, column: e, "mention_count": n, "relation": "mentioned"}
            for (t, a, e), n in sorted(counts.items())
            if t == entity_type
        ]
        if entity_type == "person":
            # The editor is named on the page, not in the body: linked with no mentions.
            rows += [
                {"article_id": a, column: p, "mention_count": 0, "relation": "editor"}
                for a, p in sorted(editors)
                if ("person", a, p) not in counts
            ]
        _insert_all(
            db[table],
            rows,
            pk=("article_id", column),
            foreign_keys=[("article_id", "articles", "id"), (column, ENTITY_TABLES[entity_type], "id")],
            columns={"article_id": str, column: str, "mention_count": int, "relation": str},
        )


def write_meetings(db, merged, names: dict[str, str]) -> None:
    from .curated import load

    topic_names = {t["id"]: t["name"] for t in load("topics")["topics"]}
    _insert_all(db["topics"], ({"id": k, "name": v} for k, v in topic_names.items()), pk="id")
    rows, participants, topics, sources = [], [], [], []
    for cluster in merged:
        m = cluster.meeting
        rows.append(
            {
                "id": cluster.id,
                "date": m.date,
                "date_end": m.date_end,
                "date_precision": m.date_precision,
                "date_text": m.date_text,
                "date_rule": m.date_rule,
                "year": int(m.date[:4]) if m.date else None,
                "month": m.date[:7] if m.date and len(m.date) >= 7 else None,
                "place_id": m.place_id,
                "city_id": getattr(cluster, "city_id", None) or m.place_id,
                "place_rule": m.place_rule,
                "mode": m.mode,
                "status": m.status,
                "in_person": 0 if m.mode in CALL_MODES else 1,
                "summary": m.summary,
                "article_count": cluster.article_count,
                "outlet_count": cluster.outlet_count,
                "topics": json.dumps([topic_names.get(t, t) for t in m.topics], ensure_ascii=False),
                # Names, for Datasette's array facet; meeting_participants holds the ids.
                "participants": json.dumps(
                    [names.get(p.person_id or p.organisation_id or "", p.group_text) for p in m.participants],
                    ensure_ascii=False,
                ),
            }
        )
        for p in m.participants:
            participants.append(
                {
                    "meeting_id": cluster.id,
                    "person_id": p.person_id,
                    "organisation_id": p.organisation_id,
                    "group_text": p.group_text,
                    "affiliation_id": p.affiliation_id,
                    "role": p.role,
                    "title_at_time": normalise_title(p.title_at_time),
                    "title_text": p.title_at_time,
                    "text": p.text,
                    "method": p.method,
                    "article_id": p.article_id,
                    "start_char": p.start_char if p.start_char is not None and p.text else None,
                    "end_char": p.end_char if p.start_char is not None and p.text else None,
                }
            )
        topics += [{"meeting_id": cluster.id, "topic_id": t} for t in m.topics]
        for e in m.evidence:
            sources.append(
                {
                    "meeting_id": cluster.id,
                    "article_id": e.article_id,
                    "sentence": e.sentence,
                    "sentence_index": e.sentence_index,
                    "start_char": e.start_char,
                    "end_char": e.end_char,
                    "trigger": e.trigger,
                }
            )
    _insert_all(
        db["meetings"],
        rows,
        pk="id",
        foreign_keys=[("place_id", "places", "id"), ("city_id", "places", "id")],
        columns={
            "id": str,
            "date": str,
            "date_end": str,
            "date_precision": str,
            "date_text": str,
            "date_rule": str,
            "year": int,
            "month": str,
            "place_id": str,
            "city_id": str,
            "place_rule": str,
            "mode": str,
            "in_person": int,
            "status": str,
            "summary": str,
            "article_count": int,
            "outlet_count": int,
            "topics": str,
            "participants": str,
        },
        column_order=(
            "id",
            "date",
            "date_end",
            "date_precision",
            "date_text",
            "date_rule",
            "place_id",
            "mode",
            "status",
            "summary",
            "participants",
            "topics",
            "article_count",
            "outlet_count",
        ),
    )
    _insert_all(
        db["meeting_participants"],
        participants,
        pk="id",
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("affiliation_id", "organisations", "id"),
            ("article_id", "articles", "id"),
        ],
        columns={
            "id": int,
            "meeting_id": str,
            "person_id": str,
            "organisation_id": str,
            "group_text": str,
            "affiliation_id": str,
            "role": str,
            "title_at_time": str,
            "title_text": str,
            "text": str,
            "method": str,
            "article_id": str,
            "start_char": int,
            "end_char": int,
        },
        column_order=("id", "meeting_id", "person_id", "organisation_id", "group_text", "role", "title_at_time"),
    )
    _insert_all(
        db["meeting_topics"],
        topics,
        pk=("meeting_id", "topic_id"),
        foreign_keys=[("meeting_id", "meetings", "id"), ("topic_id", "topics", "id")],
        columns={"meeting_id": str, "topic_id": str},
        ignore=True,
    )
    _insert_all(
        db["meeting_sources"],
        sources,
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("article_id", "articles", "id")],
        columns={
            "id": int,
            "meeting_id": str,
            "article_id": str,
            "sentence": str,
            "sentence_index": int,
            "start_char": int,
            "end_char": int,
            "trigger": str,
        },
        column_order=("id", "meeting_id", "article_id", "sentence", "start_char", "end_char"),
    )


def write_claims(db, extractions, merged, id_map) -> None:
    meeting_of = {}
    for cluster in merged:
        for article, meeting in cluster.reports:
            meeting_of[(article.id, meeting.index)] = cluster.id
    claims, numbers = [], []
    for extraction in extractions:
        for n, c in enumerate(extraction.claims, start=1):
            claim_id = f"{c.article_id}-c{n}"
            claims.append(
                {
                    "id": claim_id,
                    "article_id": c.article_id,
                    "speaker_person_id": id_map.get(c.speaker_person_id, c.speaker_person_id),
                    "speaker_organisation_id": id_map.get(c.speaker_organisation_id, c.speaker_organisation_id),
                    "speaker_text": c.speaker_text,
                    "speaker_kind": c.speaker_kind,
                    "speaker_affiliation_id": id_map.get(c.speaker_affiliation_id, c.speaker_affiliation_id),
                    "text": c.text,
                    "kind": c.kind,
                    "verb": c.verb,
                    "channel": c.channel,
                    "channel_outlet_id": c.channel_outlet_id,
                    "meeting_id": meeting_of.get((c.article_id, c.meeting_index))
                    if c.meeting_index is not None
                    else None,
                    "sentence_index": c.sentence_index,
                    "start_char": c.start_char,
                    "end_char": c.end_char,
                    "method": c.method,
                }
            )
            numbers += [
                {"claim_id": claim_id, "value": x.value, "qualifier": x.qualifier, "unit_text": x.unit_text}
                for x in c.numbers
            ]
    _insert_all(
        db["claims"],
        claims,
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("speaker_person_id", "people", "id"),
            ("speaker_organisation_id", "organisations", "id"),
            ("channel_outlet_id", "outlets", "id"),
            ("meeting_id", "meetings", "id"),
            ("speaker_affiliation_id", "organisations", "id"),
        ],
        columns={
            "id": str,
            "article_id": str,
            "speaker_person_id": str,
            "speaker_organisation_id": str,
            "speaker_text": str,
            "speaker_kind": str,
            "speaker_affiliation_id": str,
            "text": str,
            "kind": str,
            "verb": str,
            "channel": str,
            "channel_outlet_id": str,
            "meeting_id": str,
            "sentence_index": int,
            "start_char": int,
            "end_char": int,
            "method": str,
        },
        column_order=(
            "id",
            "article_id",
            "speaker_person_id",
            "speaker_organisation_id",
            "speaker_text",
            "text",
            "kind",
            "verb",
            "channel",
        ),
    )
    _insert_all(
        db["claim_numbers"],
        numbers,
        pk="id",
        foreign_keys=[("claim_id", "claims", "id")],
        columns={"id": int, "claim_id": str, "value": float, "qualifier": str, "unit_text": str},
        column_order=("id", "claim_id", "value", "qualifier", "unit_text"),
    )
    db["claims"].enable_fts(["text", "speaker_text"], tokenize="porter", replace=True)


# Who met whom, precomputed: the edge list is an aggregate over every meeting,
# too slow to compute per request on a large database.
# Calls are kept as meetings with these modes, but are not in-person meetings.
CALL_MODES = ("phone", "video")

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


def write_participant_pairs(db) -> None:
    _insert_all(
        db["participant_pairs"],
        db.query(PARTICIPANT_PAIRS_SQL),
        pk=("participant_a_id", "participant_b_id"),
        columns={
            "pair": str,
            "participant_a": str,
            "participant_a_id": str,
            "participant_a_type": str,
            "participant_b": str,
            "participant_b_id": str,
            "participant_b_type": str,
            "meetings": int,
            "first_date": str,
            "last_date": str,
            "meeting_ids": str,
        },
        column_order=("pair", "participant_a", "participant_b", "meetings", "first_date", "last_date"),
    )
    db["participant_pairs"].create_index(["meetings", "last_date"])
