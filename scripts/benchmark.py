"""Speed and scale figures, printed as a markdown table (`make bench`).

For N = 50, 500 and 5,000 synthetic articles (scripts/make_corpus.py) it
measures the full build against a bare `nlp.pipe` pass over the same texts
with the same model and batch size (the physical floor for this design),
their ratio, articles per second, peak memory and database size. Then the
speed-up of `--processes 2`, incremental rebuilds, and serving latency of
the 5,000-article database as `make serve` serves it.

Each build and each bare pass runs in its own process so that peak RSS is
that run's alone. Figures are printed, never asserted: tests assert behaviour.

    python scripts/benchmark.py [--sizes 50,500,5000] [--out build/bench] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from iraq_security.serving import serve_command

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BATCH_SIZE = 32

BARE_PASS = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
start = time.perf_counter()
import spacy
from iraq_security.pages import read_corpus
from iraq_security.parse import choose_model
articles, _ = read_corpus({corpus!r})
nlp = spacy.load(choose_model())
for doc in nlp.pipe((a.body for a in articles), batch_size={batch}):
    pass
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

BUILD = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
start = time.perf_counter()
from iraq_security.build import build
report = build({corpus!r}, {db!r}, processes={processes}, batch_size={batch}, progress=False,
               cache_dir={cache!r}, force={force!r})
print(json.dumps({{"seconds": time.perf_counter() - start, "parsed": report.parsed, "up_to_date": report.up_to_date,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "counts": report.counts}}))
"""


def run(code: str, env: dict | None = None) -> dict:
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bare(corpus: Path) -> dict:
    return run(BARE_PASS.format(src=str(ROOT / "src"), corpus=str(corpus), batch=BATCH_SIZE))


def full_build(
    corpus: Path, db: Path, processes: int = 1, cache: str | None = None, env=None, force: bool = False
) -> dict:
    code = BUILD.format(
        src=str(ROOT / "src"),
        corpus=str(corpus),
        db=str(db),
        processes=processes,
        batch=BATCH_SIZE,
        cache=cache,
        force=force,
    )
    return run(code, env)


def make_corpus(n: int, folder: Path) -> Path:
    if not folder.exists() or len(list(folder.glob("*.txt"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [PYTHON, str(ROOT / "scripts" / "make_corpus.py"), str(n), str(folder)], check=True, capture_output=True
        )
    return folder


# ---------------------------------------------------------------- serving


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path):
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "datasette", *serve_command(db, ROOT, port=port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("datasette did not start")


def fetch(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return (time.perf_counter() - start) * 1000, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def serving(db: Path, requests_each: int, concurrent_total: int) -> list[dict]:
    import sqlite3

    conn = sqlite3.connect(db)
    person = conn.execute(
        "select person_id from meeting_participants where person_id is not null group by person_id "
        "order by count(*) desc limit 1"
    ).fetchone()[0]
    article = conn.execute("select id from articles limit 1 offset 7").fetchone()[0]
    conn.close()
    pages = {
        "articles table (HTML, default facets)": "/iraq_security/articles",
        "articles table (JSON, default facets)": "/iraq_security/articles.json",
        "meetings, participant facet": "/iraq_security/meetings.json?_facet_array=participants",
        "who met whom (canned query)": "/iraq_security/who_met_whom.json",
        "full-text search": "/iraq_security/articles.json?_search=border+security",
        "person dossier (canned query)": f"/iraq_security/person_dossier.json?person={person}",
        "row page": f"/iraq_security/articles/{article}",
    }
    process, base = serve(db)
    rows = []
    try:
        for name, path in pages.items():
            fetch(base + path)  # warm
            timings = [fetch(base + path) for _ in range(requests_each)]
            latencies = [t for t, _ in timings]
            rows.append(
                {
                    "page": name,
                    "p50": statistics.median(latencies),
                    "p95": percentile(latencies, 95),
                    "errors": sum(1 for _, s in timings if s != 200),
                }
            )
        urls = [base + path for path in pages.values()] * (concurrent_total // len(pages) + 1)
        urls = urls[:concurrent_total]
        with ThreadPoolExecutor(max_workers=16) as pool:
            started = time.perf_counter()
            timings = list(pool.map(fetch, urls))
            elapsed = time.perf_counter() - started
        latencies = [t for t, _ in timings]
        rows.append(
            {
                "page": f"mixed, 16 concurrent clients ({len(urls)} requests, {len(urls) / elapsed:.0f} req/s)",
                "p50": statistics.median(latencies),
                "p95": percentile(latencies, 95),
                "errors": sum(1 for _, s in timings if s != 200),
            }
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
    return rows


def seed_ratio(out: Path, runs: int = 5) -> str:
    """The seeds, five times each way (median): a full build (no cache) against a bare nlp.pipe.
    Both include loading the model, which dominates at five articles."""
    seeds = ROOT / "seeds"
    builds = [full_build(seeds, out / "seeds" / f"run{i}.db", cache=None, force=True)["seconds"] for i in range(runs)]
    bares = [bare(seeds)["seconds"] for _ in range(runs)]
    b, f = statistics.median(builds), statistics.median(bares)
    return (
        "| corpus | build (s) | bare nlp.pipe (s) | ratio |\n|---|---:|---:|---:|\n"
        f"| seeds (5 articles, median of {runs}) | {b:.2f} | {f:.2f} | {b / f:.2f} |"
    )


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--quick", action="store_true", help="50 and 500 only, fewer requests")
    parser.add_argument("--seeds", action="store_true", help="only the seed corpus: build against bare nlp.pipe")
    args = parser.parse_args(argv)
    if args.seeds:
        print(seed_ratio(args.out))
        return 0
    sizes = [50, 500] if args.quick else [int(x) for x in args.sizes.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    largest = max(sizes)
    middle = sorted(sizes)[len(sizes) // 2] if len(sizes) > 1 else largest
    started = time.perf_counter()
    lines = [
        f"# Benchmark ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, batch size {BATCH_SIZE}.",
        "",
    ]

    lines += [
        "## Build speed",
        "",
        "| N | build (s) | bare nlp.pipe (s) | ratio | articles/s | peak RSS build (MB) | peak RSS bare (MB) | db size (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    results = {}
    for n in sizes:
        corpus = make_corpus(n, args.out / f"corpus-{n}")
        db = args.out / f"n{n}" / "iraq_security.db"
        shutil.rmtree(db.parent, ignore_errors=True)
        floor = bare(corpus)
        built = full_build(corpus, db, cache=str(db.parent / "cache"))
        results[n] = (built, floor, db, corpus)
        lines.append(
            f"| {n:,} | {built['seconds']:.1f} | {floor['seconds']:.1f} | "
            f"{built['seconds'] / floor['seconds']:.2f} | {n / built['seconds']:.1f} | "
            f"{built['rss_mb']:.0f} | {floor['rss_mb']:.0f} | {db.stat().st_size / 1e6:.1f} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    if len(sizes) > 1:
        small = sorted(sizes)[-2]
        growth = results[largest][0]["seconds"] / results[small][0]["seconds"]
        lines += [
            "",
            f"Growth: build time at {largest:,} ÷ at {small:,} = {growth:.1f} (linear is {largest / small:.0f}).",
        ]

    # Parallel parsing (spaCy n_process) at the middle size.
    corpus = results[middle][3]
    one = results[middle][0]["seconds"]
    two = full_build(corpus, args.out / "processes" / "x.db", processes=2, cache=None)
    lines += [
        "",
        "## Parallel parsing",
        "",
        f"`--processes 2` at N = {middle:,}: {two['seconds']:.1f} s against {one:.1f} s with one process "
        f"(speed-up {one / two['seconds']:.2f}× on {os.cpu_count()} cores).",
    ]

    # Incremental rebuilds at the largest size.
    built, _, db, corpus = results[largest]
    cache = str(db.parent / "cache")
    unchanged = full_build(corpus, db, cache=cache)
    forced = full_build(corpus, db, cache=cache, force=True)
    changed_corpus = args.out / f"corpus-{largest}-changed"
    shutil.rmtree(changed_corpus, ignore_errors=True)
    shutil.copytree(corpus, changed_corpus)
    victim = sorted(changed_corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text() + "\n\nThe ministry said talks would continue next week.\n")
    one_changed = full_build(changed_corpus, db, cache=cache)
    # A change to the curated YAML (at the middle size, to keep the run short).
    data = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(ROOT / "src" / "iraq_security" / "data", data)
    with open(data / "people.yml", "a", encoding="utf-8") as f:
        f.write(
            "  - id: benchmark-person\n    name: Benchmark Person\n    aliases: []\n"
            "    nationality: Iraq\n    description: added by the benchmark\n    roles: []\n"
        )
    m_built, _, m_db, m_corpus = results[middle]
    yaml_changed = full_build(
        m_corpus, m_db, cache=str(m_db.parent / "cache"), env={"IRAQ_SECURITY_DATA_DIR": str(data)}
    )
    import sqlite3

    has_person = (
        sqlite3.connect(m_db).execute("select count(*) from people where id = 'benchmark-person'").fetchone()[0]
    )
    lines += [
        "",
        "## Incremental builds",
        "",
        "| rebuild | N | time (s) | % of full build | articles parsed |",
        "|---|---:|---:|---:|---:|",
        f"| nothing changed (up-to-date check: {'yes' if unchanged['up_to_date'] else 'NO'}) | {largest:,} | "
        f"{unchanged['seconds']:.1f} | {100 * unchanged['seconds'] / built['seconds']:.1f}% | {unchanged['parsed']} |",
        f"| nothing changed, `--force` (every article from the cache, all cross-article steps and the "
        f"database rewritten) | {largest:,} | {forced['seconds']:.1f} | "
        f"{100 * forced['seconds'] / built['seconds']:.1f}% | {forced['parsed']} |",
        f"| one article changed | {largest:,} | {one_changed['seconds']:.1f} | "
        f"{100 * one_changed['seconds'] / built['seconds']:.1f}% | {one_changed['parsed']} |",
        f"| curated YAML changed | {middle:,} | {yaml_changed['seconds']:.1f} | "
        f"{100 * yaml_changed['seconds'] / m_built['seconds']:.1f}% | {yaml_changed['parsed']} "
        f"(new gazetteer person present: {'yes' if has_person else 'NO'}) |",
    ]

    # Serving the largest database as `make serve` serves it.
    requests_each = 10 if args.quick else 30
    rows = serving(results[largest][2], requests_each, 200 if args.quick else 400)
    lines += [
        "",
        f"## Serving ({largest:,} articles; {requests_each} sequential requests a page)",
        "",
        "| page | p50 (ms) | p95 (ms) | errors |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {r['page']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['errors']} |" for r in rows]
    lines += ["", f"Benchmark wall time: {(time.perf_counter() - started) / 60:.1f} minutes."]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
