"""Line numbers in the margin: court and deposition transcripts, bills, pleading papers.

Such documents number every line of a page in the left margin (1 to 25 or 28, again on each
page), and a PDF extract or copy keeps the numbers at the start of each line. They are no words
of the text: a transcript read with them has "14 A. Yes." and a "3 television…" taken for a
note. The margin is told from the document's shape alone, so the word check can verify its
removal as the normaliser makes it: most of the text's lines open with a number that counts up
by one from the line before, in runs of a page's length, starting again at 1.
"""

from __future__ import annotations

import itertools
import re

#: A line opening with a margin number (up to two digits, then space or the line's end).
_NUMBERED = re.compile(r"^(\s{0,8})(\d{1,2})(?=\s|$)")
#: A page number alone on its line ("389", "Page 12").
_PAGE_NUMBER = re.compile(r"^\s*(?:[Pp]age\s+)?\d{1,4}\s*$")
#: A run of counting lines needs this many lines to be a page's margin…
MIN_RUN = 10
#: …and the runs must hold this share of the text's non-blank lines…
MIN_SHARE = 0.6
#: …and this many lines in all (two short pages, or one long one)…
MIN_LINES = 20
#: …and one page's run needs this many lines going on with a sentence (a list has none).
MIN_WRAPPED = 3


def _runs(lines: tuple[str, ...]) -> list[list[int]]:
    """Runs of lines (0-based) whose opening numbers count up by one, from 1 (or from any
    number on the text's first run: a copy may start mid-page)."""
    runs: list[list[int]] = []
    run: list[int] = []
    last = 0
    for i, text in enumerate(lines):
        m = _NUMBERED.match(text)
        if not m:
            continue
        n = int(m.group(2))
        if run and n == last + 1:
            run.append(i)
        else:
            if run:
                runs.append(run)
            run = [i] if n == 1 or not runs else []
        last = n if run else 0
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= MIN_RUN]


def margin_lines(lines: tuple[str, ...]) -> frozenset[int]:
    """The lines (0-based) that open with a margin line number, or none when the text's shape
    is not that of a line-numbered document.

    >>> page = tuple(f"{n:2d}  line {n} of the page" for n in range(1, 26))
    >>> items = tuple(f"{n} Item {n}." for n in range(1, 26))
    >>> len(margin_lines(page)), len(margin_lines(page[:9])), len(margin_lines(items))
    (25, 0, 0)
    """
    runs = _runs(lines)
    numbered = sum(len(r) for r in runs)
    written = sum(1 for x in lines if x.strip())
    if numbered < MIN_LINES or numbered < MIN_SHARE * written:
        return frozenset()
    if len(runs) == 1 and _wrapped(lines, runs[0]) < MIN_WRAPPED:
        return frozenset()  # one run of items, each a line of its own: a numbered list
    return frozenset(i for r in runs for i in r)


def _wrapped(lines: tuple[str, ...], run: list[int]) -> int:
    """How many of the run's lines go on with a sentence (their text starts in lowercase)."""
    return sum(
        1
        for i in run
        if lines[i][_NUMBERED.match(lines[i]).end() :].lstrip()[:1].islower()  # type: ignore[union-attr]
    )


def drop_line_numbers(
    lines: tuple[str, ...], margin: frozenset[int] | None = None
) -> tuple[tuple[str, ...], int]:
    """The lines with their margin numbers blanked out (spaces in their place, so that the
    text keeps its columns and indents), and how many were removed (``margin``: the
    :func:`margin_lines`, when known).

    >>> page = tuple(f"{n:2d}  {'Q.' if n % 2 else 'A.'} Line {n}." for n in range(1, 26))
    >>> out, n = drop_line_numbers(page + ("                    2",) + page)
    >>> out[0], out[25], out[35], n
    ('    Q. Line 1.', '                    2', '    A. Line 10.', 50)
    """
    margin = margin_lines(lines) if margin is None else margin
    if not margin:
        return lines, 0
    out = list(lines)
    for i in margin:
        m = _NUMBERED.match(out[i])
        assert m is not None
        out[i] = " " * m.end() + out[i][m.end() :] if out[i][m.end() :].strip() else ""
    return tuple(out), len(margin)


def margin_page_starts(lines: tuple[str, ...]) -> tuple[int, ...]:
    """Where pages start (0-based lines) in a line-numbered text without form feeds: between
    two pages' runs of numbered lines, at the page number standing alone there (the page's
    head), else just after the run (the foot, if any, then goes with the next page's head);
    the last page ends with the text.

    >>> page = [f"{n:2d}  line {n} of it." for n in range(1, 26)]
    >>> margin_page_starts(tuple(page + ["Footer", "2", "Code"] + page + ["Footer"] + page))
    (26, 53, 79)
    """
    if not margin_lines(lines):
        return ()
    runs = _runs(lines)
    starts = []
    for run, nxt in itertools.pairwise(runs):
        gap = range(run[-1] + 1, nxt[0])
        folios = [i for i in gap if _PAGE_NUMBER.match(lines[i])]
        starts.append(folios[-1] if folios else run[-1] + 1)
    return (*starts, len(lines))  # and the text's end: the last page's foot is a foot
