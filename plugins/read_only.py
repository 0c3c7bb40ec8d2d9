"""Keep the public site's error answers correct and cheap (issue 8).

1. Datasette 0.65.5 hands every error it answers to rich when rich can be
   imported (it can here: spaCy -> typer -> rich). rich then renders a
   traceback with all local variables into the log: ~0.3 s of CPU and ~30 KB
   of log for each 400/404 answer, and for URLs no route matches (/.env,
   /a/b/c/d) it raises, because no exception is being handled, so the answer
   becomes a 500. Without rich, Datasette answers these with its own plain
   error pages.
2. The site is read-only, yet Datasette's table, row and canned-query views
   answer a POST with a 500 (an assert, or the 1.0 write API's routes that
   0.65 lacks). Every method but GET, HEAD and OPTIONS gets a 405 instead,
   except a POST to a reconciliation endpoint (datasette-reconcile, issue 14):
   OpenRefine sends its queries that way, and the plugin only reads.
"""

import json
import re

import datasette.handle_exception
from datasette import hookimpl

datasette.handle_exception.rich = None

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# datasette-reconcile's query endpoints: POST carries the queries, nothing is written.
READ_BY_POST = re.compile(r"^/[^/]+/[^/]+/-/reconcile(/extend/propose|/suggest/(entity|property|type))?$")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def read_only(scope, receive, send):
            if (
                scope["type"] == "http"
                and scope["method"] not in READ_METHODS
                and not (scope["method"] == "POST" and READ_BY_POST.match(scope["path"]))
            ):
                body = json.dumps(
                    {
                        "ok": False,
                        "status": 405,
                        "error": "This site is read-only: only GET, HEAD and OPTIONS are allowed",
                    }
                )
                headers = [(b"content-type", b"application/json; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS")]
                if datasette.cors:
                    headers.append((b"access-control-allow-origin", b"*"))
                await send({"type": "http.response.start", "status": 405, "headers": headers})
                await send({"type": "http.response.body", "body": body.encode()})
                return
            await app(scope, receive, send)

        return read_only

    return wrap
