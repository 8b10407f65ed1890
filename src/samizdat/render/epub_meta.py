"""Package metadata for the EPUB: Dublin Core, roles, pagination source and accessibility.

Accessibility metadata is computed from what the writer actually produced (:class:`Facts`), never
asserted blindly:

* ``accessMode`` is ``textual``. The only image is the cover, a typographic rendering of the
  title, subtitle and editor, all of which the title page gives as text, and the cover has a text
  alternative; it carries no intellectual content of its own. (This is the inference Readium and
  DAISY's tools make: a publication whose only image is its cover is ``textual`` and
  ``accessModeSufficient: textual``.) Images in the content other than the cover would add
  ``visual`` and ``alternativeText``; the document model has none today, and ``Facts`` counts
  them so the metadata stays honest if that changes.
* ``tableOfContents`` / ``structuralNavigation`` / ``readingOrder`` follow from the nav document,
  the heading structure and the spine; ``pageNavigation`` and ``pageBreakMarkers`` only when a
  page list was written (``pageBreakMarkers`` is the current term for the deprecated
  ``printPageNumbers``).
* ``displayTransformability``: the stylesheet sets no absolute font sizes, colours or
  backgrounds (a test checks the CSS). ``unlocked``: the file has no DRM.
* No conformance claim (``dcterms:conformsTo``) is made: that needs an audit, not a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ebooklib import epub

from .. import __version__
from .html import RenderedBook

W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$")


@dataclass(frozen=True)
class Facts:
    """What the writer produced, for metadata that must follow from content."""

    texts: int
    sections: int
    notes: int
    content_images: int  # images in the reading order other than the cover
    cover_alt: bool
    page_list: int
    page_source: str


def _meta(book: epub.EpubBook, prop: str, value: str, **attrs: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop, **attrs})


def accessibility(facts: Facts) -> list[tuple[str, str]]:
    """The ``schema:`` accessibility properties, as (property, value) pairs in output order."""
    modes = ["textual"] + (["visual"] if facts.content_images else [])
    sufficient = ["textual"] if facts.cover_alt else [",".join(modes)]
    features = ["displayTransformability", "readingOrder"]
    if facts.content_images and facts.cover_alt:
        features.append("alternativeText")
    if facts.page_list:
        features += ["pageBreakMarkers", "pageNavigation"]
    features += ["structuralNavigation", "tableOfContents", "unlocked"]
    out = [("schema:accessMode", m) for m in modes]
    out += [("schema:accessModeSufficient", s) for s in sufficient]
    out += [("schema:accessibilityFeature", f) for f in features]
    out += [("schema:accessibilityHazard", "none")]
    out += [("schema:accessibilitySummary", summary(facts))]
    return out


def summary(facts: Facts) -> str:
    parts = [
        f"This publication is text: {facts.texts} text{'s' if facts.texts != 1 else ''}, each "
        "in its own document with headings for its title"
        + (" and sections" if facts.sections else "")
        + ", in a single logical reading order, with a table of contents that lists every text"
        + (" and section." if facts.sections else "."),
    ]
    if facts.notes:
        parts.append(
            "Each note reference links to its note at the end of its text, and each note links "
            "back to its reference."
        )
    parts.append(
        "The only image is the cover, which repeats the title page and has a text alternative."
    )
    if facts.page_list:
        parts.append(
            f"Page-break markers and a page list give the page numbers of {facts.page_source}."
        )
    parts.append(
        "The styles set no fixed font sizes or colours, so reading-system settings apply. "
        "There are no known hazards."
    )
    return " ".join(parts)


def add_metadata(
    book: epub.EpubBook,
    rb: RenderedBook,
    *,
    identifier: str,
    facts: Facts,
    description: str,
) -> None:
    """Fill in the package metadata of ``book`` (dcterms:modified is written by ebooklib)."""
    book.IDENTIFIER_ID = "uid"
    book.set_identifier(identifier)
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": f"samizdat {__version__} (EbookLib 0.20)"})
    ]

    book.title = rb.title
    book.add_metadata("DC", "title", rb.title, {"id": "title"})
    _meta(book, "title-type", "main", refines="#title")
    if rb.subtitle:
        book.add_metadata("DC", "title", rb.subtitle, {"id": "subtitle"})
        _meta(book, "title-type", "subtitle", refines="#subtitle")
    book.set_language(rb.language)

    # The texts' authors are the creators; the editor is a contributor, or the creator when no
    # text names an author.
    people: list[tuple[str, str, str]] = [("creator", a, "aut") for a in rb.authors]
    if rb.editor:
        people.append(("contributor" if people else "creator", rb.editor, "edt"))
    for n, (element, name, role) in enumerate(people, 1):
        uid = f"{element}-{n}"
        book.add_metadata("DC", element, name, {"id": uid})
        _meta(book, "role", role, refines=f"#{uid}", scheme="marc:relators")
        if element == "creator":
            _meta(book, "display-seq", str(n), refines=f"#{uid}")

    if rb.publisher:
        book.add_metadata("DC", "publisher", rb.publisher)
    if rb.date and W3CDTF.match(rb.date):
        book.add_metadata("DC", "date", rb.date)
    if rb.rights:
        book.add_metadata("DC", "rights", rb.rights)
    book.add_metadata("DC", "description", description)
    if facts.page_list:
        book.add_metadata("DC", "source", facts.page_source, {"id": "pagination-source"})
        _meta(book, "source-of", "pagination", refines="#pagination-source")

    for prop, value in accessibility(facts):
        _meta(book, prop, value)
