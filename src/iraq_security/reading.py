"""One reading of one article, shared by meetings, claims and the quote warnings.

Built once per article, after entities are resolved and before meetings and
claims: the article, its parse, its dependency tree (built once), its
quotation spans with their warnings (found once), its resolved mentions and
stated roles, and the resolver (referents.py) that answers "who is this
phrase?". The stages after it read from it and never parse, find quotes or
build a tree again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import Gazetteer
from .outlets import OutletIndex
from .quotes import Quote, find_quotes
from .records import Article, ArticleEntities, Mention, ParsedArticle, StatedRole
from .referents import Referents
from .tree import Tree


@dataclass
class ArticleReading:
    """An article as the extraction stages read it."""

    article: Article
    parsed: ParsedArticle
    entities: ArticleEntities
    tree: Tree
    quotes: list[Quote]
    quote_warnings: list[str]  # unclosed quotation marks, whether or not a claim starts inside one
    referents: Referents
    gazetteer: Gazetteer
    outlets: OutletIndex | None = None

    @property
    def body(self) -> str:
        return self.article.body

    @property
    def mentions(self) -> list[Mention]:
        return self.entities.mentions

    @property
    def roles(self) -> list[StatedRole]:
        return self.entities.roles


def read_article(
    article: Article,
    parsed: ParsedArticle,
    entities: ArticleEntities,
    gazetteer: Gazetteer,
    outlets: OutletIndex | None = None,
) -> ArticleReading:
    """The one reading of an article: its tree built and its quotes found, once."""
    tree = Tree(parsed, entities.mentions)
    quotes, warnings = find_quotes(article.body)
    referents = Referents(article, parsed, entities.mentions, entities.roles, gazetteer, outlets, tree=tree)
    return ArticleReading(article, parsed, entities, tree, quotes, warnings, referents, gazetteer, outlets)
