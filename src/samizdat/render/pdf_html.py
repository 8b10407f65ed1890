"""The print edition as one HTML document: RenderedBook → Jinja2 templates in templates/print.

Templates are data: ``book.html`` (with ``colophon.html`` and ``text.html``), ``print.css``,
``heads.css`` (running heads and folios) and ``page.css.j2`` (the geometry of one paper preset).
This module only prepares what they show. Besides the whole book it fills the documents of a
book laid out in parts (:mod:`.pdf_parts`): one text alone (``part.css``) or a piece of a long
one (``piece_text.html``, ``piece.css``; :mod:`.pdf_pieces`), and the frame around the texts
(``frame_text.html``, ``frame.css``).
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import paths
from ..config import DEFAULT_DATE
from .html import RenderedBook, RenderedNote, RenderedText, top_level_blocks
from .pdf_geometry import BLEED_MM, geometry_for
from .pdf_hyphens import exceptions_meta, keep_last_words
from .pdf_keeps import keep_together, mark_lead_ins

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
#: Stylesheets of each kind of document: the whole book, and those of a book laid out in parts
#: (a text alone, the front matter, a text's frame, a blank verso).
STYLESHEETS = {
    "book": ("print.css", "heads.css"),
    "part": ("print.css", "part.css"),
    "front": ("print.css", "heads.css", "frame.css"),
    "frame": ("print.css", "heads.css", "frame.css"),
    "blank": ("print.css", "heads.css"),
    "piece": ("print.css", "part.css", "piece.css"),
}
#: Deepest section level listed in the contents.
CONTENTS_DEPTH = 3


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


def runhead(title: str, short_title: str = "") -> str:
    """A text's running head: its ``short_title`` from book.toml, else its title up to the
    first colon; never bracketed (an editorial title's brackets are in the contents) or cut.

    >>> runhead("Stalin Against the Soviet Bureaucracy: An Interview with T. Clark")
    'Stalin Against the Soviet Bureaucracy'
    >>> runhead("A Letter to a Comrade", "Letter to a Comrade")
    'Letter to a Comrade'
    """
    if short_title.strip():
        return short_title.strip()
    head = title.split(":", 1)[0].strip()
    return head or title.strip()


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)">')
#: A paragraph that opens with a speaker label (an interview turn) and has no role class yet.
_SPEECH = re.compile(r'<p (id="[^"]*" data-para="\d+")><b class="speaker">')


def _prepare_body(html: str, titles: dict[str, str]) -> Markup:
    """Give each section heading a ``data-bookmark`` with its plain title (no note numbers),
    mark paragraphs that open with a speaker label so they are set without indent, and keep
    each paragraph's last word whole (:func:`~.pdf_hyphens.keep_last_words`), and keep
    references, initials, note calls and lead-ins together (:mod:`.pdf_keeps`)."""

    def add(m: re.Match[str]) -> str:
        title = titles.get(str(Markup(m.group(2)).unescape()))
        if title is None:
            return m.group(0)
        return f'<h{m.group(1)} id="{m.group(2)}" data-bookmark="{escape(title)}">'

    html = _HEADING.sub(add, html)
    html = keep_together(_SPEECH.sub(r'<p class="speech" \1><b class="speaker">', html))
    return Markup(mark_lead_ins(keep_last_words(html)))


def _text_view(
    text: RenderedText, first: bool, body_html: Markup | None = None, options: dict | None = None
) -> dict:
    display = _display_title(text)
    short = (options or {}).get("short_titles", {}).get(text.file, "")
    if body_html is None:
        body_html = _prepare_body(str(text.body_html), {s.id: s.title for s in text.sections})
    return {
        "id": text.id,
        "first": first,
        "display_title": display,
        "runhead": runhead(text.title, short),
        "author": text.author,
        "language": text.language,
        "source": text.source,
        "date": text.date,
        "file": text.file,
        "body_html": body_html,
        "source_note_html": text.source_note_html,
        "notes": text.notes,
        "toc_sections": tuple(s for s in text.sections if s.level <= CONTENTS_DEPTH),
    }


def contents_ids(text: RenderedText) -> tuple[str, ...]:
    """The ids the contents links to for ``text``: its opening, then its listed sections."""
    return (text.id, *(s.id for s in text.sections if s.level <= CONTENTS_DEPTH))


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
    return _environment_for(PRINT_TEMPLATES)


@functools.cache  # templates compiled once per process (auto_reload still sees edits)
def _environment_for(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = sentence
    env.filters["lead_with"] = lead_with
    env.filters["keep_last_words"] = lambda html: Markup(keep_last_words(keep_together(str(html))))
    return env


@dataclass(frozen=True)
class Start:
    """Where a document of a book laid out in parts starts: the side of its first page (""
    for a recto, as a text opens), and for a frame, the folio of its first page and the named
    page that sets it (``text-first`` on a text's opening page, ``text-more`` after)."""

    side: str = ""
    folio: int = 0
    page: str = "text-first"


def _render(
    book: RenderedBook,
    texts: list[dict],
    options: dict,
    *,
    kind: str = "book",
    build_id: str = "",
    folios: dict[str, str] | None = None,
    start: Start = Start(),
    stubs: tuple[str, ...] = (),
) -> str:
    """Fill ``book.html`` for one kind of document: the whole ``book``, a ``part`` (one text) or
    a ``piece`` of one, the ``front`` matter, the ``frame`` of one text (its heads and folios)
    or a ``blank`` page. ``stubs``: ids a piece links to that other pieces hold."""
    env = _environment()
    page_css = env.get_template("page.css.j2").render(
        geometry=geometry_for(options["paper"], notes_margin=options["notes_margin"]),
        font_faces=[
            {"url": file_url(paths.FONTS / f"{stem}.otf"), "weight": weight, "style": style}
            for stem, weight, style in FONT_FACES
        ],
        bleed=BLEED_MM if options["bleed"] else 0,
        marks=kind not in ("part", "piece"),
        start=start,
    )
    text_template = {"frame": "frame_text.html", "piece": "piece_text.html"}.get(kind)
    return env.get_template("book.html").render(
        book=book,
        texts=texts,
        metadata=kind not in ("part", "piece"),
        front=kind in ("book", "front"),
        body=kind in ("book", "part", "frame", "piece"),
        folios=folios,
        stubs=stubs,
        stylesheets=STYLESHEETS[kind],
        text_template=text_template or "text.html",
        date=edition_date(book),
        edition_date=edition_date(book),
        page_css=Markup(page_css),
        body_classes=_body_classes(**options),
        hyphenation_meta=Markup(exceptions_meta(options.get("hyphenation", ""))),
        has_editorial_titles=any(t.editorial_title for t in book.texts),
        build_id=build_id,
        font_licence_name=FONT_LICENCE_NAME,
    )


def _body_classes(
    paper: str, para_numbers: bool, notes_margin: bool, bleed: bool, **_: object
) -> str:
    classes = [f"paper-{paper}"]
    if para_numbers:
        classes.append("para-numbers")
    if notes_margin:
        classes.append("notes-margin")
    return " ".join(classes)


def book_html(
    book: RenderedBook,
    *,
    paper: str = "a5",
    para_numbers: bool = False,
    notes_margin: bool = False,
    bleed: bool = False,
    build_id: str = "",
    hyphenation: str = "",
    short_titles: dict[str, str] | None = None,
) -> str:
    """The whole print edition as one HTML document (what WeasyPrint lays out).
    ``hyphenation``: book.toml's exceptions; ``short_titles``: text file → running head."""
    options = {"paper": paper, "para_numbers": para_numbers, "notes_margin": notes_margin}
    options.update(bleed=bleed, hyphenation=hyphenation, short_titles=short_titles or {})
    texts = [_text_view(t, i == 0, options=options) for i, t in enumerate(book.texts)]
    return _render(book, texts, options, build_id=build_id)


# ---------------------------------------------------------------- a book laid out in parts


def part_html(book: RenderedBook, index: int, **options: Any) -> str:
    """Text ``index`` alone: its opening, body and notes, set exactly as in the whole book but
    without running heads, folios, crop marks or book metadata, and with each note's call page
    left blank (its box keeps its size). Nothing in it depends on the page the text opens on.
    ``options``: ``paper``, ``para_numbers``, ``notes_margin``, ``bleed``."""
    texts = [_text_view(book.texts[index], index == 0, options=options)]
    return _render(book, texts, options, kind="part")


def front_html(
    book: RenderedBook, folios: dict[str, str], *, build_id: str = "", **options: Any
) -> str:
    """The front matter as in the whole book, the contents giving ``folios`` (text and section id
    → page number) instead of looking them up; every id it links to is an empty anchor, so the
    links survive until the merge points them at the texts."""
    texts = [_text_view(t, i == 0, Markup(), options) for i, t in enumerate(book.texts)]
    return _render(book, texts, options, kind="front", build_id=build_id, folios=folios)


@dataclass(frozen=True)
class CallPage:
    """A note's call page ("p. N") drawn by a frame into the box its part left blank.

    ``left``, ``top`` and ``width`` are the box's content box in CSS px from the top-left corner
    of the page area; ``font_size`` and ``line_height`` (px) are those the part laid it out with.
    """

    folio: str
    left: float
    top: float
    width: float
    font_size: float
    line_height: float


def frame_html(
    book: RenderedBook,
    index: int,
    pages: list[tuple[CallPage, ...]],
    first_folio: int,
    *,
    opening: bool = True,
    **options: Any,
) -> str:
    """The frame of text ``index``, or of a run of its pages after its ``opening`` page: one
    empty page per page of the text, numbered from ``first_folio``, carrying what depends on
    where the text lands: running heads, folios, crop marks and the notes' call pages
    (``pages[i]`` on page ``i``). Odd folios are rectos."""
    view = {**_text_view(book.texts[index], index == 0, Markup(), options), "pages": pages}
    if opening:
        start = Start(folio=first_folio)
    else:
        start = Start("left" if first_folio % 2 == 0 else "", first_folio, "text-more")
    texts = [{**view, "opening": opening}]
    return _render(book, texts, options, kind="frame", start=start)


def blank_html(book: RenderedBook, **options: Any) -> str:
    """One blank page (with crop marks when bled): the verso left empty before a text."""
    return _render(book, [], options, kind="blank")


# ---------------------------------------------------------------- a long text laid out in pieces

#: Stands for a note's markup around its text in a piece's size (:func:`Flow.sizes`).
NOTE_MARKUP_BYTES = 200
_IDS = re.compile(r'\sid="([^"]*)"')
_LINKS = re.compile(r'\shref="#([^"]*)"')
_TAG = re.compile(r"<(\w+)")


@dataclass(frozen=True)
class Flow:
    """A text as :mod:`.pdf_pieces` lays it out in pieces: its flow items, the top-level blocks
    of its body (prepared for print) then its notes (the notes heading goes with the first)."""

    blocks: tuple[Markup, ...]
    notes: tuple[RenderedNote, ...]

    def __len__(self) -> int:
        return len(self.blocks) + len(self.notes)

    def sizes(self) -> list[int]:
        """The HTML bytes of each item."""
        notes = [len(n.html) + NOTE_MARKUP_BYTES for n in self.notes]
        return [len(b) for b in self.blocks] + notes


def text_size(text: RenderedText) -> int:
    """About the HTML bytes of ``text``'s flow (what :func:`Flow.sizes` adds up to)."""
    notes = sum(len(n.html) + NOTE_MARKUP_BYTES for n in text.notes)
    return len(text.body_html) + notes


def text_flow(text: RenderedText) -> Flow:
    """``text``'s flow, its body cut with :func:`~.html.top_level_blocks`."""
    titles = {s.id: s.title for s in text.sections}
    body = mark_lead_ins(str(text.body_html))  # a lead-in and its quotation are two blocks
    blocks = tuple(_prepare_body(b, titles) for b in top_level_blocks(body))
    return Flow(blocks, text.notes)


def _stubs(text: RenderedText, flow: Flow, start: int, stop: int) -> tuple[str, ...]:
    """The ids flow items ``start``…``stop`` link to that other pieces hold."""
    blocks = "".join(flow.blocks[start:stop])
    notes = flow.notes[max(start - len(flow.blocks), 0) : max(stop - len(flow.blocks), 0)]
    held = {*_IDS.findall(blocks), *(n.id for n in notes), *([text.id] if start == 0 else [])}
    linked = {*_LINKS.findall(blocks), *(n.ref_id for n in notes)}
    return tuple(sorted(str(Markup(i).unescape()) for i in linked - held))


def piece_html(
    book: RenderedBook,
    index: int,
    flow: Flow,
    start: int,
    stop: int,
    side: str = "right",
    **options: Any,
) -> tuple[str, tuple[str, ...]]:
    """Flow items ``start``…``stop`` of text ``index`` laid out alone, and the ids it links to
    that other pieces hold (each an empty anchor in it, see ``piece.css``).

    The first piece is the text's part cut short. A later one begins with a leader that fills
    its first page, so that its first item starts page 2 after an unforced break, as at a page
    break of the whole text, on ``side`` ("left" for a verso); the element before that item is
    there, hidden, for the selectors that look at it (``h2 + p``).
    """
    text, count = book.texts[index], len(flow.blocks)
    body = Markup("".join(flow.blocks[start:stop]))
    view = _text_view(text, index == 0, body, options)
    view["notes"] = flow.notes[max(start - count, 0) : max(stop - count, 0)]
    view["continued"] = start > 0
    view["leader"] = "body" if start <= count else "notes"
    view["notes_heading"] = start <= count
    previous = _TAG.match(flow.blocks[start - 1]) if 0 < start <= count else None
    view["stub"] = previous.group(1) if previous else ""
    stubs = _stubs(text, flow, start, stop)
    leader = Start("left" if start > 0 and side != "left" else "")  # the leader's page faces it
    return _render(book, [view], options, kind="piece", start=leader, stubs=stubs), stubs
