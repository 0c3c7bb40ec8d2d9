"""The build, top to bottom: pages → parse → entities → resolution → one
reading per article → meetings and claims → merge across articles →
collection → database.

`extract_article` is the per-article stage: a pure function of one article,
its parse and the curated data. Everything after it works across articles.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from . import __version__, curated, database, resolve
from .cache import ExtractionCache
from .claims import extract_claims
from .collect import CollectedClaim, collect
from .entities import find_entities
from .gazetteer import Gazetteer, load_gazetteer
from .meetings import extract_meetings
from .merge import merge_meetings
from .outlets import OutletIndex, load_outlets
from .pages import MANIFEST_NAMES, corpus_files, read_corpus
from .parse import choose_model, load_pipeline, model_info, model_meta, parse_articles
from .reading import ArticleReading, read_article
from .records import Article, ArticleEntities, ParsedArticle, Problem

PIPELINE_VERSION = "1"


@dataclass
class ArticleExtraction:
    """All that one article yields; cacheable, since it depends only on its inputs."""

    article_id: str
    entities: ArticleEntities
    meetings: list
    claims: list
    problems: list[Problem] = field(default_factory=list)


@dataclass
class BuildReport:
    db_path: Path
    articles: int
    problems: list[Problem]
    counts: dict[str, int]
    seconds: float
    parsed: int = 0
    up_to_date: bool = False

    def summary(self) -> str:
        if self.up_to_date:
            return (
                f"{self.db_path} is up to date ({self.articles} articles): corpus, code, curated data "
                "and model are unchanged since it was built. Use --force to rebuild anyway."
            )
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = len(self.problems) - errors
        lines = [
            f"Built {self.db_path} in {self.seconds:.1f}s: {self.articles} articles "
            f"({self.parsed} parsed), {errors} files skipped, {warnings} warnings.",
            "  " + ", ".join(f"{table} {n}" for table, n in self.counts.items()),
        ]
        for p in self.problems:
            if p.severity == "error":
                lines.append(f"  skipped {p.source_file}: {p.message}")
        return "\n".join(lines)


class BuildLocked(RuntimeError):
    """Another build of the same database is running."""


@contextmanager
def build_lock(db_path: Path, wait_seconds: float = 0):
    """One build per database at a time; the second waits, then fails clearly."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.parent / f".{db_path.name}.lock"
    with open(lock_path, "w") as lock:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build of {db_path} is running (lock {lock_path}); "
                        "wait for it to finish or use --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def extract_article(
    article: Article, parsed: ParsedArticle, gazetteer: Gazetteer, outlets: OutletIndex
) -> ArticleExtraction:
    """Entities, meetings and claims of one article, from its single parse."""
    found = find_entities(parsed, article.body, gazetteer, outlets)
    anchor, _ = article.anchor_date
    entities = resolve.resolve_article(found, anchor, gazetteer)
    # One reading for both stages: one tree, one pass for quotes, one resolver for "who is this phrase?".
    reading = read_article(article, parsed, entities, gazetteer, outlets)
    meetings = extract_meetings(reading)
    claims = extract_claims(reading, meetings)
    problems = [Problem(article.source_file, "warning", w) for w in entities.warnings]
    problems += quote_problems(reading)
    return ArticleExtraction(article.id, entities, meetings, claims, problems)


# An article full of stray marks is reported, not listed mark by mark.
MAX_QUOTE_WARNINGS = 5


def quote_problems(reading: ArticleReading) -> list[Problem]:
    """Warnings about unclosed quotation marks in the body, whether or not a claim starts inside one."""
    article, warnings = reading.article, reading.quote_warnings
    problems = [Problem(article.source_file, "warning", w) for w in warnings[:MAX_QUOTE_WARNINGS]]
    if len(warnings) > MAX_QUOTE_WARNINGS:
        problems.append(
            Problem(
                article.source_file,
                "warning",
                f"{len(warnings) - MAX_QUOTE_WARNINGS} more unclosed quotation marks not listed",
            )
        )
    return problems


def build(
    corpus: str | Path = "seeds",
    db_path: str | Path = "build/iraq_security.db",
    model: str | None = None,
    processes: int = 1,
    batch_size: int = 32,
    wait_seconds: float = 0,
    progress: bool | None = None,
    cache_dir: str | Path | None = "default",
    force: bool = False,
) -> BuildReport:
    """Build the database. `cache_dir` None disables the per-article cache;
    "default" puts it in a `cache` folder beside the database."""
    started = time.monotonic()
    db_path = Path(db_path)
    progress = sys.stderr.isatty() if progress is None else progress
    cache_directory = None
    if cache_dir is not None:
        cache_directory = db_path.parent / "cache" if cache_dir == "default" else Path(cache_dir)
    with build_lock(db_path, wait_seconds):
        database.remove_stale_temporaries(db_path, cache_directory)
        model_name = choose_model(model)
        meta = model_meta(model_name)
        inputs = {
            "corpus_hash": corpus_hash(Path(corpus)),
            "pipeline_version": pipeline_version()[:16],
            "curated_data_hash": curated.data_hash(),
            **meta,
        }
        if not force and database.built_from(db_path, inputs):
            counts = database.table_counts(db_path, database.REPORTED_TABLES)
            return BuildReport(
                db_path,
                counts.get("articles", 0),
                database.read_problems(db_path),
                counts,
                time.monotonic() - started,
                parsed=0,
                up_to_date=True,
            )
        articles, problems = read_corpus(corpus)
        gazetteer = load_gazetteer()
        outlets = load_outlets()
        cache = None
        if cache_directory is not None:
            salt = "\0".join(
                [pipeline_version(), curated.data_hash(), meta["spacy_model"], meta["spacy_model_version"]]
            )
            cache = ExtractionCache(cache_directory, salt)

        # Cached articles skip spaCy; the rest are parsed once, in batches.
        done: dict[str, ArticleExtraction] = {}
        keys = {a.id: cache.key(a.id, a.sha256) for a in articles} if cache else {}
        if cache:
            for a in articles:
                hit = cache.get(keys[a.id])
                if isinstance(hit, ArticleExtraction) and hit.article_id == a.id:
                    done[a.id] = hit
            problems += [
                Problem("build/cache", "warning", f"corrupt cache entry {k[:12]}… dropped and rebuilt")
                for k in cache.corrupt
            ]
        to_parse = [a for a in articles if a.id not in done]
        if to_parse:
            nlp = load_pipeline(model_name, gazetteer)
            meta = model_info(nlp)
        by_id = {a.id: a for a in articles}
        for n, parsed in enumerate(parse_articles(to_parse, nlp, batch_size, processes) if to_parse else (), start=1):
            article = by_id[parsed.article_id]
            extraction = _extract_safely(article, parsed, gazetteer, outlets)
            done[article.id] = extraction
            if cache and not any(p.severity == "error" for p in extraction.problems):
                cache.put(keys[article.id], extraction)
            if progress:
                print(f"\r  parsed {n}/{len(to_parse)} articles", end="", file=sys.stderr, flush=True)
        if progress and to_parse:
            print(file=sys.stderr)
        if cache and cache.unwritten:
            problems.append(
                Problem(
                    "build/cache",
                    "warning",
                    f"{len(cache.unwritten)} cache entries could not be "
                    f"written (first: {cache.unwritten[0]}); the next build parses them again",
                )
            )
        extractions = [done[a.id] for a in articles]

        tables = resolve.collect_entities([e.entities for e in extractions], gazetteer)
        meetings = merge_meetings([(by_id[e.article_id], m) for e in extractions for m in e.meetings], tables.id_map)
        collection = collect(
            articles, {e.article_id: e.claims for e in extractions}, tables, meetings, outlets, gazetteer
        )
        for extraction in extractions:
            problems.extend(extraction.problems)
            problems.extend(claim_problems(by_id[extraction.article_id], collection.claims_of(extraction.article_id)))
        info = {
            "package_version": __version__,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            **inputs,
            **meta,
            "articles": len(articles),
        }
        with database.replace_atomically(db_path) as tmp:
            db = sqlite_utils.Database(tmp)
            # A temporary file, thrown away if anything fails: no need to sync each chunk.
            db.conn.execute("PRAGMA synchronous = OFF")
            db.conn.execute("PRAGMA journal_mode = OFF")
            with db.conn:
                database.write_all(db, replace(collection, problems=problems, build_info=info))
            counts = {t: db[t].count for t in database.REPORTED_TABLES if db[t].exists()}
            db.conn.execute("VACUUM")
            db.close()
    return BuildReport(db_path, len(articles), problems, counts, time.monotonic() - started, parsed=len(to_parse))


def claim_problems(article: Article, claims: list[CollectedClaim]) -> list[Problem]:
    """A claim's warnings, each naming the claim by its id in the claims table."""
    return [
        Problem(article.source_file, "warning", f"claim {collected.id}: {warning}")
        for collected in claims
        for warning in collected.claim.warnings
    ]


def _extract_safely(
    article: Article, parsed: ParsedArticle, gazetteer: Gazetteer, outlets: OutletIndex
) -> ArticleExtraction:
    try:
        return extract_article(article, parsed, gazetteer, outlets)
    except Exception as error:  # one bad article must not sink the corpus
        traceback.print_exc(file=sys.stderr)
        extraction = ArticleExtraction(article.id, ArticleEntities(article.id, [], []), [], [])
        extraction.problems.append(
            Problem(article.source_file, "error", f"extraction failed, article kept without entities: {error!r}")
        )
        return extraction


def pipeline_version() -> str:
    """The package version plus a hash of its code: any code change invalidates cached extractions."""
    digest = hashlib.sha256(f"{__version__}/{PIPELINE_VERSION}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_hash(corpus: Path) -> str:
    """A hash over every page of the corpus and its manifest: names and raw bytes."""
    digest = hashlib.sha256()
    manifests = [corpus / name for name in MANIFEST_NAMES if (corpus / name).exists()]
    for path in [*corpus_files(corpus), *manifests]:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"not a file")
        except OSError as error:
            digest.update(f"unreadable: {error}".encode())
    return digest.hexdigest()
