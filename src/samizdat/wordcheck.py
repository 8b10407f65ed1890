"""The independent word check: the words a reader gets against the words of the source.

It never asks the normaliser what it removed. It reads the source as decoded, finds on its own
which edits the source's shape allows, and accepts only these (:data:`EDITS`):

- ``hyphen-join`` — a word split by a line-end hyphen read whole (``capi-`` … ``talist``),
  also with a folio, running head or note between the halves, and over several line ends;
- ``folio`` / ``running-head`` — a line that :mod:`.furniture` shows to be page furniture;
- ``note-marker`` — a note's number at its call or before its text, when the book has a note
  carrying that number;
- ``byline-by`` — the "by" of a short "by A. Name" line, or a by-word standing alone on its
  line ("by", "von", "par"…) above a short line (a title page's "by" / "JEAN WEBSTER");
- ``field-label`` — the label of a title or author field (``Title:``, ``authors:``) inside a
  Project Gutenberg header or a YAML front matter block, both found by their own markers;
- ``footnote-label`` — the word of a Project Gutenberg ``[Footnote 3: …]`` or ``[Footnote: …]``
  opening (a bracket, the word, an optional key, a colon);
- ``notes-heading`` — a line that is only "Notes", "Footnotes:" or "Endnotes" directly above
  a line that opens a note (``[Footnote 1:``, ``[1]``, ``(1)``, ``1.``, ``¹``);
- ``letter-spacing`` — a word the source letter-spaced (``Sec ti on``), read whole: the pieces
  sit side by side on a line shaped as spaced letters, and their join is a word the
  dictionary knows or the source uses whole elsewhere;
- ``letter-bullet`` — the ``o`` opening a line, in a source that has bullet glyphs and writes
  its hollow bullets as that letter (``o GV.RR-01: …``, three lines at least);
- ``subtitle-timing`` — a subtitle file's cue numbers and timing lines
  (``00:00:13,980 --> 00:00:16,829``) and its ``WEBVTT`` header, in a text most of whose
  blocks open so (:mod:`.subtitles`);
- ``metadata`` — words the book adds from the book's configuration or its editorial wording
  (a title given in book.toml, a supplied title, samizdat's fixed editorial notes);
- ``correction`` — words an entry of corrections.toml replaced (its ``find``; its ``replace``
  is accepted as metadata).

Typographic substitutions (quotes, dashes, ellipses, spaces, invisible characters, ligatures,
superscript digits) change no word: words are runs of letters or of digits, compared after
NFKC and case folding. Everything else missing from the book is *lost*, in the book but not the
source *added*; a word moved away from its place is both. The body is aligned with the source
in order (notes and furniture as streams of their own), so a reordering is found, not only a
count; each problem names the source line.

>>> src = ("The organiza-", "tion of the", "1848", "workers.")
>>> check_words(src, BookWords(["the", "organization", "of", "the", "1848", "workers"])).ok
True
>>> r = check_words(src, BookWords(["the", "organization", "the", "workers"]))
>>> r.problems("a.txt")  # a lone number is no folio without a counting run of them
['a.txt:2: lost “of”', 'a.txt:3: lost “1848”']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .columns import read_columns
from .model import (
    Block,
    BlockQuote,
    BookText,
    Heading,
    NoteRef,
    OrderedList,
    Para,
    Table,
    plain_text,
)
from .wordcheck_align import MAX_LISTED, align, align_body, anchor
from .wordcheck_source import Source, read_source, words

__all__ = ["BookWords", "WordCheck", "check_words", "model_words", "words"]

EDITS = (
    "hyphen-join",
    "folio",
    "running-head",
    "scan-speck",
    "note-marker",
    "byline-by",
    "field-label",
    "footnote-label",
    "notes-heading",
    "letter-spacing",
    "letter-bullet",
    "subtitle-timing",
    "markup",
    "metadata",
    "correction",
)


@dataclass
class BookWords:
    """What a reader gets of one text: the body in reading order, each note and each piece of
    furniture moved to the source note as streams of their own, and the note numbers."""

    body: list[str]
    notes: list[list[str]] = field(default_factory=list)
    moved: list[list[str]] = field(default_factory=list)
    lifted: list[list[str]] = field(default_factory=list)  # title and bylines lifted as metadata
    note_numbers: Counter[str] = field(default_factory=Counter)
    allowed: Counter[str] = field(default_factory=Counter)  # metadata words not in the source
    corrected: Counter[str] = field(default_factory=Counter)  # source words a correction replaced


@dataclass(frozen=True)
class WordCheck:
    """The result: counts, accepted edits by name, and the problems with their source lines."""

    source_words: int
    book_words: int
    edits: dict[str, int]
    lost: tuple[tuple[int, str], ...]  # (source line, words) runs, at most MAX_LISTED
    added: tuple[tuple[int, str], ...]  # (source line near which, words)
    lost_words: int
    added_words: int
    marker_positions: tuple[int, ...] = ()  # source words accepted as note markers

    @property
    def ok(self) -> bool:
        return not self.lost_words and not self.added_words

    def problems(self, file: str) -> list[str]:
        out = [f"{file}:{line}: lost “{w}”" for line, w in self.lost]
        out += [f"{file}:{line}: added “{w}”" for line, w in self.added]
        return out

    def lines(self) -> list[int]:
        """Source lines with a problem."""
        return sorted({line for line, _ in self.lost} | {line for line, _ in self.added})


def check_words(
    lines: tuple[str, ...],
    book: BookWords,
    page_starts: tuple[int, ...] = (),
    markers: tuple[int, ...] | None = None,
) -> WordCheck:
    """Check that ``book`` has every word of the source ``lines`` in order, and no other.

    ``markers`` (source word indices) are note markers already verified by an earlier check of
    the same source; without it, numbers are accepted as note markers by the book's notes.
    A page in two columns is read column by column, as its shape shows (``columns.py``)."""
    lines, _, page_starts, _ = read_columns(lines, page_starts)
    src = read_source(lines, page_starts)
    src.lifted = tuple(tuple(s) for s in book.lifted if s)
    counts: Counter[str] = Counter()
    misses: list[tuple[str, int]] = []
    later = book.lifted
    body_misses = align_body(src, lines, book.body, counts)
    misses += [
        (book.body[i], at) for i, at in zip(body_misses[::2], body_misses[1::2], strict=True)
    ]
    # notes, then furniture, each in its order (found after the one before); then the lifted
    # title and bylines, wherever they are left: a title's two words must not take the place
    # of a licence line that quotes them
    starts = {0, len(book.notes), len(book.notes) + len(book.moved)}
    cursor = 0
    for n, stream in enumerate((*book.notes, *book.moved, *later)):
        if n in starts or n > len(book.notes) + len(book.moved):
            cursor = 0
        if not stream:
            continue
        at = anchor(src, stream, cursor)
        if at < 0:
            misses.extend((w, len(src.words) - 1) for w in stream)
            continue
        got = align(src, stream, at, counts)
        misses.extend((stream[i], a) for i, a in zip(got[::2], got[1::2], strict=True))
        cursor = at
    lost, kept_markers = _unmatched(src, book, counts, markers)
    allowed = Counter(book.allowed)
    added: list[tuple[int, str]] = []
    for word, at in misses:
        if allowed[word] > 0:
            allowed[word] -= 1
            counts["metadata"] += 1
        else:
            added.append((src.line[max(0, min(at, len(src.words) - 1))] if src.words else 0, word))
    n_book = len(book.body) + sum(len(s) for s in (*book.notes, *book.moved, *book.lifted))
    return WordCheck(
        len(src.words),
        n_book,
        dict(sorted(counts.items())),
        _runs(lost)[:MAX_LISTED],
        _runs(added)[:MAX_LISTED],
        len(lost),
        len(added),
        tuple(kept_markers),
    )


def _unmatched(
    src: Source, book: BookWords, counts: Counter[str], markers: tuple[int, ...] | None
) -> tuple[list[tuple[int, str]], list[int]]:
    """Source words no stream took and no edit explains: (line, word) in source order."""
    budget = Counter({n: 2 * c for n, c in book.note_numbers.items()})
    corrected = Counter(book.corrected)
    allowed_markers = set(markers) if markers is not None else None
    lost: list[tuple[int, str]] = []
    kept: list[int] = []
    for k, word in enumerate(src.words):
        if src.used[k]:
            continue
        if k in src.furniture:
            counts[src.furniture[k]] += 1
            continue
        if corrected[word] > 0:
            corrected[word] -= 1
            counts["correction"] += 1
            continue
        if word.isdigit():
            ok = k in allowed_markers if allowed_markers is not None else budget[word] > 0
            if ok:
                budget[word] -= 1
                counts["note-marker"] += 1
                kept.append(k)
                continue
        lost.append((src.line[k], word))
    return lost, kept


def _runs(items: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Consecutive words of one line as one phrase: (12, "of the")."""
    out: list[tuple[int, list[str]]] = []
    for line, word in items:
        if out and out[-1][0] == line and len(out[-1][1]) < 12:
            out[-1][1].append(word)
        else:
            out.append((line, [word]))
    return tuple((line, " ".join(ws)) for line, ws in out)


def model_words(
    text: BookText, title_lines: tuple[str, ...] = (), bylines: tuple[str, ...] = ()
) -> BookWords:
    """The words of a normalised text as the reader will get them: lifted title and bylines,
    the body (list numbers as the list draws them), each note, the furniture moved to the
    source note. An editorial note (``missing``) is samizdat's wording, not the source's."""
    out = BookWords([])
    _walk(text.blocks, out)
    out.moved = [words(f) for f in text.furniture]
    out.lifted = [words(f) for f in (*title_lines, *bylines)]
    return out


def _walk(blocks: tuple[Block, ...], out: BookWords) -> None:
    for b in blocks:
        if isinstance(b, Para | Heading):
            # the words as the paragraph reads: a word split by markup only is one word
            out.body.extend(words(plain_text(b.inlines)))
            for node in b.inlines:
                if isinstance(node, NoteRef) and not node.note.missing:
                    out.notes.append(
                        [
                            w
                            for p in node.note.blocks
                            for w in words(plain_text(p.inlines, with_notes=True))
                        ]
                    )
                    if node.note.source_number:
                        out.note_numbers[words(node.note.source_number)[0]] += 1
        elif isinstance(b, BlockQuote):
            _walk(b.blocks, out)
        elif isinstance(b, Table):
            for row in (*b.head, *b.rows):
                for cell in row:
                    _walk((Para(cell, b.loc),), out)
        elif isinstance(b, OrderedList):
            for n, item in enumerate(b.items, b.start):
                if not b.bullet:  # a bullet is no word
                    out.body.append(str(n))
                _walk(item, out)
