"""Page furniture found from a source's shape: folios and running heads.

A printed page leaves two kinds of lines in a text extract that are not text of the work: the page
number (folio) and the running head. Neither is found by a keyword; both are found by where they
sit and how they repeat:

- **Pages.** A form feed starts a page (pdftotext). Without form feeds (an OCR text layer), a
  *counting run* of numbers standing alone on their lines — 4, 5, 6 … about a page of text
  apart — are folios, and each marks a page boundary.
- **Running heads** are short lines near a page boundary (the first or last few lines of a page,
  or next to a folio) whose shape — digits counted as one, case and spacing folded — recurs on
  a good share of the pages: ``NERVOUS EXHAUSTION.``, ``4.5.2016``, ``L 119/2``. OCR garbles a
  head now and then (``CERTAIN SYMPTOMS OP``); a near match to a recurring head counts.

Both the normaliser (which drops these lines) and the independent word check (which accepts
their words missing from the book only when this profile shows them to be furniture) read it.

>>> lines = []
>>> for page in range(3, 9):
...     lines += [f"{page}", "", "RUNNING HEAD", ""] + ["ab" * (page + i) + "." for i in range(20)]
>>> prof = page_furniture(tuple(lines))
>>> sorted(set(prof.furniture.values()))
['folio', 'running-head']
>>> prof.furniture[0], prof.furniture[26], 4 in prof.furniture
('folio', 'running-head', False)
>>> 2 in prof.furniture  # the first head follows a folio: a running head too
True
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from .page_shapes import HEAD_WITH_FOLIO, MAX_HEAD, folio_value, headlike, near, shape
from .page_strays import Page

#: Consecutive folios differ by this much at most (OCR misses a few).
MAX_FOLIO_STEP = 4
#: How many folio candidates (numbers alone, OCR noise among them) a chain may step over.
LOOK_BACK = 8
#: Folios sit about a page apart: at least this many non-blank lines between them (median).
MIN_PAGE_LINES = 12
#: … and at most this many (a page of OCR noise included).
MAX_PAGE_LINES = 150
#: How many non-blank lines at a page's head or foot can hold furniture.
ZONE = 4
#: A shape recurs on at least this share of pages (and on three) to be a running head.
MIN_HEAD_SHARE = 0.25


#: A line that is only a page's mark, as an edition keeps it in its text: ``[[Page S19147]]``
#: (the Government Printing Office's records), ``[Pg 12]``, ``[p. 12]``, ``--- Page 12 ---``,
#: ``{12}`` is no mark (a note's, a verse number's). The number may carry a series letter.
_PAGE_MARK = re.compile(
    r"^\s*(?:\[{1,2}|[-–—=*]{2,}\s*)(?:page|pg|p\.|seite|page no\.)\s*[A-Z]?(\d{1,5})"
    r"(?:\]{1,2}|\s*[-–—=*]{2,})\s*$",
    re.I,
)
#: A text marks its pages so when at least this many marks count up.
MIN_PAGE_MARKS = 2


def page_marks(lines: tuple[str, ...]) -> set[int]:
    """The lines (0-based) that are a page's mark, when the text has a run of them whose
    numbers count up: the edition's own record of its pages, furniture like a folio.

    >>> page_marks(("text and", "", "[[Page S19147]]", "", "more", "[[Page S19148]]"))
    {2, 5}
    >>> page_marks(("[Pg 9]", "text", "[Pg 4]"))
    set()
    """
    found = [(i, int(m.group(1))) for i, x in enumerate(lines) if (m := _PAGE_MARK.match(x))]
    rising = all(b > a for (_, a), (_, b) in itertools.pairwise(found))
    return {i for i, _ in found} if len(found) >= MIN_PAGE_MARKS and rising else set()


@dataclass
class PageProfile:
    """What the source's pages leave behind: furniture lines (0-based index → reason)."""

    furniture: dict[int, str] = field(default_factory=dict)
    pages: int = 0

    def is_furniture(self, index: int) -> bool:
        return index in self.furniture


def _nonblank(lines: tuple[str, ...]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def _head_folio(line: str, recurring: set[str]) -> int | None:
    """The folio of a running head that carries one, when that head's text recurs."""
    text = line.strip()
    m = HEAD_WITH_FOLIO.match(text)
    if not m or len(text) > MAX_HEAD or shape(m.group(2) or m.group(3)) not in recurring:
        return None
    return int(m.group(1) or m.group(4))


def counting_folios(lines: tuple[str, ...], rank: dict[int, int]) -> set[int]:
    """Lines holding numbers that count up about a page apart (indices into ``lines``).

    A chapter's ``I.`` ``II.`` ``III.`` count up too, but thousands of lines apart; a list's
    ``1`` ``2`` ``3`` count up a line or two apart. A head carrying its folio counts when the
    head recurs (``4 CERTAIN SYMPTOMS OF``); a number ending a line of prose does not.
    """
    heads: Counter[str] = Counter()
    for i in rank:
        m = HEAD_WITH_FOLIO.match(lines[i].strip())
        if m:
            heads[shape(m.group(2) or m.group(3))] += 1
    recurring = {h for h, n in heads.items() if n >= 3}
    order = sorted(rank, key=rank.__getitem__)
    uses = Counter(lines[i].strip() for i in order)
    heads_in = Counter(
        m.group(2) or m.group(3) for i in order if (m := HEAD_WITH_FOLIO.match(lines[i].strip()))
    )
    cands: list[tuple[int, int]] = []
    for i in rank:
        v = folio_value(lines[i])
        if v is None:
            v = _head_folio(lines[i], recurring)
        if v is not None and v > 0 and not _numbers_chapter(lines, order, rank[i], uses + heads_in):
            cands.append((i, v))
    chain = _chained(cands, rank)
    return set() if _between_sections(lines, order, rank, chain, uses) else chain


#: A chain this long whose numbers all stand between whole pieces numbers sections, not pages.
MIN_SECTION_CHAIN = 5
#: … when at least this share of them do (a page break falls inside a sentence most times).
SECTION_SHARE = 0.9
_PIECE_END = re.compile(r"[.!?:;…,'’\"”)\]—-]$")


def _between_sections(
    lines: tuple[str, ...],
    order: list[int],
    rank: dict[int, int],
    chain: set[int],
    uses: Counter[str] | None = None,
) -> bool:
    """Do the chain's numbers stand where one piece ends and the next begins, blank lines on
    both sides, as a collection's poems' ``I`` ``II`` ``III`` do (a sonnet is a page long)?
    A folio interrupts the text: the line before it leaves a sentence open, or a running head
    or nothing blank stands beside it, or a line the text repeats (a running head) does.

    >>> poem = ["Line one of it,", "and the last line."]
    >>> lines = tuple(x for n in "I II III IV V VI".split() for x in [n, ""] + poem * 7 + [""])
    >>> order = [i for i, x in enumerate(lines) if x.strip()]
    >>> rank = {i: r for r, i in enumerate(order)}
    >>> _between_sections(lines, order, rank, {i for i, x in enumerate(lines) if x.isupper()})
    True
    """
    if len(chain) < MIN_SECTION_CHAIN:
        return False
    clean = 0
    for i in chain:
        r = rank[i]
        if r == 0 or r + 1 >= len(order):
            clean += 1
            continue
        before, after = order[r - 1], order[r + 1]
        blank = before < i - 1 and after > i + 1
        ends = bool(_PIECE_END.search(lines[before].rstrip()))
        heads = (
            uses is not None and max(uses[lines[before].strip()], uses[lines[after].strip()]) > 1
        )
        if blank and ends and not heads and lines[after].strip()[:1].isupper():
            clean += 1
    return clean >= SECTION_SHARE * len(chain)


_CHAPTER_ROMAN = re.compile(r"^[IVXLC]+\.?$")
#: A division's number with its full stop (``218.``): a folio hardly ever has one.
_NUMBER_STOP = re.compile(r"^\d{1,4}\.$")


def _numbers_chapter(lines: tuple[str, ...], order: list[int], r: int, uses: Counter[str]) -> bool:
    """Is the number at rank ``r`` a chapter's or a letter's, not a folio? In capital roman
    numerals (``II`` over ``LA DILIGENCE``), a title in capitals follows it that the text never
    repeats (a running head recurs, alone or beside a folio); in figures with a full stop
    (``218.`` over ``TO TOBIAS HASLINGER.``, a volume of letters), any line in capitals."""
    if r + 1 >= len(order):
        return False
    number = lines[order[r]].strip()
    title = lines[order[r + 1]].strip()
    letters = [ch for ch in title if ch.isalpha()]
    if len(letters) < 3 or title.upper() != title:
        return False
    if _NUMBER_STOP.match(number):
        return True
    return bool(_CHAPTER_ROMAN.match(number)) and uses[title] == 1
    # (a folio in capital roman numerals is rare: front matter's are small)


def _chained(cands: list[tuple[int, int]], rank: dict[int, int]) -> set[int]:
    """The candidates on a chain of at least three that count up about a page apart; OCR noise
    between two folios ("i", "10" for 18) is stepped over, not a break in the chain."""

    def step(a: tuple[int, int], b: tuple[int, int]) -> bool:
        gap, pages = rank[b[0]] - rank[a[0]], b[1] - a[1]
        return (
            0 < pages <= MAX_FOLIO_STEP and MIN_PAGE_LINES * pages <= gap <= MAX_PAGE_LINES * pages
        )

    n = len(cands)
    back, ahead = [1] * n, [1] * n
    for j in range(n):
        for i in range(max(0, j - LOOK_BACK), j):
            if back[i] + 1 > back[j] and step(cands[i], cands[j]):
                back[j] = back[i] + 1
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, min(n, i + 1 + LOOK_BACK)):
            if ahead[j] + 1 > ahead[i] and step(cands[i], cands[j]):
                ahead[i] = ahead[j] + 1
    return {cands[k][0] for k in range(n) if back[k] + ahead[k] - 1 >= 3}


def page_folios(lines: tuple[str, ...], zones: list[list[int]]) -> set[int]:
    """Numbers alone in the page zones that count with the pages: the folio minus the page's
    index is the same on at least three pages (roman front matter and arabic text each)."""
    offsets: dict[int, list[int]] = {}
    for page, zone in enumerate(zones):
        for i in zone:
            v = folio_value(lines[i])
            if v is not None:
                offsets.setdefault(v - page, []).append(i)
    return {i for found in offsets.values() if len(found) >= 3 for i in found}


def _zones(
    rank: dict[int, int], order: list[int], marks: list[int], starts: bool
) -> list[list[int]]:
    """The non-blank lines at the foot and head of the pages on either side of each mark: a
    page start (``starts``, after a form feed) or a folio line, which is itself in the zone."""
    zones = []
    for m in marks:
        r = _bisect(order, m)
        if starts or m not in rank:
            zones.append(order[max(0, r - ZONE) : r + ZONE])
        else:
            zones.append(order[max(0, r - ZONE) : r + 1 + ZONE])
    return zones


def _bisect(order: list[int], value: int) -> int:
    lo, hi = 0, len(order)
    while lo < hi:
        mid = (lo + hi) // 2
        if order[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _heads(
    lines: tuple[str, ...], zones: list[list[int]], folios: set[int], feeds: bool
) -> tuple[dict[int, str], list[str]]:
    """Lines in page zones whose shape recurs on enough pages (or nearly: OCR).

    A shape recurs when it is on a quarter of the pages, or on three pages close together (a
    book whose heads change with the chapter). Without form feeds, the first line of a
    recurring shape is kept when it follows the end of a sentence (not a folio, not a sentence
    cut by the page): a chapter's own heading often reads as its later running heads.
    """
    seen: dict[str, list[int]] = {}
    for z, zone in enumerate(zones):
        for s in {shape(lines[i]) for i in zone if i not in folios and headlike(lines[i])}:
            seen.setdefault(s, []).append(z)
    need = max(3, MIN_HEAD_SHARE * len(zones))
    recurring = [s for s, at in seen.items() if len(at) >= need or _close_run(at)]
    out: dict[int, str] = {}
    first: set[str] = set()
    for zone in zones:
        for i in zone:
            if i in folios or not headlike(lines[i]):
                continue
            s = shape(lines[i])
            match = s if s in recurring else next((r for r in recurring if near(s, r)), None)
            if match is None:
                continue
            if not feeds and match not in first:
                first.add(match)
                if _after_an_end(lines, i, folios):
                    continue
            out[i] = "running-head"
    return out, recurring


def _after_an_end(lines: tuple[str, ...], i: int, folios: set[int]) -> bool:
    """Does the last non-blank line before ``i`` end a sentence (and is it no folio)?"""
    for k in range(i - 1, -1, -1):
        if lines[k].strip():
            return k not in folios and bool(re.search(r"[.!?:”\"’)]\s*$", lines[k]))
    return True


def _close_run(zones: list[int]) -> bool:
    """Three of these page zones close together (at most two pages apart)."""
    return any(c - a <= 4 for a, c in zip(zones, zones[2:], strict=False))


def page_furniture(
    lines: tuple[str, ...], page_starts: tuple[int, ...] = (), proofread: bool = False
) -> PageProfile:
    """Folios and running heads of a source, from its page starts (0-based line indices after
    form feeds) or else from a counting run of folios (never in a ``proofread`` e-text);
    then the specks a scanner leaves beside them."""
    order = _nonblank(lines)
    rank = {i: r for r, i in enumerate(order)}
    feeds = list(page_starts) if len(page_starts) >= 2 else []
    if feeds and feeds[0] > 0:
        feeds.insert(0, 0)  # the first page starts with the text: its head is furniture too
    # a proofread e-text (Project Gutenberg's) has its page numbers gone or marked ("[Pg 12]"):
    # its numbers alone are sections' ("I." … "IV." centred over Scherillo's essay)
    folios = set() if feeds or proofread else counting_folios(lines, rank)
    marked = page_marks(lines)
    marks = feeds or sorted(folios)
    if not marks:
        return PageProfile(dict.fromkeys(marked, "page-mark"), len(marked) + 1 if marked else 0)
    zones = _zones(rank, order, marks, bool(feeds))
    if feeds:
        folios = page_folios(lines, zones)
    out = {i: "folio" for i in folios} | dict.fromkeys(marked, "page-mark")
    heads, recurring = _heads(lines, zones, folios, bool(feeds))
    out.update(heads)
    if not feeds:
        stray = Page(lines, order, out)
        out.update(stray.orphan_heads(recurring))
        out.update(stray.sentence_heads())
        out.update(stray.gap_heads(recurring, sorted(folios)))
        out.update(stray.misread_folios())
        out.update(stray.specks())
    for i in number_columns(lines, order):
        out.pop(i, None)
    return PageProfile(out, len(marks) + 1)


#: OCR's reading of a number alone: digits, a roman numeral, a digit read as a letter ("lG").
_NUMBERISH = re.compile(
    r"^\W{0,2}(?:\d{1,4}|[ivxlc]{1,6}|[\dlSOGoi]{1,3}(?: [\dlSOGoi]{1,2})?)\W{0,2}$", re.I
)
#: A column of page numbers: this many numbers alone, line under line (no text between).
MIN_COLUMN = 4


def number_columns(lines: tuple[str, ...], order: list[int]) -> set[int]:
    """Lines of a column of numbers alone, one under another with no text between (a
    contents' page numbers that OCR set apart from their entries, under "Page"): never a
    page's folio, which stands a page of text from the next.

    >>> lines = ("Of Bubo,", "", "Page", "", "i", "", "8", "", "9", "", "lG", "", "18", "", "Text.")
    >>> sorted(number_columns(lines, [i for i, x in enumerate(lines) if x.strip()]))
    [4, 6, 8, 10, 12]
    """
    out: set[int] = set()
    run: list[int] = []
    for i in [*order, -1]:
        if i >= 0 and _NUMBERISH.match(lines[i].strip()):
            run.append(i)
            continue
        if len(run) >= MIN_COLUMN:
            out.update(run)
        run = []
    return out
