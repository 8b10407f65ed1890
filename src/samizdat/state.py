"""Is the last build still good? The build fingerprint and the manifest of finished builds.

The fingerprint covers every input a build reads: the book folder's texts and TOML files (and
any text ``book.toml`` lists elsewhere in the folder), the config file, the options, the
templates, the fonts, the word list, ``SOURCE_DATE_EPOCH`` and samizdat's own code. The
manifest (``<out>/.cache/manifest.json``) remembers, per fingerprint, the outputs a build wrote
and their sha256. When the fingerprint is known and every output is still there, unchanged, the
build has nothing to do. This module is imported before anything heavy so that answer is quick.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from . import paths
from .cache import CACHE_DIR, digest, tree_digest
from .config import MAX_CONFIG_BYTES, TEXT_SUFFIXES

#: How many different builds (options, commands) the manifest remembers.
MANIFEST_KEEP = 8
MANIFEST_NAME = "manifest.json"
#: samizdat's own code: a change to it is a change to every output.
CODE = Path(__file__).resolve().parent


def _listed_files(folder: Path, config_file: Path) -> list[Path]:
    """Regular files inside the folder that book.toml lists as texts.

    Anything else (missing, outside, a FIFO or device) is the build's to report, not ours to
    read: hashing ``/dev/zero`` or a FIFO would never end.
    """
    if not _regular(config_file) or config_file.stat().st_size > MAX_CONFIG_BYTES:
        return []  # the build refuses it, naming it
    try:
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        texts = data.get("texts", [])
        names = [t["file"] for t in texts if isinstance(t, dict) and isinstance(t.get("file"), str)]
        root = folder.resolve()
        paths = [folder / n for n in names]
        return [p for p in paths if p.resolve().is_relative_to(root) and p.is_file()]
    except (OSError, ValueError, TypeError, KeyError, RuntimeError):
        return []


def _regular(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def build_fingerprint(
    folder: Path, config_path: Path | None, options: Any, *, epub: bool, pdf: bool
) -> str:
    """The digest of everything that can change what a build writes."""
    config_file = config_path or folder / "book.toml"
    try:
        own = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in (*TEXT_SUFFIXES, ".toml") and p.is_file()
        )
    except OSError:
        own = []
    config = [config_file] if _regular(config_file) else []
    files = sorted(set(own) | set(_listed_files(folder, config_file)) | set(config))
    return digest(
        "build",
        [os.path.relpath(p, folder) for p in files],
        files,
        repr(options),
        repr((epub, pdf)),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        tree_digest(paths.TEMPLATES, paths.FONTS, CODE),
        list(paths.WORD_LISTS),
    )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Manifest:
    """The finished builds of one output folder, newest last."""

    def __init__(self, folder: Path, builds: dict[str, Any]):
        self.folder = folder
        self.builds = builds

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            builds = data["builds"] if isinstance(data.get("builds"), dict) else {}
        except (OSError, ValueError, AttributeError, KeyError):
            builds = {}
        return cls(folder, builds)

    def fresh(self, fingerprint: str, out: Path) -> dict[str, Any] | None:
        """The record of a build with this fingerprint whose outputs are all intact, if any."""
        record = self.builds.get(fingerprint)
        if not isinstance(record, dict) or not isinstance(record.get("outputs"), dict):
            return None
        for name, sha in record["outputs"].items():
            path = out / name
            try:
                if not path.is_file() or file_sha256(path) != sha:
                    return None
            except OSError:
                return None
        return record

    def record(self, fingerprint: str, out: Path, outputs: list[Path], report: dict) -> None:
        """Remember a finished build (best effort: a manifest that cannot be written costs time)."""
        entry = {
            "outputs": {str(p.relative_to(out)): file_sha256(p) for p in outputs if p.is_file()},
            "report": report,
        }
        self.builds.pop(fingerprint, None)
        self.builds[fingerprint] = entry
        while len(self.builds) > MANIFEST_KEEP:
            self.builds.pop(next(iter(self.builds)))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"builds": self.builds}, fh, ensure_ascii=False)
            os.replace(tmp, self.folder / MANIFEST_NAME)
        except OSError:
            pass


def up_to_date(
    folder: Path, config_path: Path | None, out: Path, options: Any, *, epub: bool, pdf: bool
) -> tuple[str, dict[str, Any] | None]:
    """The build's fingerprint and, when its last outputs are intact, that build's record."""
    from dataclasses import replace

    fingerprint = build_fingerprint(
        folder, config_path, replace(options, workers=None), epub=epub, pdf=pdf
    )
    if not options.cache:
        return fingerprint, None
    return fingerprint, Manifest.load(out / CACHE_DIR).fresh(fingerprint, out)
