"""Words that pdftotext letter-spaced: ``Sec ti on 1``, ``Tr an s p ar enc y a nd mo da li tie s``.

A heading set in spaced letters comes out of pdftotext with spaces inside its words. The spaces
between the real words are there too, so the repair only removes spaces: it joins runs of a
line's pieces into words. It does so only on strong evidence, read from the text itself:

- the line looks letter-spaced: at least :data:`MIN_PIECES` pieces, most of them short, of
  two or three letters on average;
- each join gives a known word (the system dictionary, or a word the text uses whole
  elsewhere) and has a piece the text never uses as a word of its own (``ti``, ``nd``,
  ``enc``): ``to get her`` is three words and never becomes ``together``;
- every short piece of the line finds its word; otherwise the line stays as printed.

The word check accepts the join as the edit ``letter-spacing`` (:mod:`samizdat.wordcheck`),
verified from the source line's own shape.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import WORD, Chunk, Evidence, PassResult

#: A line needs at least this many pieces to look letter-spaced…
MIN_PIECES = 3
#: …at least this share of them short (this many letters or fewer)…
SHORT_SHARE, SHORT_PIECE = 0.5, 3
#: …and this many letters a piece on average at most (English words average over four).
MAX_MEAN_PIECE = 2.5
#: A piece the text uses as a word this often or less is a fragment, not a word of its own.
MAX_FRAGMENT_USES = 5
#: The words found must be at most this share of the pieces.
MAX_WORDS_SHARE = 0.6
#: Most pieces one word is joined from.
MAX_JOIN = 16
_PIECE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
#: Punctuation that may close the last piece of a word: ``C O N T ENTS.``.
_CLOSE = re.compile(r"[.,;:!?]+$")


def _core(piece: str) -> str:
    """The piece without the punctuation closing it."""
    return _CLOSE.sub("", piece)


def looks_letter_spaced(pieces: list[str]) -> bool:
    """Do a line's space-separated pieces look like spaced letters (``Sec ti on``)?

    >>> looks_letter_spaced("Tr an s p ar enc y".split()), looks_letter_spaced("Article 12".split())
    (True, False)
    """
    if len(pieces) < MIN_PIECES or sum(
        len(p) <= 2 * SHORT_PIECE for p in pieces
    ) < SHORT_SHARE * len(pieces):
        return False  # most pieces are long: no spaced letters (a quick answer for prose)
    letters = [p for p in map(_core, pieces) if _PIECE.match(p)]
    short = sum(1 for p in letters if len(p) <= SHORT_PIECE)
    return (
        len(letters) >= MIN_PIECES
        and short >= SHORT_SHARE * len(pieces)
        and sum(map(len, letters)) <= MAX_MEAN_PIECE * len(letters)
    )


def _joins(pieces: list[str], known: set[str] | frozenset[str], uses: Counter[str]) -> list[int]:
    """The fewest words the pieces make: the end index of each word, or ``[]`` when some
    short piece stays a fragment. A join must give a known word and hold a fragment."""
    n = len(pieces)
    best: list[tuple[int, list[int]] | None] = [(0, [])] + [None] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - MAX_JOIN), i):
            if best[j] is None:
                continue
            group = pieces[j:i]
            if len(group) > 1:
                if any(_CLOSE.search(p) for p in group[:-1]):
                    continue  # punctuation inside a word
                group = [*group[:-1], _core(group[-1])]
                word = "".join(group).lower()
                fragment = any(uses[p.lower()] <= MAX_FRAGMENT_USES for p in group)
                if not (_PIECE.match(word) and word in known and fragment):
                    continue
            elif _fragment_alone(group[0], known, uses):
                continue  # a fragment left alone: the line is not read
            cost = best[j][0] + 1  # type: ignore[index]
            if best[i] is None or cost < best[i][0]:  # type: ignore[index]
                best[i] = (cost, [*best[j][1], i])  # type: ignore[index]
    return best[n][1] if best[n] is not None else []


def _fragment_alone(piece: str, known: set[str] | frozenset[str], uses: Counter[str]) -> bool:
    piece = _core(piece)
    rare = uses[piece.lower()] <= MAX_FRAGMENT_USES
    return bool(_PIECE.match(piece)) and rare and (piece.lower() not in known or len(piece) <= 2)


def _repaired(line: str, known: set[str] | frozenset[str], uses: Counter[str]) -> str:
    pieces = line.split()
    if not looks_letter_spaced(pieces):
        return line
    ends = _joins(pieces, known, uses)
    if not ends or len(ends) > MAX_WORDS_SHARE * len(pieces):
        return line  # a few words joined on a line of words is no evidence of spacing
    starts = [0, *ends[:-1]]
    return " ".join("".join(pieces[a:b]) for a, b in zip(starts, ends, strict=True))


def repair_letter_spacing(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a letter-spaced line into its words, where the evidence is strong.

    Before: ``"Sec ti on 1"``, ``"Tr an s p ar enc y a nd mo da li tie s"``
    After:  ``"Section 1"``, ``"Transparency and modalities"``

    >>> text = ("Section, transparency and modalities", "Sec ti on 1")
    >>> text += ("Tr an s p ar enc y a nd mo da li tie s",)
    >>> ev = Evidence("x", dictionary=frozenset({"and"}))
    >>> [c.text for c in repair_letter_spacing((Chunk("", 1, lines=text),), ev).chunks]
    ['Section, transparency and modalities Section 1 Transparency and modalities']
    """
    uses = Counter(w.lower() for c in chunks for line in c.lines for w in WORD.findall(line))
    known = ev.dictionary | {w for w in uses if uses[w] > MAX_FRAGMENT_USES or len(w) > SHORT_PIECE}
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    for c in chunks:
        if c.kind != "para":
            out.append(c)
            continue
        lines = tuple(_repaired(line, known, uses) for line in c.lines)
        if lines != c.lines:
            counts["letter_spaced_lines_repaired"] += sum(
                1 for a, b in zip(lines, c.lines, strict=True) if a != b
            )
            c = replace(c, lines=lines, text=" ".join(x.strip() for x in lines))
        out.append(c)
    return PassResult(tuple(out), counts)
