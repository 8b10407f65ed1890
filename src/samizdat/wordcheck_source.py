"""The source as the word check reads it: its words in order, each with its line, whether
a line-end hyphen splits it, and the page furniture its lines are (:mod:`.wordcheck`)."""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field

from .furniture import page_furniture
from .line_numbers import drop_line_numbers, margin_lines, margin_page_starts
from .normalise.chunks import load_dictionary
from .normalise.frontmatter import read_yaml
from .normalise.gutenberg import OPENING_LINES, is_gutenberg, read_header
from .normalise.markdown import is_markdown
from .normalise.paragraphs import LETTER_BULLET, uses_letter_bullets
from .normalise.spacing import looks_letter_spaced
from .normalise.titlepage import BY_WORDS
from .subtitles import cue_lines
from .wordcheck_markdown import markdown_marks

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HYPHEN_END = re.compile(r"[^\W\d_][-\u00ad][*_]*\s*$")  # or a soft hyphen at the line end
_BYLINE = re.compile(r"^\s*by\s+\S", re.I)
#: The label of a field whose value the book shows as the text's title or author.
_FIELD_LABEL = re.compile(r"^\s*(?:title|authors?|creators?)\s*:", re.I)
_FOOTNOTE_LABEL = re.compile(
    r"\[(?:(footnote)(?:\s+(?:\d{1,4}|[a-z]|[*†‡§]{1,3}))?|(note)\s+(?:\d{1,4}|[a-z]|[*†‡§]{1,3}))\s*:",
    re.I,
)
_NOTES_HEADING = re.compile(r"^\s*(?:foot|end)?notes?\s*[.:]?\s*$", re.I)
_NOTE_OPENING = re.compile(
    r"^\s*(?:\[footnote\b|\[note\s+\w{1,4}\s*:|\[\d{1,4}\]|\(\d{1,3}\)\s|\d{1,3}\.?\s|[⁰¹²³⁴⁵⁶⁷⁸⁹])",
    re.I,
)


def words(text: str) -> list[str]:
    """The words of ``text`` as the check compares them (each distinct word one string).

    >>> words("FIne “organiza\u00adtion” — it’s ²")
    ['fine', 'organization', 'it', 's', '2']
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    return [sys.intern(m) for m in _TOKEN.findall(text)]


@dataclass
class Source:
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


def read_source(lines: tuple[str, ...], page_starts: tuple[int, ...]) -> Source:
    margin = margin_lines(lines)  # a transcript's line numbers: furniture, as is the rest
    bare, _ = drop_line_numbers(lines, margin)
    pages = page_starts or margin_page_starts(lines)
    prof = page_furniture(bare, pages, proofread=is_gutenberg(lines))
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
            label = m.start(1) if m.group(1) else m.start(2)
            furniture.setdefault(start + len(words(text[:label])), "footnote-label")
    src = Source(out, line_of, hyphen, first, furniture, bytearray(len(out)))
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
    end = front_end(lines) or (4 * OPENING_LINES if read_header(lines) else 0)
    return frozenset(n for n in range(1, end + 1) if _FIELD_LABEL.match(lines[n - 1]))


def front_end(lines: tuple[str, ...]) -> int:
    """The last line of the edition matter a source opens with, delimited by its own markers
    (a YAML front matter block's closing ``---``, a Project Gutenberg header's start marker)."""
    end, _ = read_yaml(lines)
    header = None if end else read_header(lines)
    return end or (header.end if header else 0)


def _next_text(lines: tuple[str, ...], number: int) -> str:
    """The next line after the 1-based line ``number`` that is not blank ("" at the end)."""
    for text in lines[number : number + 6]:
        if text.strip():
            return text
    return ""
