"""How the database is served: the one place for Datasette's options.

`make serve` (through `iraq-security serve`), the benchmark and the site and
browser tests all read them here, so what is tested is what is served.
"""

from __future__ import annotations

from pathlib import Path

# Datasette settings (`--setting NAME VALUE`), as Datasette(settings=...) takes them.
SETTINGS = {
    "sql_time_limit_ms": 3000,  # a slow query gets a clear error, not a hung page
    "facet_time_limit_ms": 1000,
    "suggest_facets": False,  # suggestions cost a query per column on every table page
    "truncate_cells_html": 200,  # long claims and bodies are cut in tables; row pages show them whole
}

# The site's own files, relative to the project folder.
METADATA = "metadata.yml"
PLUGINS_DIR = "plugins"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
STATIC_MOUNT = "assets"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def setting_arguments() -> list[str]:
    """SETTINGS as `--setting NAME VALUE` arguments."""
    arguments = []
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        arguments += ["--setting", name, text]
    return arguments


def site_arguments(root: str | Path = ".") -> list[str]:
    """Metadata, plugins, templates, static files, CORS and settings, for `datasette serve`."""
    root = Path(root)
    return [
        "-m",
        str(root / METADATA),
        "--plugins-dir",
        str(root / PLUGINS_DIR),
        "--template-dir",
        str(root / TEMPLATES_DIR),
        "--static",
        f"{STATIC_MOUNT}:{root / STATIC_DIR}",
        "--cors",
        *setting_arguments(),
    ]


def serve_command(
    db: str | Path, root: str | Path = ".", host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> list[str]:
    """`datasette serve` over the immutable database, as `make serve` runs it (without the program name)."""
    return ["serve", "-i", str(db), *site_arguments(root), "--host", host, "--port", str(port)]
