"""Word conservation: every word of a source reaches the manuscript, in order, unless a named rule
removed it (a page number, a note number moved to its note, a byline's "by").

Words are runs of letters/digits, compared case-folded. A word split at a line end in the source
("organiza-" + "tion") may appear joined; notes may move away from where the source printed them,
so order is checked for the body and for each note separately.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass

from .model import (
    Block,
    BlockQuote,
    BookText,
    Heading,
    NoteRef,
    OrderedList,
    Para,
    Speaker,
    plain_text,
)
from .normalise.chunks import SUPERSCRIPT_VALUE

#: Stop counting order misses here: one is already a failure, and each costs a full scan.
MAX_MISSES = 50
#: How far apart (in words) the halves of a page-split word may sit (notes between them).
JOIN_WINDOW = 400
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_SUPER = str.maketrans(SUPERSCRIPT_VALUE)


def tokens(text: str) -> list[str]:
    """The text's words, case-folded; each distinct word is one (interned) string, so a long
    text's word lists cost a pointer per word, not a string per word."""
    return [sys.intern(m[0].casefold()) for m in _TOKEN.finditer(text.translate(_SUPER))]


@dataclass(frozen=True)
class Conservation:
    source_words: int
    book_words: int
    removed_by_rules: int
    lost: tuple[tuple[str, int], ...]  # source words missing from the book, with counts
    added: tuple[tuple[str, int], ...]  # book words not in the source
    out_of_order: int  # body words that do not follow the source order

    @property
    def ok(self) -> bool:
        return not self.lost and not self.added and self.out_of_order == 0


def _block_streams(blocks: tuple[Block, ...], body: list[str], notes: list[list[str]]) -> None:
    for b in blocks:
        if isinstance(b, Para | Heading):
            for node in b.inlines:
                if isinstance(node, NoteRef):
                    if not node.note.missing:
                        stream: list[str] = []
                        notes.append(stream)
                        for p in node.note.blocks:
                            stream.extend(tokens(plain_text(p.inlines, with_notes=True)))
                elif isinstance(node, Speaker):
                    body.extend(tokens(node.label))
                else:
                    body.extend(tokens(plain_text((node,))))
        elif isinstance(b, BlockQuote):
            _block_streams(b.blocks, body, notes)
        elif isinstance(b, OrderedList):
            for item in b.items:
                _block_streams(item, body, notes)


def book_streams(
    text: BookText, title_lines: tuple[str, ...] = (), bylines: tuple[str, ...] = ()
) -> tuple[list[str], list[list[str]]]:
    """The text's words as the book has them: the body stream and one stream per note."""
    body: list[str] = []
    for line in (*title_lines, *bylines):
        body.extend(tokens(line))
    notes: list[list[str]] = []
    _block_streams(text.blocks, body, notes)
    notes.extend(tokens(f) for f in text.furniture)
    return body, notes


def _find(word: str, hay: list[str], j: int) -> int:
    """Index after the match of ``word`` in ``hay`` from ``j``, or -1.

    A word may be the join of two source words ("fac" + "tory"), which may sit apart when the
    source printed page-bottom notes between the halves.
    """
    for k in range(j, len(hay)):
        if hay[k] == word:
            return k + 1
        if word.startswith(hay[k]) and hay[k] != word:
            rest = word[len(hay[k]) :]
            for m in range(k + 1, min(len(hay), k + JOIN_WINDOW)):
                if hay[m] == rest:
                    return m + 1
    return -1


def _subsequence_misses(needle: list[str], hay: list[str]) -> int:
    """How many words of ``needle`` cannot be matched in order within ``hay``."""
    misses, j = 0, 0
    for word in needle:
        k = _find(word, hay, j)
        if k < 0:
            misses += 1
            if misses >= MAX_MISSES:
                break
            continue
        j = k
    return misses


def check_conservation(
    source_lines: tuple[str, ...],
    text: BookText,
    removed: list[str],
    title_lines: tuple[str, ...] = (),
    bylines: tuple[str, ...] = (),
) -> Conservation:
    """Compare a source with what the book has of it."""
    source = tokens("\n".join(source_lines))
    body, notes = book_streams(text, title_lines, bylines)
    book = body + [w for n in notes for w in n]
    have = Counter(source)
    have.subtract(Counter(tokens(" ".join(removed))))
    need = Counter(book)
    # a word joined across a line-end hyphen is two source words
    for word in list((need - have).elements()):
        for cut in range(1, len(word)):
            a, b = word[:cut], word[cut:]
            if have[a] > need[a] and have[b] > need[b]:
                have[a] -= 1
                have[b] -= 1
                have[word] += 1
                break
    lost = +(have - need)
    added = +(need - have)
    misses = _subsequence_misses(body, source)
    return Conservation(
        len(source),
        len(book),
        len(removed),
        tuple(sorted(lost.items())),
        tuple(sorted(added.items())),
        misses,
    )
