"""A content-keyed cache of per-article extractions (build/cache).

The per-article stage is a pure function of the article's text, the pipeline
version, the curated data and the spaCy model, so its result is stored under
a key made of all four. A rebuild parses only articles whose key is new.

Entries are pickles behind a SHA-256 checksum, written atomically. A corrupt
or unreadable entry is dropped, reported and rebuilt; it never fails a build.
The cache is a local build artefact: never load one from an untrusted source.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"iraq-security-cache-1\n"


@dataclass
class ExtractionCache:
    directory: Path
    salt: str  # pipeline version, curated-data hash, model name and version
    corrupt: list[str] = field(default_factory=list)  # keys dropped in this build
    unwritten: list[str] = field(default_factory=list)  # entries put could not store

    def key(self, article_id: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.salt}\0{article_id}\0{sha256}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self._drop(key, path)
            return None
        head, digest, payload = data[: len(MAGIC)], data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
        if head != MAGIC or hashlib.sha256(payload).digest() != digest:
            self._drop(key, path)
            return None
        try:
            return pickle.loads(payload)
        except Exception:
            self._drop(key, path)
            return None

    def put(self, key: str, value) -> None:
        """Store an entry; best effort: an entry that cannot be written (a read-only
        or full disk, something else at its path) is noted in `unwritten`, not raised."""
        path = self._path(key)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except OSError as error:
            self.unwritten.append(f"{key[:12]}…: {error.strerror or error}")
        finally:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)

    def _drop(self, key: str, path: Path) -> None:
        self.corrupt.append(key)
        try:
            path.unlink()
        except OSError:
            pass
