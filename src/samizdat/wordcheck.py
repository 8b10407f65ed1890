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

import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .columns import read_columns
from .furniture import page_furniture
from .line_numbers import drop_line_numbers, margin_lines, margin_page_starts
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
from .normalise.chunks import load_dictionary
from .normalise.frontmatter import read_yaml
from .normalise.gutenberg import OPENING_LINES, read_header
from .normalise.markdown import is_markdown
from .normalise.paragraphs import LETTER_BULLET, uses_letter_bullets
from .normalise.spacing import MAX_FRAGMENT_USES, looks_letter_spaced
from .normalise.titlepage import BY_WORDS
from .subtitles import cue_lines
from .wordcheck_markdown import markdown_marks

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HYPHEN_END = re.compile(r"[^\W\d_][-\u00ad][*_]*\s*$")  # or a soft hyphen at the line end
_BYLINE = re.compile(r"^\s*by\s+\S", re.I)
#: The label of a field whose value the book shows as the text's title or author.
_FIELD_LABEL = re.compile(r"^\s*(?:title|authors?|creators?)\s*:", re.I)
_FOOTNOTE_LABEL = re.compile(r"\[(footnote)(?:\s+(?:\d{1,4}|[a-z]|[*†‡§]{1,3}))?\s*:", re.I)
_NOTES_HEADING = re.compile(r"^\s*(?:foot|end)?notes?\s*[.:]?\s*$", re.I)
_NOTE_OPENING = re.compile(
    r"^\s*(?:\[footnote\b|\[\d{1,4}\]|\(\d{1,3}\)\s|\d{1,3}\.?\s|[⁰¹²³⁴⁵⁶⁷⁸⁹])", re.I
)
#: How far ahead (in words) the body may skip source words to find its next one: a page of
#: footnotes, a running head and a folio can sit between two halves of a paragraph.
WINDOW = 3000
#: A jump over more source words than this needs two words of confirmation, not one.
FAR = 40
#: How many lines after a line-end hyphen the second half of the word may start.
HYPHEN_LINES = 80
#: Problems listed (all are counted).
MAX_LISTED = 200
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


def words(text: str) -> list[str]:
    """The words of ``text`` as the check compares them (each distinct word one string).

    >>> words("FIne “organiza\u00adtion” — it’s ²")
    ['fine', 'organization', 'it', 's', '2']
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    return [sys.intern(m) for m in _TOKEN.findall(text)]


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


@dataclass
class _Source:
    words: list[str]
    line: array  # 1-based source line of each word
    hyphen: bytearray  # 1: the word ends its line before a line-end hyphen
    first: bytearray  # 1: the word starts its line
    furniture: dict[int, str]  # word index → edit name for words on furniture lines
    used: bytearray
    spaced: frozenset[int] = frozenset()  # 1-based lines shaped as spaced letters
    known: frozenset[str] = frozenset()  # words a letter-spaced join may make
    whole: Counter[str] = field(default_factory=Counter)  # words of the lines not letter-spaced
    lifted: tuple[tuple[str, ...], ...] = ()  # the lifted title's and bylines' words


def _read_source(lines: tuple[str, ...], page_starts: tuple[int, ...]) -> _Source:
    margin = margin_lines(lines)  # a transcript's line numbers: furniture, as is the rest
    bare, _ = drop_line_numbers(lines, margin)
    prof = page_furniture(bare, page_starts or margin_page_starts(lines))
    out: list[str] = []
    line_of, hyphen, first = array("I"), bytearray(), bytearray()
    furniture: dict[int, str] = {}
    labels = _field_labels(lines)
    timing = cue_lines(lines)  # a subtitle file's cue numbers and timings
    letter_bullets = uses_letter_bullets(lines)
    marked = markdown_marks(lines, words) if is_markdown(lines) else None
    for number, text in enumerate(lines, 1):
        ws = [w for w, _ in marked[number - 1]] if marked else words(text)
        if not ws:
            continue
        start = len(out)
        if marked:
            furniture.update((start + k, m) for k, (_, m) in enumerate(marked[number - 1]) if m)
        out.extend(ws)
        line_of.extend([number] * len(ws))
        lead = int(number - 1 in margin and len(ws) > 1)  # the text starts after the number
        first.extend([0] * lead + [1] + [0] * (len(ws) - 1 - lead))
        hyphen.extend([0] * len(ws))
        if _HYPHEN_END.search(text):
            hyphen[-1] = 1
        kind = prof.furniture.get(number - 1)
        if number - 1 in margin:
            furniture[start] = "line-number"
        if number - 1 in timing:
            kind = "subtitle-timing"
        if kind:
            furniture.update((k, kind) for k in range(start, len(out)))
        elif _is_by(ws, text, lines, number):
            furniture[start] = "byline-by"
        elif number in labels:
            furniture[start] = "field-label"
        elif letter_bullets and ws[0] == "o" and LETTER_BULLET.match(text):
            furniture[start] = "letter-bullet"
        elif _NOTES_HEADING.match(text) and _NOTE_OPENING.match(_next_text(lines, number)):
            furniture.update((k, "notes-heading") for k in range(start, len(out)))
        for m in _FOOTNOTE_LABEL.finditer(text):
            furniture.setdefault(start + len(words(text[: m.start(1)])), "footnote-label")
    src = _Source(out, line_of, hyphen, first, furniture, bytearray(len(out)))
    src.spaced = frozenset(
        n for n, text in enumerate(lines, 1) if looks_letter_spaced(text.split())
    )
    if src.spaced:
        src.whole = Counter(w for w, n in zip(out, line_of, strict=True) if n not in src.spaced)
        src.known = frozenset(src.whole) | load_dictionary()
    return src


def _is_by(ws: list[str], text: str, lines: tuple[str, ...], number: int) -> bool:
    """A byline's "by": of "by A. Name" on a short line, or a by-word alone above a short line."""
    if ws[0] == "by" and len(ws) <= 8 and _BYLINE.match(text):
        return True
    return len(ws) == 1 and ws[0] in BY_WORDS and 0 < len(words(_next_text(lines, number))) <= 6


def _field_labels(lines: tuple[str, ...]) -> frozenset[int]:
    """The lines (1-based) that label a title or author field inside a YAML front matter block
    or a Project Gutenberg header, each delimited by its own markers."""
    end = _front_end(lines) or (4 * OPENING_LINES if read_header(lines) else 0)
    return frozenset(n for n in range(1, end + 1) if _FIELD_LABEL.match(lines[n - 1]))


def _front_end(lines: tuple[str, ...]) -> int:
    """The last line of the edition matter a source opens with, delimited by its own markers
    (a YAML front matter block's closing ``---``, a Project Gutenberg header's start marker)."""
    end, _ = read_yaml(lines)
    header = None if end else read_header(lines)
    return end or (header.end if header else 0)


def _align_body(
    src: _Source, lines: tuple[str, ...], body: list[str], counts: Counter[str]
) -> list[int]:
    """The body aligned from the source's first word or, when the source opens with edition
    matter (:func:`_front_end`), from the first word after it — whichever leaves fewer words
    unplaced: the body's first words are not taken from a header or a front matter field that
    repeats them (a description, a title quoted in a licence line)."""
    end = _front_end(lines)
    start = bisect_right(src.line, end) if end else 0
    if not start:
        return _align(src, body, 0, counts)
    late: Counter[str] = Counter()
    after = _align(src, body, start, late)
    if after:
        kept, src.used = src.used, bytearray(len(src.words))
        early: Counter[str] = Counter()
        first = _align(src, body, 0, early)
        if len(first) < len(after):
            counts.update(early)
            return first
        src.used = kept
    counts.update(late)
    return after


def _next_text(lines: tuple[str, ...], number: int) -> str:
    """The next line after the 1-based line ``number`` that is not blank ("" at the end)."""
    for text in lines[number : number + 6]:
        if text.strip():
            return text
    return ""


def _join_end(src: _Source, k: int, word: str) -> int:
    """Index of the last source word of ``word`` read as hyphen-split halves starting at ``k``
    (``capi-`` … ``talist``; ``an-`` ``noy-`` ``ing``), or -1."""
    rest, at = word, k
    while src.hyphen[at] and rest.startswith(src.words[at]) and rest != src.words[at]:
        rest = rest[len(src.words[at]) :]
        limit = src.line[at] + HYPHEN_LINES
        m = at + 1
        while m < len(src.words) and src.line[m] <= limit:
            if src.first[m] and not src.used[m] and rest.startswith(src.words[m]):
                break
            m += 1
        else:
            return -1
        if src.words[m] == rest:
            return m
        at = m
    return -1


def _match(src: _Source, k: int, word: str) -> int:
    """End index of ``word`` matched at source word ``k`` (whole or hyphen-joined), or -1."""
    if k >= len(src.words) or src.used[k]:
        return -1
    if src.words[k] == word:
        return k
    if src.hyphen[k] and word.startswith(src.words[k]):
        return _join_end(src, k, word)
    if src.line[k] in src.spaced and word.startswith(src.words[k]) and word in src.known:
        return _spaced_end(src, k, word)
    return -1


def _spaced_end(src: _Source, k: int, word: str) -> int:
    """Index of the last piece of ``word`` read as letter-spaced pieces of one line from
    ``k`` (``sec`` ``ti`` ``on``), or -1. One piece at least must be a fragment (a piece the
    source hardly ever uses as a word of its own): ``to get her`` is never ``together``."""
    joined, m = src.words[k], k
    while joined != word and m + 1 < len(src.words) and src.line[m + 1] == src.line[k]:
        m += 1
        joined += src.words[m]
        if not word.startswith(joined) or src.used[m]:
            return -1
    fragment = any(src.whole[src.words[i]] <= MAX_FRAGMENT_USES for i in range(k, m + 1))
    return m if joined == word and fragment else -1


def _take(src: _Source, k: int, end: int, counts: Counter[str]) -> None:
    src.used[k] = 1
    if end != k and src.line[end] == src.line[k]:  # letter-spaced pieces of one line
        src.used[k : end + 1] = b"\x01" * (end + 1 - k)
        counts["letter-spacing"] += end - k
    elif end != k:
        src.used[end] = 1
        counts["hyphen-join"] += 1


def _align(src: _Source, stream: list[str], start: int, counts: Counter[str]) -> list[int]:
    """Match ``stream`` in order against the source from ``start``; returns the indices of the
    stream's words that found no place (each followed by the source index it was looked for at)."""
    misses: list[int] = []
    j, n = start, len(src.words)
    for i, word in enumerate(stream):
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        found, end = -1, -1
        window = WINDOW if len(misses) < 2 * MAX_LISTED else 64  # a lost cause stays linear
        for k in range(j, min(n, j + window)):
            end = _match(src, k, word)
            if end < 0:
                continue
            if src.furniture.get(k) == "markup":
                continue  # markup is never text: a link's address is not its text
            if k in src.furniture:  # a running head's word is the body's only if the body
                if _runs_through(src, k, end, stream, i):  # reads the rest of its line too
                    found = k
                    break
                continue
            if k == j or nxt is None or _confirms(src, end + 1, stream, i + 1, k - j > FAR):
                found = k
                break
        if found < 0:
            misses.extend((i, j))
            continue
        _take(src, found, end, counts)
        j = end + 1
    return misses


def _runs_through(src: _Source, k: int, end: int, stream: list[str], i: int) -> bool:
    """Does the stream, from its word ``i`` matched at ``k``..``end``, read the rest of the
    source line of ``k`` word for word (or, when ``k`` ends its line, does the next word follow,
    past furniture)? A running head that repeats a sentence's opening (``It was about noon…``
    over ``It was soon plain``) keeps its words; a salutation kept at a page's foot, over the
    next page's head, is the body's."""
    m, t, n = end + 1, i + 1, len(src.words)
    if m >= n or src.line[m] != src.line[k]:
        if src.furniture.get(k) == "running-head":  # a head's last word: past the next head
            while m < n and src.furniture.get(m) == "running-head" and not src.used[m]:
                m += 1
        return t >= len(stream) or _match(src, m, stream[t]) >= 0
    while m < n and src.line[m] == src.line[k]:
        if t >= len(stream):
            return True
        e = _match(src, m, stream[t])
        if e < 0:
            return False
        m, t = e + 1, t + 1
    return True


def _confirms(src: _Source, k: int, stream: list[str], i: int, far: bool) -> bool:
    """Do the stream's next words (two of them for a far jump) follow at ``k``, skipping only
    furniture, numbers and words already taken?"""
    n = len(src.words)
    for word in stream[i : i + (2 if far else 1)]:
        k = _past_lifted(src, k, word)
        while k < n and (src.used[k] or k in src.furniture or src.words[k].isdigit()):
            if src.words[k] == word and not src.used[k]:
                break
            k += 1
        if k >= n:
            return False
        end = _match(src, k, word)
        if end < 0:
            return False
        k = end + 1
    return True


def _past_lifted(src: _Source, k: int, word: str) -> int:
    """``k``, or past the lifted title and bylines that stand there in the source (and the
    furniture between them) when the stream's next ``word`` is not there: a title that a
    scan's specks stand before (``I`` / ``THE SCIENCE OF LIFE`` / ``OK``) is aligned last,
    so the body reads over its place."""
    at, n = k, len(src.words)
    while at < n and src.words[at] != word:
        step = next(
            (len(x) for x in src.lifted if tuple(src.words[at : at + len(x)]) == x),
            1 if at > k and at in src.furniture else 0,
        )
        if not step:
            break
        at += step
    return at if at > k and any(tuple(src.words[k : k + len(x)]) == x for x in src.lifted) else k


def _anchor(src: _Source, stream: list[str], cursor: int, line_start: bool = False) -> int:
    """Where a moved stream (a note) starts in the source: its first three words in a row,
    searched from ``cursor`` on, then from the start (with ``line_start``, only where they
    open a source line, as a lifted title does)."""
    head = stream[:3]
    n = len(src.words)
    for lo, hi in ((cursor, n), (0, cursor)):
        for k in range(lo, hi):
            if line_start and not (
                src.first[k] or (src.first[k - 1] and src.furniture.get(k - 1) == "byline-by")
            ):
                continue  # a title's line, or a byline's after its "by"
            if src.words[k] == head[0] and all(
                k + d < n and src.words[k + d] == w and not src.used[k + d]
                for d, w in enumerate(head)
            ):
                return k
    return -1


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
    src = _read_source(lines, page_starts)
    src.lifted = tuple(tuple(s) for s in book.lifted if s)
    counts: Counter[str] = Counter()
    misses: list[tuple[str, int]] = []
    later = book.lifted
    body_misses = _align_body(src, lines, book.body, counts)
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
        at = _anchor(src, stream, cursor)
        if at < 0:
            misses.extend((w, len(src.words) - 1) for w in stream)
            continue
        got = _align(src, stream, at, counts)
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
    src: _Source, book: BookWords, counts: Counter[str], markers: tuple[int, ...] | None
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
