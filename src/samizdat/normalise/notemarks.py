"""The shapes of notes and their calls, as plain-text editions print them.

A note opens with a mark (:data:`MARKS`): ``[Footnote 3: …]``, ``¹``, ``[1]``, ``(1)``, ``1.``,
``1``, ``*``; its call in the body has a shape its convention uses (:data:`PAIRS`): ``[1]``,
``(1)`` after a word, a superscript, a number glued to a word, ``*``. A ``[Footnote …]`` may
also be printed inside a paragraph, where it is cut out and called (:func:`cut_inline_notes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunks import SUPERSCRIPT_VALUE, SUPERSCRIPTS, Chunk
from .inline import _EMPH, _GLUED_CALL, _STRONG

#: Link numbers of notes that print no number of their own start here.
SERIAL = 100_000
#: A multi-paragraph ``[Footnote …]`` block closes within this many paragraphs, or is no note.
MAX_NOTE_PARAGRAPHS = 12
#: A note under a NOTES heading runs on over at most this many paragraphs.
MAX_CONTINUATION = 3
_KEY = r"([0-9]{1,4}|[A-Za-z]|[*†‡§]{1,3})"
#: ``[Footnote 3: …]``, ``[Footnote: …]``, ``[Note 3: …]`` (a number needed: ``[Note: …]`` is
#: an editor's remark in the text).
FOOTNOTE = re.compile(rf"\[(?:footnote|note(?=\s+\S{{1,4}}\s*:))(?:\s+{_KEY})?\s*:\s*", re.I)
#: Note openings, tried in this order: (style, pattern whose group 1 is the key).
MARKS = (
    ("footnote", FOOTNOTE),
    ("sup", re.compile(rf"([{SUPERSCRIPTS}]+)\s*(?=\S)")),
    ("bracket", re.compile(r"\[(\d{1,4})\]\s*(?=\S)")),
    ("paren", re.compile(r"\((\d{1,3})\)\s+(?=\S)")),
    ("numbered", re.compile(r"(\d{1,3})\.\s+(?=\S)")),
    ("digit", re.compile(r"(\d{1,3})\s+(?=[A-Z“\"‘(\[])")),
    ("symbol", re.compile(r"([*†‡§]{1,3})\s*(?=[^\s*†‡§])")),
)
#: Page-foot styles (numbered ones count up from line to line).
FOOT_STYLES = frozenset({"sup", "bracket", "paren", "digit", "symbol"})
#: Styles of a block of notes under a NOTES heading.
HEADED_STYLES = frozenset({"sup", "bracket", "paren", "numbered", "digit"})
#: Call shapes: group 1 is the key.
CALLS = {
    "bracket": re.compile(r"\[(\d{1,4}|[A-Za-z]|[*†‡§]{1,3})\]"),
    "paren": re.compile(r"(?<=[^\s(] )\((\d{1,3})\)(?=[\s,.;:)\]]|$)"),
    "sup": re.compile(f"([{SUPERSCRIPTS}]+)"),
    "symbol": re.compile(r"(?<=[^\s*†‡§])([*†‡§]{1,3})(?![*†‡§])"),
    "glued": _GLUED_CALL,
    "spaced": re.compile(r"(?<=[^\W\d_] )(\d{1,3})(?= [^\W\d_])"),
}
#: Which call shapes serve which note style, in order of preference.
PAIRS = {
    "footnote": ("bracket", "sup", "symbol"),
    "bracket": ("bracket", "sup"),
    "paren": ("paren",),
    "numbered": ("sup", "bracket", "glued"),
    "digit": ("sup", "glued", "spaced"),
    "symbol": ("symbol", "bracket"),
}
#: A number after one of these is a figure, page, article or issue number, never a call.
NOT_A_CALL_AFTER = re.compile(
    r"\b(?:vol|vols|no|nos|p|pp|works|number|art|article|ch|chap|chapter|part|section|page|"
    r"cw|fig|figure|table|tier|step|level|appendix|version|phase|line|item|annex|point|"
    r"paragraph|stanza|verse|act|scene|book|letter|lecture|rule|round|grade|class|type)\.?\s*$",
    re.I,
)
#: A number standing between words after one of these counts something ("the 15 members",
#: "more than 3 years"): it is no flattened superscript.
COUNTED_AFTER = re.compile(
    r"\b(?:the|a|an|of|to|in|on|at|by|with|for|from|and|or|than|about|over|under|nearly|"
    r"only|least|most|some|all|first|last|next|top|these|those|its|their|his|her|our)\s+$",
    re.I,
)
#: A heading over a block of notes.
NOTES_HEADING = re.compile(r"^(?:foot|end)?notes?\s*[.:]?$", re.I)


@dataclass(frozen=True)
class Mark:
    """How a note opens: its convention, its printed key ("1", "*", "" unnumbered), and
    where its text starts."""

    style: str
    key: str
    end: int


def note_mark(text: str) -> Mark | None:
    """The note opening at the start of ``text``, if any.

    >>> note_mark("(1) OJ C 229, 31.7.2012, p. 90.")
    Mark(style='paren', key='1', end=4)
    >>> note_mark("[Footnote: See Note 7.]").key, note_mark("*Hay fever").style
    ('', 'symbol')
    """
    for style, pattern in MARKS:
        m = pattern.match(text)
        if m:
            key = m.group(1) or ""
            if style == "sup":
                key = "".join(SUPERSCRIPT_VALUE[ch] for ch in key)
            return Mark(style, key, m.end())
    return None


def follows(mark: Mark, prev: Mark) -> bool:
    """Can ``mark`` be the note after ``prev`` in one block of notes?"""
    if mark.style != prev.style:
        return False
    if mark.key.isdigit() and prev.key.isdigit():
        return int(mark.key) == int(prev.key) + 1
    return not mark.key.isdigit() and not prev.key.isdigit()


@dataclass(frozen=True)
class PairedCall:
    chunk: int
    start: int
    end: int
    shape: str


def candidates(c: Chunk, shape: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each call of ``shape`` in a body paragraph (never at its start)."""
    out = []
    spans = _emphasis_spans(c.text) if shape == "symbol" and "*" in c.text else []
    for m in CALLS[shape].finditer(c.text):
        g = next(k for k in range(1, (m.lastindex or 1) + 1) if m.group(k))
        key = m.group(g)
        start, end = m.span() if shape in {"bracket", "paren"} else m.span(g)  # the brackets go
        if start == 0:
            continue
        if shape == "sup":
            key = "".join(SUPERSCRIPT_VALUE[ch] for ch in key)
        before = c.text[max(0, start - 14) : start]
        if shape in {"glued", "spaced", "paren"} and NOT_A_CALL_AFTER.search(before):
            continue
        if shape == "spaced" and COUNTED_AFTER.search(before):
            continue
        if any(a <= start < b for a, b in spans):  # the close of an *emphasis*
            continue
        out.append((key, start, end))
    return out


def _emphasis_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for p in (_EMPH, _STRONG) for m in p.finditer(text)]


def same_key(a: str, b: str) -> bool:
    return int(a) == int(b) if a.isdigit() and b.isdigit() else a == b


def _key(key: str) -> str:
    return str(int(key)) if key.isdigit() else key


class CallIndex:
    """The calls of each shape in a stretch of body chunks (``scope``), in text order and by
    key, found once: pairing a block of notes stays linear in the text's length."""

    def __init__(self, chunks: list[Chunk], scope: range) -> None:
        self.chunks, self.scope = chunks, scope
        self.shapes: dict[str, dict[str, list[PairedCall]]] = {}

    def calls(self, shape: str) -> dict[str, list[PairedCall]]:
        if shape not in self.shapes:
            found: dict[str, list[PairedCall]] = {}
            for i in self.scope:
                c = self.chunks[i]
                if c.kind in {"plain", "note"}:
                    continue
                for key, start, end in candidates(c, shape):
                    found.setdefault(_key(key), []).append(PairedCall(i, start, end, shape))
            self.shapes[shape] = found
        return self.shapes[shape]

    def pair(self, mark: Mark, taken: set[tuple[int, int]]) -> PairedCall | None:
        """The first free call of a shape the note's convention uses, with the note's key (an
        unnumbered ``[Footnote: …]`` takes a ``*``); for a page-foot ``*``, the last one (an OCR
        layer's stray asterisks come before the call the note is printed for)."""
        key, last = _key(mark.key or "*"), mark.style == "symbol"
        for shape in PAIRS[mark.style]:
            if shape == "symbol" and key.isdigit():
                continue
            found = self.calls(shape).get(key, [])
            for call in reversed(found) if last else found:
                if (call.chunk, call.start) not in taken:
                    return call
        return None


def superscript(n: int) -> str:
    """A number in superscript digits.

    >>> superscript(12)
    '¹²'
    """
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


def closing_bracket(text: str, start: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``start`` (-1 when it never closes)."""
    depth = 0
    for k in range(start, len(text)):
        ch = text[k]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return k
    return -1


@dataclass(frozen=True)
class InlineNote:
    """A ``[Footnote …]`` printed inside a paragraph, cut out: where its call goes (``start``
    and ``end`` of a printed call it belongs to, or one place), its key and its text."""

    start: int
    end: int
    key: str
    text: str


_NO_SPACE_BEFORE = tuple(".,;:!?)]”’'\"")


def cut_inline_notes(text: str) -> tuple[str, list[InlineNote]]:
    """Cut the ``[Footnote …]`` notes out of a paragraph; each is called where it was printed,
    or at the call before it that carries its key (``[2]``, an unnumbered one's ``*``).

    >>> cut_inline_notes("a pleasant scene. [Footnote: See Note 7.] The southern side")
    ('a pleasant scene. The southern side', [InlineNote(start=17, end=17, key='', text='See Note 7.')])
    >>> cut_inline_notes("the cup,[2] [Footnote 2: A toast.] to the honour")[1][0].start
    8
    """
    out, notes, pos, spaced = "", [], 0, ""
    for m in FOOTNOTE.finditer(text):
        if m.start() < pos:
            continue
        close = closing_bracket(text, m.start())
        if close < 0:
            continue
        out = _glue(out, text[pos : m.start()], spaced)
        around = out[len(out.rstrip()) :] + text[close + 1 : close + 2]
        spaced = "\n" if "\n" in around else " " if around.strip() != around else ""
        out = out.rstrip()
        key = m.group(1) or ""
        start, end = _printed_call(out, key)
        notes.append(InlineNote(start, end, key, text[m.end() : close].strip()))
        pos = close + 1
    return _glue(out, text[pos:], spaced), notes


def _glue(out: str, piece: str, spaced: str) -> str:
    """``piece`` after ``out`` where a note was cut between them, with the space (or line
    break) that stood on either side of the note."""
    if not spaced or not out:
        return out + piece
    piece = piece.lstrip(" \n")
    return out + (spaced if piece and not piece.startswith(_NO_SPACE_BEFORE) else "") + piece


def _printed_call(text: str, key: str) -> tuple[int, int]:
    """The call before the end of ``text`` that a note with ``key`` belongs to: the last
    ``[2]`` (``[*]``), or a ``*`` just before the note (else the end of ``text``: the note is
    called where it is printed)."""
    want = key or "*"
    pattern = re.compile(
        rf"\[{re.escape(want)}\]|(?<=\S){re.escape(want)}$"
        if not want.isdigit()
        else rf"\[{want}\]"
    )
    last = None
    for m in pattern.finditer(text):
        last = m
    if last is not None:
        return last.start(), last.end()
    return len(text), len(text)
