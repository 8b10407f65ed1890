"""Paragraphs marked by a first-line indent, not by blank lines.

A typeset book extracted with ``pdftotext -layout``, and many plain-text editions typed by
hand, start each paragraph with a line set in a few columns from the margin and leave no blank
line between paragraphs. Whether a text does so is read from the text itself
(:func:`indent_profile`): enough lines set in by 2 to 8 columns, each after a line at the
margin that ends a sentence, and each the full first line of a paragraph (it, or the line
under it, reaches the measure). A run of two or more short lines set in (verse quoted in the
prose, a letter's address) is cut out of the paragraph around it, so that the verse pass can
keep its lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chunks import Chunk

#: A paragraph's first line is set in from the margin by this many columns.
MIN_SET_IN, MAX_SET_IN = 2, 8
#: A text marks paragraphs by indents when this many set-in lines, and this share of them,
#: follow a sentence's end.
MIN_INDENTED, MIN_AFTER_END = 5, 0.7


@dataclass(frozen=True)
class IndentProfile:
    """Does the text start paragraphs with a set-in first line? With the count that decided."""

    indented: bool
    starts: int = 0


def indent(line: str) -> int:
    """Columns of leading space.

    >>> indent("   Another corner"), indent("\\tx")
    (3, 8)
    """
    line = line.expandtabs(8)
    return len(line) - len(line.lstrip(" "))


def margin(lines: tuple[str, ...]) -> int:
    """The chunk's margin: the least indent of its lines."""
    return min((indent(x) for x in lines if x.strip()), default=0)


def _set_in(lines: tuple[str, ...], k: int, left: int) -> bool:
    return MIN_SET_IN <= indent(lines[k]) - left <= MAX_SET_IN


def first_lines(lines: tuple[str, ...], full: Callable[[str, str], bool]) -> list[int]:
    """The lines set in as a paragraph's first line: after a line at the margin, with a line
    at the margin under them, and ``full`` (the line or the one under it reaches the measure).

    >>> wide = lambda a, b: len(a) > 30
    >>> lines = ("the end of one paragraph.", "   Another paragraph starts here and runs on",
    ...          "to the margin and ends here.")
    >>> first_lines(lines, wide)
    [1]
    """
    left = margin(lines)
    out = []
    for k in range(1, len(lines) - 1):
        a, b, c = lines[k - 1], lines[k], lines[k + 1]
        if indent(a) != left or indent(c) != left or not _set_in(lines, k, left):
            continue
        if full(b, c) or (k + 2 < len(lines) and full(c, lines[k + 2])):
            out.append(k)
    return out


def set_in_runs(
    lines: tuple[str, ...],
    short: Callable[[str, str], bool],
    ends: Callable[[str], bool] | None = None,
) -> list[tuple[int, int]]:
    """The runs (first line, line after) of two or more short lines set in from the margin,
    after a line at the margin: verse or an address quoted in a paragraph. The run ends at a
    line at the margin, at a full line over the margin (the next paragraph's first, set in) or
    at the chunk's end. A run whose every line ends a sentence (``ends``) is no verse but
    paragraphs of one line each (see :func:`one_line_paragraphs`).

    >>> lines = ("prose at the margin runs on to here:--", "  When the night came down,",
    ...          "  And all was still,", "   Then the prose goes on and on to the margin.")
    >>> set_in_runs(lines, lambda a, b: len(a) < 30)
    [(1, 3)]
    """
    left = margin(lines)
    runs: list[tuple[int, int]] = []
    k = 1
    while k < len(lines):
        j = k
        while j < len(lines) and indent(lines[j]) - left >= MIN_SET_IN:
            nxt = lines[j + 1] if j + 1 < len(lines) else ""
            if not short(lines[j], nxt) and (not nxt or indent(nxt) == left):
                break  # a full line over the margin: the next paragraph's first, set in
            j += 1
        sentences = ends is not None and all(ends(x) for x in lines[k:j])
        if j - k >= 2 and indent(lines[k - 1]) == left and not sentences:
            runs.append((k, j))
        k = max(j, k + 1)
    return runs


def one_line_paragraphs(lines: tuple[str, ...], ends: Callable[[str], bool]) -> list[int]:
    """The set-in lines that start a paragraph of one line, and the set-in lines after one: a
    record's ``  Mr. SMITH. I yield the floor.`` between two speeches, a clerk's
    ``  The bill was read.`` (a set-in line that ends a sentence, after a sentence's end, with
    a set-in line or nothing under it), and the set-in line that follows such a paragraph.

    >>> lines = ("  The bill was read.", "  Mr. SMITH. I yield the floor.",
    ...          "  Mr. JONES. Mr. President, I rise to speak on the bill that is",
    ...          "before us.")
    >>> one_line_paragraphs(lines, lambda x: x.rstrip().endswith("."))
    [1, 2]
    """
    left = margin(lines)
    out = []
    for k in range(1, len(lines)):
        a, b = lines[k - 1], lines[k]
        below = lines[k + 1] if k + 1 < len(lines) else ""
        if not (_set_in(lines, k, left) and ends(a)):
            continue
        alone = (not below.strip() or indent(below) > left) and ends(b)
        if alone or _set_in(lines, k - 1, left):
            out.append(k)
    return out


def indent_profile(
    chunks: tuple[Chunk, ...], full: Callable[[str, str], bool], ends: Callable[[str], bool]
) -> IndentProfile:
    """Count the set-in first lines that follow a sentence's end (``ends``); the text marks
    paragraphs so when there are enough of them and few set-in lines follow anything else."""
    after_end = other = 0
    for c in chunks:
        if c.kind != "para" or len(c.lines) < 3:
            continue
        for k in first_lines(c.lines, full):
            if ends(c.lines[k - 1]):
                after_end += 1
            else:
                other += 1
    decided = after_end >= MIN_INDENTED and after_end >= MIN_AFTER_END * (after_end + other)
    return IndentProfile(decided, after_end)
