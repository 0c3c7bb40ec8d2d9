"""One reading per article: meetings, claims and the quote warnings share one
tree, one pass over the quotes and one resolver."""

from __future__ import annotations

import sys

from iraq_security import quotes, referents, tree

TEXT = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani met Iranian Foreign Minister Abbas Araghchi in Baghdad on Monday.\n"
    '"We will not allow attacks from our soil," Sudani said after the meeting.\n'
    'Araghchi said Tehran "respects the sovereignty of Iraq.\n'
)


def _count_everywhere(monkeypatch, name: str, original, counting) -> None:
    """Put `counting` in place of `original` in every project module that holds it by name."""
    for module in list(sys.modules.values()):
        if (module.__name__ or "").startswith("iraq_security") and getattr(module, name, None) is original:
            monkeypatch.setattr(module, name, counting)


def test_quotes_are_found_once_and_the_tree_and_resolver_built_once_per_article(extract, monkeypatch):
    calls = {"find_quotes": 0, "Tree": 0, "Referents": 0}
    find_quotes = quotes.find_quotes

    def counting_find_quotes(body):
        calls["find_quotes"] += 1
        return find_quotes(body)

    class CountingTree(tree.Tree):
        def __init__(self, *args, **kwargs):
            calls["Tree"] += 1
            super().__init__(*args, **kwargs)

    class CountingReferents(referents.Referents):
        def __init__(self, *args, **kwargs):
            calls["Referents"] += 1
            super().__init__(*args, **kwargs)

    _count_everywhere(monkeypatch, "find_quotes", find_quotes, counting_find_quotes)
    _count_everywhere(monkeypatch, "Tree", tree.Tree, CountingTree)
    _count_everywhere(monkeypatch, "Referents", referents.Referents, CountingReferents)

    extraction = extract(TEXT)

    # Every stage ran: a meeting, claims, and the warning about the unclosed quote.
    assert extraction.meetings and extraction.claims
    assert any("unclosed quotation mark" in p.message for p in extraction.problems)
    assert calls == {"find_quotes": 1, "Tree": 1, "Referents": 1}
