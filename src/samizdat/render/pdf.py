"""The print PDF: :class:`RenderedBook` → Jinja2 HTML → WeasyPrint → one PDF, laid out once.

The book is a small-press paperback: half-title, title page, colophon, contents (all numbered in
roman), then each text opening on a recto with the body numbered from 1, running heads (book title
on versos, text title on rectos), and endnotes per text. Everything typographic lives in
``templates/print`` (``book.html`` and friends, ``print.css``, ``heads.css`` for running heads and
folios, ``page.css.j2`` for the geometry of each paper preset). :mod:`.pdf_html` fills the templates and :mod:`.pdf_geometry` holds the paper
presets; this module fences WeasyPrint off from everything but our own templates and fonts, lays
the book out once, and reads the finished layout back. :mod:`.pdf_layout` lays out the documents
of a book laid out in parts, in worker processes (:mod:`.pdf_parts` drives them, :mod:`.pdf_merge`
puts them together).
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import HTML, Attachment
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import paths
from .html import RenderedBook
from .pdf_geometry import NOTES_MARGIN, PAPER_GEOMETRY, Geometry, geometry_for
from .pdf_html import FONT_LICENCE_NAME, PRINT_TEMPLATES, book_html, edition_date, file_url
from .pdf_hyphens import read_exceptions
from .weasyprint_fixes import apply as _apply_weasyprint_fixes

_apply_weasyprint_fixes()

__all__ = [
    "FONT_LICENCE_NAME",
    "NOTES_MARGIN",
    "PAPER_GEOMETRY",
    "Geometry",
    "LocalOnlyFetcher",
    "PdfLayout",
    "book_html",
    "geometry_for",
    "write_pdf",
]

#: Gap between the text block and a paragraph number in the outer margin (CSS px; 1 mm ≈ 3.78 px).
PARA_NUMBER_GAP = 3 * 96 / 25.4


@dataclass(frozen=True)
class PdfLayout:
    """What the finished layout tells the other writers.

    ``anchors`` maps every element id of the book (text openings, paragraphs, headings, notes and
    note calls) to the 0-based index of the page it starts on; ``page_labels`` is the folio printed
    on each page (roman for the front matter, arabic from 1 for the body); ``text_start_pages``
    maps each text id to the label of its opening page.
    """

    page_count: int
    anchors: dict[str, int]
    page_labels: list[str]
    text_start_pages: dict[str, str]
    body_start: int
    #: Text id → "rendered" or "cached" when the book was laid out in parts (empty otherwise).
    parts: dict[str, str] = field(default_factory=dict)
    #: Text id → "rendered" or "cached" for each piece the text was laid out in (see
    #: :mod:`.pdf_pieces`; one piece for a text under the size budget).
    pieces: dict[str, tuple[str, ...]] = field(default_factory=dict)


class LocalOnlyFetcher(URLFetcher):
    """Serves files under the given folders and refuses every other URL (network, data:, files
    elsewhere). A refusal is fatal: the templates never ask for anything else."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.roots = tuple(r.resolve() for r in roots)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise PermissionError(f"print renderer refuses to fetch {url!r}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise PermissionError(f"print renderer refuses to read {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".otf", ".ttf"):
            mime = "font/" + path.suffix[1:]
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": mime}, status=200
        )


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _place_para_numbers(document) -> None:
    """Move each paragraph number into the outer margin of its page.

    CSS cannot tell a verso from a recto inside the flow, so the numbers are laid out as absolute
    boxes at their paragraph's first line and moved sideways here, after layout and before
    painting: right of the text block on rectos, left of it on versos.
    """
    for page in document.pages:
        page_box = page._page_box
        left_edge = page_box.content_box_x()
        right_edge = left_edge + page_box.width
        recto = page_box.page_type.side == "right"
        for box in page_box.descendants():
            if (
                box.element_tag == "p::before"
                and box.element is not None
                and box.element.get("data-para")
                and box.style["position"] == "absolute"
            ):
                width = box.margin_width()
                if recto:
                    target = right_edge + PARA_NUMBER_GAP
                else:
                    target = left_edge - PARA_NUMBER_GAP - width
                box.translate(target - box.position_x, 0)


@contextmanager
def font_configuration() -> Iterator[FontConfiguration]:
    """A WeasyPrint font configuration whose folder of ``@font-face`` files is removed on exit.

    WeasyPrint copies each embedded font into a ``weasyprint-*`` folder under the system's
    temporary directory and removes it only when the configuration is garbage-collected, which
    never happens in a pool worker or at interpreter exit: every build left eight folders
    behind (1,941 in this machine's /tmp after a few sessions). The folder is needed until the
    PDF is written, so the caller keeps the configuration open that long.
    """
    config = FontConfiguration()
    try:
        yield config
    finally:
        folder = getattr(config, "_folder", None)  # WeasyPrint 70 names it so
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def render_document(
    source: str, *, para_numbers: bool = False, fonts: FontConfiguration | None = None
) -> Document:
    """Lay out one print HTML document with nothing but our templates and fonts in reach.
    ``fonts``: from :func:`font_configuration`, open until the PDF is written."""
    fetcher = LocalOnlyFetcher((PRINT_TEMPLATES, paths.FONTS))
    html = HTML(string=source, base_url=PRINT_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    read_exceptions(source)
    document = html.render(font_config=fonts)
    if para_numbers:
        _place_para_numbers(document)
    return document


def page_anchors(document: Document) -> dict[str, int]:
    """Every element id of a laid-out document → the 0-based index of the page it starts on."""
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    return anchors


def page_labels(page_count: int, body_start: int) -> list[str]:
    """The folio of each page: roman before ``body_start``, arabic from 1 after."""
    return [_roman(i + 1) if i < body_start else str(i - body_start + 1) for i in range(page_count)]


def font_licence(date: str) -> Attachment:
    """The font licence as a PDF attachment, dated with the edition (a W3C date)."""
    stamp = datetime.fromisoformat(date if len(date) == 10 else f"{date}-01-01"[:10])
    return Attachment(
        url=file_url(paths.FONTS / "LICENSE.txt"),
        url_fetcher=LocalOnlyFetcher((paths.FONTS,)),
        name=FONT_LICENCE_NAME,
        description="SIL Open Font License 1.1 of Source Serif Pro, the typeface of this book",
        created=stamp.replace(tzinfo=UTC),
        modified=stamp.replace(tzinfo=UTC),
        relationship="Supplement",
    )


def file_identifier(book: RenderedBook, paper: str, build_id: str, flags: tuple) -> str:
    """The PDF file identifier: a digest of the book's identity and the options."""
    fields = [book.identifier, book.title, edition_date(book), paper, build_id, str(flags)]
    return hashlib.sha256("\0".join(fields).encode()).hexdigest()[:32]


def _page_labels_finisher(body_start: int):
    def finish(_document, pdf: pydyf.PDF) -> None:
        nums = pydyf.Array()
        if body_start > 0:
            nums.extend([0, pydyf.Dictionary({"S": "/r"})])
        nums.extend([body_start, pydyf.Dictionary({"S": "/D", "St": 1})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
        pdf.catalog["PageMode"] = "/UseOutlines"
        pdf.catalog["PageLayout"] = "/TwoPageRight"

    return finish


def write_pdf(
    book: RenderedBook,
    out_path: Path,
    *,
    paper: str = "a5",
    para_numbers: bool = False,
    notes_margin: bool = False,
    bleed: bool = False,
    build_id: str = "",
    tagged: bool = False,
    hyphenation: str = "",
    short_titles: dict[str, str] | None = None,
) -> PdfLayout:
    """Typeset ``book`` into ``out_path`` as one document and report where everything landed.
    ``hyphenation``: book.toml's exceptions (TeX style); ``short_titles``: text file → its
    running head.

    The reference renderer (:func:`samizdat.render.pdf_parts.write_pdf_parts` must read the
    same). Same inputs give a byte-identical file: the PDF dates come from the book's date (or
    SOURCE_DATE_EPOCH), the file identifier from the book's identifier and the options.
    """
    if not book.texts:
        raise ValueError("the book has no texts to print")
    source = book_html(
        book,
        paper=paper,
        para_numbers=para_numbers,
        notes_margin=notes_margin,
        bleed=bleed,
        build_id=build_id,
        hyphenation=hyphenation,
        short_titles=short_titles,
    )
    with font_configuration() as fonts:
        document = render_document(source, para_numbers=para_numbers, fonts=fonts)
        anchors = page_anchors(document)
        body_start = anchors[book.texts[0].id]
        labels = page_labels(len(document.pages), body_start)
        flags = (para_numbers, notes_margin, bleed, tagged)
        identifier = file_identifier(book, paper, build_id, flags)
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(
            out_path,
            finisher=_page_labels_finisher(body_start),
            attachments=[font_licence(edition_date(book))],
            pdf_identifier=identifier.encode(),
            pdf_variant="pdf/ua-1" if tagged else None,
        )
    return PdfLayout(
        page_count=len(document.pages),
        anchors=anchors,
        page_labels=labels,
        text_start_pages={t.id: labels[anchors[t.id]] for t in book.texts},
        body_start=body_start,
    )
