"""The house's rules, checked on the source: stages in order, no private names
across modules, no stage reaching back or sideways, YAML read in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "iraq_security"

# Modules every stage may use: records, curated vocabularies and the indexes built
# from them, and small utilities with no stage of their own.
FOUNDATION = {
    "__init__",
    "records",
    "curated",
    "vocabulary",
    "gazetteer",
    "outlets",
    "geonames",
    "titles",
    "dates",
    "quotes",
    "tree",
    "cache",
    "serving",
}
# The data's journey, in order. A stage may import an earlier stage, never a later
# one, and never another module of its own rank (meetings and claims are siblings).
STAGES = [
    {"pages", "page_dates", "html_pages"},
    {"parse"},
    {"entities"},
    {"resolve"},
    {"referents", "reading"},
    {"meetings", "claims"},
    {"merge"},
    {"collect"},
    {"database"},
]
# What runs the stages, and what reads the result: they may import any stage.
DRIVERS = {"build", "cli", "evaluate"}
# Modules of one stage that belong together (the reader's helpers, the resolver and its reading).
SAME_STAGE_PARTNERS = {
    frozenset({"pages", "page_dates"}),
    frozenset({"pages", "html_pages"}),
    frozenset({"reading", "referents"}),
}


def modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.glob("*.py"))}


def rank(module: str) -> int | None:
    return next((i for i, stage in enumerate(STAGES) if module in stage), None)


def package_imports(tree: ast.Module):
    """(imported module, imported names, the import node, inside a function?) for each import of the package."""
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inside = {id(node) for f in functions for node in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                yield node.module.split(".")[0], [a.name for a in node.names], node, id(node) in inside
            else:  # from . import a, b
                for alias in node.names:
                    yield alias.name, [], node, id(node) in inside
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("iraq_security."):
            yield node.module.split(".")[1], [a.name for a in node.names], node, id(node) in inside
        elif isinstance(node, ast.Import):  # import iraq_security.x
            for alias in node.names:
                if alias.name.startswith("iraq_security."):
                    yield alias.name.split(".")[1], [], node, id(node) in inside


def test_every_module_has_a_place_in_the_house():
    placed = FOUNDATION | DRIVERS | set().union(*STAGES)
    assert set(modules()) <= placed, f"modules with no stage: {sorted(set(modules()) - placed)}"


def test_no_module_imports_a_private_name_from_another_module():
    offences = []
    for name, tree in modules().items():
        for target, names, node, _ in package_imports(tree):
            offences += [f"{name}.py:{node.lineno} imports {target}.{n}" for n in names if n.startswith("_")]
        imported_modules = {
            alias.asname or alias.name
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.level == 1 and not n.module
            for alias in n.names
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
                and node.attr.startswith("_")
            ):
                offences.append(f"{name}.py:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not offences, offences


def test_no_stage_reaches_back_or_sideways():
    offences = []
    for name, tree in modules().items():
        own = rank(name)
        if own is None:
            continue
        for target, _, node, _ in package_imports(tree):
            theirs = rank(target)
            if theirs is None or target == name or frozenset({name, target}) in SAME_STAGE_PARTNERS:
                continue
            if theirs > own:
                offences.append(f"{name}.py:{node.lineno} reaches forward to the later stage {target}")
            elif theirs == own:
                offences.append(f"{name}.py:{node.lineno} imports its sibling stage {target}")
    assert not offences, offences


def test_foundation_modules_import_no_stage():
    offences = [
        f"{name}.py:{node.lineno} imports the stage {target}"
        for name, tree in modules().items()
        if name in FOUNDATION
        for target, _, node, _ in package_imports(tree)
        if rank(target) is not None or target in DRIVERS
    ]
    assert not offences, offences


def test_no_import_inside_a_function_crosses_stages():
    """Lazy imports are for the command line's start-up time only."""
    offences = [
        f"{name}.py:{node.lineno} imports {target} inside a function"
        for name, tree in modules().items()
        if name != "cli"
        for target, _, node, in_function in package_imports(tree)
        if in_function
    ]
    assert not offences, offences


@pytest.mark.parametrize("name", sorted(set(modules()) - {"curated", "evaluate"}))
def test_only_the_vocabulary_loader_reads_yaml(name):
    """Curated YAML is read by curated.py alone (evaluate.py reads gold annotations, not vocabulary)."""
    tree = modules()[name]
    imported = {alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert "yaml" not in imported


# Who a phrase names is the resolver's question (referents.py); these ask it directly.
PERSON_AND_BODY_LOOKUPS = {"people", "organisations", "person_ids", "people_with_surname", "organisation_ids"}


def names_the_gazetteer(node: ast.expr) -> bool:
    """`gazetteer`, `self.gazetteer`, `reading.gazetteer`: the curated records themselves."""
    return (isinstance(node, ast.Name) and node.id == "gazetteer") or (
        isinstance(node, ast.Attribute) and node.attr == "gazetteer"
    )


@pytest.mark.parametrize("name", ["meetings", "claims"])
def test_meetings_and_claims_ask_the_resolver_who_a_phrase_names(name):
    tree = modules()[name]
    lookups = [
        f"{name}.py:{node.lineno} gazetteer.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in PERSON_AND_BODY_LOOKUPS and names_the_gazetteer(node.value)
    ]
    imported = {alias.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for alias in n.names}
    assert not lookups, lookups
    assert "office_words" not in imported
