"""The print edition as one HTML document: RenderedBook → Jinja2 templates in templates/print.

Templates are data: ``book.html`` (with ``colophon.html`` and ``text.html``), ``print.css`` and
``page.css.j2`` (the geometry of one paper preset). This module only prepares what they show.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import paths
from ..config import DEFAULT_DATE
from .html import RenderedBook, RenderedText
from .pdf_geometry import BLEED_MM, geometry_for

#: Templates of the print edition (HTML, CSS); the only directory, with FONTS, WeasyPrint may read.
PRINT_TEMPLATES = paths.TEMPLATES / "print"
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


def file_url(path: Path) -> str:
    return "file://" + quote(str(path.resolve()))


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
        {"url": file_url(paths.FONTS / f"{stem}.otf"), "weight": weight, "style": style}
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
