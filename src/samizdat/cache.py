"""A small content-addressed store for build stages, under ``<out>/.cache/``.

Every entry is keyed by the sha256 of everything that affects it (see :func:`digest`), so a
stale entry can never be served: changing a source, a correction, the config, a template, a
font or samizdat's version changes the key. Entries are written atomically (temporary file +
``os.replace``); an entry that cannot be read or unpickled is treated as missing and rebuilt.
Entries not used by the latest build of a kind are pruned at the end of the build, so the
cache holds one generation per kind (plus whatever the PDF part cache keeps, see
:mod:`samizdat.render.pdf_parts`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__

#: Folder name of the cache inside the output folder.
CACHE_DIR = ".cache"


@functools.cache
def code_digest() -> bytes:
    """samizdat's own code: an entry made by other code (a development checkout, an upgrade
    without a version change) is never reused."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.digest()


def digest(*parts: bytes | str | Path | Iterable[Any] | None) -> str:
    """sha256 over the parts, each framed by its length so ``("ab", "c") != ("a", "bc")``.

    Paths contribute their bytes (a missing file contributes a marker); other iterables are
    hashed item by item; everything else by ``repr``.
    """
    h = hashlib.sha256(code_digest())
    for part in parts:
        h.update(_part_bytes(part))
    return h.hexdigest()


def _part_bytes(part: Any) -> bytes:
    if isinstance(part, Path):
        try:
            data = b"F" + part.read_bytes()
        except OSError:
            data = b"M" + str(part).encode("utf-8", "surrogateescape")
    elif isinstance(part, bytes):
        data = b"B" + part
    elif isinstance(part, str):
        data = b"S" + part.encode("utf-8", "surrogateescape")
    elif isinstance(part, (list, tuple)):
        inner = hashlib.sha256(b"".join(_part_bytes(p) for p in part)).digest()
        data = b"L" + inner
    else:
        data = b"R" + repr(part).encode("utf-8", "surrogateescape")
    return len(data).to_bytes(8, "big") + data


def tree_files(*roots: Path) -> list[Path]:
    """Every file under the roots, in a stable order (hidden files and caches excluded)."""
    files: list[Path] = []
    for root in roots:
        files.extend(
            p
            for p in sorted(root.rglob("*"))
            if p.is_file()
            and not any(s.startswith(".") or s == "__pycache__" for s in p.relative_to(root).parts)
        )
    return files


def tree_digest(*roots: Path) -> str:
    """A digest of the names and bytes of every file under the roots."""
    files = tree_files(*roots)
    return digest([str(p) for p in files], files)


class Store:
    """Pickled values by (kind, key). A ``None`` folder makes a store that never hits."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: dict[str, set[str]] = {}
        #: Values put during a build, written by :meth:`flush` once the build has landed, so a
        #: failed build writes nothing at all.
        self.pending: dict[tuple[str, str], bytes] = {}
        self.hits: list[str] = []
        self.misses: list[str] = []

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        self.used.setdefault(kind, set()).add(key)
        if (kind, key) in self.pending:
            return pickle.loads(self.pending[(kind, key)])
        if self.folder is None:
            self.misses.append(kind)
            return None
        try:
            with self._path(kind, key).open("rb") as fh:
                value = pickle.load(fh)
        except Exception:  # missing, truncated or from an incompatible version: rebuild
            self.misses.append(kind)
            return None
        self.hits.append(kind)
        return value

    def keep(self, kind: str, keys: Iterable[str]) -> None:
        """Mark entries as used by this build without reading them, so :meth:`prune` keeps
        them (a text rendered from the cache keeps pandoc's readings of its pieces)."""
        self.used.setdefault(kind, set()).update(keys)

    def put(self, kind: str, key: str, value: Any) -> None:
        self.used.setdefault(kind, set()).add(key)
        if self.folder is not None:  # pickled now: later changes to ``value`` are not cached
            self.pending[(kind, key)] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def flush(self) -> None:
        """Write the values put since the last flush."""
        for (kind, key), value in self.pending.items():
            self._write(kind, key, value)
        self.pending.clear()

    def _write(self, kind: str, key: str, value: bytes) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(value)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Delete entries of the kinds used in this build that this build did not use."""
        if self.folder is None:
            return
        for kind, keys in self.used.items():
            folder = self.folder / kind
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                if entry.suffix == ".pickle" and entry.stem not in keys:
                    entry.unlink(missing_ok=True)
