"""Page-level pass: paragraphs and notes split by page breaks, joined again.

Notes are found by :mod:`.notes` first; a page's foot notes then stand between the halves of
a paragraph the page break cut, and a note that runs over onto the next page continues after
that page's body text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..subtitles import cues
from .chunks import (
    FUNCTION_WORDS,
    SUPERSCRIPTS,
    Chunk,
    Evidence,
    Finding,
    PassResult,
    is_complete,
    last_word,
)
from .lines import _RIGHT, join_lines, left_hyphen
from .verse import CLOCK

#: A paragraph at least this long that stops mid-sentence was cut by a page break.
LONG_PARAGRAPH = 200
_OPENING_QUOTE = tuple("‘“`'\"")


#: Words that end a sentence's piece only when more of the sentence follows: a determiner or a
#: preposition ("…regularly printed the" | "writings of the opportunists").
DETERMINERS = frozenset(
    ["the", "a", "an", "its", "his", "their", "our", "my", "your", "every", "each"]
)
PREPOSITIONS = frozenset(
    ["of", "to", "in", "on", "at", "by", "with", "from", "for", "into", "upon", "through"]
)
#: Words that never follow a preposition (its object may be a pronoun or a determiner's noun
#: phrase): a verb's helpers and the prepositions themselves.
NOT_AFTER_PREPOSITION = frozenset(
    "are at by can could did does for from had has have in is may might must of on shall should to was were will with would".split()  # noqa: SIM905
)
#: … nor a determiner, which takes neither a pronoun nor a conjunction: "printed the" +
#: "could it be allowed" is not one sentence.
NOT_AFTER_DETERMINER = NOT_AFTER_PREPOSITION | frozenset(
    "a although an and be because been but do he him i if it me or she that the them they us we when which while who whom you".split()  # noqa: SIM905
)
_SENTENCE_END = re.compile(rf"[.!?…][\"”’')\]*_]*\s*(?:\d{{1,3}}|[{SUPERSCRIPTS}]+)?[*_]{{0,2}}$")
_TIMESTAMP = re.compile(rf"^\[?{CLOCK}\b")
_FIRST_WORD = re.compile(r"^\W*([^\W\d_]+)")


def reads_on(left: str, right: str) -> bool:
    """Can ``right`` go on with the sentence ``left`` leaves open, as far as its grammar shows?

    >>> reads_on("…regularly printed the", "could it be allowed"), reads_on("printed the", "writings")
    (False, True)
    """
    m = _FIRST_WORD.match(right)
    nxt = m.group(1).lower() if m else ""
    prev = last_word(left)
    if prev in DETERMINERS:
        return nxt not in NOT_AFTER_DETERMINER
    if prev in PREPOSITIONS:
        return nxt not in NOT_AFTER_PREPOSITION
    return True


def ends_sentence(text: str) -> bool:
    """A full stop (or ! ? …) ends ``text``; a semicolon or comma leaves the sentence open."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def _lower_start(c: Chunk | None) -> bool:
    """Does the paragraph ``c`` open in lowercase (its first letter, after any stray marks)?"""
    m = re.search(r"[^\W\d_]", c.text) if c is not None and c.kind == "para" else None
    return bool(m and m.group(0).islower())


def _continues(prev: Chunk, nxt: Chunk, ev: Evidence, after: Chunk | None = None) -> bool:
    """Does ``nxt`` continue the paragraph ``prev`` across a page break? A piece going on in
    lowercase right after page furniture does, even after a full stop ("timesa.day." / folio /
    head / "will often render"): no paragraph opens in lowercase. ``after``: the chunk after
    ``nxt``."""
    if nxt.kind != "para" or prev.kind != "para" or _TIMESTAMP.match(nxt.text):
        return False  # (a recording's next turn opens with its time: "[00:13:51] Ann:")
    first = nxt.text[:1]
    if first.islower() and prev.text.rstrip().endswith((";", ",")):
        return reads_on(prev.text, nxt.text)
    if is_complete(prev.text):
        return first.islower() and _after_page_break(nxt, ev)
    if first.islower() or left_hyphen(prev.text):
        return True
    if len(prev.text) >= LONG_PARAGRAPH and _open_word(prev.text) and not _caps_title(nxt.text):
        # the rest of a paragraph ends it, runs on to the next page or into the next piece (a
        # verse line quoted in a sentence): a short piece as open as the first, with a new
        # piece after it, is the next entry of a list without stops (a contents of titles)
        short = not is_complete(nxt.text) and len(nxt.text) < LONG_PARAGRAPH
        if short and not _lower_start(after):
            return False
        return not nxt.text.startswith(_OPENING_QUOTE) or last_word(prev.text) in FUNCTION_WORDS
    return False


def _open_word(text: str) -> bool:
    """Does ``text`` stop on a word or a comma, as a sentence a page break cut does (not on a
    closing bracket: a record's ``[Pages S19146-S19154]`` header is whole)?"""
    end = text.rstrip().rstrip("*_")  # "which *Rabocheye*" | "Dyelo supporters…"
    return end[-1:].isalnum() or end.endswith((",", ";", "–", "—"))


def _caps_title(text: str) -> bool:
    """A title in capitals (``SECURITIES LITIGATION REFORM ACT--VETO``), not a printer's
    signature mark (``D 2``) standing between a page's halves."""
    return text.isupper() and sum(ch.isalpha() for ch in text) >= 4


def _after_page_break(c: Chunk, ev: Evidence) -> bool:
    """Is there page furniture (and only furniture and blank lines) right before ``c``?"""
    n = min(c.line - 1, len(ev.lines))
    while n >= 1 and (not ev.lines[n - 1].strip() or n in ev.furniture):
        if n in ev.furniture:
            return True
        n -= 1
    return False


def _fits_hyphen(note: Chunk, nxt: Chunk, ev: Evidence) -> bool:
    """Does ``nxt`` complete a word the note left hyphenated ("docu-" + "ment")?"""
    lm, rm = left_hyphen(note.text), _RIGHT.search(nxt.text)
    if not lm or not rm:
        return False
    word = (lm.group(1) + rm.group(1)).lower()
    return word in ev.vocabulary or word in ev.dictionary


def _fits(left: Chunk, nxt: Chunk, ev: Evidence) -> bool:
    """Can ``nxt`` (starting lowercase) continue ``left``'s open sentence?"""
    if ends_sentence(left.text):
        return False
    if left_hyphen(left.text):
        return _fits_hyphen(left, nxt, ev)
    return reads_on(left.text, nxt.text)


def _to_note(note: Chunk, body: Chunk | None, c: Chunk, since_note: int, ev: Evidence) -> bool:
    """Does the lowercase piece ``c`` continue the open note rather than the body?

    A page's body comes before its notes, so of two pieces that both fit, the first goes on
    with the body and a later one with the note; a piece that does not continue the note's
    sentence (``"printed the"`` + ``"could it be allowed"``) is never the note's.
    """
    if _fits_hyphen(note, c, ev):
        return True
    if not _fits(note, c, ev):
        return False
    if body is None or not _fits(body, c, ev):
        return True
    return since_note > 0


def join_page_breaks(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns paragraphs split by page breaks (and notes split across pages) back into one.

    Before: ``"…the local organiza-"``, ``"tion” (perhaps…"``  After: ``"…the local organization” (perhaps…"``

    A page-bottom note that stops mid-sentence continues on the next page *after* that page's
    body text: see :func:`_to_note` for which piece is whose. Body text never enters a note.
    A subtitle file has no pages: its paragraphs are :func:`.join_cues`'s.
    """
    if cues(ev.lines):
        return PassResult(chunks)
    counts: Counter[str] = Counter()
    findings: list[Finding] = []
    out: list[Chunk] = []
    body = -1  # index in out of the last body paragraph
    note = -1  # index in out of a note still open (no sentence end)
    since_note = 0  # continuations given to the body since that note opened
    for i, c in enumerate(chunks):
        if c.kind == "note":
            out.append(c)
            note, since_note = (len(out) - 1, 0) if not is_complete(c.text) else (-1, 0)
            continue
        open_note = out[note] if note >= 0 else None
        last_body = out[body] if body >= 0 else None
        if (
            open_note is not None
            and c.kind == "para"
            and c.text[:1].islower()
            and _to_note(open_note, last_body, c, since_note, ev)
        ):
            text = join_lines(open_note.text, c.text, ev, counts, findings, c.line)
            out[note] = replace(open_note, text=text, notes=(*open_note.notes, *c.notes))
            counts["note_page_joins"] += 1
            if is_complete(text):
                note = -1
            continue
        after = chunks[i + 1] if i + 1 < len(chunks) else None
        if body >= 0 and body == _last_para(out) and _continues(out[body], c, ev, after):
            prev = out[body]
            text = join_lines(prev.text, c.text, ev, counts, findings, c.line)
            out[body] = replace(prev, text=text, notes=(*prev.notes, *c.notes))
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
