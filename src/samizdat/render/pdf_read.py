"""The print PDF read back as a reader gets it: per page its words, with boxes, and its links.

Used by :mod:`samizdat.crosscheck` to compare the PDF with the EPUB. Words and their boxes come
from poppler's ``pdftotext -tsv`` (0.6 s for a 180-page book, where pypdf's ``extract_text``
takes 13 s); bookmarks, page labels and links from pypdf. Furniture is left out: running head
and folio (the band of the page's folio), paragraph numbers (numbers outside the text block),
note-call numbers, each note's number and "p. N".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from ..errors import SamizdatError

#: Quote and dash variants folded before comparing (after NFKC); invisible characters dropped.
FOLD = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u2010\u2011\u2012\u2014\u2015\u2212",
    "'''''\"\"\"\"\"--\u2013\u2013\u2013\u2013",
    "\u00ad\u200b\u2060\ufe0e\ufe0f",  # soft hyphen, zero-width space, word joiner, VS15, VS16
)
_LAST_DIGITS = re.compile(r"\d+(?=\D*$)")

Box = tuple[float, float, float, float]  # left, top, right, bottom: points from the top left


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


def normalise(word: str) -> str:
    """The form in which words are compared."""
    return unicodedata.normalize("NFKC", word).translate(FOLD).casefold()


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
