"""The print PDF: :class:`RenderedBook` → Jinja2 HTML → WeasyPrint → one PDF, laid out once.

The book is a small-press paperback: half-title, title page, colophon, contents (all numbered in
roman), then each text opening on a recto with the body numbered from 1, running heads (book title
on versos, text title on rectos), and endnotes per text. Everything typographic lives in
``templates/print`` (``book.html`` and friends, ``print.css``, ``page.css.j2`` for the geometry of
each paper preset); this module only chooses the geometry, fills the templates, fences WeasyPrint
off from everything but our own templates and fonts, and reads the finished layout back.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pydyf
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import paths
from ..config import DEFAULT_DATE, PAPER_SIZES
from .html import RenderedBook, RenderedText

#: Templates of the print edition (HTML, CSS); the only directory, with FONTS, WeasyPrint may read.
PRINT_TEMPLATES = paths.TEMPLATES / "print"
#: Bleed added on every side when ``bleed=True`` (mm), with crop marks.
BLEED_MM = 3
#: Name under which the font licence is attached to the PDF.
FONT_LICENCE_NAME = "SourceSerifPro-OFL.txt"
#: Source Serif Pro faces declared with @font-face: (file stem, weight, style).
FONT_FACES = (
    ("SourceSerifPro-Regular", 400, "normal"),
    ("SourceSerifPro-It", 400, "italic"),
    ("SourceSerifPro-Semibold", 600, "normal"),
    ("SourceSerifPro-SemiboldIt", 600, "italic"),
    ("SourceSerifPro-Bold", 700, "normal"),
    ("SourceSerifPro-BoldIt", 700, "italic"),
)
#: Running heads longer than this are cut at a word and given an ellipsis.
RUNHEAD_MAX = 48
#: Gap between the text block and a paragraph number in the outer margin (CSS px; 1 mm ≈ 3.78 px).
PARA_NUMBER_GAP = 3 * 96 / 25.4


@dataclass(frozen=True)
class Geometry:
    """Page and type geometry of one paper preset, in millimetres and points."""

    width: float
    height: float
    inner: float  # gutter margin
    outer: float  # fore-edge margin
    top: float
    bottom: float
    font_size: float  # pt
    leading: float  # pt

    @property
    def block_height(self) -> float:
        """Height of the text block (mm), less a little so rounding never spills a page."""
        return round(self.height - self.top - self.bottom - 1, 2)

    @property
    def sink(self) -> float:
        """Drop of a text opening below the top of the text block (mm)."""
        return round(self.block_height * 0.16, 2)


#: Mirrored margins for each paper preset (sizes from :data:`samizdat.config.PAPER_SIZES`).
#: Type size and measure give about 60–70 characters a line on every preset.
PAPER_GEOMETRY: dict[str, Geometry] = {
    "a5": Geometry(
        *PAPER_SIZES["a5"], inner=20, outer=16, top=18, bottom=20, font_size=10.5, leading=14
    ),
    "6x9": Geometry(
        *PAPER_SIZES["6x9"], inner=20, outer=16, top=19, bottom=22, font_size=10.5, leading=14.2
    ),
    "a4": Geometry(
        *PAPER_SIZES["a4"], inner=30, outer=46, top=26, bottom=30, font_size=12, leading=16.2
    ),
    "letter": Geometry(
        *PAPER_SIZES["letter"], inner=31, outer=49, top=24, bottom=28, font_size=12, leading=16.2
    ),
}
#: Outer margin (mm) with ``notes_margin=True``: room for handwritten notes.
NOTES_MARGIN: dict[str, float] = {"a5": 38, "6x9": 40, "a4": 75, "letter": 78}


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


def _file_url(path: Path) -> str:
    return "file://" + quote(str(path.resolve()))


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


def edition_date(book: RenderedBook) -> str:
    """The book's date as a W3C date: ``book.date``, else SOURCE_DATE_EPOCH, else the default."""
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", book.date.strip()):
        return book.date.strip()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))
    return DEFAULT_DATE


def _display_title(text: RenderedText) -> str:
    return f"[{text.title}]" if text.editorial_title else text.title


def _runhead(title: str) -> str:
    if len(title) <= RUNHEAD_MAX:
        return title
    cut = title[:RUNHEAD_MAX].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)">')
#: A paragraph that opens with a speaker label (an interview turn) and has no role class yet.
_SPEECH = re.compile(r'<p (id="[^"]*" data-para="\d+")><b class="speaker">')


def _prepare_body(text: RenderedText) -> Markup:
    """Give each section heading a ``data-bookmark`` with its plain title (no note numbers), and
    mark paragraphs that open with a speaker label so they are set without indent."""
    titles = {s.id: s.title for s in text.sections}

    def add(m: re.Match[str]) -> str:
        title = titles.get(str(Markup(m.group(2)).unescape()))
        if title is None:
            return m.group(0)
        return f'<h{m.group(1)} id="{m.group(2)}" data-bookmark="{escape(title)}">'

    html = _HEADING.sub(add, str(text.body_html))
    return Markup(_SPEECH.sub(r'<p class="speech" \1><b class="speaker">', html))


def _text_view(text: RenderedText, first: bool) -> dict:
    display = _display_title(text)
    runhead = _runhead(text.title)
    return {
        "id": text.id,
        "first": first,
        "display_title": display,
        "runhead": f"[{runhead}]" if text.editorial_title else runhead,
        "author": text.author,
        "source": text.source,
        "date": text.date,
        "file": text.file,
        "body_html": _prepare_body(text),
        "source_note_html": text.source_note_html,
        "notes": text.notes,
        "toc_sections": tuple(s for s in text.sections if s.level <= 3),
    }


def sentence(text: str) -> str:
    """End ``text`` with a full stop unless it already ends a sentence (``"P.C."``, ``"Why?"``)."""
    text = text.strip()
    return (
        text if not text or text[-1] in ".!?…" or text.endswith((".”", ".’", ".)")) else text + "."
    )


def lead_with(html: Markup, head: Markup) -> Markup:
    """Put ``head`` at the start of the first paragraph of ``html`` (a note's number and call page
    must share its first line), or in a paragraph of its own if ``html`` has none."""
    m = re.match(r"\s*<p( [^>]*)?>", str(html))
    if m is None:
        return Markup("<p>") + head + Markup("</p>") + html
    return Markup(str(html)[: m.end()]) + head + Markup(str(html)[m.end() :])


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PRINT_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = sentence
    env.filters["lead_with"] = lead_with
    return env


def geometry_for(paper: str, *, notes_margin: bool = False) -> Geometry:
    try:
        geometry = PAPER_GEOMETRY[paper]
    except KeyError:
        raise ValueError(
            f"unknown paper {paper!r} (choose from {', '.join(PAPER_GEOMETRY)})"
        ) from None
    if notes_margin:
        geometry = replace(geometry, outer=NOTES_MARGIN[paper])
    return geometry


def book_html(
    book: RenderedBook,
    *,
    paper: str = "a5",
    para_numbers: bool = False,
    notes_margin: bool = False,
    bleed: bool = False,
    build_id: str = "",
) -> str:
    """The whole print edition as one HTML document (what WeasyPrint lays out)."""
    env = _environment()
    geometry = geometry_for(paper, notes_margin=notes_margin)
    faces = [
        {"url": _file_url(paths.FONTS / f"{stem}.otf"), "weight": weight, "style": style}
        for stem, weight, style in FONT_FACES
    ]
    page_css = env.get_template("page.css.j2").render(
        geometry=geometry, font_faces=faces, bleed=BLEED_MM if bleed else 0
    )
    classes = [f"paper-{paper}"]
    if para_numbers:
        classes.append("para-numbers")
    if notes_margin:
        classes.append("notes-margin")
    texts = [_text_view(t, i == 0) for i, t in enumerate(book.texts)]
    return env.get_template("book.html").render(
        book=book,
        texts=texts,
        date=edition_date(book),
        edition_date=edition_date(book),
        page_css=Markup(page_css),
        body_classes=" ".join(classes),
        has_editorial_titles=any(t.editorial_title for t in book.texts),
        build_id=build_id,
        font_licence_name=FONT_LICENCE_NAME,
    )


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
    """Typeset ``book`` into ``out_path`` and report where everything landed.

    Same inputs give a byte-identical file: the PDF dates come from the book's date (or
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
    fetcher = LocalOnlyFetcher((PRINT_TEMPLATES, paths.FONTS))
    html = HTML(string=source, base_url=PRINT_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    document = html.render()
    if para_numbers:
        _place_para_numbers(document)

    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    body_start = anchors[book.texts[0].id]
    labels = [
        _roman(i + 1) if i < body_start else str(i - body_start + 1)
        for i in range(len(document.pages))
    ]

    date = edition_date(book)
    stamp = datetime.fromisoformat(date if len(date) == 10 else f"{date}-01-01"[:10])
    licence = Attachment(
        url=_file_url(paths.FONTS / "LICENSE.txt"),
        url_fetcher=fetcher,
        name=FONT_LICENCE_NAME,
        description="SIL Open Font License 1.1 of Source Serif Pro, the typeface of this book",
        created=stamp.replace(tzinfo=UTC),
        modified=stamp.replace(tzinfo=UTC),
        relationship="Supplement",
    )
    identifier = hashlib.sha256(
        "\0".join(
            [
                book.identifier,
                book.title,
                date,
                paper,
                build_id,
                str((para_numbers, notes_margin, bleed, tagged)),
            ]
        ).encode()
    ).hexdigest()[:32]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(
        out_path,
        finisher=_page_labels_finisher(body_start),
        attachments=[licence],
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
