"""Record pages for meetings, people, organisations and articles (issue 14).

Datasette's row page lists one row's columns. A reader wants the record:
a meeting's participants, evidence sentences and claims; a person's roles,
meetings and claims; an article's text, meetings and names. The row
templates (templates/row-iraq_security-*.html) call `record(table, row)`,
which gathers those related rows here with read-only SQL.

Columns other developers add later are picked up or skipped: every query
selects only columns the table has (`columns()`), and the templates read
fields with `.get`. A side (a person's nationality, an organisation's side)
gets the colour static/sides.json gives it, the same on every page.
"""

from __future__ import annotations

import json
from pathlib import Path

from datasette import hookimpl
from datasette.utils import tilde_encode

SIDES = {
    k: v
    for k, v in json.loads(
        (Path(__file__).resolve().parent.parent / "static" / "sides.json").read_text(encoding="utf-8")
    ).items()
    if not k.startswith("_")
}

LIMIT = 200  # related rows per section; the linked table pages hold the rest


def side_colour(side) -> str:
    return SIDES.get(side or "", SIDES["other"])


class Records:
    """Related rows for one record, read from one database."""

    def __init__(self, db):
        self.db = db
        self._columns: dict[str, set[str]] = {}

    async def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            self._columns[table] = (
                set(await self.db.table_columns(table)) if await self.db.table_exists(table) else set()
            )
        return self._columns[table]

    async def rows(self, sql: str, params=()) -> list[dict]:
        result = await self.db.execute(sql + f" limit {LIMIT}", params)
        return [dict(r) for r in result.rows]

    async def one(self, sql: str, params=()) -> dict | None:
        rows = await self.rows(sql, params)
        return rows[0] if rows else None

    async def opt(self, table: str, column: str, alias: str, expression: str | None = None) -> str:
        """`expression as column` when the table has the column, else `null as column`."""
        if column in await self.columns(table):
            return f"{expression or alias + '.' + column} as {column}"
        return f"null as {column}"

    # ------------------------------------------------------------ meetings
    async def meetings(self, m: dict) -> dict:
        mid = m["id"]
        place = await self.one("select * from places where id = ?", [m.get("place_id")]) if m.get("place_id") else None
        group_text = await self.opt("meeting_participants", "group_text", "mp")
        participants = await self.rows(
            f"""
            select mp.id, mp.person_id, mp.organisation_id, {group_text}, mp.role, mp.title_at_time, mp.text,
                   mp.method, mp.article_id, p.name as person_name, p.nationality as person_side,
                   o.name as organisation_name, o.side as organisation_side
            from meeting_participants mp
            left join people p on p.id = mp.person_id
            left join organisations o on o.id = mp.organisation_id
            where mp.meeting_id = ?
            order by case mp.role when 'host' then 0 when 'visitor' then 1 else 2 end, mp.id""",
            [mid],
        )
        for p in participants:
            p["side"] = p["person_side"] or p["organisation_side"]
            p["colour"] = side_colour(p["side"])
        topics = await self.rows(
            """
            select t.id, t.name from meeting_topics mt join topics t on t.id = mt.topic_id
            where mt.meeting_id = ? order by t.name""",
            [mid],
        )
        sources = await self.rows(
            """
            select s.*, a.title, coalesce(a.published, a.published_inferred) as date, o.name as publisher
            from meeting_sources s join articles a on a.id = s.article_id
            left join outlets o on o.id = a.publisher_id
            where s.meeting_id = ? order by date, s.article_id, s.sentence_index""",
            [mid],
        )
        claims = await self.claims("c.meeting_id = ?", [mid])
        return {"place": place, "participants": participants, "topics": topics, "sources": sources, "claims": claims}

    async def claims(self, where: str, params) -> list[dict]:
        return await self.rows(
            f"""
            select c.*, coalesce(p.name, o.name, nullif(trim(c.speaker_text), ''), '(speaker not found)') as speaker,
                   coalesce(p.nationality, o.side) as side, a.title as article_title,
                   coalesce(a.published, a.published_inferred) as date
            from claims c join articles a on a.id = c.article_id
            left join people p on p.id = c.speaker_person_id
            left join organisations o on o.id = c.speaker_organisation_id
            where {where} order by date, c.article_id, c.sentence_index""",
            params,
        )

    async def meetings_of(self, column: str, value: str) -> list[dict]:
        columns = await self.columns("meeting_participants")
        group_text = "x.group_text" if "group_text" in columns else "null"
        # A body's meetings include those of its delegations ("an Iraqi delegation headed by …").
        affiliated = " or mp.affiliation_id = ?" if column == "organisation_id" and "affiliation_id" in columns else ""
        return await self.rows(
            f"""
            select m.id, m.date, m.mode, m.status, m.summary, pl.name as place, mp.role, mp.title_at_time,
                   (select group_concat(coalesce(pe.name, o.name, {group_text}), '; ')
                    from meeting_participants x
                    left join people pe on pe.id = x.person_id
                    left join organisations o on o.id = x.organisation_id
                    where x.meeting_id = m.id and coalesce(x.{column}, '') != ?) as with_whom
            from meeting_participants mp join meetings m on m.id = mp.meeting_id
            left join places pl on pl.id = m.place_id
            where mp.{column} = ?{affiliated}
            group by m.id
            order by m.date is null, m.date desc""",
            [value, value] + ([value] if affiliated else []),
        )

    # ------------------------------------------------------------ people
    async def people(self, p: dict) -> dict:
        pid = p["id"]
        return {
            "colour": side_colour(p.get("nationality")),
            "aliases": await self.rows("select alias from person_aliases where person_id = ? order by alias", [pid]),
            "roles": await self.rows(
                """
                select r.*, o.name as organisation_name, ou.name as outlet_name,
                       coalesce(r.start_date, a.published, a.published_inferred) as date
                from roles r left join organisations o on o.id = r.organisation_id
                left join outlets ou on ou.id = r.outlet_id
                left join articles a on a.id = r.article_id
                where r.person_id = ? order by r.source = 'article', date desc""",
                [pid],
            ),
            "meetings": await self.meetings_of("person_id", pid),
            "claims": await self.claims("c.speaker_person_id = ?", [pid]),
            "articles": await self.rows(
                """
                select a.id, a.title, coalesce(a.published, a.published_inferred) as date, ap.mention_count,
                       ap.relation
                from article_people ap join articles a on a.id = ap.article_id
                where ap.person_id = ? order by date desc""",
                [pid],
            ),
        }

    # ------------------------------------------------------------ organisations
    async def organisations(self, o: dict) -> dict:
        oid = o["id"]
        claim_where = "c.speaker_organisation_id = ?"
        params = [oid]
        if "speaker_affiliation_id" in await self.columns("claims"):
            claim_where = "(c.speaker_organisation_id = ? or c.speaker_affiliation_id = ?)"
            params = [oid, oid]
        return {
            "colour": side_colour(o.get("side")),
            "parent": await self.one("select id, name from organisations where id = ?", [o.get("parent_id")])
            if o.get("parent_id")
            else None,
            "children": await self.rows(
                "select id, name, kind from organisations where parent_id = ? order by name", [oid]
            ),
            "aliases": await self.rows(
                "select alias from organisation_aliases where organisation_id = ? order by alias", [oid]
            ),
            "people": await self.rows(
                """
                select r.person_id, p.name, group_concat(distinct r.title) as titles
                from roles r join people p on p.id = r.person_id
                where r.organisation_id = ? group by r.person_id order by p.name""",
                [oid],
            ),
            "meetings": await self.meetings_of("organisation_id", oid),
            "claims": await self.claims(claim_where, params),
            "articles": await self.rows(
                """
                select a.id, a.title, coalesce(a.published, a.published_inferred) as date, ao.mention_count
                from article_organisations ao join articles a on a.id = ao.article_id
                where ao.organisation_id = ? order by date desc""",
                [oid],
            ),
        }

    # ------------------------------------------------------------ articles
    async def articles(self, a: dict) -> dict:
        aid = a["id"]
        outlets = {}
        for key in ("publisher_id", "credited_source_id"):
            if a.get(key):
                outlets[key] = await self.one("select id, name from outlets where id = ?", [a[key]])
        tags = []
        try:
            tags = json.loads(a.get("tags") or "[]")
        except ValueError:
            pass
        names = {}
        for table, entity, side in (
            ("article_people", "people", "nationality"),
            ("article_organisations", "organisations", "side"),
            ("article_places", "places", None),
        ):
            key = {"people": "person_id", "organisations": "organisation_id", "places": "place_id"}[entity]
            side_sql = f"e.{side}" if side else "null"
            rows = await self.rows(
                f"""
                select e.id, e.name, {side_sql} as side, x.mention_count, x.relation
                from {table} x join {entity} e on e.id = x.{key}
                where x.article_id = ? order by x.mention_count desc, e.name""",
                [aid],
            )
            for r in rows:
                r["colour"] = side_colour(r["side"])
            names[entity] = rows
        return {
            "outlets": outlets,
            "tags": tags,
            "paragraphs": [p for p in (a.get("body") or "").split("\n") if p.strip()],
            "meetings": await self.rows(
                """
                select m.id, m.date, m.summary, pl.name as place, count(*) as sentences
                from meeting_sources s join meetings m on m.id = s.meeting_id
                left join places pl on pl.id = m.place_id
                where s.article_id = ? group by m.id order by min(s.sentence_index)""",
                [aid],
            ),
            "claims": await self.claims("c.article_id = ?", [aid]),
            "names": names,
            "problems": await self.rows(
                "select severity, message from problems where source_file = ? order by id", [a.get("source_file")]
            ),
        }


RECORD_TABLES = {"meetings", "people", "organisations", "articles"}


@hookimpl
def extra_template_vars(view_name, database, datasette):
    if view_name != "row" or not database:
        return {}

    async def record(table, row):
        if table not in RECORD_TABLES:
            return {}
        records = Records(datasette.get_database(database))
        return await getattr(records, table)(dict(row))

    def row_url(table, value):
        return datasette.urls.row(database, table, tilde_encode(str(value)))

    return {"record": record, "side_colour": side_colour, "row_url": row_url}
