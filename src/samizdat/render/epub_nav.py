"""Navigation for the EPUB: the table of contents, landmarks, the NCX and the EPUB 2 guide.

Hrefs here are relative to the ``text/`` folder, where every XHTML document lives (the nav
document included); the NCX and the OPF guide, one level up, prefix ``text/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .html import RenderedBook, RenderedText, Section

TEXT_DIR = "text"


@dataclass(frozen=True)
class NavEntry:
    """One entry of the table of contents (nav.xhtml and toc.ncx)."""

    label: str
    href: str
    children: tuple[NavEntry, ...] = ()


def heading(text: RenderedText) -> str:
    """A text's title as shown: in square brackets when the editor supplied it."""
    return f"[{text.title}]" if text.editorial_title else text.title


def section_tree(
    sections: Sequence[Section], href: str, where: Mapping[str, str] | None = None
) -> tuple[NavEntry, ...]:
    """Nest a text's sections by heading level (h2 under the text, h3 under the h2, …).

    ``href``: the text's document; ``where``: a section's own document when the text is split.
    """
    where = where or {}
    root: list = []
    # A stack of (level, list of (section, children)) to attach the next section to.
    stack: list[tuple[int, list]] = [(1, root)]
    for s in sections:
        while len(stack) > 1 and stack[-1][0] >= s.level:
            stack.pop()
        kids: list = []
        stack[-1][1].append((s, kids))
        stack.append((s.level, kids))

    def build(items: list) -> tuple[NavEntry, ...]:
        return tuple(
            NavEntry(s.title, f"{where.get(s.id, href)}#{s.id}", build(kids)) for s, kids in items
        )

    return build(root)


def contents(
    book: RenderedBook, files: Sequence[str], where: Mapping[str, str] | None = None
) -> tuple[NavEntry, ...]:
    """Title page, every text with its sections, colophon: the reading order, nested."""
    return (
        NavEntry("Title Page", "titlepage.xhtml"),
        *(
            NavEntry(heading(t), f, section_tree(t.sections, f, where) + _notes_entry(t, f, where))
            for t, f in zip(book.texts, files, strict=True)
        ),
        NavEntry("Colophon", "colophon.xhtml"),
    )


def notes_href(text: RenderedText, file: str, where: Mapping[str, str] | None = None) -> str:
    """Where a text's notes section begins: its last document, or one of their own."""
    target = f"{text.id}-endnotes"
    return f"{(where or {}).get(target, file)}#{target}"


def _notes_entry(
    text: RenderedText, file: str, where: Mapping[str, str] | None
) -> tuple[NavEntry, ...]:
    """A text's notes as the last entry under it in the toc (as SE lists its endnotes)."""
    return (NavEntry("Notes", notes_href(text, file, where)),) if text.notes else ()


def landmarks(
    book: RenderedBook, files: Sequence[str], where: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The landmarks nav: cover, title page, contents, start of the texts, notes, colophon.

    Notes are kept per text: each text's notes section is an ``endnotes`` landmark, labelled
    with the text's title when there are several.
    """
    marks = [
        {"type": "cover", "href": "cover.xhtml", "label": "Cover"},
        {"type": "titlepage", "href": "titlepage.xhtml", "label": "Title Page"},
        {"type": "toc", "href": "nav.xhtml#toc", "label": "Contents"},
        {"type": "bodymatter", "href": files[0], "label": "Start of Content"},
    ]
    noted = [(t, f) for t, f in zip(book.texts, files, strict=True) if t.notes]
    for text, file in noted:
        label = f"Notes: {heading(text)}" if len(noted) > 1 else "Notes"
        marks.append({"type": "endnotes", "href": notes_href(text, file, where), "label": label})
    marks.append({"type": "colophon", "href": "colophon.xhtml", "label": "Colophon"})
    return marks


def guide(files: Sequence[str]) -> list[dict[str, str]]:
    """The EPUB 2 guide; Kindle takes its ``text`` reference as the "start reading" place."""
    return [
        {"type": "cover", "href": f"{TEXT_DIR}/cover.xhtml", "title": "Cover"},
        {"type": "title-page", "href": f"{TEXT_DIR}/titlepage.xhtml", "title": "Title Page"},
        {"type": "toc", "href": f"{TEXT_DIR}/nav.xhtml", "title": "Contents"},
        {"type": "text", "href": f"{TEXT_DIR}/{files[0]}", "title": "Start Reading"},
        {"type": "colophon", "href": f"{TEXT_DIR}/colophon.xhtml", "title": "Colophon"},
    ]


def depth(entries: Sequence[NavEntry]) -> int:
    return 1 + max((depth(e.children) for e in entries if e.children), default=0)


def ncx_points(entries: Sequence[NavEntry]) -> list[dict]:
    """The toc as NCX navPoints, numbered in play order (depth first, as they are read)."""
    counter = iter(range(1, 10**9))

    def build(items: Sequence[NavEntry]) -> list[dict]:
        out = []
        for e in items:
            n = next(counter)
            src = f"{TEXT_DIR}/{e.href}"
            out.append({"n": n, "label": e.label, "src": src, "children": build(e.children)})
        return out

    return build(entries)
