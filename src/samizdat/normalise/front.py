"""Front and back matter of a text: its own title and byline, and edition furniture (credits,
links, a Project Gutenberg header and licence) moved to the text's source note."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult, is_complete
from .headings import MAX_HEADING
from .structure import NAME

_BYLINE = re.compile(r"^by\s+(\S.{0,60})$", re.I)
#: Edition furniture: producer credits, links, edition statements, archive notices.
_FURNITURE = re.compile(
    r"retrieved from|^formatted by|^first edition|^(?:www\.|https?://)|consider purchasing|"
    r"^transcri(?:bed|ption)|^proofread|^produced by|project gutenberg|internet archive|"
    r"^isbn|^copyright|^©|^this (?:work|e-?book|edition) (?:is|was)|^html markup|^source:",
    re.I,
)
#: How many paragraphs at a text's start or end can hold a credit line standing alone.
CREDIT_EDGE = 3
GUTENBERG = re.compile(r"^\*{3}\s*(START|END) OF (?:THE|THIS) PROJECT GUTENBERG", re.I)


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    na = norm(a)
    return bool(na) and na == norm(b)  # a line of punctuation is never a title


def _title_like(text: str) -> bool:
    return len(text) <= MAX_HEADING and (not is_complete(text) or text.endswith("?"))


def lift_title(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the source's own title and bylines at the head of a text into metadata.

    Before: ``"In Defense of the Leninist Party"``, ``"by Taimur Rahman"``, ``"How does…"``
    After:  ``"How does…"`` (kind ``title`` and ``byline`` chunks carry the lifted lines)
    """
    out, counts, removed = list(chunks), Counter(), []
    i = 0
    if (
        out
        and out[0].kind == "para"
        and (
            _same(out[0].text, ev.title)
            or (not ev.title and _title_like(out[0].text) and len(out) > 1)
        )
    ):
        out[0] = replace(out[0], kind="title")
        counts["title_lifted"] += 1
        i = 1
    # One byline: the text's author (the one book.toml names, else the first). Another name
    # under the title is text of the work (a signature, a second author line) and stays in
    # the body, where the reader sees it; the book would not show a second lifted byline.
    for j in range(i, min(len(out), 4)):
        m = _BYLINE.match(out[j].text) or NAME.match(out[j].text)
        if out[j].kind != "para" or not m:
            break
        name = (m.group(1) if m.re is _BYLINE else m.group(0)).rstrip(",")
        if not ev.author or _same(name, ev.author):
            out[j] = replace(out[j], kind="byline", text=name)
            counts["byline_lifted"] += 1
            if m.re is _BYLINE:
                removed.append("by")
            break
    return PassResult(tuple(out), counts, removed=tuple(removed))


def keep_furniture(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns edition furniture (credits, links, edition lines) into the text's source note.

    Before: ``"Work retrieved from the Marxists Internet Archive."`` in the body
    After:  a ``furniture`` chunk, shown in the text's source note and the colophon
    """
    out, counts = list(chunks), Counter()
    inside = [i for i, c in enumerate(out) if GUTENBERG.match(c.text)]
    # A credit is furniture by its place, not by one word: a block of two or more credit lines,
    # or one within the first or last few paragraphs. A sentence of the body that mentions an
    # archive, or begins "This work was…", stays where it is.
    cand = [
        c.kind == "para" and len(c.text) <= 300 and bool(_FURNITURE.search(c.text)) for c in out
    ]
    for i, c in enumerate(out):
        gutenberg = len(inside) >= 2 and not inside[0] < i < inside[-1]
        block = (i > 0 and cand[i - 1]) or (i + 1 < len(out) and cand[i + 1])
        edge = i < CREDIT_EDGE or i >= len(out) - CREDIT_EDGE
        if c.kind == "para" and (gutenberg or (cand[i] and (block or edge))):
            out[i] = replace(c, kind="furniture")
            counts["furniture_to_source_note"] += 1
    # a short line between two furniture lines ("Formatted by" / a bare link) is furniture too
    for i in range(1, len(out) - 1):
        if (
            out[i].kind == "para"
            and len(out[i].text) <= 80
            and (out[i - 1].kind == "furniture" and out[i + 1].kind == "furniture")
            and not (GUTENBERG.match(out[i - 1].text) or GUTENBERG.match(out[i + 1].text))
        ):
            out[i] = replace(out[i], kind="furniture")
            counts["furniture_to_source_note"] += 1
    return PassResult(tuple(out), counts)
