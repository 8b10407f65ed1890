"""Sectioning of an EPUB document's body, as Standard Ebooks structures a chapter.

The shared renderer (:mod:`.html`) writes a text's body as a flat run of top-level blocks, so
that both writers can cut it between any two (the PDF's pieces, the EPUB's documents). Here,
once a document's blocks are known, each heading opens a ``<section>`` labelled by it and
holding everything up to the next heading of its level or higher (nested by level); a letter
is a ``<div class="letter">`` (``z3998:letter``; an ``<article>`` asks for a heading, which
letters lack) from its opening (address lines and salutation, in a ``<header>``) to its
signature lines (in a ``<footer>``) and any postscripts after them, or to the next letter or
heading (an epistolary novel's letters are not sections). A document ends every section it
opened, so each stays well-formed XHTML; a document continuing a split text starts with the
blocks of the section the previous one left open, outside any section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .html import top_level_blocks

_MARKERS = r'^(?:<span class="pagebreak"[^<>]*></span>)*'
#: A top-level heading (perhaps after the page-break markers inserted before it).
_HEADING = re.compile(_MARKERS + r'<h([2-6]) id="([^"<>]+)"')
#: A top-level paragraph of a letter's parts (after any page-break markers).
_ROLE = re.compile(_MARKERS + r'<p class="(signature|salutation|address)"')
#: A section's opening tag.
_OPEN = '<section class="subsection" aria-labelledby="{id}">\n'
#: A top-level postscript (it goes on a letter after its signature).
_POSTSCRIPT = re.compile(_MARKERS + r'<p class="postscript"')


#: A date in a letter's address lines: a month, a weekday or a year.
_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\b|"
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b1[5-9]\d\d\b|\b20\d\d\b"
)
_TAGS = re.compile(r"<[^<>]*>")


def mark_dateline(block: str) -> str:
    """An address line of a letter's opening that gives its date is its dateline (SE's
    ``se:letter.dateline``).

    >>> mark_dateline('<p class="address" id="p1"><span class="line">Geneva, May 1904</span></p>')
    '<p class="address dateline" epub:type="se:letter.dateline" id="p1"><span class="line">Geneva, May 1904</span></p>'
    >>> mark_dateline('<p class="address" id="p2"><span class="line">215 Fergussen Hall</span></p>')
    '<p class="address" id="p2"><span class="line">215 Fergussen Hall</span></p>'
    """
    m = _ROLE.match(block)
    if m is None or m.group(1) != "address" or not _DATE.search(_TAGS.sub(" ", block)):
        return block
    return block.replace(
        '<p class="address"', '<p class="address dateline" epub:type="se:letter.dateline"', 1
    )


@dataclass
class _Nest:
    out: list[str] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)  # the levels of the sections open
    opening: list[str] = field(default_factory=list)  # address and salutation lines so far
    letter: bool = False  # a letter's <div> is open
    signed: bool = False  # and its signature has been given
    footer: bool = False

    def end_letter(self) -> None:
        if self.letter:
            self.out.append("</div>\n")
        self.letter = self.signed = False

    def heading(self, level: int, ident: str) -> None:
        self.end_letter()
        while self.levels and self.levels[-1] >= level:
            self.out.append("</section>\n")
            self.levels.pop()
        self.levels.append(level)
        self.out.append(_OPEN.format(id=ident))

    def flush_opening(self) -> None:
        """A run of address lines is a letter's opening when a salutation is among them: the
        letter's ``<div>`` begins with it."""
        if any('<p class="salutation"' in b for b in self.opening):
            self.end_letter()
            self.out.append('<div class="letter" epub:type="z3998:letter">\n')
            self.out += [
                '<header class="opening" role="presentation">\n',
                *(mark_dateline(b) for b in self.opening),
                "</header>\n",
            ]
            self.letter = True
        else:
            self.out += self.opening
        self.opening = []

    def block(self, block: str) -> None:
        role = m.group(1) if (m := _ROLE.match(block)) else ""
        if self.footer and role != "signature":
            self.out.append("</footer>\n")
            self.footer = False
        if self.opening and role not in {"address", "salutation"}:
            self.flush_opening()
        if self.signed and not self.footer and not _POSTSCRIPT.match(block):
            self.end_letter()  # signed, and no postscript follows: the letter is over
        if m := _HEADING.match(block):
            self.heading(int(m.group(1)), m.group(2))
        if role in {"address", "salutation"}:
            self.opening.append(block)
            return
        if role == "signature" and not self.footer:
            self.out.append('<footer class="closing" role="presentation">\n')
            self.footer = True
            self.signed = self.letter
        self.out.append(block)

    def html(self) -> str:
        self.block("")  # ends a footer or an opening
        self.end_letter()
        self.out.extend("</section>\n" for _ in self.levels)
        return "".join(self.out)


def nest_sections(body: str) -> Markup:
    r"""``body``'s blocks in ``<section>``\s following its headings; each letter in an
    ``<div class="letter">``, from its opening (in a ``<header>``) to its signature (in a ``<footer>``)
    and any postscripts.

    >>> print(nest_sections('<p id="a">A</p>\n<h2 id="h">H</h2>\n<p id="b">B</p>\n'), end="")
    <p id="a">A</p>
    <section class="subsection" aria-labelledby="h">
    <h2 id="h">H</h2>
    <p id="b">B</p>
    </section>
    """
    nest = _Nest()
    for block in top_level_blocks(str(body)):  # plain text: edits here are markup
        nest.block(block if block.endswith("\n") else block + "\n")
    return Markup(nest.html())  # the renderer's own markup, nested
