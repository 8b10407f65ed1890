"""The print PDF's lines as a typographer counts them: hyphens, stacks, word spaces.

Reads a built PDF back with poppler's word boxes (:func:`~.pdf_read.read_pdf`), groups each
body page's words into lines by position, and measures what issue 15 asks of the pages: how many
full (justified) lines end in a hyphen, stacks of hyphenated lines, a hyphen on the last line of
a recto, a paragraph whose last line is a word's tail alone, broken capitalised words, and lines
whose widest word space is over twice the median. Running heads, folios and margin numbers are
left out. ``python -m samizdat.render.pdf_lines book.pdf`` prints the counts as JSON.
"""

from __future__ import annotations

import itertools
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .pdf_read import PdfPages, Word, _folio_band, read_pdf

#: A line ending within this many points of the widest line of its type size is full.
FULL_SLACK = 1.5
#: Characters a line-end hyphen may be.
HYPHENS = ("-", "\u2010", "\u00ad")


@dataclass(frozen=True)
class Line:
    """One line of a page: its words left to right, and its edges (points from the top left)."""

    page: int
    words: tuple[Word, ...]

    @property
    def left(self) -> float:
        return self.words[0].box[0]

    @property
    def right(self) -> float:
        return self.words[-1].box[2]

    @property
    def size(self) -> float:
        """The height of its tallest word, rounded: lines of one type size share it."""
        return round(max(w.box[3] - w.box[1] for w in self.words), 1)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def gaps(self) -> list[float]:
        return [b.box[0] - a.box[2] for a, b in zip(self.words, self.words[1:], strict=False)]


def hyphenated(word: str) -> bool:
    """Whether a line ending in ``word`` breaks a word at a hyphen.

    >>> hyphenated("bureau-"), hyphenated("—"), hyphenated("1917-"), hyphenated("-")
    (True, False, False, False)
    """
    return len(word) > 1 and word.endswith(HYPHENS) and word[-2].isalpha()


def page_lines(pages: PdfPages, page: int) -> list[Line]:
    """The lines of ``page`` top to bottom, running head, folio and margin numbers left out."""
    words = pages.words.get(page, [])
    band = _folio_band(words, pages.labels[page]) if words else None
    lo, hi = pages.block.get(page % 2, (-1e9, 1e9))
    kept = []
    for w in words:
        middle = (w.box[1] + w.box[3]) / 2
        if band and band[0] <= middle <= band[1]:
            continue
        if w.text.isdigit() and (w.box[2] < lo - 1 or w.box[0] > hi + 1):
            continue
        kept.append(w)
    lines: list[list[Word]] = []
    bottom = -1.0
    for w in sorted(kept, key=lambda w: w.box[1] + w.box[3]):
        if (w.box[1] + w.box[3]) / 2 > bottom:
            lines.append([])
            bottom = w.box[3]
        lines[-1].append(w)
    return [Line(page, tuple(sorted(ws, key=lambda w: w.box[0]))) for ws in lines]


@dataclass
class Counts:
    """What :func:`measure` found; the lists name lines as ``page:text`` (1-based pages)."""

    lines: int = 0
    full_lines: int = 0
    hyphenated: int = 0
    stacks: list[str] = field(default_factory=list)  # runs of three or more
    recto_ends: list[str] = field(default_factory=list)
    last_fragments: list[str] = field(default_factory=list)
    capitalised: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    split_references: list[str] = field(default_factory=list)  # p. / 489, V. / I. Lenin
    call_starts: list[str] = field(default_factory=list)  # a line opening with a note call
    median_space: float = 0.0

    @property
    def share(self) -> float:
        return self.hyphenated / self.full_lines if self.full_lines else 0.0

    def summary(self) -> dict:
        out = {k: (len(v) if isinstance(v, list) else v) for k, v in vars(self).items()}
        out["share"] = round(self.share, 4)
        out["examples"] = {k: v[:8] for k, v in vars(self).items() if isinstance(v, list)}
        return out


def _name(line: Line) -> str:
    return f"{line.page + 1}:{line.text}"


def _widths(lines: list[Line]) -> dict[tuple[int, float], float]:
    """The right edge of the widest line of each (page side, type size)."""
    widest: dict[tuple[int, float], float] = {}
    for line in lines:
        key = (line.page % 2, line.size)
        widest[key] = max(widest.get(key, 0.0), line.right)
    return widest


_REFERENCE_END = re.compile(r"\(?(?:[pP]p?|Vol|No|[A-Z])\.")


def _keeps(lines: list[Line], counts: Counts) -> None:
    """References and initials parted from what follows; lines opening with a note call (a
    number set smaller than the line's words)."""
    for a, b in itertools.pairwise(lines):
        if _REFERENCE_END.fullmatch(a.words[-1].text) and b.words[0].text[:1].isalnum():
            counts.split_references.append(_name(a) + " / " + b.words[0].text)
    for line in lines:
        first = line.words[0]
        if re.fullmatch(r"\d{1,3}", first.text) and first.box[3] - first.box[1] < 0.8 * line.size:
            counts.call_starts.append(_name(line))


def measure(path: Path, first_page: int = 0) -> Counts:
    """Count the hyphenation and spacing of the body pages of the PDF at ``path``."""
    _marks, pages = read_pdf(Path(path))
    by_page = [page_lines(pages, p) for p in sorted(pages.words) if p >= first_page]
    lines = [line for page in by_page for line in page]
    widest = _widths(lines)
    counts = Counts(lines=len(lines))
    full = [line.right >= widest[(line.page % 2, line.size)] - FULL_SLACK for line in lines]
    counts.full_lines = sum(full)
    gaps = [g for line, f in zip(lines, full, strict=True) if f for g in line.gaps() if g > 0]
    counts.median_space = round(statistics.median(gaps), 2) if gaps else 0.0
    _keeps(lines, counts)
    run: list[Line] = []
    for i, line in enumerate(lines):
        is_hyphen = hyphenated(line.words[-1].text) and i + 1 < len(lines)
        if full[i] and line.gaps() and max(line.gaps()) > 2 * counts.median_space:
            counts.loose.append(_name(line))
        if not is_hyphen:
            if len(run) >= 3:
                counts.stacks.append(" / ".join(_name(x) for x in run))
            run = []
            continue
        counts.hyphenated += 1
        run.append(line)
        last_on_page = i + 1 == len(lines) or lines[i + 1].page != line.page
        if last_on_page and line.page % 2 == 0:
            counts.recto_ends.append(_name(line))
        after = lines[i + 1]
        if len(after.words) == 1 and not full[i + 1]:
            counts.last_fragments.append(_name(line) + " / " + after.text)
        if line.words[-1].text.lstrip("“‘\"'([").istitle():
            counts.capitalised.append(_name(line))
    return counts


def main(argv: list[str]) -> int:
    counts = measure(Path(argv[0]), int(argv[1]) if len(argv) > 1 else 0)
    print(json.dumps(counts.summary(), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
