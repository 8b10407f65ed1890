"""XHTML for the EPUB: the template environment and the few edits made to rendered fragments.

The fragments come from :mod:`samizdat.render.html` as XHTML-safe :class:`~markupsafe.Markup`
(every text node already escaped, so a ``<`` in them only ever starts one of the renderer's own
tags). The edits here are therefore small, anchored on attributes the renderer writes itself
(``id="…"``, ``data-para="…"``) and they fail loudly rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..paths import TEMPLATES
from .html import RenderedNote

#: Back-link text: U+21A9 with VS15 so it renders as text, not as an emoji, on every reader.
BACKLINK_TEXT = "\u21a9\ufe0e"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_PARA = re.compile(r'(<p\b[^<>]*?\sdata-para="(\d+)"[^<>]*>)')


@cache
def environment() -> Environment:
    """Jinja2 templates from ``templates/epub``: autoescaped, strict about undefined names."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES / "epub"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: object) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def text_file_names(text_ids: Iterable[str], reserved: Iterable[str]) -> list[str]:
    """A stable, OCF-safe file stem per text: its id when safe and free, else ``text-N``."""
    taken = set(reserved)
    names: list[str] = []
    for n, text_id in enumerate(text_ids, 1):
        name = text_id if _SAFE_NAME.match(text_id) else f"text-{n}"
        if name in taken:
            name = f"text-{n}"
        while name in taken:
            name += "-x"
        taken.add(name)
        names.append(name)
    return names


def page_marker_id(label: str) -> str:
    """The id of the marker for printed page ``label`` (``page-12``, ``page-xiv``)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_.-]", "-", label)


def page_marker(label: str) -> str:
    lab = escape(label)
    return (
        f'<span class="pagebreak" id="{escape(page_marker_id(label))}" epub:type="pagebreak" '
        f'role="doc-pagebreak" aria-label="{lab}"></span>'
    )


def element_offset(body: Markup, element_id: str) -> int | None:
    """Where the start tag of the element with ``id="element_id"`` begins in ``body``, if any."""
    attr = re.escape(str(escape(element_id)))
    m = re.search(rf'<[a-z][a-z0-9]*\b[^<>]*?\sid="{attr}"', str(body))
    return m.start() if m else None


def insert_page_markers(body: Markup, markers: Sequence[tuple[int, str]]) -> Markup:
    """Insert a page-break marker for each ``(offset, label)``, offsets from :func:`element_offset`.

    Markers at one offset (pages on which no block starts share the block that continues) keep
    the order given.
    """
    html = str(body)
    parts, last = [], 0
    for pos, label in sorted(markers, key=lambda m: m[0]):
        parts += [html[last:pos], page_marker(label)]
        last = pos
    parts.append(html[last:])
    return Markup("".join(parts))


def number_paragraphs(body: Markup) -> Markup:
    """Show each body paragraph's number (its ``data-para``, the same as the PDF's) at its start.

    The number is hidden from assistive technology and set apart by a space, so neither a
    screen reader nor a text extraction runs it into the first word ("1How").

    >>> str(number_paragraphs(Markup('<p id="t-p1" data-para="1">How</p>')))
    '<p id="t-p1" data-para="1"><span class="pnum" aria-hidden="true">1</span> How</p>'
    """
    return Markup(_PARA.sub(r'\1<span class="pnum" aria-hidden="true">\2</span> ', str(body)))


def note_with_backlink(note: RenderedNote) -> Markup:
    """The note's HTML with a link back to its call, placed inside its last paragraph."""
    link = (
        f'<a href="#{escape(note.ref_id)}" class="backlink" epub:type="backlink" role="doc-backlink" '
        f'aria-label="Back to note {note.number} in the text">{BACKLINK_TEXT}</a>'
    )
    html = str(note.html).rstrip()
    if html.endswith("</p>"):
        return Markup(f"{html[:-4]} {link}</p>")
    return Markup(f"{html}<p>{link}</p>")


def count_noterefs(body: Markup) -> int:
    return len(re.findall(r'<a\b[^<>]*\sepub:type="noteref"', str(body)))
