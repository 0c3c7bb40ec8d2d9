"""Feeds that answer even when a filter matches nothing (issue 14).

datasette-atom 0.9 dates the feed by `max(atom_updated)` over the rows, so a
filtered feed with no entries (a person with no meeting yet) answers 500. A
feed reader subscribed to that filter should get an empty feed and keep
polling. With rows, datasette-atom renders the feed unchanged.
"""

from __future__ import annotations

import datetime

import datasette_atom
from datasette.utils.asgi import Response
from feedgen.feed import FeedGenerator

_render_atom = datasette_atom.render_atom


def render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    if rows:
        return _render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.updated(datetime.datetime.now(datetime.timezone.utc))
    queries = (datasette.metadata(database=database) or {}).get("queries") or {}
    feed.title((queries.get(query_name) or {}).get("title") or query_name or table or "Feed")
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


# datasette-atom's register_output_renderer hook reads this module attribute
# when Datasette starts, after the plugins directory is loaded.
datasette_atom.render_atom = render_atom
