"""The review's line-level reading: which source lines a block holds, and what it made of
them — lines joined, a line-end hyphen removed or kept, a page break joined, a note's call —
and what became of the lines no block holds (see :mod:`samizdat.review`).

>>> m = hyphen_mark(3, "organiza", "tion", {"organization"}, frozenset())
>>> m.kind, m.label
('hyphen-removed', 'hyphen removed: organiza- + tion → organization')
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalise.titlepage import BY_WORDS
from .review_blocks import BlockView, note_calls
from .wordcheck import words

_HYPHEN_END = re.compile(r"([^\W\d_]+)[-\u00ad][*_]*\s*$")
_FIRST_WORD = re.compile(r"^\W*([^\W\d_]+)")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKUP = {
    "front-matter": "front matter: its fields lifted into the heading or the source note",
    "markup": "markup only: no word of it is text",
}
_FURNITURE_NAMES = {"folio": "folio dropped", "running-head": "running head dropped"}


@dataclass(frozen=True)
class Mark:
    """A decision or finding at a source line; ``target`` is another line it links to."""

    line: int
    kind: str
    label: str
    target: int = 0


@dataclass
class Leaf:
    """A block as the page shows it, with the decisions its kind stands for."""

    line: int
    view: BlockView
    marks: list[tuple[str, str]]
    verse: bool = False
    inlines: tuple = ()  # type: ignore[type-arg]
    note_of: int = 0  # a note's paragraph: the line of its call
    _words: list[str] | None = None

    def words(self) -> list[str]:
        """The block's words as the word check reads them (computed once)."""
        if self._words is None:
            self._words = words(self.view.text)
        return self._words


def hyphen_end(line: str) -> re.Match[str] | None:
    """The word half before a line-end hyphen (a soft one too), if the line ends so.

    >>> hyphen_end("the organiza-").group(1), hyphen_end("a dash -"), hyphen_end("x")
    ('organiza', None, None)
    """
    text = line.rstrip()
    return _HYPHEN_END.search(text) if text[-1:] in ("-", "\u00ad", "*", "_") else None


@lru_cache(maxsize=8192)
def line_words(text: str) -> tuple[str, ...]:
    """A source line's words (a line is read by several steps; running heads recur)."""
    return tuple(words(text))


def own_lines(
    lines: tuple[str, ...],
    leaf: Leaf,
    first: int,
    last: int,
    furniture: dict[int, str],
    owner: list[int],
) -> list[int]:
    """The source lines (1-based) from ``first`` to ``last`` whose words the leaf holds: half
    of a line's pairs of neighbouring words are the block's (its one word, for a line of one)."""
    own: list[int] = [first]
    prev = lines[first - 1] if lines else ""
    bw: list[str] = []
    held: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for n in range(first + 1, last + 1):
        text = lines[n - 1]
        ws = line_words(text)
        if not ws or owner[n] or n - 1 in furniture:
            continue
        if not bw:  # the block's words, read only when a line may be its (most are one line)
            bw = leaf.words()
            held, pairs = set(bw), set(itertools.pairwise(bw))
        joined = _joined(prev, ws[0])
        if joined:
            ws = ws[1:] or (joined,)
        mine = sum(p in pairs for p in itertools.pairwise(ws))
        if (
            (mine * 2 >= len(ws) - 1 and (len(ws) > 1 or ws[0] in held))
            or joined in held
            or leaf.view.tag == "table"  # a table's lines are cells and markup
            or (len(ws) > 3 and _spaced_in(ws, bw))
        ):
            own.append(n)
            prev = text
    return own


def _spaced_in(ws: tuple[str, ...], bw: list[str]) -> bool:
    """Is a letter-spaced line (``Tr an s p ar enc y``) the block's words read whole?"""
    if sum(map(len, ws)) > 3 * len(ws) or len(bw) > 60:
        return False
    return "".join(ws) in "".join(bw)


def _joined(prev: str, nxt_first: str) -> str:
    m = hyphen_end(prev)
    return (words(m.group(1))[-1] + nxt_first) if m else ""


def line_marks(
    lines: tuple[str, ...],
    leaf: Leaf,
    own: list[int],
    furniture: dict[int, str],
    page_first: set[int],
    dictionary: frozenset[str],
) -> list[Mark]:
    """Joins, line-end hyphens and page breaks inside one block's source lines."""
    out: list[Mark] = []
    if leaf.view.tag == "table":  # its lines are rows, cells and markup: nothing is joined
        return out
    if len(own) < 2:
        return out
    if not leaf.verse:
        out.append(Mark(own[0], "join", f"{len(own)} lines joined into a paragraph"))
    held = set(leaf.words())
    for a, b in itertools.pairwise(own):
        m = hyphen_end(lines[a - 1])
        f = _FIRST_WORD.match(lines[b - 1])
        if m and f:
            out.append(hyphen_mark(a, m.group(1), f.group(1), held, dictionary))
        between = range(a + 1, b)
        dropped = [k for k in between if k - 1 in furniture]
        if any(k in page_first for k in range(a + 1, b + 1)) or dropped:
            why = f" (over line {dropped[0]}: {furniture[dropped[0] - 1]})" if dropped else ""
            out.append(Mark(b, "page-join", f"paragraph joined over a page break{why}"))
        elif any(not lines[k - 1].strip() for k in between) and not leaf.verse:
            out.append(_blank_join(leaf, a == own[0], lines[a - 1], lines[b - 1], b, held))
    return out


#: A line ending so ends a sentence or a label: what follows a blank after it is no page break.
_ENDED = re.compile(r"[.!?:;)\]][\"'’”»_*]*\s*$")


def _blank_join(
    leaf: Leaf, first_line: bool, before: str, after: str, line: int, held: set[str]
) -> Mark:
    """A block going on after a blank line: a heading's or a turn's label line joined to what
    follows, a line ended (a number, a label) joined to the next, or else a page break of an
    extract without form feeds (a word cut there is read whole when the block holds it so)."""
    if leaf.view.tag.startswith("h"):
        return Mark(line, "join", "joined to the heading's line before (a blank between)")
    if first_line and any(kind == "turn" for kind, _ in leaf.marks):
        return Mark(line, "join", "the speaker's label on the line before joined to the speech")
    if _ENDED.search(before):
        return Mark(line, "join", "joined to the line before (a blank between)")
    last, first = words(before)[-1:], words(after)[:1]
    if last and first and last[0] + first[0] in held and not hyphen_end(before):
        cut = f": {last[0]} + {first[0]} read as one word"
        return Mark(line, "page-join", f"paragraph joined over a blank line (a page break){cut}")
    return Mark(line, "page-join", "paragraph joined over a blank line (a page break)")


def hyphen_mark(
    line: int, half: str, rest: str, held: set[str], dictionary: frozenset[str]
) -> Mark:
    """Was the hyphen ending ``line`` removed (the block holds the joined word) or kept?"""
    whole = words(half + rest)[0] if words(half + rest) else ""
    if whole in held:
        return Mark(line, "hyphen-removed", f"hyphen removed: {half}- + {rest} → {half}{rest}")
    why = ""
    if dictionary:
        known = whole in dictionary
        why = " (the word list knows the joined word)" if known else " (not a word as one)"
    return Mark(line, "hyphen-kept", f"hyphen kept: {half}-{rest}{why}")


def call_marks(lines: tuple[str, ...], leaf: Leaf, own: list[int]) -> list[Mark]:
    out = []
    for number, note in note_calls(leaf.inlines):
        at = _call_line(lines, own, note.source_number)
        target = 0 if note.missing else note.loc.line
        what = "an editorial note" if note.missing else f"its note at line {target}"
        out.append(Mark(at, "note-call", f"note call {number} linked to {what}", target))
    return out


def _call_line(lines: tuple[str, ...], own: list[int], number: str) -> int:
    """The line of ``own`` that prints the call's number, else the block's first line."""
    if number:
        sup = number.translate(_SUPERSCRIPT)
        n = re.escape(number) if sup == number else f"(?:{re.escape(number)}|{re.escape(sup)})"
        pattern = re.compile(rf"(?<=[^\d\s])\[?{n}\]?(?!\d)|[\[(]{n}[\])]|\^{n}")
        for k in own:
            if pattern.search(lines[k - 1]):
                return k
    return own[0]


def uncovered(
    lines: tuple[str, ...],
    owner: list[int],
    furniture: dict[int, str],
    source_note: tuple[str, ...],
    lifted: tuple[str, ...],
) -> list[Mark]:
    """Lines no block holds: furniture dropped, matter moved or lifted, or unplaced. A run of
    them outside every block's lines is a group of its own (``owner`` -1)."""
    noted = {w for f in source_note for w in words(f)}
    title = {w for f in lifted for w in words(f)}
    out = []
    for n, text in enumerate(lines, 1):
        if owner[n] or not text.strip():
            continue
        ws = line_words(text)
        if not ws:
            continue
        kind = furniture.get(n - 1)
        if kind in _MARKUP:
            out.append(Mark(n, "markup", _MARKUP[kind]))
        elif kind:
            out.append(Mark(n, "furniture", _FURNITURE_NAMES.get(kind, kind)))
        elif all(w in title or w in BY_WORDS for w in ws):
            out.append(Mark(n, "lifted", "lifted into the text's heading (title or byline)"))
        elif all(w in noted for w in ws):
            out.append(Mark(n, "source-note", "moved to the source note"))
        elif all(w.isdigit() for w in ws):
            out.append(Mark(n, "furniture", "number left out (a note number or page number)"))
        else:
            out.append(Mark(n, "unplaced", "not found in a block near this line"))
        if not _inside(owner, n):
            owner[n] = -1
    return out


def _inside(owner: list[int], n: int) -> bool:
    """Does line ``n`` lie between two lines of one block?"""
    before = next((owner[k] for k in range(n - 1, max(0, n - 40), -1) if owner[k]), 0)
    after = next((owner[k] for k in range(n + 1, min(len(owner), n + 40)) if owner[k]), 0)
    return before > 0 and before == after
