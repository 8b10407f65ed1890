"""Contents lists an OCR layer spreads over many paragraphs, gathered into one list of lines.

A scanned book's text layer sets each entry of its contents, the dot leader after it and its
page number apart, each a paragraph of its own; a contents list in a plain-text edition has its
entries on consecutive lines (:func:`.verse.mark_verse` keeps those as lines). Runs before
:func:`.verse.mark_verse` and :func:`.lines.unwrap_lines`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .verse import WORD_HYPHEN, capital_start, wrap_width

#: A contents list's title: "CONTENTS", "Table of Contents", OCR's "C O N T ENTS.", "Inhalt".
_CONTENTS = re.compile(
    r"^\W*(?:table\s+of\s+)?c\s?o\s?n\s?t\s?e\s?n\s?t\s?s\W*$"
    r"|^\W*list\s+of\s+(?:figures|tables|illustrations|plates|maps)\W*$"
    r"|^\W*(?:inhalt(?:sverzeichnis)?|table\s+des\s+mati[eè]res|sommaire|[íi]ndice)\W*$",
    re.I,
)
#: A dot leader on a line of its own (OCR reads the dots as dashes, points, underscores).
_LEADER = re.compile(r"^[\s\-–—_.·•…'*»■,]*$")
_LEAD_CHARS = " -–—_.·•…■"
#: A dot leader and page number ending an entry's line, as a PDF extract has them, or a
#: leader of spaced dashes and points as a scan's OCR reads it (``Stricture, - . - - - 34``).
_INLINE_LEADER = re.compile(
    r"(?:\s*(?:[.·…]\s?){4,}|(?:\s+[-–—.·_■]){1,8})\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$", re.I
)
#: A page number on a line of its own ("- 139", "ib.", "vii"), or "Page" over a column of them.
_PAGE_NO = re.compile(r"^[\s\-–—_.·•…■]*(?:\d{1,4}|[ivxlcdm]{1,7}|ib\.?|ibid\.?)[\s.]*$", re.I)
_PAGE_HEAD = re.compile(r"^\W*[pl]['’]?age\W*$", re.I)
_ENDS_PAGE = re.compile(r"(?:\d{1,4}|\bib\.?|\b[ivxlc]{1,6})\s*$", re.I)
#: Most words on one line of a contents list (an entry in capitals wraps at 15 or more).
MAX_ENTRY_WORDS = 18


def _entry_lines(c: Chunk, width: int) -> bool:
    """Could this chunk be part of a contents list: entries, leaders, page numbers? ("Page"
    over the numbers, or the list's title again on its next page, may have been read as a
    heading: in the list they are its lines.)"""
    if c.kind == "heading" and len(c.lines) == 1:
        return bool(_PAGE_HEAD.match(c.lines[0].strip()) or _CONTENTS.match(c.lines[0]))
    if c.kind != "para":
        return False
    prev, raw = "", ""
    numbered = any(_ENDS_PAGE.search(x) for x in c.lines)  # a chunk of entries
    for line in c.lines:
        text = line.strip()
        if _turnover(raw, line):
            raw = line
            continue
        # an entry starts with a capital; a sub-entry alone on its line may not ("at the Hip"),
        # nor an entry's rest turned over flush among entries ending on their page numbers
        turned = numbered and bool(prev) and not _ENDS_PAGE.search(prev)
        opens = capital_start(text) or len(c.lines) == 1 or turned
        entry = opens and len(text.split()) <= MAX_ENTRY_WORDS
        if not (
            _LEADER.match(text)
            or _INLINE_LEADER.search(text)
            or _PAGE_NO.match(text)
            or _PAGE_HEAD.match(text)
            or (entry and len(line.expandtabs(8)) <= max(width, 60) + 10)
            or WORD_HYPHEN.search(prev)
        ):
            return False
        prev, raw = text, line
    return True


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def _turnover(prev: str, line: str) -> bool:
    """Is ``line`` the rest of the entry above, turned over under it (the entry's line ends
    on its page number, the rest is set deeper: ``XVIII. How Jack Sheppard broke out of  218``
    / ``the Cage at Willesden``)? It is a line of the list, as printed.

    >>> _turnover("    XVIII. How Jack Sheppard broke out of    218", "              the Cage")
    True
    """
    return (
        bool(prev.strip())
        and bool(_ENDS_PAGE.search(prev))
        and (_indent(line) >= _indent(prev) + 4 and bool(line.strip()))
    )


def _columns(line: str) -> str:
    """A contents line with its spacing folded: a gap of two spaces or more between columns
    (``1. TO CHARLES COWDEN CLARKE       Oct. 13, 1816``) as an em space, others as one.

    >>> _columns("  1. TO CHARLES  CLARKE       Oct. 13, 1816      1 ")
    '1. TO CHARLES\u2003CLARKE\u2003Oct. 13, 1816\u20031'
    """
    return "\u2003".join(" ".join(part.split()) for part in re.split(r"\s{2,}", line.strip()))


def _contents_rows(region: tuple[Chunk, ...], ev: Evidence) -> tuple[list[str], int]:
    """The entries of a contents list, one a row, each with its page number when the number
    follows its entry alone (OCR sets them apart); leader lines dropped (how many: second)."""
    rows: list[str] = []
    pairable, dropped = False, 0
    for c in region:
        for line in c.lines:
            text = _columns(line)
            if rows and WORD_HYPHEN.search(rows[-1]) and text[:1].islower():
                last = rows.pop()  # an entry's word broken over its turned line: one row
                word = last[:-1].split()[-1] + text.split()[0]
                known = word.lower() in ev.vocabulary or word.lower() in ev.dictionary
                text = last[:-1] + text if known else last + text
            inline = _INLINE_LEADER.search(text)
            if inline and inline.start() > 0:
                rows.append(text[: inline.start()] + "\u2003" + inline.group(1))
                dropped, pairable = dropped + 1, False
            elif _LEADER.match(text):
                dropped += 1
            elif _PAGE_NO.match(text) and pairable:
                rows[-1] += "\u2003" + text.lstrip(_LEAD_CHARS)
                pairable = False
            else:
                rows.append(text)
                entry = not (_PAGE_NO.match(text) or _PAGE_HEAD.match(text))
                pairable = (
                    entry
                    and len(c.lines) == 1
                    and not (_ENDS_PAGE.search(text) or _CONTENTS.match(text))
                )
    return rows, dropped


def gather_contents(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the entries of a contents list under its title, spread over many paragraphs (an
    OCR layer sets entry, leader and page number apart), into one chunk of kind ``lines``.

    Before: ``"CONTENTS"``, ``"Of Bridges"``, ``"-"``, ``"1"``, ``"Of Roads"``, ``"-"``, ``"17"``…
    After:  ``"CONTENTS"``, and a ``lines`` chunk ``"Of Bridges\u20031\nOf Roads\u200317…"``

    The list ends where its entries stop, at its last page number: the short lines after it
    (the work's title again, its first heading) are the body's. A list without page numbers
    (Verne's ``I DANS LEQUEL…``, an entry a paragraph) ends at the text's first heading.
    """
    width = wrap_width(chunks)
    counts: Counter[str] = Counter()
    out: list[Chunk] = []
    i = 0
    while i < len(chunks):
        c = chunks[i]
        out.append(c)
        i += 1
        title = c.kind in {"para", "heading", "plain"} and len(c.lines) == 1  # read, not changed
        if not (title and _CONTENTS.match(c.text)):
            continue
        j, last = i, -1
        while j < len(chunks) and _entry_lines(chunks[j], width):
            if _CONTENTS.match(chunks[j].text):
                break  # a list of figures after the contents: a list of its own
            if _ENDS_PAGE.search(chunks[j].lines[-1]):
                last = j
            j += 1
        unnumbered = last < 0 and j - i >= 3 and j < len(chunks) and chunks[j].kind == "heading"
        if unnumbered:  # entries without page numbers, one a paragraph, up to the first heading
            last = j - 1
        region = chunks[i : last + 1]
        rows, dropped = _contents_rows(region, ev)
        if unnumbered:
            rows = [" ".join(" ".join(c.lines).split()) for c in region]
        if len(rows) < 3 or len(region) < 2:
            continue
        counts["contents_lists_gathered"] += 1
        counts["contents_paragraphs_gathered"] += len(region)
        counts["contents_leaders_dropped"] += dropped
        out.append(replace(region[0], kind="lines", text="\n".join(rows), lines=region[0].lines))
        i = last + 1
    return PassResult(tuple(out), counts)
