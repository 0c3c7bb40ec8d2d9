"""Every curated vocabulary is a typed, frozen rule object, built once, on the bottom layer."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from iraq_security import curated, vocabulary
from iraq_security.vocabulary import (
    ClaimRules,
    DatelinePlaces,
    EntityRules,
    MeetingRules,
    PageChrome,
    ReferentRules,
    TitleRules,
)

KINDS = [EntityRules, TitleRules, MeetingRules, ClaimRules, ReferentRules, PageChrome, DatelinePlaces]
RULE_FILES = ["claim_rules", "entity_rules", "meeting_rules", "referent_rules", "titles", "page_chrome", "topics"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_each_kind_of_rules_is_built_once_and_shared(kind):
    assert vocabulary.load(kind) is kind.load()
    assert isinstance(kind.load(), kind)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_rule_objects_are_frozen(kind):
    rules = kind.load()
    first = dataclasses.fields(rules)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(rules, first, None)


def _scalars(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _scalars(v)
    elif isinstance(value, list):
        for v in value:
            yield from _scalars(v)
    else:
        yield value


@pytest.mark.parametrize("name", RULE_FILES)
def test_no_rule_word_is_read_as_yes_or_no(name):
    """YAML reads a bare on, off, yes or no as a boolean: such a word must be quoted."""
    assert not [v for v in _scalars(curated.load(name)) if isinstance(v, bool)]


def test_vocabulary_imports_only_the_curated_loader_from_the_package():
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    own = {
        alias.name if node.module is None else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
        for alias in node.names
    }
    assert own == {"curated"}
