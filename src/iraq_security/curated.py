"""Load the curated knowledge that ships with the package (YAML in data/).

Curated data is reviewed like code; the build records a hash of it so that a
change to any file invalidates cached extractions.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import yaml

# The curated data shipped with the package; IRAQ_SECURITY_DATA_DIR points the
# build at another copy (your own gazetteer, or a test's modified one).
DATA_DIR = Path(os.environ.get("IRAQ_SECURITY_DATA_DIR") or Path(__file__).parent / "data")
# libyaml's loader when PyYAML was built with it: ten times faster on the gazetteer.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict:
    """Parse data/<name>.yml."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER) or {}


def data_hash() -> str:
    """A hash over every curated YAML file, for build_info and cache keys."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
