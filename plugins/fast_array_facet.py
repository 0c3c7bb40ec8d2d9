"""A faster array facet for the meetings and articles tables (issue 7).

Datasette 0.65's array facet removes repeated values within a row with
`select distinct j.value, inner.*`, which carries every column of every row
through a DISTINCT: on 14,000 meetings that is 170 ms per array facet, where
counting the values takes 16 ms. The arrays this build writes
(meetings.participants, meetings.topics, articles.tags) never repeat a value
within a row (tests/test_site.py checks it), so counting json_each rows is
exact. Same facet type ("array"), same URLs, same metadata; only the SQL
differs. The rest of facet_results follows Datasette 0.65.5's ArrayFacet.
"""

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.plugins import pm
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

# Register the built-in facets again below, with this array facet in place of 0.65's.
if pm.get_plugin("datasette.facets") is not None:
    pm.unregister(name="datasette.facets")

FACET_SQL = """
    with inner as ({sql})
    select j.value as value, count(*) as count
    from inner, json_each(inner.{col}) j
    group by j.value
    order by count(*) desc, value
    limit {limit}
"""


class UniqueArrayFacet(ArrayFacet):
    type = "array"

    async def facet_results(self):
        facet_results, facets_timed_out = [], []
        facet_size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            sql = FACET_SQL.format(col=escape_sqlite(column), sql=self.sql, limit=facet_size + 1)
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                facets_timed_out.append(column)
                continue
            values = []
            facet_results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_array": column})),
                    "truncated": len(rows) > facet_size,
                }
            )
            pairs = self.get_querystring_pairs()
            for row in rows.rows[:facet_size]:
                value = str(row["value"])
                selected = (f"{column}__arraycontains", value) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                toggle_path = change(self.request, {f"{column}__arraycontains": value})
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle_path),
                        "selected": selected,
                    }
                )
        return facet_results, facets_timed_out


@hookimpl
def register_facet_classes():
    return [ColumnFacet, DateFacet, UniqueArrayFacet]
