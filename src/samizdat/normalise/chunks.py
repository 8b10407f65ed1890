"""Chunks: the paragraph-sized pieces the structural passes work on, and the evidence they use.

A chunk is a run of non-blank source lines. Passes relabel, join, split or move chunks; each
chunk keeps its first source line so warnings and the report can point to it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..paths import WORD_LISTS

#: Sentence-final punctuation, possibly followed by closing quotes/brackets, the close of an
#: emphasis (``*``, a Project Gutenberg ``_``) and note calls.
TERMINAL = re.compile(r"[.!?:;…][\"”’')\]*_]*\s*(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?[*_]{0,2}$")
#: Superscript digits used as note markers in PDF extracts.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUE = {ch: str(i) for i, ch in enumerate(SUPERSCRIPTS)}
#: A numbered-list line as typed in plain text: "  1. Concentration of capital".
LIST_LINE = re.compile(r"^\s*(\d{1,3})[.)]\s+\S")
#: A section numeral standing alone: "I", "IV.", with sub-numbers "II-1", "II.2" (a bare
#: arabic number is a page number). Whether one is a heading is the heading profile's call.
NUMBERED_HEADING = re.compile(r"^[IVXLC]{1,9}(?:[.-]\d{1,2}){0,3}\.?$")
#: A page number standing alone: "12", "- 12 -", "Page 12", "[12]".
PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—\[(]?\s*\d{1,4}\s*[-–—\])]?$", re.I)
#: Words that cannot end a sentence: a chunk ending with one continues on the next page.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "with",
        "for",
        "and",
        "or",
        "by",
        "from",
        "on",
        "at",
        "as",
        "this",
        "these",
        "its",
        "his",
        "her",
        "their",
        "our",
        "be",
        "being",
        "is",
        "was",
        "were",
        "are",
    ]
)
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


#: The capitals of the Latin, Greek and Cyrillic scripts beyond ASCII (``Ä``, ``É``, ``Ж``),
#: for patterns of a sentence's or paragraph's start.
UPPER = "".join(chr(c) for c in range(0xC0, 0x530) if chr(c).isupper())


@dataclass(frozen=True)
class Chunk:
    """A paragraph-sized piece of a source. ``kind`` says what the passes decided it is."""

    text: str
    line: int
    gap: int = 1
    kind: str = "para"
    lines: tuple[str, ...] = ()
    number: int = 0  # note number, list item number, or heading level
    speaker: str = ""
    notes: tuple[Chunk, ...] = ()  # citation notes attached after this chunk's text
    group: int = 0  # chunks of one block quotation share a group number


@dataclass(frozen=True)
class Finding:
    """Something a proofreader should look at."""

    line: int
    code: str
    message: str


@dataclass(frozen=True)
class Evidence:
    """What the passes know about the text and the corpus it belongs to."""

    file: str
    vocabulary: frozenset[str] = frozenset()
    dictionary: frozenset[str] = frozenset()
    wrapped: bool = False
    title: str = ""
    author: str = ""
    furniture: dict[int, str] = field(default_factory=dict)  # 1-based line → folio, running-head
    language: str = "en"  # BCP 47: dehyphenation evidence (word frequencies) for the text
    dashes: str = "em"  # the book's dash style (typography.DASH_STYLES; book.toml's dashes)
    lines: tuple[str, ...] = ()  # the source lines as read: line n is lines[n - 1]


@dataclass(frozen=True)
class PassResult:
    chunks: tuple[Chunk, ...]
    counts: Counter[str] = field(default_factory=Counter)
    findings: tuple[Finding, ...] = ()
    removed: tuple[str, ...] = ()  # source words a rule removed (for the conservation check)


#: The Congressional Record's time stamp, set over what was said from then on (the printed
#: record's "□ 2041"): ``{time}  2041``.
RECORD_TIME_STAMP = re.compile(r"^\s*\{time\}\s+\d{4}\s*$")
#: How far right a line alone is set to be a motto's source under it ("        STERNE.").
MOTTO_INDENT = 16

_CITATION_END = re.compile(r"\((?:[^()]*(?:\d|\bpp?\.\s*[ivxlc]+\b)[^()]*)\)\.?$")


def is_complete(text: str) -> bool:
    """Does the chunk end a sentence? ``"the end."`` yes, ``"organiza-"`` and ``"of the"`` no.

    A closing citation in brackets counts as an end: ``"…enemy’. (Lih; p.16)"``, ``"(Grey;
    preface, p. xvii)"``.

    >>> is_complete("…against him’. ( Ian Grey: Stalin Man of History; preface, p. xvii)")
    True
    """
    text = text.rstrip()
    return bool(TERMINAL.search(text) or _CITATION_END.search(text))


def last_word(text: str) -> str:
    m = re.search(r"([^\W\d_]+)\W*$", text)
    return m.group(1).lower() if m else ""


def split_chunks(lines: tuple[str, ...]) -> tuple[Chunk, ...]:
    """Turns lines into chunks separated by blank (or space-only) lines, counting the gap.

    >>> [(c.lines, c.line, c.gap) for c in split_chunks(("a", "b", " ", "", "c"))]
    [(('a', 'b'), 1, 0), (('c',), 5, 2)]
    """
    chunks: list[Chunk] = []
    current: list[str] = []
    start, gap = 0, 0
    for number, line in enumerate((*lines, ""), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
            continue
        if current:
            chunks.append(
                Chunk(" ".join(s.strip() for s in current), start, gap, lines=tuple(current))
            )
            current, gap = [], 0
        gap += 1
    return tuple(chunks)


#: The widest a hard-wrapped text's lines are (wider lines are paragraphs of their own).
MAX_WRAP_WIDTH = 160


#: Inner lines of paragraphs of three lines or more enough to judge the wrapping by.
MIN_WRAP_EVIDENCE = 50


def _prose_lines(c: Chunk) -> bool:
    lengths = sorted(len(x) for x in c.lines)
    return len(lengths) >= 3 and lengths[len(lengths) // 2] >= 40


def is_wrapped(chunks: tuple[Chunk, ...]) -> bool:
    """A hard-wrapped text: most lines that are not a chunk's last are of similar, short length
    — or, in a text set wider (a PDF extract in a small type, 120 columns), most of them close
    to the text's own width, which a text of one paragraph per line never shows.

    >>> is_wrapped((Chunk("", 1, lines=("x" * 118,) * 11 + ("end",)),))
    True

    The paragraphs of prose decide (three lines or more, half of them 40 characters long or
    more), when there are enough of them: a letters volume's contents (``216. To Steiner &
    Co.`` / ``Vienna, 1817``, short lines) is no evidence about how its prose is set.
    """
    inner = sorted(len(line) for c in chunks if _prose_lines(c) for line in c.lines[:-1])
    if len(inner) < MIN_WRAP_EVIDENCE:
        inner = sorted(len(line) for c in chunks for line in c.lines[:-1])
    if len(inner) < 10:
        return False
    short = sum(1 for n in inner if 30 <= n <= 90)
    width = inner[int(0.9 * (len(inner) - 1))]
    near = sum(1 for n in inner if n >= 0.75 * width)
    return short / len(inner) >= 0.6 or (width <= MAX_WRAP_WIDTH and near / len(inner) >= 0.8)


def vocabulary(texts: list[tuple[str, ...]]) -> frozenset[str]:
    """Words seen whole in the corpus (not split at a line end), lowercased."""
    words: set[str] = set()
    for lines in texts:
        for i, line in enumerate(lines):
            tokens = WORD.findall(line)
            if not tokens:
                continue
            if line.rstrip().endswith("-"):
                tokens = tokens[:-1]
            prev = lines[i - 1].rstrip() if i else ""
            if prev.endswith("-") and tokens and line.lstrip()[:1].islower():
                tokens = tokens[1:]
            words.update(t.lower() for t in tokens)
    return frozenset(words)


@functools.cache
def load_dictionary() -> frozenset[str]:
    """The system word list, read once per process (``--watch`` rebuilds reuse it)."""
    for path in WORD_LISTS:
        if path.exists():
            return frozenset(w.strip().lower() for w in path.read_text(errors="ignore").split())
    return frozenset()


def with_text(chunk: Chunk, text: str, **changes: object) -> Chunk:
    return replace(chunk, text=text, **changes)  # type: ignore[arg-type]


#: A line that parts a text's sections as typed: stars, an asterism, a rule of hyphens,
#: underscores, equals signs or tildes, spaced or not (``* * * * *``, ``-----``, ``⁂``); a
#: star alone may be a scanner's speck, and ``---`` or ``***`` alone is markup a text quotes
#: (tests/fixtures/hostile/markup.txt), shown as typed.
BREAK_LINE = re.compile(
    r"^\s*(?:[*•·](?:\s+[*•·]){2,}|[*•·]{4,}|⁂|(?:[-_=~]\s?){4,}|(?:[-–—]\s){2,}[-–—])\s*$"
)
