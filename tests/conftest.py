"""Shared fixtures: the spaCy pipeline (loaded once), a seed build, and a
helper that runs the per-article stage on a short text written for a test."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import settings

from iraq_security.build import ArticleExtraction, build, extract_article
from iraq_security.gazetteer import load_gazetteer
from iraq_security.outlets import load_outlets
from iraq_security.parse import choose_model, load_pipeline, to_record
from iraq_security.records import Article

# CI replays the same examples every run; local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds.yaml"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(choose_model(), load_gazetteer())


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(text, published=..., dateline=...) -> ArticleExtraction for one short article."""

    def run(
        text: str,
        published: str | None = "2024-11-13",
        dateline: str | None = None,
        published_inferred: str | None = None,
    ) -> ArticleExtraction:
        article = Article(
            id="test",
            source_file="test.txt",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            body=text,
            published=published,
            published_inferred=published_inferred,
            dateline=dateline,
        )
        parsed = to_record(article.id, nlp(text))
        return extract_article(article, parsed, load_gazetteer(), load_outlets())

    return run


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The five seeds, built once per test session."""
    db_path = tmp_path_factory.mktemp("seed-build") / "iraq_security.db"
    build(SEEDS, db_path, progress=False)
    return db_path
