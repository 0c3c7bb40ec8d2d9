"""The default views of people, organisations and places show the entities the
corpus mentions (issue 15).

Most rows of these tables are gazetteer reference data that no article names.
A plain visit to the table page (no query string) is answered as if it asked
for `?reference_only=0`; the filter shows on the page and can be removed like
any other, and every other URL (JSON, CSV, filters, sorts) is untouched, so
the reference data stays queryable.
"""

from datasette import hookimpl

TABLES = ("people", "organisations", "places")
DEFAULT_FILTER = b"reference_only=0"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def in_the_news(scope, receive, send):
            if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and not scope.get("query_string"):
                parts = scope.get("path", "").strip("/").split("/")
                if len(parts) == 2 and parts[1] in TABLES and parts[0] in datasette.databases:
                    scope = dict(scope, query_string=DEFAULT_FILTER)
            await app(scope, receive, send)

        return in_the_news

    return wrap
