"""Page-level passes: footnotes sitting at page bottoms, and paragraphs split by page breaks."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import (
    FUNCTION_WORDS,
    SUPERSCRIPT_VALUE,
    SUPERSCRIPTS,
    Chunk,
    Evidence,
    Finding,
    PassResult,
    is_complete,
    last_word,
)
from .lines import _RIGHT, join_lines, left_hyphen

_NOTE_START = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$", re.S)
#: A paragraph at least this long that stops mid-sentence was cut by a page break.
LONG_PARAGRAPH = 200
_OPENING_QUOTE = tuple("‘“`'\"")


def detach_footnotes(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns chunks that start with a superscript number into notes (kind ``note``).

    Before: ``"²We must try to get on the committee…"`` (a page-bottom footnote)
    After:  a ``note`` chunk numbered 2 with text ``"We must try to get on the committee…"``
    """
    out, counts = [], Counter()
    for c in chunks:
        m = _NOTE_START.match(c.text)
        if c.kind == "para" and m:
            number = int("".join(SUPERSCRIPT_VALUE[ch] for ch in m.group(1)))
            out.append(replace(c, kind="note", number=number, text=m.group(2)))
            counts["footnotes_found"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)


def _continues(prev: Chunk, nxt: Chunk) -> bool:
    """Does ``nxt`` continue the paragraph ``prev`` across a page break?"""
    if nxt.kind != "para" or prev.kind != "para" or is_complete(prev.text):
        return False
    first = nxt.text[:1]
    if first.islower() or left_hyphen(prev.text):
        return True
    if len(prev.text) >= LONG_PARAGRAPH:
        return not nxt.text.startswith(_OPENING_QUOTE) or last_word(prev.text) in FUNCTION_WORDS
    return False


def _fits_hyphen(note: Chunk, nxt: Chunk, ev: Evidence) -> bool:
    """Does ``nxt`` complete a word the note left hyphenated ("docu-" + "ment")?"""
    lm, rm = left_hyphen(note.text), _RIGHT.search(nxt.text)
    if not lm or not rm:
        return False
    word = (lm.group(1) + rm.group(1)).lower()
    return word in ev.vocabulary or word in ev.dictionary


def join_page_breaks(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns paragraphs split by page breaks (and notes split across pages) back into one.

    Before: ``"…the local organiza-"``, ``"tion” (perhaps…"``  After: ``"…the local organization” (perhaps…"``

    A page-bottom note that stops mid-sentence continues on the next page *after* that page's
    body text, so the first continuation after an open note belongs to the body and a later
    one to the note — unless the piece completes the note's hyphenated word.
    """
    counts: Counter[str] = Counter()
    findings: list[Finding] = []
    out: list[Chunk] = []
    body = -1  # index in out of the last body paragraph
    note = -1  # index in out of a note still open (no sentence end)
    since_note = 0  # continuations given to the body since that note opened
    for c in chunks:
        if c.kind == "note":
            out.append(c)
            note, since_note = (len(out) - 1, 0) if not is_complete(c.text) else (-1, 0)
            continue
        open_note = out[note] if note >= 0 else None
        to_note = (
            open_note is not None
            and c.kind == "para"
            and c.text[:1].islower()
            and (
                _fits_hyphen(open_note, c, ev)
                or since_note > 0
                or body < 0
                or is_complete(out[body].text)
            )
        )
        if to_note and open_note is not None:
            text = join_lines(open_note.text, c.text, ev, counts, findings, c.line)
            out[note] = replace(open_note, text=text)
            counts["note_page_joins"] += 1
            if is_complete(text):
                note = -1
            continue
        if body >= 0 and body == _last_para(out) and _continues(out[body], c):
            out[body] = replace(
                out[body], text=join_lines(out[body].text, c.text, ev, counts, findings, c.line)
            )
            counts["page_break_joins"] += 1
            since_note += 1
            continue
        out.append(c)
        if c.kind == "para":
            body = len(out) - 1
    return PassResult(tuple(out), counts, tuple(findings))


def _last_para(out: list[Chunk]) -> int:
    """Index of the last chunk that is not a note (notes sit between a page's halves)."""
    for i in range(len(out) - 1, -1, -1):
        if out[i].kind != "note":
            return i
    return -1
