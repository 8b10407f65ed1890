"""The cache of laid-out documents of a book laid out in parts (:mod:`.pdf_parts`).

Each document (a part, a piece of a long text, a frame, the front matter) is kept in one file
under a digest of its HTML and of everything else that shapes it (:func:`cache_salt`): a
correction lays out again only the documents whose HTML it changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import weasyprint

from .. import __version__, paths
from . import pdf_html
from .pdf_layout import CallBox, Job, LaidOut

__all__ = ["CACHE_LIMIT_BYTES", "PartCache", "cache_key", "cache_salt"]

#: Cache entries not used by the current build are kept, most recently used first, up to this
#: many bytes in all; older ones are deleted. The current build's entries are always kept.
CACHE_LIMIT_BYTES = 64 * 1024 * 1024
#: First bytes of a cache entry (bump the number when the format changes).
CACHE_MAGIC = b"samizdat-part 2\n"


def _entry(laid_out: LaidOut) -> bytes:
    header = {
        "page_count": laid_out.page_count,
        "anchors": laid_out.anchors,
        "calls": [asdict(c) for c in laid_out.calls],
        "items": laid_out.items,
        "levels": laid_out.levels,
        "pdf_sha256": hashlib.sha256(laid_out.pdf).hexdigest(),
    }
    head = json.dumps(header, sort_keys=True).encode()
    return CACHE_MAGIC + len(head).to_bytes(8, "big") + head + laid_out.pdf


def _read_entry(data: bytes) -> LaidOut:
    """Read :func:`_entry` back; ValueError if the data is not a whole, intact entry."""
    if not data.startswith(CACHE_MAGIC):
        raise ValueError("not a samizdat cache entry")
    start = len(CACHE_MAGIC) + 8
    size = int.from_bytes(data[len(CACHE_MAGIC) : start], "big")
    header = json.loads(data[start : start + size])
    pdf = data[start + size :]
    if hashlib.sha256(pdf).hexdigest() != header["pdf_sha256"]:
        raise ValueError("cache entry is truncated or damaged")
    calls = tuple(CallBox(**c) for c in header["calls"])
    items = tuple((int(first), int(last)) for first, last in header["items"])
    levels = tuple(int(level) for level in header["levels"])
    return LaidOut(pdf, int(header["page_count"]), dict(header["anchors"]), calls, items, levels)


class PartCache:
    """Laid-out documents in one folder, a file per key (``<key>.part``), written atomically.

    An entry that cannot be read back whole is ignored (and laid out again). :meth:`prune` keeps
    the folder bounded: see :data:`CACHE_LIMIT_BYTES`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.part"

    def load(self, key: str) -> LaidOut | None:
        self.used.add(key)
        path = self._path(key)
        try:
            entry = _read_entry(path.read_bytes())
            os.utime(path)  # most recently used
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def store(self, key: str, entry: LaidOut) -> None:
        """Keep ``entry``; a cache that cannot be written (a full disk) only makes it miss."""
        self.used.add(key)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(_entry(entry))
            os.replace(tmp, self._path(key))
        except BaseException as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            if not isinstance(exc, OSError):
                raise

    def prune(self, limit: int = CACHE_LIMIT_BYTES) -> None:
        """Delete entries this build did not use, least recently used first, beyond ``limit``."""
        others = []
        for path in self.folder.glob("*.part"):
            if path.stem not in self.used:
                try:
                    others.append((path.stat().st_mtime, path.stat().st_size, path))
                except OSError:
                    continue
        total = 0
        for _, size, path in sorted(others, key=lambda e: (-e[0], e[2].name)):
            total += size
            if total > limit:
                with contextlib.suppress(OSError):
                    path.unlink()


def cache_salt(options: dict[str, object]) -> str:
    """A digest of everything besides its HTML that shapes a laid-out document: the print
    templates and stylesheets, the font files, the options, samizdat's and WeasyPrint's versions
    and our WeasyPrint workaround."""
    digest = hashlib.sha256(f"{__version__}\0{weasyprint.__version__}\0".encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    # The layout code counts too (e.g. weasyprint_fixes): a fix must not be hidden by the cache.
    for module in ("weasyprint_fixes.py", "pdf_hyphens.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    for folder in (pdf_html.PRINT_TEMPLATES, paths.FONTS):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(f"\0{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(salt: str, job: Job) -> str:
    """A cache key: the salt, the job's options and its HTML."""
    digest = hashlib.sha256(f"{salt}\0{job.para_numbers}\0{job.licence_date}\0".encode())
    digest.update(job.source.encode())
    return digest.hexdigest()
