"""Sectioning of an EPUB document's body, as Standard Ebooks structures a chapter.

The shared renderer (:mod:`.html`) writes a text's body as a flat run of top-level blocks, so
that both writers can cut it between any two (the PDF's pieces, the EPUB's documents). Here,
once a document's blocks are known, each heading opens a ``<section>`` labelled by it and
holding everything up to the next heading of its level or higher (nested by level); a letter's
opening (its address lines and salutation) is gathered into a ``<header>`` and a run of its
signature lines into a ``<footer>``, and a section holding a salutation is a letter
(``z3998:letter``). A document ends every section it opened, so each stays well-formed XHTML;
a document continuing a split text starts with the blocks of the section the previous one left
open, outside any section.
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
#: A section's opening tag; ``{letter}`` is where a letter's semantics go.
_OPEN = '<section class="subsection"{letter} aria-labelledby="{id}">\n'
_LETTER = ' epub:type="z3998:letter"'


@dataclass
class _Nest:
    out: list[str] = field(default_factory=list)
    levels: list[tuple[int, int]] = field(default_factory=list)  # (level, index in out)
    letters: set[int] = field(default_factory=set)  # indexes of sections holding a salutation
    opened: list[tuple[int, str]] = field(default_factory=list)  # (index in out, heading id)
    opening: list[str] = field(default_factory=list)  # address and salutation lines so far
    footer: bool = False

    def heading(self, level: int, ident: str) -> None:
        while self.levels and self.levels[-1][0] >= level:
            self.out.append("</section>\n")
            self.levels.pop()
        self.levels.append((level, len(self.out)))
        self.opened.append((len(self.out), ident))
        self.out.append("")  # the section's opening tag, once its content is known

    def flush_opening(self) -> None:
        """A run of address lines is a letter's opening when a salutation is among them."""
        if any('<p class="salutation"' in b for b in self.opening):
            self.letters.add(self.levels[-1][1] if self.levels else -1)
            self.out += ['<header class="opening">\n', *self.opening, "</header>\n"]
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
        if m := _HEADING.match(block):
            self.heading(int(m.group(1)), m.group(2))
        if role in {"address", "salutation"}:
            self.opening.append(block)
            return
        if role == "signature" and not self.footer:
            self.out.append('<footer class="closing">\n')
            self.footer = True
        self.out.append(block)

    def html(self) -> str:
        self.block("")  # ends a footer or an opening
        self.out.extend("</section>\n" for _ in self.levels)
        for index, ident in self.opened:
            letter = _LETTER if index in self.letters else ""
            self.out[index] = _OPEN.format(letter=letter, id=ident)
        return "".join(self.out)


def nest_sections(body: str) -> tuple[Markup, bool]:
    r"""``body``'s blocks in ``<section>``\s following its headings, a letter's opening in a
    ``<header>`` and its signature in a ``<footer>``; and whether a letter opens outside any
    section (the whole document is one).

    >>> html, letter = nest_sections('<p id="a">A</p>\n<h2 id="h">H</h2>\n<p id="b">B</p>\n')
    >>> print(html, end="")
    <p id="a">A</p>
    <section class="subsection" aria-labelledby="h">
    <h2 id="h">H</h2>
    <p id="b">B</p>
    </section>
    >>> letter
    False
    """
    nest = _Nest()
    for block in top_level_blocks(body):
        nest.block(block if block.endswith("\n") else block + "\n")
    return Markup(nest.html()), -1 in nest.letters  # the renderer's own markup, nested
