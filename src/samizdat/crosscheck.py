"""Cross-format check: the EPUB and the PDF of one build carry the same texts, notes and words.

Both are rendered from one HTML rendering of the manuscript, so a reader of either must find the
same texts in the same order, notes and words. This reads both back and compares, per text:

* **texts**: the EPUB's contents entries that lead to a text (an ``epub:type="chapter"``
  section; they must follow the spine) against the PDF's top-level bookmarks, in order;
* **notes and calls**: EPUB: endnote entries and ``noteref`` links; PDF: the distinct targets of
  the links on the text's pages that lead back (a note's number and "p. N") and forward (calls);
* **words**, as multisets, after NFKC (ligatures, NBSP, ``…``), folding quote and dash variants,
  and case folding (small capitals come out of the PDF as ``nOteS``).

Furniture is left out: see :mod:`samizdat.render.epub_read` and :mod:`samizdat.render.pdf_read`,
which read the two back; here, the ``* * *`` that ``print.css`` draws for a section break.

A word broken at a line end comes back in two pieces (``social-`` + ``ism``, ``p.`` + ``227)``).
Where the PDF has the first piece too often and the EPUB has the joined word more often than the
PDF, they are joined: without the hyphen (WeasyPrint's soft break) or with it (a real hyphen),
whichever the EPUB lacks. So the EPUB decides, and a break never hides a real difference.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pypdf.errors import PdfReadError

from .errors import SamizdatError
from .render.epub_read import EpubText, read_epub
from .render.pdf_read import PdfPages, normalise, read_pdf
from .wordcheck import BookWords, check_words
from .wordcheck import words as check_words_of

#: How many differing words a problem line names, each way.
SHOWN_WORDS = 5
#: ``print.css`` draws a section break as ``* * *`` (``hr.section-break::before``), the EPUB as a
#: rule: the PDF has three more words per section break.
SECTION_BREAK, SECTION_BREAK_WORDS = "*", 3


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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


#: A contents line's dot leaders: not a word, and a line end may fall anywhere in them.
_LEADERS = re.compile(r"(?:\.\s*){6,}")  # (an ellipsis after a full stop is no leader)
#: A dash closed up to a word (the house style's em dash): a line may break before or after
#: it, so it is a token of its own on both sides (``Soviet—`` + ``com-``/``pletely``, ``—the``).
_CLOSED_DASH = re.compile(r"([—–])")


#: Bullets a list style draws (the PDF's text has them, the EPUB's reading system draws them).
_BULLETS = frozenset("•◦▪‣⁃")


def words_of(text: str) -> list[str]:
    """The words compared: dot leaders and bullets are none.

    >>> words_of("Overview ........ 1 and over.......view nothing…. • the Soviet—completely")
    ['overview', '1', 'and', 'over', 'view', 'nothing....', 'the', 'soviet', '–', 'completely']
    """
    tokens = _CLOSED_DASH.sub(r" \1 ", _LEADERS.sub(" ", text)).split()
    return [w for w in (normalise(t) for t in tokens if t not in _BULLETS) if w]


def _pdf_lines(lines: list[list[str]]) -> list[list[str]]:
    """The PDF's lines with dot leaders taken out of its words, as :func:`words_of` does."""
    return [
        [
            w
            for word in line
            for w in _CLOSED_DASH.sub(r" \1 ", _LEADERS.sub(" ", word)).split()
            if w not in _BULLETS
        ]
        for line in lines
    ]


# ---------------------------------------------------------------- EPUB


# ---------------------------------------------------------------- PDF


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
    words = join_lines(_pdf_lines(pdf.lines(pages)), Counter(epub))
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
    if (problem := compare_words(text.title, epub, words)) or (
        problem := compare_order(text, words)
    ):
        problems.append(problem)
    return TextStats(text.title, len(epub), len(words), text.notes, notes), problems


def compare_order(text: EpubText, pdf: Sequence[str]) -> str | None:
    """The PDF's words in the EPUB's order (the EPUB's are checked against the source in
    order on every build, so a word the PDF writer moved is found here)."""
    check = check_words((text.text,), BookWords(check_words_of(" ".join(pdf))))
    if check.ok:
        return None
    where = [f"“{w}”" for _, w in (*check.lost, *check.added)][:SHOWN_WORDS]
    return f"“{text.title}”: the PDF's words are not in the EPUB's order ({', '.join(where)})"


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
