"""Two columns side by side: a paper extracted with ``pdftotext -layout``.

A layout extract keeps each page's geometry: a two-column page comes out as lines that hold a
line of the left column, a gutter of spaces, and a line of the right column. Read as it stands,
every sentence is cut in two and interleaved with another. The columns are told from the page's
shape alone (so the word check reads the source in the same order as the normaliser): a gutter
at one column that most of the page's lines leave blank, with prose filling the lines on both
sides of it. The page is then read band by band: the lines crossing the gutter (a title, a
running head, an abstract) where they are, and between them the left column, then the right.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import NamedTuple

#: Spaces a gutter is at least wide on every line it runs through.
MIN_GAP = 2
#: A page has two columns when this many lines have text on both sides of its gutter…
MIN_BOTH = 8
#: (a short page of a text in columns, at the gutter of its other pages, needs this many)
MIN_BOTH_SHORT, SAME_GUTTER = 3, 3
#: …and they are this share of the page's lines with text right of the gutter…
MIN_SHARE = 0.7
#: …and the lines of both columns are prose: their median fills this share of the column.
MIN_FILL = 0.7
#: A column of prose is this many characters wide at least (a margin of numbers is not).
MIN_WIDTH = 20
_GAP = re.compile(rf"(?<=\S) {{{MIN_GAP},}}(?=\S)")


def _gutter(page: list[str], min_both: int = MIN_BOTH) -> int:
    """The column (0-based) of the page's gutter, or -1: the column inside the most gaps of at
    least :data:`MIN_GAP` spaces between text, on ``min_both`` lines or more."""
    inside: Counter[int] = Counter()
    for line in page:
        for m in _GAP.finditer(line):
            inside.update(range(m.start() + 1, m.end() - 1))
    if not inside:
        return -1
    col, both = max(inside.items(), key=lambda kv: (kv[1], -kv[0]))
    right = sum(1 for x in page if len(x.rstrip()) > col + 1)
    crossing = sum(1 for x in page if x[col - 1 : col + 2].strip() and len(x.rstrip()) > col + 1)
    if both < min_both or both < MIN_SHARE * right or crossing > both:
        return -1
    return col if _prose(page, col) else -1


def _prose(page: list[str], col: int) -> bool:
    """Do both sides of the gutter hold lines of prose (not a table's short cells, nor a margin
    of line numbers)?"""
    left = sorted(len(x[:col].strip()) for x in page if x[:col].strip() and x[col:].strip())
    right = sorted(len(x[col:].strip()) for x in page if x[:col].strip() and x[col:].strip())
    if not left:
        return False
    width = max(len(x[:col].rstrip()) for x in page)
    fill = min(left[len(left) // 2], right[len(right) // 2])
    return width >= MIN_WIDTH and fill >= MIN_FILL * width


def _split(page: list[str], numbers: list[int], col: int) -> list[tuple[int, str]]:
    """The page's lines in reading order, each with its source line: bands of lines that leave
    the gutter blank, read left column then right, between lines that cross it (and the head
    and foot of the page, above and below its first and last line in two columns)."""
    out: list[tuple[int, str]] = []
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    indent = min((len(x[col:]) - len(x[col:].lstrip()) for x in page if x[col:].strip()), default=0)
    both = [k for k, x in enumerate(page) if x[:col].strip() and x[col:].strip()]
    for k, (n, line) in enumerate(zip(numbers, page, strict=True)):
        outside = not both[0] <= k <= both[-1]  # a head or foot of the page, not its columns
        if outside or line[col - 1 : col + 1].strip() or not line.strip():
            out.extend(left + right)  # a line crossing the gutter (or blank): a band ends
            left, right = [], []
            out.append((n, line))
            continue
        left.append((n, line[:col].rstrip()))
        if line[col:].strip():
            right.append((n, line[col + indent :].rstrip()))
    return out + left + right


class Reading(NamedTuple):
    """A text's lines in reading order, the source line (0-based) of each, the page starts of
    the reading, and how many pages were read in two columns."""

    lines: tuple[str, ...]
    origin: tuple[int, ...]
    page_starts: tuple[int, ...]
    columned: int = 0


def read_columns(lines: tuple[str, ...], page_starts: tuple[int, ...] = ()) -> Reading:
    """The text's :class:`Reading`; a text without a page in two columns comes back as it is
    (its very ``lines``).

    >>> a = [f"left line {n} of the first column, a sentence" for n in range(10)]
    >>> b = [f"right line {n} of the second column of it" for n in range(10)]
    >>> page = tuple(x + "     " + y for x, y in zip(a, b))
    >>> out, origin, starts, columned = read_columns(("A Title",) + page + ("2",) + page, (12,))
    >>> out[:2], out[11], origin[11], starts, out[32], columned
    (('A Title', 'left line 0 of the first column, a sentence'), 'right line 0 of the second \
column of it', 1, (22,), 'right line 0 of the second column of it', 2)
    """
    bounds = list(
        itertools.pairwise([0, *(s for s in page_starts if 0 < s < len(lines)), len(lines)])
    )
    gutters = _gutters(lines, bounds)
    columned = sum(col >= 0 for col in gutters)
    if not columned:
        return Reading(lines, tuple(range(len(lines))), page_starts)
    out: list[tuple[int, str]] = []
    starts: list[int] = []
    for (a, b), col in zip(bounds, gutters, strict=True):
        if a:
            starts.append(len(out))
        page = list(lines[a:b])
        if col < 0:
            out.extend(zip(range(a, b), page, strict=True))
        else:
            out.extend(_split(page, list(range(a, b)), col))
    return Reading(tuple(x for _, x in out), tuple(n for n, _ in out), tuple(starts), columned)


def _gutters(lines: tuple[str, ...], bounds: list[tuple[int, int]]) -> list[int]:
    """Each page's gutter (or -1); a short page (the last, a page under a figure) has one at the
    gutter of the text's other pages on fewer lines."""
    gutters = [_gutter(list(lines[a:b])) for a, b in bounds]
    known = {g for g in gutters if g >= 0}
    for k, (a, b) in enumerate(bounds):
        if gutters[k] < 0 and known:
            g = _gutter(list(lines[a:b]), MIN_BOTH_SHORT)
            if g >= 0 and any(abs(g - x) <= SAME_GUTTER for x in known):
                gutters[k] = g
    return gutters
