"""Page furniture the page zones miss in an OCR text layer, and the specks a scanner leaves.

:mod:`.furniture` finds a page's running head next to its folio. OCR loses a folio now and then
("18" read as "10", or nothing at all), and then that page's head stands alone in the text,
often cutting a sentence in two. Three shapes find those, each from the text's own evidence:

- **A head that cuts a sentence.** A line standing alone, whose shape is one of the text's
  recurring running heads (not its first occurrence: a chapter's heading comes before its
  heads), or a line in capitals right beside a folio, followed by text going on in lowercase —
  no heading is ever followed by the middle of a sentence. A number beside it is the page's
  misread folio (``10`` for 18, ``2.9``).
- **A head where a page must end.** Between two folios that skip a number (20, then 22) a page
  boundary was lost; a line of a recurring head's shape standing alone about where it falls.
- **Specks.** A line standing alone of at most three marks, with at most one letter or digit
  (``n``, ``]()``, ``2 ]``), right beside page furniture. A capital letter counts only when
  furniture follows it (a chapter's ``I`` under its folio is a heading, not a speck).

>>> lines = ("5", "", "THE HEAD", "", "text that ends.", "", "the text runs", "", "THE HEAD",
...          "", "n", "", "on over the page.")
>>> page = Page(lines, [0, 2, 4, 6, 8, 10, 12], {0: "folio", 2: "running-head"})
>>> page.orphan_heads(["the head"])
{8: 'running-head'}
>>> page.known[8] = "running-head"
>>> page.specks()
{10: 'scan-speck'}

- **A misread folio beside its head.** A number OCR misread (``VU`` for vii) alone next to a
  running head already found.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from .page_shapes import FOLIO, headlike, near, shape

#: Text that ends a sentence (a closing quote or bracket may follow).
_ENDS = re.compile(r"[.!?:”\"’)]\s*$")
#: A folio as OCR misreads it: "10" for 18, "2.9", "2 ]", "00".
_GARBLED_FOLIO = re.compile(r"^\s*[\W_]{0,2}\d[\d\W_]{0,4}\s*$")
#: A roman folio as OCR misreads it (``VU`` for vii, ``Vlll`` or ``vm`` for viii, ``XI`` for
#: ix): two to six roman letters, ``l``, ``U`` or ``1`` among them, as a line alone.
_GARBLED_ROMAN = re.compile(r"^\s*(?:(?=\S*[IVXivx])[IVXLCivxlcU1]{2,6}|[vVxX][mn])\s*$")
#: A line of prose that reads on: it ends on a word, or on a word's line-end hyphen.
_READS_ON = re.compile(r"[^\W\d_]-?$")
#: A running head found inside a sentence has this many letters at least.
MIN_HEAD_LETTERS = 6
#: A line of prose this long at least (the line a page break cuts short).
MIN_PROSE = 30
#: How far from where a lost page boundary should fall its head may stand (share of a page).
GAP_SLACK = 0.2


@dataclass
class Page:
    """A text's lines with the furniture found so far (``known``: 0-based index → kind)."""

    lines: tuple[str, ...]
    order: list[int]  # indices of the non-blank lines
    known: dict[int, str]

    def __post_init__(self) -> None:
        self.rank = {i: r for r, i in enumerate(self.order)}

    def alone(self, i: int) -> bool:
        """Does line ``i`` stand alone (blank or nothing on either side)?"""
        before = i == 0 or not self.lines[i - 1].strip()
        return before and (i + 1 >= len(self.lines) or not self.lines[i + 1].strip())

    def stray(self, i: int) -> bool:
        """Is line ``i`` furniture or a mark too small to be text (a speck, a lone number)?"""
        text = self.lines[i].strip()
        return i in self.known or bool(FOLIO.match(text)) or len(text) <= 3

    def text_beside(self, r: int, way: int) -> str:
        """The nearest line of text before (``way`` -1) or after (+1) the ``r``-th non-blank
        line, stepping over furniture and specks (a few lines at most)."""
        for k in range(r + way, r + way * 5, way):
            if not 0 <= k < len(self.order):
                return ""
            if not self.stray(self.order[k]):
                return self.lines[self.order[k]].strip()
        return ""

    def cuts_a_sentence(self, r: int) -> bool:
        """Does the text after the ``r``-th non-blank line go on in lowercase (a sentence cut
        by the page)?"""
        return self.text_beside(r, 1)[:1].islower()

    def reads_on(self, r: int) -> bool:
        """Does the ``r``-th non-blank line read on from the text before it ("I shall next
        speak of the" / "LOCAL TREATMENT OF INFLAMMATION.")?"""
        before = self.text_beside(r, -1)
        return bool(before) and not _ENDS.search(before) and not self.cuts_a_sentence(r)

    def orphan_heads(self, recurring: list[str]) -> dict[int, str]:
        """Running heads standing alone away from any folio, where they cut a sentence."""
        out: dict[int, str] = {}
        for r, i in enumerate(self.order):
            line = self.lines[i]
            if i in self.known or not headlike(line) or not self.alone(i) or FOLIO.match(line):
                continue
            recurs = _recurs(shape(line), recurring)
            capitals = not recurs and _capitals(line) and self._beside_folio(r)
            if recurs and not self._seen_before(i, shape(line)):
                continue  # a title, or a chapter's heading: its heads come after it
            if (recurs or capitals) and self.cuts_a_sentence(r):
                out[i] = "running-head"
                out.update(self._garbled_folios(r))
        return out

    def gap_heads(self, recurring: list[str], folios: list[int]) -> dict[int, str]:
        """Running heads where a page boundary was lost between two folios that skip."""
        out: dict[int, str] = {}
        for a, b in itertools.pairwise(folios):
            pages = _value(self.lines[b]) - _value(self.lines[a])
            if not 2 <= pages <= 4:
                continue
            length = (self.rank[b] - self.rank[a]) / pages
            for k in range(1, pages):
                out.update(self._head_near(self.rank[a] + round(k * length), length, recurring))
        return out

    def _head_near(self, at: int, length: float, recurring: list[str]) -> dict[int, str]:
        slack = max(4, round(length * GAP_SLACK))
        for r in range(max(0, at - slack), min(len(self.order), at + slack + 1)):
            i = self.order[r]
            line = self.lines[i]
            if i in self.known or not headlike(line) or not self.alone(i):
                continue
            if (
                _recurs(shape(line), recurring)
                and self._seen_before(i, shape(line))
                and not self.reads_on(r)
            ):
                return {i: "running-head", **self._garbled_folios(r)}
        return {}

    def sentence_heads(self) -> dict[int, str]:
        """Running heads standing alone inside a sentence where no folio marks the page: a
        line set apart that the text repeats (``Venereal Diseases.`` on page after page, its
        folio lost), between a line of prose that does not end and text reading on. No
        heading stands inside a sentence, so its first copy goes too.

        >>> prose = "the inflammation spreads along the canal and is one of the"
        >>> page = Page(("HEAD LINE.", "", "Text.", "", prose, "", "Head Line.", "", "conse-",
        ...              "", prose, "", "Head  line.", "", "quences."), [0, 2, 4, 6, 8, 10, 12, 14], {})
        >>> sorted(page.sentence_heads())
        [6, 12]
        """
        alone = [
            (r, i)
            for r, i in enumerate(self.order)
            if i not in self.known and headlike(self.lines[i]) and self.alone(i)
        ]
        keys = Counter(_letters(self.lines[i]) for _, i in alone)
        out: dict[int, str] = {}
        for r, i in alone:
            k = _letters(self.lines[i])
            if len(k) < MIN_HEAD_LETTERS or not self._inside_a_sentence(r):
                continue
            if keys[k] >= 2 or any(near(k, o) for o in keys if o != k):
                out[i] = "running-head"
                out.update(self._garbled_folios(r, roman=True))
        return out

    def _inside_a_sentence(self, r: int) -> bool:
        """Is the ``r``-th non-blank line between a line of prose that does not end and text
        that reads on (in lowercase, or after a line ending on a word or a hyphen)?"""
        before, after = self.text_beside(r, -1), self.text_beside(r, 1)
        if len(before) < MIN_PROSE or _ENDS.search(before) or not after[:1].isalpha():
            return False
        words = before.split()
        if 2 * sum(w[:1].isupper() for w in words) >= len(words):
            return False  # a title, a contents entry ("Affection of the Mesenteric Glands")
        return after[:1].islower() or bool(_READS_ON.search(before))

    def _seen_before(self, i: int, s: str) -> bool:
        """Was this head found on an earlier page? (A chapter's heading comes before its heads.)"""
        return any(
            k < i and kind == "running-head" and near(shape(self.lines[k]), s)
            for k, kind in self.known.items()
        )

    def _garbled_folios(self, r: int, roman: bool = False) -> dict[int, str]:
        """A number standing alone right beside a head found away from its folio is that
        page's folio, misread (``roman``: a roman numeral misread too, ``vm``)."""
        out = {}
        for k in (r - 1, r + 1):
            if 0 <= k < len(self.order):
                i = self.order[k]
                line = self.lines[i]
                misread = _GARBLED_FOLIO.match(line) or (roman and _GARBLED_ROMAN.match(line))
                if i not in self.known and self.alone(i) and misread:
                    out[i] = "folio"
        return out

    def misread_folios(self) -> dict[int, str]:
        """A roman page number OCR misread (``VU``, ``Vlll``) standing alone right beside a
        running head found on its page (not the head's first line: that is a title): that
        page's folio.

        >>> page = Page(("PREFACE.", "", "of re-", "", "PREFACE.", "", "VU", "", "ceiving it."),
        ...             [0, 2, 4, 6, 8], {0: "running-head", 4: "running-head"})
        >>> page.misread_folios()
        {6: 'folio'}
        """
        out: dict[int, str] = {}
        for r, i in enumerate(self.order):
            if self.known.get(i) != "running-head" or not self._seen_before(
                i, shape(self.lines[i])
            ):
                continue  # (the first of a head's shape is a title: a number by it is the text's)
            for k in (r - 1, r + 1):
                j = self.order[k] if 0 <= k < len(self.order) else -1
                line = self.lines[j] if j >= 0 else ""
                if j >= 0 and j not in self.known and self.alone(j) and _GARBLED_ROMAN.match(line):
                    out[j] = "folio"
        return out

    def _beside_folio(self, r: int) -> bool:
        return any(
            0 <= k < len(self.order) and self.known.get(self.order[k]) == "folio"
            for k in (r - 1, r + 1)
        )

    def specks(self) -> dict[int, str]:
        """Specks beside page furniture (two rounds: a speck beside a speck beside a folio)."""
        out: dict[int, str] = {}
        for _ in range(2):
            for r, i in enumerate(self.order):
                if i in self.known or i in out or not self.alone(i) or not _speck(self.lines[i]):
                    continue
                nxt = self.order[r + 1] if r + 1 < len(self.order) else -1
                beside = {self.order[k] for k in (r - 1, r + 1) if 0 <= k < len(self.order)}
                if not beside & (self.known.keys() | out.keys()):
                    continue
                if any(ch.isupper() for ch in self.lines[i]) and nxt not in self.known:
                    continue
                out[i] = "scan-speck"
        return out


def _letters(line: str) -> str:
    """A line's letters, case folded: its copies match however OCR spaced them, with or
    without their folio (``20 Venereal Diseases.``)."""
    return re.sub(r"[\W\d_]+", "", line).casefold()


def _recurs(s: str, recurring: list[str]) -> bool:
    return s in recurring or any(near(s, h) for h in recurring)


def _capitals(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _speck(line: str) -> bool:
    text = line.strip()
    return len(text.replace(" ", "")) <= 3 and sum(ch.isalnum() for ch in text) <= 1


def _value(line: str) -> int:
    digits = re.sub(r"\D", "", line)
    return int(digits) if digits else 0
