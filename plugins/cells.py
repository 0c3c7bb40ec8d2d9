"""Readable cells (issue 14): JSON arrays as lists, ids as links to their rows.

Datasette 0.65 links a foreign key only on a table page and only when the
schema declares it. Saved queries return ids too (meeting_id, article_id,
person_id …), some columns hold an id of one of several tables (mentions.entity_id,
participant_pairs.participant_a_id) and some hold a JSON array (meetings.participants,
meetings.topics, articles.tags). This render_cell hook turns:

- a JSON array of strings into a list; on a table page each item links to the
  rows of that table whose array holds it (`?column__arraycontains=item`);
- an id in a column named in ID_COLUMNS into a link to its row;
- an id whose table is named by a sibling `*_type` column (POLYMORPHIC) into a
  link to its row, when the type names a table;
- a comma-separated list of meeting ids into links.

The mapping is data: a column a table does not have is simply never seen, so
columns added later render as before. Everything is escaped.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup

# Column name -> the table its values are ids of.
ID_COLUMNS = {
    "meeting_id": "meetings",
    "article_id": "articles",
    "claim_id": "claims",
    "person_id": "people",
    "speaker_person_id": "people",
    "organisation_id": "organisations",
    "speaker_organisation_id": "organisations",
    "speaker_affiliation_id": "organisations",
    "parent_id": "organisations",
    "place_id": "places",
    "dateline_place_id": "places",
    "outlet_id": "outlets",
    "publisher_id": "outlets",
    "credited_source_id": "outlets",
    "channel_outlet_id": "outlets",
    "topic_id": "topics",
}

# Id column -> the column that says which kind of entity it is.
POLYMORPHIC = {
    "entity_id": "entity_type",
    "participant_a_id": "participant_a_type",
    "participant_b_id": "participant_b_type",
    "speaker_id": "speaker_type",
}
TYPE_TABLES = {"person": "people", "organisation": "organisations", "place": "places"}

# Columns holding several meeting ids separated by commas.
ID_LIST_COLUMNS = {"meeting_ids": "meetings"}

MAX_LIST_ITEMS = 50  # a longer array is cut, with a count of the rest


def row_link(datasette, database: str, table: str, value) -> Markup:
    href = datasette.urls.row(database, table, tilde_encode(str(value)))
    return Markup('<a href="{}">{}</a>').format(href, value)


def json_list(value: str):
    if not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(i, (str, int, float)) for i in items):
        return None
    return items


def render_list(datasette, database, table, column, items) -> Markup:
    if not items:
        return Markup('<span class="empty-list">(none)</span>')
    shown = []
    for item in items[:MAX_LIST_ITEMS]:
        if table:
            href = "{}?{}".format(
                datasette.urls.table(database, table), urlencode({f"{column}__arraycontains": str(item)})
            )
            shown.append(Markup('<li><a href="{}">{}</a></li>').format(href, item))
        else:
            shown.append(Markup("<li>{}</li>").format(item))
    more = len(items) - MAX_LIST_ITEMS
    if more > 0:
        shown.append(Markup("<li>… {} more</li>").format(more))
    return Markup('<ul class="cell-list">{}</ul>').format(Markup("").join(shown))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str) or not value:
        return None  # expanded foreign keys (dicts), numbers and nulls: Datasette's own rendering
    keys = set(row.keys()) if hasattr(row, "keys") else set()
    if column in ID_COLUMNS and column != "id":
        return row_link(datasette, database, ID_COLUMNS[column], value)
    if column in POLYMORPHIC and POLYMORPHIC[column] in keys:
        other = TYPE_TABLES.get(row[POLYMORPHIC[column]])
        return row_link(datasette, database, other, value) if other else None
    if column in ID_LIST_COLUMNS:
        ids = [i.strip() for i in value.split(",") if i.strip()]
        links = [row_link(datasette, database, ID_LIST_COLUMNS[column], i) for i in ids]
        return Markup(", ").join(links)
    items = json_list(value)
    if items is not None:
        return render_list(datasette, database, table, column, items)
    return None
