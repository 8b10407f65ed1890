"""Reader variants of the built EPUB, written beside it: a Kobo KEPUB (``--kepub``,
:mod:`.epub_kobo`) and a Kindle AZW3 (``--azw3``, by calibre's ``ebook-convert`` when it is
installed; otherwise one line says it is not and the build goes on)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..errors import SamizdatError
from .epub_kobo import write_kepub

#: calibre's converter, looked up on PATH.
EBOOK_CONVERT = "ebook-convert"


def book_epubs(outputs: Iterable[Path]) -> list[Path]:
    """The EPUBs a build wrote (not variants written from them).

    >>> book_epubs([Path("o/b.epub"), Path("o/b.kepub.epub"), Path("o/b.pdf")])
    [PosixPath('o/b.epub')]
    """
    return [p for p in outputs if p.suffix == ".epub" and not p.name.endswith(".kepub.epub")]


def write_azw3(epub_path: Path) -> Path | None:
    """Convert the EPUB to AZW3 with calibre, or return None when calibre is not installed."""
    tool = shutil.which(EBOOK_CONVERT)
    if tool is None:
        return None
    out = epub_path.with_suffix(".azw3")
    done = subprocess.run(
        [tool, str(epub_path), str(out)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not out.is_file():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SamizdatError(f"{out.name}: ebook-convert failed: {last[0]}")
    return out


def write_variants(epubs: Iterable[Path], *, kepub: bool, azw3: bool) -> list[str]:
    """Write the variants asked for of each EPUB; one line per file written or skipped."""
    lines = []
    for epub in epubs:
        if kepub:
            lines.append(f"wrote {write_kepub(epub)}")
        if azw3:
            made = write_azw3(epub)
            lines.append(
                f"wrote {made}"
                if made
                else f"no {epub.with_suffix('.azw3').name}: calibre's ebook-convert is not "
                "installed (apt-get install calibre)"
            )
    return lines
