"""Paragraphs of texts that do not separate them by blank lines (pdftotext extracts).

pdftotext leaves no blank line between a report's paragraphs, glossary entries or list items:
a paragraph ends where a line that ends a sentence stops clearly short of the text's measure
(the width it is wrapped at) and the next line starts a new sentence. Whether a text is laid
out so is read from the text itself (:func:`paragraph_profile`): in a text that does separate
its paragraphs by blank lines, a short line inside a paragraph is a deliberate line break
(verse, an address), never a paragraph's end, and nothing is split.

Some lines are their own paragraphs in any text: a contents entry with its dot leader
(``3. Introduction to CSF Profiles ........ 12``) and a bullet standing alone (``•``); and a
list marker or paragraph number standing alone (``•``, ``(12)``, ``3.``) belongs to the
paragraph under it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .chunks import RECORD_TIME_STAMP, UPPER, Chunk, Evidence, PassResult, is_complete
from .heading_forms import roman_value
from .indents import first_lines, indent_profile, one_line_paragraphs, set_in_runs
from .lines import join_lines

#: A break is early when the line and the next line's first word fit in this share of the measure.
EARLY = 0.90
#: Inner lines a text needs before its measure is taken.
MIN_MEASURED = 10
#: The text splits paragraphs without blank lines when at least this many, and this share, of
#: its paragraph ends found at an early sentence end are followed by text, not a blank line.
MIN_RUN_ON_ENDS, MIN_RUN_ON_SHARE = 5, 0.3
#: Most words in a line that stands alone as a title or a glossary term.
MAX_TITLE_WORDS = 8
#: A contents entry: a dot leader (or spaced dots), then maybe a page number.
_LEADER = re.compile(r"(?:\.\s?){6,}\s*(?:[\divxlc]{1,5})?\s*$", re.I)
#: A bullet glyph (pdftotext gives the symbol font's bullets as these).
BULLETS = "•◦▪▫●○■□‣⁃∙"
_BULLET_ALONE = re.compile(rf"^\s*[{BULLETS}]\s*$")
#: A line that opens with a bullet glyph.
_BULLET_START = re.compile(rf"^\s*[{BULLETS}](?:\s|$)")
#: The letter ``o`` that a symbol font's hollow bullet becomes in pdftotext: ``o GV.RR-01: …``.
LETTER_BULLET = re.compile(r"^\s*o\s+(?=[A-Z0-9])")
#: A text writes hollow bullets as ``o`` when this many lines open so (and it has bullets).
MIN_LETTER_BULLETS = 3
#: Bullets of a second level: hollow ones.
SUB_BULLETS = "◦○▫□"
#: A list marker or paragraph number starting a line: ``• x``, ``(a) x``, ``(12) x``, ``3. x``.
_ITEM_START = re.compile(
    rf"^\s*(?:[{BULLETS}](?:\s|$)|\((?:\d{{1,3}}|[a-z]{{1,3}})\)(?:\s|$)|\d{{1,3}}\.(?:\s|$))"
)
#: A marker or number standing alone: ``(12)``, ``3.``, ``(a)``, ``•``.
MARKER_ALONE = re.compile(rf"^\s*(?:[{BULLETS}]|\((?:\d{{1,3}}|[a-z]{{1,3}})\)|\d{{1,3}}\.)\s*$")
#: A new sentence or item: a capital, a digit, an opening quote or bracket, a bullet.
#: (capitals of any Latin, Greek or Cyrillic script; the quotes and dialogue dashes of other
#: languages: ``»Was ist…``, ``„Ja"``, ``— Vous partez ?``)
_NEW = re.compile(rf"^\s*[\"“‘'(\[A-Z{UPPER}0-9{BULLETS}»«„‚‹›—–]")
#: A full stop that ends a sentence (not ``;``/``:``, which end lines of verse and lists).
_FULL_STOP = re.compile(r"[.!?…][\"”’')\]]*$")
#: A legal list's item ends with "; or", "; and".
_ITEM_END = re.compile(r"[;,]\s+(?:and|or)$")
#: Words whose full stop is an abbreviation's, not a sentence's.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "nos", "vol", "vols", "p", "pp", "cf", "viz", "fig",
     "figs", "art", "arts", "ch", "sec", "e.g", "i.e", "al", "ed", "eds"}
)  # fmt: skip
_FUNCTION_END = re.compile(r"\b(?:the|a|an|of|to|in|and|or|for|with|by|on|at|as|from)$", re.I)


@dataclass(frozen=True)
class ParagraphProfile:
    """How a text lays out its paragraphs: its measure (0 when unknown) and whether it runs
    paragraphs on without blank lines, with the counts that decided it."""

    measure: int
    run_on: bool
    run_on_ends: int = 0
    blank_ends: int = 0
    letter_bullets: bool = False  # hollow bullets come as "o " (see :func:`uses_letter_bullets`)
    indented: bool = False  # paragraphs start with a set-in line (see :mod:`.indents`)


def uses_letter_bullets(lines: list[str] | tuple[str, ...]) -> bool:
    """Does the text write its hollow bullets as the letter ``o``? It has bullet glyphs, and
    at least :data:`MIN_LETTER_BULLETS` lines open with ``o`` and a capital or a digit.

    >>> uses_letter_bullets(["• Govern", "o GV.OC-01: …", "o GV.OC-02: …", "o GV.OC-03: …"])
    True
    """
    letters = sum(1 for line in lines if LETTER_BULLET.match(line))
    glyphs = any(_BULLET_START.match(line) for line in lines)
    return glyphs and letters >= MIN_LETTER_BULLETS


def measure(chunks: tuple[Chunk, ...]) -> int:
    """The text's measure: the 95th percentile of the lengths of paragraphs' inner lines."""
    inner = sorted(len(line.rstrip()) for c in chunks for line in c.lines[:-1])
    return inner[int(0.95 * (len(inner) - 1))] if len(inner) >= MIN_MEASURED else 0


def early(line: str, nxt: str, width: int) -> bool:
    """Did ``line`` stop clearly short of the measure (``nxt``'s first word would have fitted)?"""
    words = nxt.split()
    return bool(words) and len(line.rstrip()) + 1 + len(words[0]) <= EARLY * width


def ends_sentence(line: str) -> bool:
    """Does the line end a sentence (not an abbreviation's or an initial's full stop)?

    >>> ends_sentence("it can be used."), ends_sentence("sensible that Mr."), ends_sentence("J.")
    (True, False, False)
    """
    text = line.rstrip()
    if not is_complete(text) or MARKER_ALONE.match(text):
        return False
    m = re.search(r"(\S+)\.$", text)
    word = m.group(1).lower().lstrip("(“\"'‘") if m else ""
    return word not in _ABBREVIATIONS and not re.fullmatch(r"[a-z]", word)


#: A chunk of at least this many lines, each opening with a capital, is a stanza.
MIN_STANZA = 4
_FIRST_LETTER = re.compile(r"[^\W_]")


def stanza_like(lines: tuple[str, ...]) -> bool:
    """Does every line open with a capital, as verse sets its lines (prose wraps mid-sentence)?
    A sonnet's ``…his memory:`` / ``But thou contracted…`` is no paragraph's end.

    >>> stanza_like(("From fairest creatures we desire increase,", "That thereby beauty's rose",
    ...              "But as the riper should", "His tender heir might bear his memory:"))
    True
    """
    firsts = [m.group(0) for x in lines if (m := _FIRST_LETTER.search(x))]
    return (
        len(lines) >= MIN_STANZA and len(firsts) == len(lines) and all(f.isupper() for f in firsts)
    )


def paragraph_profile(chunks: tuple[Chunk, ...]) -> ParagraphProfile:
    """Does the text end paragraphs without a blank line? Count the paragraph ends after a
    full line: an early sentence end followed by a new sentence, or a chunk's last line."""
    width = measure(chunks)
    letters = uses_letter_bullets([line for c in chunks for line in c.lines])
    if not width:
        return ParagraphProfile(0, False, letter_bullets=letters)
    run_on = blank = 0
    for c in chunks:
        if c.kind != "para" or stanza_like(c.lines):
            continue
        full = False
        for a, b in itertools.pairwise(c.lines):
            if not early(a, b, width):
                full = True
            elif full and ends_sentence(a) and _NEW.match(b):
                run_on, full = run_on + 1, False
        if full and ends_sentence(c.lines[-1]):
            blank += 1
    decided = run_on >= MIN_RUN_ON_ENDS and run_on >= MIN_RUN_ON_SHARE * (run_on + blank)
    indented = indent_profile(chunks, _full(width), ends_sentence).indented
    return ParagraphProfile(width, decided, run_on, blank, letters, indented)


def _full(width: int) -> Callable[[str, str], bool]:
    """Does a line reach the measure (the next line's first word would not have fitted)?"""
    return lambda line, nxt: not early(line, nxt, width)


def _indent_cuts(lines: tuple[str, ...], prof: ParagraphProfile) -> tuple[set[int], set[int]]:
    """In a text that marks paragraphs by a set-in first line: the lines where paragraphs
    start, and the lines held to the line above inside a run of short set-in lines (verse in
    the prose), which is cut out of its paragraph whole."""
    if not prof.indented:
        return set(), set()

    def short(line: str, nxt: str) -> bool:
        return early(line, nxt, prof.measure) if nxt.strip() else len(line) <= prof.measure

    cuts = set(first_lines(lines, _full(prof.measure)))
    cuts |= {k for k in one_line_paragraphs(lines, ends_sentence) if _NEW.match(lines[k])}
    held: set[int] = set()
    for lo, hi in set_in_runs(lines, short, ends_sentence):
        cuts |= {lo, hi}
        held |= set(range(lo + 1, hi))
    return cuts, held


def _bullet(line: str, prof: ParagraphProfile) -> bool:
    """Does the line open with a bullet (a glyph, or the text's letter ``o``)? It starts an item."""
    return bool(_BULLET_START.match(line) or (prof.letter_bullets and LETTER_BULLET.match(line)))


def _alone(line: str) -> bool:
    """A line that is always its own paragraph: a contents entry, a bullet standing alone, a
    record's time stamp.

    >>> _alone("                              {time}  2041"), _alone("JOINT SESSION OF CONGRESS")
    (True, False)
    """
    return bool(_LEADER.search(line) or _BULLET_ALONE.match(line) or RECORD_TIME_STAMP.match(line))


def _title_like(line: str) -> bool:
    """Could the line be a title or a glossary term: short words, no sentence end, nothing
    that runs on (a comma, a hyphen, a function word)?"""
    text = line.strip()
    return (
        bool(_NEW.match(text))
        and not is_complete(text)
        and not text.endswith((",", "-"))
        and not _FUNCTION_END.search(text)
        and len(text.split()) <= MAX_TITLE_WORDS
    )


def _starts_paragraph(lines: tuple[str, ...], k: int, first: bool, full: bool, width: int) -> bool:
    """Does line ``k + 1`` start a new paragraph, in a text that runs paragraphs on? ``first``:
    line ``k`` starts its paragraph; ``full``: a line of that paragraph reached the measure."""
    a, b = lines[k], lines[k + 1]
    nxt = lines[k + 2] if k + 2 < len(lines) else ""
    if MARKER_ALONE.match(a):
        return False  # "(12)" / "3." over its paragraph
    if _ITEM_START.match(b):  # an item after a sentence, a clause ("; or") or an item
        return is_complete(a) or bool(_ITEM_END.search(a))
    if not _NEW.match(b):
        return False
    if ends_sentence(a) and _title_like(b) and nxt[:1].isupper() and early(b, nxt, width):
        return True  # a heading or a glossary term after a paragraph's last sentence
    if not early(a, b, width):
        return False
    if full:
        return ends_sentence(a)
    if not first:
        return False
    prose = not early(b, nxt, width) if nxt else ends_sentence(b)
    if _title_like(a):  # a title or term on its own line; two short ones are one title,
        return prose or not _title_like(b) or _prose(nxt, lines[k + 3 : k + 4], width)
    return prose and bool(_FULL_STOP.search(a)) and ends_sentence(a)


def _prose(line: str, after: tuple[str, ...] | list[str], width: int) -> bool:
    """Is ``line`` prose: it reaches the measure, or it ends a sentence as the text's last line?"""
    return bool(line) and (not early(line, after[0], width) if after else ends_sentence(line))


_NUMBERED_LINE = re.compile(r"^\s*(\d{1,4}|[IVXLC]{1,7})[.)]\s+\S")
#: How many numbers in a row, each opening a line, make a numbered list of one chunk.
MIN_NUMBERED_RUN = 3


def numbered_runs(lines: tuple[str, ...]) -> set[int]:
    """The lines that open an entry of a numbered list set without blank lines (a letters
    volume's contents ``216. To Steiner & Co.`` / ``217. To the Same``, a report's
    recommendations): runs of at least three lines whose opening numbers count up by one.
    An item may wrap over lines of its own; a stray number inside prose makes no run.

    >>> numbered_runs(("216. To Steiner.", "217. To the Same", "wrapped on", "218. To Zelter"))
    {1, 3}
    >>> numbered_runs(("It came to 2. Then", "3. more", "words."))
    set()
    """
    found = [(k, m.group(1)) for k, x in enumerate(lines) if (m := _NUMBERED_LINE.match(x))]
    out: set[int] = set()
    run: list[int] = []
    prev = -10
    for k, num in found:
        n = int(num) if num.isdigit() else roman_value(num)
        if not (n and n == prev + 1):
            if len(run) >= MIN_NUMBERED_RUN:
                out.update(run)
            run = []
        run.append(k)
        prev = n
    if len(run) >= MIN_NUMBERED_RUN:
        out.update(run)
    return out - {0}


def _breaks(lines: tuple[str, ...], prof: ParagraphProfile) -> list[int]:
    """The indices of the lines that start a new paragraph inside one chunk."""
    out: list[int] = []
    start, full = 0, False
    cuts, held = _indent_cuts(lines, prof)
    cuts |= numbered_runs(lines)
    run_on = prof.run_on and not stanza_like(lines)
    for k in range(len(lines) - 1):
        split = _alone(lines[k]) or _alone(lines[k + 1]) or _bullet(lines[k + 1], prof)
        split = (split or k + 1 in cuts) and k + 1 not in held
        if run_on and not split and k + 1 not in held:
            split = _starts_paragraph(lines, k, k == start, full, prof.measure)
            full = full or not early(lines[k], lines[k + 1], prof.measure)
        if split:
            out.append(k + 1)
            start, full = k + 1, False
    return out


def split_paragraphs(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a chunk holding several paragraphs without blank lines between them into one chunk
    per paragraph (only in a text that lays out paragraphs so, see :func:`paragraph_profile`);
    in any text, a contents entry and a bullet standing alone become chunks of their own.

    Before: ``["…describes CSF 2.0, its components, and", "some of the many ways…used.",
    "Keywords", …]`` (a report wrapped at 95 columns)
    After:  ``["…describes CSF 2.0, its components, and", "some of the many ways…used."]``,
    ``["Keywords", …]``

    >>> full = "A line that runs on to the measure of the text, " * 2
    >>> lines = (full, "and stops short.", full, "ends.") * 6
    >>> out = split_paragraphs((Chunk("", 1, lines=lines),), Evidence("x")).chunks
    >>> [c.lines for c in out][1] == (full, "ends.")
    True
    """
    prof = paragraph_profile(chunks)
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    for c in chunks:
        cuts = _breaks(c.lines, prof) if c.kind == "para" and len(c.lines) > 1 else []
        if not cuts:
            out.append(c)
            continue
        for lo, hi in zip([0, *cuts], [*cuts, len(c.lines)], strict=True):
            part = c.lines[lo:hi]
            text = " ".join(s.strip() for s in part)
            out.append(
                replace(c, text=text, line=c.line + lo, gap=c.gap if lo == 0 else 0, lines=part)
            )
        counts["paragraphs_split_without_blank_lines"] += len(cuts)
    if prof.run_on:
        counts["run_on_paragraph_ends"] = prof.run_on_ends
    return PassResult(tuple(out), counts)


def join_markers(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a list marker or paragraph number standing alone into the start of the paragraph
    under it, and a paragraph that opens with a bullet into a bullet item (kind ``item``,
    number 0; ``group`` 1 for a hollow bullet under a full one). An item never continues the
    paragraph above it across a page.

    Before: ``"(5)"``, ``"The economic and social integration…"``
    After:  ``"(5) The economic and social integration…"``
    Before: ``"•"``, ``"CSF Core, the nucleus of the CSF…"``
    After:  an item ``"CSF Core, the nucleus of the CSF…"``

    >>> out = join_markers((Chunk("(5)", 1), Chunk("The text.", 3)), Evidence("x")).chunks
    >>> [(c.text, c.line) for c in out]
    [('(5) The text.', 1)]
    """
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    for c in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "para"
            and c.kind == "para"
            and MARKER_ALONE.match(prev.text)
            and not MARKER_ALONE.match(c.text)
        ):
            text = f"{prev.text.strip()} {c.text}"
            out[-1] = replace(prev, text=text, lines=(text,))
            counts["markers_joined_to_their_paragraph"] += 1
            continue
        out.append(c)
    return PassResult(_bullet_items(tuple(out), counts, ev), counts)


def _bullet_items(
    chunks: tuple[Chunk, ...], counts: Counter[str], ev: Evidence
) -> tuple[Chunk, ...]:
    """Paragraphs that open with a bullet as bullet items, the bullet left out; a paragraph
    that goes on in lowercase after an item is the item's continuation over a page break."""
    letters = uses_letter_bullets([c.text for c in chunks if c.kind == "para"])
    full = any(
        _BULLET_START.match(c.text) and c.text.lstrip()[0] not in SUB_BULLETS for c in chunks
    )
    out: list[Chunk] = []
    for c in chunks:
        m = _BULLET_START.match(c.text) or (letters and LETTER_BULLET.match(c.text))
        last = out[-1] if out else None
        if c.kind == "para" and m and re.search(r"[^\W_]", c.text[m.end() :]):  # not "• • »"
            hollow = c.text.lstrip()[0] in SUB_BULLETS or c.text.lstrip()[0] == "o"
            text = c.text[m.end() :].strip()
            out.append(replace(c, kind="item", number=0, group=int(full and hollow), text=text))
            counts["bullet_items"] += 1
        elif c.kind == "para" and last and last.kind == "item" and c.text[:1].islower():
            text = join_lines(last.text, c.text, ev, counts, [], c.line)
            out[-1] = replace(last, text=text)
            counts["item_page_joins"] += 1
        else:
            out.append(c)
    return tuple(out)
