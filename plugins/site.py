"""Site-wide page helpers (issue 14).

- hidden_columns: long columns left out of a table's HTML page by default
  (templates/table.html and templates/_table.html skip them). The JSON, CSV
  and row pages keep them. Asking for a hidden column with `?_col=` shows it.
- /about: the project's README, rendered, as the site's "About" link
  (metadata.yml about_url).
- site_metadata: the site's own metadata, for the footer's licence on every page.
- assets/site.css on every page (lists in cells, folded details).
"""

from __future__ import annotations

from pathlib import Path

import markdown
from datasette import hookimpl
from datasette.utils import path_with_added_args
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

# Table -> columns its HTML table page leaves out unless asked for with ?_col=.
HIDDEN_BY_DEFAULT = {
    "articles": ["body"],
}

README = Path(__file__).resolve().parent.parent / "README.md"


@hookimpl
def extra_template_vars(view_name, table, columns, request, datasette):
    site = {"site_metadata": datasette.metadata()}
    if view_name != "table" or not table or request is None:
        return site
    asked = set(request.args.getlist("_col"))
    hidden = [c for c in HIDDEN_BY_DEFAULT.get(table, []) if c in (columns or []) and c not in asked]
    if not hidden:
        return site
    shown = [c for c in columns if c not in asked] if not asked else list(asked) + hidden
    return {
        **site,
        "hidden_columns": hidden,
        "show_hidden_url": path_with_added_args(request, [("_col", c) for c in shown]),
    }


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/assets/site.css")]


async def about(datasette, request):
    if not README.exists():
        raise NotFound("README.md is not shipped with this copy of the site")
    html = markdown.markdown(README.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    return Response.html(
        await datasette.render_template(
            "about.html", {"readme_html": Markup(html), "metadata": datasette.metadata()}, request=request
        )
    )


@hookimpl
def register_routes():
    return [(r"^/about$", about)]
