"""The print PDF: :class:`RenderedBook` → Jinja2 HTML → WeasyPrint → one PDF, laid out once.

The book is a small-press paperback: half-title, title page, colophon, contents (all numbered in
roman), then each text opening on a recto with the body numbered from 1, running heads (book title
on versos, text title on rectos), and endnotes per text. Everything typographic lives in
``templates/print`` (``book.html`` and friends, ``print.css``, ``heads.css`` for running heads and
folios, ``page.css.j2`` for the geometry of each paper preset). :mod:`.pdf_html` fills the templates and :mod:`.pdf_geometry` holds the paper
presets; this module fences WeasyPrint off from everything but our own templates and fonts, lays
the book out once, and reads the finished layout back. :func:`lay_out` does the same for one
document of a book laid out in parts, and :class:`Layouter` for many, in worker processes
(:mod:`.pdf_parts` drives them; :mod:`.pdf_merge` puts the pieces together).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import HTML, Attachment
from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import BlockBox, LineBox
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import paths
from .html import RenderedBook
from .pdf_geometry import NOTES_MARGIN, PAPER_GEOMETRY, Geometry, geometry_for
from .pdf_html import FONT_LICENCE_NAME, PRINT_TEMPLATES, book_html, edition_date, file_url
from .weasyprint_fixes import apply as _apply_weasyprint_fixes

_apply_weasyprint_fixes()

__all__ = [
    "FONT_LICENCE_NAME",
    "NOTES_MARGIN",
    "PAPER_GEOMETRY",
    "CallBox",
    "Geometry",
    "Job",
    "LaidOut",
    "Layouter",
    "LocalOnlyFetcher",
    "PdfLayout",
    "book_html",
    "geometry_for",
    "lay_out",
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


def render_document(source: str, *, para_numbers: bool = False) -> Document:
    """Lay out one print HTML document with nothing but our templates and fonts in reach."""
    fetcher = LocalOnlyFetcher((PRINT_TEMPLATES, paths.FONTS))
    html = HTML(string=source, base_url=PRINT_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    document = html.render()
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


@dataclass(frozen=True)
class CallBox:
    """The box a part leaves blank for a note's call page ("p. 12"), which its frame fills in:
    position and size in CSS px from the top-left corner of the page area, and the type size."""

    page: int  # 0-based page of the part the box is on
    target: str  # id of the note call it names
    left: float
    top: float
    width: float
    font_size: float
    line_height: float


@dataclass(frozen=True)
class LaidOut:
    """One laid-out document (a part, a frame, the front matter): its PDF and what it tells the
    merge."""

    pdf: bytes
    page_count: int
    anchors: dict[str, int]  # element id → 0-based page
    calls: tuple[CallBox, ...] = ()


def _call_boxes(document: Document) -> list[CallBox]:
    """Where each note's call page goes: the boxes of ``a.note-page`` (floats, one line)."""
    calls = []
    for index, page in enumerate(document.pages):
        page_box = page._page_box
        x0, y0 = page_box.content_box_x(), page_box.content_box_y()
        for box in page_box.descendants():
            if not isinstance(box, BlockBox) or box.element_tag != "a":
                continue
            if "note-page" not in box.element.get("class", "").split():
                continue
            line = next(d for d in box.descendants() if isinstance(d, LineBox))
            calls.append(
                CallBox(
                    page=index,
                    target=box.element.get("href", "")[1:],
                    left=box.content_box_x() - x0,
                    top=box.content_box_y() - y0,
                    width=box.width,
                    font_size=box.style["font_size"],
                    line_height=line.height,
                )
            )
    return calls


class Job(NamedTuple):
    """One document to lay out: its HTML, whether it has paragraph numbers to place, and the
    edition date if the font licence is to be attached."""

    source: str
    para_numbers: bool = False
    licence_date: str = ""


def lay_out(job: Job) -> LaidOut:
    """Lay out one print HTML document and write its PDF (in a worker, or in-process)."""
    document = render_document(job.source, para_numbers=job.para_numbers)
    calls = tuple(_call_boxes(document))
    attachments = [font_licence(job.licence_date)] if job.licence_date else None
    pdf = document.write_pdf(attachments=attachments)
    return LaidOut(pdf, len(document.pages), page_anchors(document), calls)


class _Collect(logging.Handler):
    """Keeps the warnings a worker logs, to be logged again by the parent process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_COLLECT = _Collect()


def _init_worker() -> None:
    # A forked worker inherits the parent's handlers; its warnings go back to the parent instead.
    logging.root.handlers = [_COLLECT]
    logging.root.setLevel(logging.WARNING)


def _work(job: Job) -> tuple[LaidOut, list[tuple[str, int, str]]]:
    _COLLECT.records = []
    return lay_out(job), _COLLECT.records


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork, which is cheap (WeasyPrint is already imported), unless threads make it unsafe;
    then a fork server that imports this module once (``--watch`` keeps it across rebuilds)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class Layouter:
    """Lays out documents in this process (``workers`` ≤ 1) or in a pool of worker processes,
    started when first needed and kept until the ``with`` block ends."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Layouter:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def run(self, jobs: dict[str, Job]) -> Iterator[tuple[str, LaidOut]]:
        """Lay out ``jobs`` (name → job), longest first, yielding each as it is done."""
        order = sorted(jobs, key=lambda name: -len(jobs[name].source))
        if self.workers <= 1 or len(jobs) <= 1:
            for name in order:
                yield name, lay_out(jobs[name])
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=_pool_context(), initializer=_init_worker
            )
        futures = {self.pool.submit(_work, jobs[name]): name for name in order}
        for future in as_completed(futures):
            laid_out, records = future.result()
            for logger, level, message in records:
                logging.getLogger(logger).log(level, "%s", message)
            yield futures[future], laid_out


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
) -> PdfLayout:
    """Typeset ``book`` into ``out_path`` as one document and report where everything landed.

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
    )
    document = render_document(source, para_numbers=para_numbers)
    anchors = page_anchors(document)
    body_start = anchors[book.texts[0].id]
    labels = page_labels(len(document.pages), body_start)
    identifier = file_identifier(book, paper, build_id, (para_numbers, notes_margin, bleed, tagged))
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
