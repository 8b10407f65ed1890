"""A text that stops mid-sentence: the book says so where it stops.

A source cut short (a download that stopped, an extract that ends mid-page) ends in a paragraph
without a sentence's end. The reader should not think the book lost the rest: the last
paragraph gets one editorial note, and the report a finding.

>>> from samizdat.model import Loc, Para, Text
>>> blocks = (Para((Text("It is not the party that is archaic but its detractors and"),), Loc("a", 9)),)
>>> done, findings = mark_unfinished_ending(blocks)
>>> done[0].inlines[-1].note.missing, findings[0].code
(True, 'ends-mid-sentence')
"""

from __future__ import annotations

from ..model import Block, Loc, Note, NoteRef, Para, Text, plain_text
from .chunks import Finding, is_complete

#: A last paragraph shorter than this is a signature, a date or a credit, not a cut sentence.
MIN_CUT = 40
UNFINISHED_TEXT = "Editor’s note: the source ends here, in the middle of a sentence."


def mark_unfinished_ending(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Finding]]:
    """Turns a text's last paragraph that stops mid-sentence into one with an editorial note."""
    if not blocks or not isinstance(blocks[-1], Para) or blocks[-1].role:
        return blocks, []
    last = blocks[-1]
    text = plain_text(last.inlines)
    if len(text) < MIN_CUT or is_complete(text) or isinstance(last.inlines[-1], NoteRef):
        return blocks, []
    loc = Loc(last.loc.file, last.loc.line)
    note = Note((Para((Text(UNFINISHED_TEXT),), loc),), loc, missing=True)
    marked = Para((*last.inlines, NoteRef(note)), last.loc, last.role)
    finding = Finding(
        last.loc.line, "ends-mid-sentence", "the text stops in the middle of a sentence"
    )
    return (*blocks[:-1], marked), [finding]
