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
* ``tableOfContents`` and ``readingOrder`` follow from the nav document and the spine;
  ``structuralNavigation`` only while every text's headings go down one level at a time;
  ``pageNavigation`` and ``pageBreakMarkers`` only when a page list was written
  (``pageBreakMarkers`` is the current term for the deprecated ``printPageNumbers``).
* ``displayTransformability``: the stylesheet sets no absolute font sizes, colours or
  backgrounds (a test checks the CSS). ``unlocked``: the file has no DRM.
* No conformance is claimed by the build. ``dcterms:conformsTo`` ("EPUB Accessibility 1.1 - WCAG
  2.1 Level AA") states that someone evaluated the publication against every WCAG 2.1 AA success
  criterion, and EPUB Accessibility 1.1 requires it to name that party (``a11y:certifiedBy``).
  Automated checks (EPUBCheck, DAISY Ace, our tests) cover part of WCAG; criteria such as
  meaningful structure of texts whose headings and quotations were inferred from plain text, or
  the language of passages in other languages, need a person reading this book. So the claim is
  written only from an :class:`Evaluation` someone made (named, dated), and only while the
  checks the writer can make itself hold. Claiming it whenever EPUBCheck passes would also make
  the bytes depend on whether Java was installed at build time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ebooklib import epub

from .. import __version__
from .html import RenderedBook, RenderedText

#: The conformance statement of EPUB Accessibility 1.1, §"Publication conformance": exact case
#: and spacing.
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
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
    headings_nested: bool = True  # every text's headings go down one level at a time
    words: int = 0  # words of the texts and their notes, as a reader counts them


@dataclass(frozen=True)
class Evaluation:
    """An evaluation of the book against EPUB Accessibility 1.1 at WCAG 2.1 Level AA.

    Made by a person or organisation (``certified_by``, as the specification requires) on
    ``date`` (W3CDTF); ``credential`` names a credential of theirs, if any.
    """

    certified_by: str
    date: str
    credential: str = ""


def headings_nested(texts: Sequence[RenderedText]) -> bool:
    """Whether every text's headings go down one level at a time (h1, h2, h3, never h1 to h3)."""
    for text in texts:
        level = 1
        for section in text.sections:
            if section.level > level + 1:
                return False
            level = section.level
    return True


#: Words that start a name's surname ("Ludwig van Beethoven" files as "van Beethoven, Ludwig").
_PARTICLES = frozenset({"van", "von", "de", "du", "da", "di", "del", "der", "den", "le", "la"})
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-Þ][\w’'-]*\.?|(?:[A-Z]\.)+)$")


def file_as(name: str) -> str:
    """How a creator's name is sorted: a personal name surname first, anything else as it is.

    >>> file_as("V. I. Lenin"), file_as("Taimur Rahman"), file_as("P.C.")
    ('Lenin, V. I.', 'Rahman, Taimur', 'P.C.')
    >>> file_as("Ludwig van Beethoven"), file_as("The samizdat editors")
    ('van Beethoven, Ludwig', 'The samizdat editors')
    """
    words = name.split()
    if not 2 <= len(words) <= 5 or words[0] == "The" or "," in name:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    given, surname = words[:start], words[start:]
    if not all(_NAME_WORD.match(w) for w in given + surname[-1:]) or surname[-1].endswith("."):
        return name
    return f"{' '.join(surname)}, {' '.join(given)}"


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
    if facts.headings_nested:
        features.append("structuralNavigation")
    features += ["tableOfContents", "unlocked"]
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
    if not facts.headings_nested:
        parts.append("Some section headings skip a level, so heading navigation is uneven.")
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


def add_conformance(book: epub.EpubBook, evaluation: Evaluation, facts: Facts) -> None:
    """Record ``evaluation`` (EPUB Accessibility 1.1, §"Conformance reporting"), or refuse it
    when the writer can see the book fails what was evaluated."""
    refused = [
        reason
        for reason, failed in (
            ("it names no evaluator", not evaluation.certified_by.strip()),
            (
                f"its date {evaluation.date!r} is not a W3CDTF date",
                not W3CDTF.match(evaluation.date),
            ),
            ("headings skip a level", not facts.headings_nested),
            ("images in the content were not checked for text alternatives", facts.content_images),
        )
        if failed
    ]
    if refused:
        raise ValueError("accessibility evaluation not recorded: " + "; ".join(refused))
    _meta(book, "dcterms:conformsTo", CONFORMS_TO, id="conformance")
    _meta(book, "a11y:certifiedBy", evaluation.certified_by, id="certifier", refines="#conformance")
    _meta(book, "dcterms:date", evaluation.date, refines="#certifier")
    if evaluation.credential:
        _meta(book, "a11y:certifierCredential", evaluation.credential, refines="#certifier")


def add_metadata(
    book: epub.EpubBook,
    rb: RenderedBook,
    *,
    identifier: str,
    facts: Facts,
    description: str,
    evaluation: Evaluation | None = None,
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
    for lang in dict.fromkeys(t.language for t in rb.texts if t.language):
        if lang != rb.language:  # a text in another language: the book's languages, in order
            book.add_metadata("DC", "language", lang)

    # The texts' authors are the creators; the editor is a contributor, or the creator when no
    # text names an author.
    people: list[tuple[str, str, str]] = [("creator", a, "aut") for a in rb.authors]
    if rb.editor:
        people.append(("contributor" if people else "creator", rb.editor, "edt"))
    for n, (element, name, role) in enumerate(people, 1):
        uid = f"{element}-{n}"
        book.add_metadata("DC", element, name, {"id": uid})
        _meta(book, "role", role, refines=f"#{uid}", scheme="marc:relators")
        if (sort_name := file_as(name)) != name:
            _meta(book, "file-as", sort_name, refines=f"#{uid}")
        if element == "creator":
            _meta(book, "display-seq", str(n), refines=f"#{uid}")

    if rb.publisher:
        book.add_metadata("DC", "publisher", rb.publisher)
    if rb.date and W3CDTF.match(rb.date):
        book.add_metadata("DC", "date", rb.date)
    if rb.rights:
        book.add_metadata("DC", "rights", rb.rights)
    book.add_metadata("DC", "description", description)
    for text in rb.texts:  # where each text comes from, as the colophon says
        if text.source:
            book.add_metadata("DC", "source", text.source)
    if facts.page_list:
        # EPUB Accessibility 1.1 §"Page source": the print edition the page list follows
        _meta(book, "pageBreakSource", facts.page_source)
    if facts.words:
        _meta(book, "schema:wordCount", str(facts.words))

    for prop, value in accessibility(facts):
        _meta(book, prop, value)
    if evaluation is not None:
        add_conformance(book, evaluation, facts)
