"""Runs of short lines in capitals, set line under line, gathered into one block of lines.

A transcript's list of participants (``SEN. ORRIN G. HATCH, R-UTAH`` / ``SEN. LINDSEY
GRAHAM, R-S.C.`` …), a programme's or a cast's list, a title page's imprint in capitals: short
lines without a lowercase letter, with no blank line between them. In a text that ends its
paragraphs without blank lines (a web copy with one paragraph a line, an extract cut into
paragraphs by :func:`.paragraphs.split_paragraphs`) each line became a paragraph of its own;
read as prose they would be a column of one-line paragraphs, so they are one block that keeps
its lines. Runs after the title is lifted (a title page's own lines are the front matter's).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .verse import book_span, wrap_width

#: The fewest lines in capitals that make such a run.
MIN_RUN = 3
#: The longest line of one (a list entry, not a heading's wrapped sentence).
MAX_LINE = 90


def _capitals_line(c: Chunk) -> bool:
    """A paragraph of one short line holding letters, none of them lowercase."""
    return c.kind == "para" and len(c.lines) == 1 and _capitals(c.text)


def _capitals(line: str) -> bool:
    """A short line holding letters, none of them lowercase."""
    text = line.strip()
    return (
        len(text) <= MAX_LINE
        and any(ch.isalpha() for ch in text)
        and not any(ch.islower() for ch in text)
        and not re.fullmatch(r"[\W\d_]*[IVXLC]+[\W\d_]*", text)  # a numeral: a heading's
    )


def _runs(chunks: tuple[Chunk, ...]) -> list[range]:
    """The runs of :func:`_capitals_line` paragraphs set with no blank line between."""
    runs, start = [], None
    for i, c in enumerate((*chunks, Chunk("", 0))):
        joined = start is not None and c.gap == 0 and _capitals_line(c)
        if joined:
            continue
        if start is not None and i - start >= MIN_RUN:
            runs.append(range(start, i))
        start = i if _capitals_line(c) else None
    return runs


#: At the text's opening, a run starting this near the top begins with the title: the run
#: starts on its next line (the title is :func:`.front.lift_title`'s).
OPENING_LINES = 3


def _prose(lines: tuple[str, ...], width: int) -> bool:
    """Prose set in capitals (a licence's disclaimer): half its lines, bar the last, reach
    the measure of a hard-wrapped text."""
    full = sum(1 for x in lines[:-1] if len(x.rstrip()) >= 0.8 * width)
    return bool(width) and 2 * full >= len(lines) - 1


def _cut(c: Chunk, opening: bool, width: int) -> list[Chunk]:
    """A paragraph whose source lines hold such a run (``PRESENT:`` and the names under it,
    then the minutes' prose) cut into the lines before, each line of the run, the lines after."""
    lines = c.lines
    if c.kind != "para" or len(lines) < MIN_RUN:
        return [c]
    caps = [_capitals(x) for x in lines] + [False]
    lo = next((k for k in range(len(lines)) if all(caps[k : k + MIN_RUN])), None)
    if lo is None:
        return [c]
    hi = next(k for k in range(lo, len(caps)) if not caps[k])
    if opening and lo < OPENING_LINES:
        lo += 1
    if hi - lo < MIN_RUN or _prose(lines[lo:hi], width):
        return [c]
    cuts = [0, *range(lo, hi), hi] if hi < len(lines) else [0, *range(lo, hi)]
    out = []
    for a, b in itertools.pairwise([*dict.fromkeys(cuts), len(lines)]):
        part = lines[a:b]
        text = " ".join(x.strip() for x in part)
        out.append(replace(c, text=text, line=c.line + a, gap=c.gap if a == 0 else 0, lines=part))
    return out


def split_capital_runs(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a paragraph holding three or more short lines in capitals, line under line, into
    paragraphs, each of those lines one of its own (for :func:`gather_capital_lines` to gather
    after the title is lifted); a run at the top of the text starts under its title.

    >>> lines = ("PRESENT:", "MRS. J. HARGREAVES", "MR. T. OYELARAN", "MR. K. NOWAK", "The chair.")
    >>> out = split_capital_runs((Chunk("t", 1), Chunk(" ".join(lines), 3, lines=lines)), Evidence("x"))
    >>> [c.text for c in out.chunks][1:]
    ['PRESENT:', 'MRS. J. HARGREAVES', 'MR. T. OYELARAN', 'MR. K. NOWAK', 'The chair.']
    """
    first = next((i for i, c in enumerate(chunks) if c.kind == "para"), 0)
    width = wrap_width(chunks) if ev.wrapped else 0
    book = book_span(chunks)
    out = [
        part
        for i, c in enumerate(chunks)
        for part in (_cut(c, i == first, width) if i in book else [c])
    ]
    counts = Counter({"paragraphs_cut_at_capital_lines": len(out) - len(chunks)})
    return PassResult(tuple(out), +counts)


def gather_capital_lines(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns three or more one-line paragraphs in capitals, with no blank line between them,
    into one chunk of kind ``lines``.

    >>> rows = [Chunk(t, n, 0, lines=(t,)) for n, t in enumerate(("SEN. A. HATCH, R-UTAH",
    ...     "SEN. L. GRAHAM, R-S.C.", "SEN. J. CORNYN, R-TEXAS", "GRASSLEY: We begin."), 5)]
    >>> out = gather_capital_lines(tuple(rows), Evidence("x")).chunks
    >>> [(c.kind, c.line, c.text) for c in out]  # doctest: +NORMALIZE_WHITESPACE
    [('lines', 5, 'SEN. A. HATCH, R-UTAH\\nSEN. L. GRAHAM, R-S.C.\\nSEN. J. CORNYN, R-TEXAS'),
     ('para', 8, 'GRASSLEY: We begin.')]
    """
    counts: Counter[str] = Counter()
    out = list(chunks)
    for run in reversed(_runs(chunks)):
        part = chunks[run.start : run.stop]
        lines = tuple(line for c in part for line in c.lines)
        text = "\n".join(c.text.strip() for c in part)
        out[run.start : run.stop] = [replace(part[0], kind="lines", text=text, lines=lines)]
        counts["capital_lines_gathered"] += len(part)
    return PassResult(tuple(out), counts)
