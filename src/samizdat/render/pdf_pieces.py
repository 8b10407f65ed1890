"""A long text laid out as a sequence of pieces, each its own WeasyPrint document of bounded size.

A text's *flow* (:class:`~.pdf_html.Flow`) is its body's top-level blocks, then its notes (the
notes heading goes with the first). A text whose flow is at most ``budget`` bytes of HTML is one
part, laid out as before (:func:`~.pdf_html.part_html`). A longer one is laid out piece by
piece (:func:`lay_out_text`)::

    piece 1: opening, items 0…k    pages 1 2 … P | P+1 …     P+1 starts with item m at its top
    piece 2: [leader] items m…n            page 1 | 2 3 … P' | P'+1 …        (page 1 left out)

1. A piece holds its items up to the budget and is laid out. Its pages are read back
   (:func:`~.pdf_layout.page_items`): the last page ``q`` that starts a new item at its top,
   no item straddling the break before it, is where the piece is cut (:func:`find_cut`). The
   book keeps the pages before ``q``: the piece had content after them, the whole of the item
   that did not fit, so widows, orphans and ``break-after: avoid`` were settled as in the whole
   text; and the layout after a clean break depends on nothing before it but the side.
2. The next piece starts with that item, on the side of page ``q``. A leader fills its first
   page, so its first item starts page 2 after an unforced break, as at a page break of the
   whole text: WeasyPrint treats a block's top margin differently on a document's first page
   and after an unforced break (``layout/block.py``), and this way the piece takes the same
   path as the whole text. Its root's ``break-before`` puts page 2 on the right side, so
   mirrored margins and paragraph numbers stay right. Hidden stubs stand for the block before
   (for ``h2 + p``) and for the ids it links to in other pieces (see ``piece.css``).
3. A piece with no such page (one block longer than the piece) is laid out again with twice
   the items; the last piece of a text keeps all its pages.

A piece's HTML depends only on where it starts, its side and its items, so each is cached by
its HTML: a correction lays out its piece again and the following pieces only if the cut moved.
The pieces of one text are laid out in sequence; different texts in parallel (:mod:`.pdf_parts`
drives :func:`lay_out_text` as a generator: it yields each piece's job and is sent the result).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import Any

from .html import RenderedBook
from .pdf_html import Flow, part_html, piece_html, text_flow, text_size
from .pdf_layout import CallBox, Job, LaidOut

__all__ = ["PIECE_BYTES", "Piece", "TextPages", "find_cut", "lay_out_text"]

#: HTML bytes of a piece (about 40 A5 pages): a longer text is laid out in pieces of about this
#: size. Smaller pieces make a correction cheaper and cost more pages laid out twice at the
#: cuts. Measured (2 cores): the seeds book's 96-page interview is cut in 3 pieces, a one-word
#: correction there rebuilds the book in 6.9 s instead of 9.7 s, its first build takes 12.8 s
#: instead of 11.7 s; a 4 MB text (1937 pages) lays out 2140 pages (64 KiB: 2415, 256 KiB:
#: 2070), each worker staying under 200 MB.
PIECE_BYTES = 96 * 1024
#: The other side.
OTHER_SIDE = {"right": "left", "left": "right"}

Progress = Callable[[str], None]
#: A text's layout as a generator: yields jobs, is sent (document, whether it was cached).
TextChain = Generator[Job, tuple[LaidOut, bool], "TextPages"]


@dataclass(frozen=True)
class Piece:
    """One laid-out piece of a text (or a whole part) and the pages of it the book keeps."""

    doc: LaidOut
    start: int  # its first flow item
    first: int  # first page kept (1 after a leader)
    stop: int  # one past the last page kept
    cached: bool
    stubs: frozenset[str] = frozenset()  # ids it links to that other pieces hold

    @property
    def page_count(self) -> int:
        return self.stop - self.first

    def anchors(self) -> dict[str, int]:
        """Its ids on the pages kept → page of the piece, counted from the first kept."""
        kept = range(self.first, self.stop)
        return {
            a: p - self.first
            for a, p in self.doc.anchors.items()
            if p in kept and a not in self.stubs
        }


@dataclass(frozen=True)
class TextPages:
    """A text laid out: its pieces in order, and what the frames and the merge need of it."""

    pieces: tuple[Piece, ...]

    @property
    def page_count(self) -> int:
        return sum(p.page_count for p in self.pieces)

    def offsets(self) -> list[int]:
        """The text page each piece's first kept page is."""
        out, at = [], 0
        for piece in self.pieces:
            out.append(at)
            at += piece.page_count
        return out

    def anchors(self) -> dict[str, int]:
        """Every id of the text → its page in the text."""
        found: dict[str, int] = {}
        for at, piece in zip(self.offsets(), self.pieces, strict=True):
            for anchor, page in piece.anchors().items():
                found.setdefault(anchor, at + page)
        return found

    def calls(self) -> list[CallBox]:
        """The notes' call-page boxes on the pages kept, ``page`` being the text's page."""
        return [
            replace(c, page=at + c.page - piece.first)
            for at, piece in zip(self.offsets(), self.pieces, strict=True)
            for c in piece.doc.calls
            if piece.first <= c.page < piece.stop
        ]


def find_cut(items: tuple[tuple[int, int], ...], first: int) -> tuple[int, int] | None:
    """Where to cut a laid-out piece whose pages show ``items`` (per page, the first and last
    flow item on it, (-1, -1) for none): ``(q, item)`` for the last page ``q`` after ``first``
    that starts item ``item`` at its top, no item straddling the break before it (so the page
    before it is not the piece's last); None if there is none.

    >>> find_cut(((0, 1), (1, 3), (4, 5), (5, 6), (6, 6)), 0)
    (2, 4)
    >>> find_cut(((-1, -1), (0, 0), (0, 0)), 1) is None
    True
    """
    seen = [-1]
    for page in items:
        seen.append(max(seen[-1], page[1]))
    for q in range(len(items) - 1, first, -1):
        if items[q][0] > seen[q]:
            return q, items[q][0]
    return None


def _fill(sizes: list[int], start: int, budget: int) -> int:
    """One past the last item of a piece starting at ``start`` that holds items up to ``budget``
    bytes (at least one)."""
    stop, total = start, 0
    while stop < len(sizes) and (stop == start or total + sizes[stop] <= budget):
        total += sizes[stop]
        stop += 1
    return stop


def lay_out_text(
    book: RenderedBook,
    index: int,
    options: dict[str, Any],
    budget: int = PIECE_BYTES,
    say: Progress | None = None,
) -> TextChain:
    """Text ``index`` laid out in pieces of about ``budget`` bytes (one part if it is shorter):
    a generator that yields each piece's job and is sent back its document and whether it came
    from the cache. ``say`` hears of each piece of a long text, and of the text."""
    say = say or (lambda _line: None)
    text = book.texts[index]
    if text_size(text) <= budget:
        doc, cached = yield Job(part_html(book, index, **options), options["para_numbers"])
        pieces = [Piece(doc, 0, 0, doc.page_count, cached)]
    else:
        pieces = []
        flow = text_flow(text)
        sizes = flow.sizes()
        start, side = 0, "right"
        while start < len(flow):
            piece, start, side = yield from _next_piece(
                book, index, flow, sizes, start, side, budget, options
            )
            pieces.append(piece)
            verb = "reused" if piece.cached else "laid out"
            say(f"pdf: {verb} {index:03d} {text.id}, piece {len(pieces)} ({_pages(piece)})")
    laid = TextPages(tuple(pieces))
    verb = "reused" if all(p.cached for p in pieces) else "laid out"
    say(f"pdf: {verb} {index:03d} {text.id} ({_pages(laid)})")
    return laid


def _pages(laid: Piece | TextPages) -> str:
    return f"{laid.page_count} page{'' if laid.page_count == 1 else 's'}"


def _next_piece(
    book: RenderedBook,
    index: int,
    flow: Flow,
    sizes: list[int],
    start: int,
    side: str,
    budget: int,
    options: dict[str, Any],
) -> Generator[Job, tuple[LaidOut, bool], tuple[Piece, int, str]]:
    """The piece starting at item ``start`` on ``side``, and where the next one starts."""
    first = 0 if start == 0 else 1  # a later piece's first page is its leader's
    stop = _fill(sizes, start, budget)
    while True:
        html, stubs = piece_html(book, index, flow, start, stop, side, **options)
        doc, cached = yield Job(html, options["para_numbers"])
        if stop == len(flow):
            if doc.page_count <= first:
                raise RuntimeError("a piece shows nothing after its leader (a template bug)")
            return Piece(doc, start, first, doc.page_count, cached, frozenset(stubs)), stop, side
        cut = find_cut(doc.items, first)
        if cut is not None:
            q, item = cut
            piece = Piece(doc, start, first, q, cached, frozenset(stubs))
            return piece, start + item, side if (q - first) % 2 == 0 else OTHER_SIDE[side]
        stop = max(stop + 1, _fill(sizes, start, 2 * sum(sizes[start:stop])))
