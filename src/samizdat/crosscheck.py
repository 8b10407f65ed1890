"""Cross-format check: the EPUB and the PDF of one build carry the same texts, notes and words.

Both are rendered from one HTML rendering of the manuscript, so a reader of either must find the
same texts in the same order, notes and words. This reads both back and compares, per text:

* **texts**: the EPUB's contents entries that lead to a text (an ``epub:type="chapter"``
  section; they must follow the spine) against the PDF's top-level bookmarks, in order;
* **notes and calls**: EPUB: endnote entries and ``noteref`` links; PDF: the distinct targets of
  the links on the text's pages that lead back (a note's number and "p. N") and forward (calls);
* **words**, as multisets, after NFKC (ligatures, NBSP, ``…``), folding quote and dash variants,
  and case folding (small capitals come out of the PDF as ``nOteS``).

Furniture is left out. EPUB: see :mod:`samizdat.render.epub_read`, which reads it back. PDF:
running head and folio (the band of the page's folio), paragraph numbers (numbers outside the
text block), note-call numbers, each note's number and "p. N", and the ``* * *`` that
``print.css`` draws for a section break.

A word broken at a line end comes back in two pieces (``social-`` + ``ism``, ``p.`` + ``227)``).
Where the PDF has the first piece too often and the EPUB has the joined word more often than the
PDF, they are joined: without the hyphen (WeasyPrint's soft break) or with it (a real hyphen),
whichever the EPUB lacks. So the EPUB decides, and a break never hides a real difference.

Words and their boxes come from poppler's ``pdftotext -tsv`` (0.6 s for a 180-page book, where
pypdf's ``extract_text`` takes 13 s); bookmarks, page labels and links from pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import SamizdatError
from .render.epub_read import EpubText, read_epub

#: How many differing words a problem line names, each way.
SHOWN_WORDS = 5
#: ``print.css`` draws a section break as ``* * *`` (``hr.section-break::before``), the EPUB as a
#: rule: the PDF has three more words per section break.
SECTION_BREAK, SECTION_BREAK_WORDS = "*", 3
#: Quote and dash variants folded before comparing (after NFKC); invisible characters dropped.
FOLD = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u2010\u2011\u2012\u2014\u2015\u2212",
    "'''''\"\"\"\"\"--\u2013\u2013\u2013\u2013",
    "\u00ad\u200b\u2060\ufe0e\ufe0f",  # soft hyphen, zero-width space, word joiner, VS15, VS16
)
_LAST_DIGITS = re.compile(r"\d+(?=\D*$)")

Box = tuple[float, float, float, float]  # left, top, right, bottom: points from the top left


@dataclass(frozen=True)
class TextStats:
    """One text as each format carries it."""

    title: str
    epub_words: int
    pdf_words: int
    epub_notes: int
    pdf_notes: int


@dataclass(frozen=True)
class CrossCheck:
    """What :func:`crosscheck` found: ``ok`` when ``problems`` is empty."""

    ok: bool
    problems: list[str]
    texts: list[TextStats]
    seconds: float

    def summary(self) -> list[str]:
        """Lines to print: one per text, one per problem, a verdict."""
        lines = [
            f"{t.title}: EPUB {_n(t.epub_words, 'word')}, {_n(t.epub_notes, 'note')}; "
            f"PDF {_n(t.pdf_words, 'word')}, {_n(t.pdf_notes, 'note')}"
            for t in self.texts
        ]
        verdict = "EPUB and PDF agree" if self.ok else _n(len(self.problems), "cross-check problem")
        return [*lines, *(f"  {p}" for p in self.problems), f"{verdict} ({self.seconds:.1f} s)"]


@dataclass(frozen=True)
class Word:
    """A word of the PDF as pdftotext saw it."""

    page: int  # 0-based
    box: Box
    text: str


@dataclass(frozen=True)
class Link:
    """A link annotation to a named destination; ``back`` when that lies earlier in the book."""

    page: int
    box: Box
    target: str
    back: bool


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def normalise(word: str) -> str:
    """The form in which words are compared."""
    return unicodedata.normalize("NFKC", word).translate(FOLD).casefold()


def words_of(text: str) -> list[str]:
    return [w for w in (normalise(t) for t in text.split()) if w]


# ---------------------------------------------------------------- EPUB


# ---------------------------------------------------------------- PDF


def start_pdftotext(path: Path) -> subprocess.Popen[bytes]:
    """Start ``pdftotext -tsv`` on the whole PDF (it runs while pypdf reads the rest)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise SamizdatError("the cross-check needs pdftotext (Debian/Ubuntu: poppler-utils)")
    args = [exe, "-tsv", "-enc", "UTF-8", str(path), "-"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def pdf_words(run: subprocess.Popen[bytes], path: Path) -> dict[int, list[Word]]:
    """The words pdftotext found, per 0-based page, in its reading order."""
    out, err = run.communicate()
    if run.returncode:
        lines = err.decode(errors="replace").strip().splitlines() or [str(run.returncode)]
        raise SamizdatError(f"{path}: pdftotext failed: {lines[0]}")
    pages: dict[int, list[Word]] = {}
    for row in out.decode("utf-8").split("\n"):
        if row.startswith("5\t") and (f := row.split("\t", 11))[11]:  # level 5: a word
            left, top = float(f[6]), float(f[7])
            box = (left, top, left + float(f[8]), top + float(f[9]))
            word = Word(int(f[1]) - 1, box, f[11])
            pages.setdefault(word.page, []).append(word)
    return pages


def pdf_links(reader: PdfReader, pages: Iterable[int]) -> dict[int, list[Link]]:
    """Per page, the links to a named destination (WeasyPrint writes no other kind)."""
    named = reader.named_destinations
    links: dict[int, list[Link]] = {}
    for index in pages:
        media = reader.pages[index].mediabox
        for ref in reader.pages[index].get("/Annots") or ():
            annot = ref.get_object()
            dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
            if annot.get("/Subtype") != "/Link" or not isinstance(dest, str) or dest not in named:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            target = named[dest]
            to_page = reader.get_destination_page_number(target)
            back = to_page < index or (
                to_page == index and target.top is not None and float(target.top) > max(y0, y1)
            )
            left, top = min(x0, x1) - float(media.left), float(media.top) - max(y0, y1)
            box = (left, top, left + abs(x1 - x0), top + abs(y1 - y0))
            links.setdefault(index, []).append(Link(index, box, str(dest), back))
    return links


def _contains(box: Box, x: float, y: float, slack: float = 1.0) -> bool:
    return box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _folio_band(words: Sequence[Word], label: str) -> tuple[float, float] | None:
    """The band of the page's folio (with the running head beside it), if it has one."""
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)
    for w in words:
        if w.text == label and (w.box[1] <= top + 1 or w.box[3] >= bottom - 1):
            return w.box[1] - 2, w.box[3] + 2
    return None


def _text_block(pages: dict[int, list[Word]]) -> dict[int, tuple[float, float]]:
    """Left and right edge of the text block on even and odd pages (numbers left out)."""
    edges: dict[int, tuple[float, float]] = {}
    for page, words in pages.items():
        boxes = [w.box for w in words if not w.text.isdigit()]
        if boxes:
            lo, hi = edges.get(page % 2, (boxes[0][0], boxes[0][2]))
            lo, hi = min(lo, min(b[0] for b in boxes)), max(hi, max(b[2] for b in boxes))
            edges[page % 2] = (lo, hi)
    return edges


@dataclass(frozen=True)
class PdfPages:
    """The body pages of the PDF, as pdftotext and pypdf read them."""

    words: dict[int, list[Word]]
    labels: list[str]
    links: dict[int, list[Link]]
    block: dict[int, tuple[float, float]]
    count: int  # pages in the PDF

    def lines(self, pages: range) -> list[list[str]]:
        """The lines of the texts' own words on ``pages``, normalised, furniture left out.

        Lines are found by position, top to bottom and left to right (the pages have one
        column): pdftotext's own lines split a widely spaced justified line in two.
        """
        lines: list[list[tuple[float, str]]] = []
        for page in pages:
            bottom = -1.0
            for box, text in sorted(self._words_on(page), key=lambda w: w[0][1] + w[0][3]):
                if (box[1] + box[3]) / 2 > bottom:  # below the line so far: a new line
                    lines.append([])
                    bottom = box[3]
                lines[-1].append((box[0], text))
        return [[text for _, text in sorted(line)] for line in lines]

    def _words_on(self, page: int) -> list[tuple[Box, str]]:
        words = self.words.get(page, [])
        band = _folio_band(words, self.labels[page]) if words else None
        lo, hi = self.block.get(page % 2, (-1e9, 1e9))
        backs = [k.box for k in self.links.get(page, ()) if k.back]
        calls = [_centre(k.box) for k in self.links.get(page, ()) if not k.back]
        out = []
        for w in words:
            x, y = _centre(w.box)
            if band and band[0] <= y <= band[1]:
                continue  # the folio and the running head
            if w.text.isdigit() and (w.box[2] < lo - 1 or w.box[0] > hi + 1):
                continue  # a paragraph number in the margin
            if any(_contains(box, x, y) for box in backs):
                continue  # a note's number and the page of its call
            text = w.text
            for _ in range(sum(_contains(w.box, *call) for call in calls)):
                text = _LAST_DIGITS.sub("", text, count=1)  # a note call's number
            if text := normalise(text):
                out.append((w.box, text))
        return out


# ---------------------------------------------------------------- comparing


def _joined(a: str, b: str, diff: Counter[str], ambiguous: bool) -> str | None:
    """``a`` + ``b`` as one word, if the PDF has ``a`` too often and the joined word too rarely.

    ``diff`` counts each word in the PDF less in the EPUB. After a hyphen, the join drops it (a
    soft break) or keeps it (a real hyphen), whichever the EPUB lacks; when it lacks both, the
    join is ``ambiguous`` and waits until no clear join is left. A break elsewhere (after a
    dash, a slash, ``p.``) joins only when ``b`` too is surplus.
    """
    if diff[a] <= 0:
        return None
    if len(a) > 1 and a.endswith("-"):
        options: tuple[str, ...] = (a[:-1] + b, a + b)
    elif diff[b] > 0:
        options = (a + b,)
    else:
        return None
    lacking = [j for j in options if diff[j] < 0]
    return lacking[0] if len(lacking) == 1 or (lacking and ambiguous) else None


def join_lines(lines: Iterable[Sequence[str]], epub: Counter[str]) -> list[str]:
    """The words of ``lines``, words broken at line ends made whole (see the module doc).

    Joins repeat until none is left: joining ``counter-`` + ``revolution`` (a real hyphen) can
    leave the text short of the ``revolution`` that ``revolu-`` + ``tion`` then gives. Clear
    joins go first: ``counter-`` + ``revolution`` could be either word, ``counterre-`` +
    ``volution`` only one, and must not find it taken.
    """
    tokens = [(w, n == len(line) - 1) for line in lines for n, w in enumerate(line)]
    diff = Counter(w for w, _ in tokens)
    diff.subtract(epub)
    ambiguous = False
    while True:
        changed, out = False, []
        for word, line_end in tokens:
            if out and out[-1][1] and (joined := _joined(out[-1][0], word, diff, ambiguous)):
                diff.subtract([out[-1][0], word])
                diff[joined] += 1
                out[-1], changed = (joined, line_end), True
            else:
                out.append((word, line_end))
        tokens = out
        if not changed and ambiguous:
            break
        ambiguous = not changed
    return [w for w, _ in tokens]


def _without(words: Sequence[str], word: str, count: int) -> list[str]:
    """``words`` without the first ``count`` occurrences of ``word``."""
    out = []
    for w in words:
        if w == word and count > 0:
            count -= 1
        else:
            out.append(w)
    return out


def _listed(words: Sequence[str], extra: Counter[str]) -> str:
    """The words of ``extra`` in the order ``words`` has them, the first few, with counts."""
    shown = [w for w in dict.fromkeys(words) if w in extra]
    listed = [f"“{w}”" + (f" ×{extra[w]}" if extra[w] > 1 else "") for w in shown[:SHOWN_WORDS]]
    more = len(shown) - SHOWN_WORDS
    return ", ".join(listed) + (f" and {more} more" if more > 0 else "")


def compare_words(title: str, epub: Sequence[str], pdf: Sequence[str]) -> str | None:
    """A problem line when the word multisets differ, naming the first few differences."""
    only_epub, only_pdf = Counter(epub) - Counter(pdf), Counter(pdf) - Counter(epub)
    if not only_epub and not only_pdf:
        return None
    parts = [f"EPUB only: {_listed(epub, only_epub)}"] if only_epub else []
    parts += [f"PDF only: {_listed(pdf, only_pdf)}"] if only_pdf else []
    n = only_epub.total() + only_pdf.total()
    return f"“{title}”: {_n(n, 'word')} differ{'s' if n == 1 else ''}; " + "; ".join(parts)


def _order_problems(epub: Sequence[str], pdf: Sequence[str]) -> list[str]:
    if [normalise(t) for t in epub] == [normalise(t) for t in pdf]:
        return []
    problems = [f"texts: {len(epub)} in the EPUB's contents, {len(pdf)} PDF bookmarks"]
    for n, (e, p) in enumerate(zip(epub, pdf, strict=False), 1):
        if normalise(e) != normalise(p):
            problems.append(f"text {n}: “{e}” in the EPUB, “{p}” in the PDF")
    problems += [f"text {n}: “{t}” only in the EPUB" for n, t in enumerate(epub, 1) if n > len(pdf)]
    problems += [f"text {n}: “{t}” only in the PDF" for n, t in enumerate(pdf, 1) if n > len(epub)]
    return problems


def _compare_text(text: EpubText, pages: range, pdf: PdfPages) -> tuple[TextStats, list[str]]:
    epub = words_of(text.text)
    words = join_lines(pdf.lines(pages), Counter(epub))
    words = _without(words, SECTION_BREAK, SECTION_BREAK_WORDS * text.section_breaks)
    links = [link for page in pages for link in pdf.links.get(page, ())]
    notes = len({link.target for link in links if link.back})
    calls = len({link.target for link in links if not link.back})
    problems = []
    if (text.notes, text.calls) != (notes, calls):
        problems.append(
            f"“{text.title}”: {_n(text.notes, 'note')} and {_n(text.calls, 'note call')} "
            f"in the EPUB, {notes} and {calls} in the PDF"
        )
    if problem := compare_words(text.title, epub, words):
        problems.append(problem)
    return TextStats(text.title, len(epub), len(words), text.notes, notes), problems


def read_pdf(path: Path) -> tuple[list[tuple[str, int]], PdfPages]:
    """The PDF's top-level bookmarks as (title, 0-based page), and its pages from the first."""
    with path.open("rb") as f:
        if f.read(5) != b"%PDF-":
            raise SamizdatError(f"{path}: not a PDF")
    run = start_pdftotext(path)
    try:
        reader = PdfReader(path)
        marks = [
            (str(m.title), reader.get_destination_page_number(m))
            for m in reader.outline
            if not isinstance(m, list)
        ]
        count, labels = len(reader.pages), list(reader.page_labels)
        first = min((page for _, page in marks), default=count)
        links = pdf_links(reader, range(first, count))
        words = {p: w for p, w in pdf_words(run, path).items() if p >= first}
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    return marks, PdfPages(words, labels, links, _text_block(words), count)


def crosscheck(epub_path: Path, pdf_path: Path) -> CrossCheck:
    """Check that ``epub_path`` and ``pdf_path``, one build's outputs, carry the same texts.

    Raises :class:`SamizdatError` when a file cannot be read (or pdftotext is missing); a
    disagreement is not an error but a problem in the result.
    """
    started = time.perf_counter()
    try:
        texts, problems = read_epub(Path(epub_path))
    except (OSError, KeyError, StopIteration, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise SamizdatError(f"{epub_path}: cannot read the EPUB ({exc!r})") from None
    try:
        marks, pdf = read_pdf(Path(pdf_path))
    except (OSError, PdfReadError) as exc:
        raise SamizdatError(f"{pdf_path}: cannot read the PDF ({exc!r})") from None
    problems += _order_problems([t.title for t in texts], [title for title, _ in marks])
    starts = sorted(page for _, page in marks)
    ends = dict(zip(starts, [*starts[1:], pdf.count], strict=True))
    at = {normalise(title): page for title, page in reversed(marks)}
    stats: list[TextStats] = []
    for text in texts:
        if (start := at.get(normalise(text.title))) is not None:
            stat, found = _compare_text(text, range(start, ends[start]), pdf)
            stats.append(stat)
            problems += found
    return CrossCheck(not problems, problems, stats, time.perf_counter() - started)
