"""The EPUB's front and back matter: cover page, title page, nav document, colophon, NCX."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from .cover import Cover
from .epub_nav import contents, depth, heading, landmarks, ncx_points
from .epub_xhtml import render
from .html import RenderedBook, RenderedText

COVER_IMAGE = "cover.png"


def and_list(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b, and c``."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _sentence(text: str) -> str:
    """``text`` closed with a full stop unless it already ends in one (``by P.C.``)."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _imprint(book: RenderedBook) -> str:
    """What follows the title in the colophon's first sentence."""
    parts = []
    if book.editor:
        parts.append(f", edited by {book.editor}")
    if book.publisher:
        parts.append(f", published by {book.publisher}")
    if book.date:
        parts.append(f", {book.date}")
    return _sentence("".join(parts))


def _byline(text: RenderedText) -> str:
    """What follows a text's title in the colophon's list of sources."""
    out = f", by {text.author}" if text.author else ""
    if text.date:
        out += f" ({text.date})"
    return _sentence(out)


def _corrections_by_text(book: RenderedBook) -> tuple[dict[str, list[str]], list[str]]:
    """Corrections (``"<text id>: “a” → “b” (why)"``) grouped under their text; the rest apart."""
    ids = {t.id for t in book.texts}
    by_text: dict[str, list[str]] = defaultdict(list)
    other: list[str] = []
    for line in book.corrections:
        text_id, sep, rest = line.partition(": ")
        if sep and text_id in ids:
            by_text[text_id].append(rest)
        else:
            other.append(line)
    return by_text, other


def front_and_back(
    book: RenderedBook,
    files: Sequence[str],
    where: Mapping[str, str],
    *,
    lang: str,
    identifier: str,
    cover: Cover,
    pages: Sequence[dict[str, str]],
    page_source: str,
    build_id: str,
    modified: str,
) -> dict[str, bytes]:
    """Render cover.xhtml, titlepage.xhtml, nav.xhtml, colophon.xhtml and toc.ncx.

    ``files``: each text's (first) document; ``where``: the document of each element id of a
    text split into several (see :mod:`.epub_split`).
    """
    toc = contents(book, files, where)
    by_text, other_corrections = _corrections_by_text(book)
    return {
        "cover.xhtml": render(
            "cover.xhtml",
            lang=lang,
            matter="frontmatter",
            page_title="Cover",
            cover_file=COVER_IMAGE,
            cover_alt=cover.alt,
        ),
        "titlepage.xhtml": render(
            "titlepage.xhtml",
            lang=lang,
            matter="frontmatter",
            page_title=book.title,
            book=book,
            authors=and_list(book.authors),
        ),
        "nav.xhtml": render(
            "nav.xhtml",
            lang=lang,
            matter="frontmatter",
            page_title="Contents",
            toc=toc,
            landmarks=landmarks(book, files, where),
            pages=pages,
        ),
        "colophon.xhtml": render(
            "colophon.xhtml",
            lang=lang,
            matter="backmatter",
            page_title="Colophon",
            book=book,
            build_id=build_id,
            modified=modified,
            imprint=_imprint(book),
            page_source=page_source if pages else "",
            editorial_titles=any(t.editorial_title for t in book.texts),
            sources=[
                {
                    "text": t,
                    "heading": heading(t),
                    "href": f,
                    "byline": _byline(t),
                    "corrections": by_text.get(t.id, []),
                }
                for t, f in zip(book.texts, files, strict=True)
            ],
            other_corrections=other_corrections,
        ),
        "toc.ncx": render(
            "toc.ncx",
            lang=lang,
            uid=identifier,
            title=book.title,
            authors=book.authors,
            depth=depth(toc),
            toc=ncx_points(toc),
        ),
    }
