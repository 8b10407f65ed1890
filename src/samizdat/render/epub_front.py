"""The EPUB's front and back matter: cover page, title page, nav document, colophon, NCX."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from markupsafe import Markup

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


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
#: A file name a machine made (a digest), which tells a reader nothing.
_HASH_NAME = re.compile(r"(?:^|[_-])[0-9a-f]{8,}(?:[_.-]|$)")
#: A furniture paragraph that is only a web address, written out (``www.lulu.com/c2w``).
_BARE_URL = re.compile(r"<p>((?:https?://|www\.)[^\s<>\"]+?)([.,;]?)</p>")


def in_words(moment: str) -> str:
    """A W3C date or timestamp as a reader says it.

    >>> in_words("2026-11-22T00:00:00Z"), in_words("1902")
    ('22 November 2026', '1902')
    """
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", moment)
    if not m or not m[2]:
        return moment
    month = _MONTHS[int(m[2]) - 1]
    return f"{int(m[3])} {month} {m[1]}" if m[3] else f"{month} {m[1]}"


def shown_file(name: str) -> str:
    """A text's file name as the colophon shows it: nothing for a name made of a digest.

    >>> shown_file("000_af4abf0bc9dc1f10.txt"), shown_file("letters.txt")
    ('', 'letters.txt')
    """
    return "" if _HASH_NAME.search(name) else name


def link_bare_urls(html: str) -> str:
    """A furniture line that is only a web address becomes a link to it (its text unchanged).

    >>> link_bare_urls("<p>www.lulu.com/c2w</p>")
    '<p><a class="link" href="https://www.lulu.com/c2w">www.lulu.com/c2w</a></p>'
    """

    def link(m: re.Match[str]) -> str:
        url = m[1] if m[1].startswith("http") else f"https://{m[1]}"
        return f'<p><a class="link" href="{url}">{m[1]}</a>{m[2]}</p>'

    return _BARE_URL.sub(link, html)


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
            modified_words=in_words(modified),
            imprint=_imprint(book),
            page_source=page_source if pages else "",
            editorial_titles=any(t.editorial_title for t in book.texts),
            sources=[
                {
                    "text": t,
                    "heading": heading(t),
                    "href": f,
                    "byline": _byline(t),
                    "file": shown_file(t.file),
                    "furniture": Markup(link_bare_urls(str(t.source_note_html))),
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
