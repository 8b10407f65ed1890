"""A text's contents list: where it is, and its entries, as evidence for the headings that
repeat them later. The list itself is no heading.

A contents list opens with its own heading (``Contents``, ``Table of Contents``, ``C O N T
ENTS.``) or is a run of dot-leader lines (``1. Overview ......... 1``); it ends where the
text begins: at a line that repeats one of its entries, or at a paragraph of prose.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .heading_forms import contents_entry, despace, is_contents_heading, key

if TYPE_CHECKING:
    from .heading_lines import Line

#: How many lines after its heading a contents list may run (an OCR layer spreads it thin).
MAX_CONTENTS = 3000
#: How alike an OCR-read heading and its contents entry must be (difflib ratio).
ALIKE = 0.85
_DOT_LEADER = re.compile(r"(?:\.\s*){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
_CAPTION = re.compile(r"^(?:fig(?:ure)?|table|plate|map|illustration)s?\b\.?", re.I)
_FILLER = re.compile(r"^[\W\d_]*(?:ib\.?|page|p\.|l['’]age)?[\W\d_]*$", re.I)


@dataclass
class Contents:
    """The contents list's line indices and its entries (as :func:`key` reads them)."""

    lines: set[int] = field(default_factory=set)
    entries: set[str] = field(default_factory=set)
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    def add(self, text: str) -> None:
        entry = contents_entry(text)
        if not entry or _CAPTION.match(entry):
            return
        for k in {key(entry), key(_unnumbered(entry))}:
            if len(k) >= 3 and k not in self.entries:
                self.entries.add(k)
                self._by_length.setdefault(len(k), []).append(k)

    def has(self, text: str) -> bool:
        """Does ``text`` repeat an entry (as OCR may have read either)?"""
        k = key(text)
        if not k or not self.entries:
            return False
        if k in self.entries or key(_unnumbered(text)) in self.entries:
            return True
        n = len(k)
        for length in range(int(n * 0.8), int(n * 1.25) + 1):
            for entry in self._by_length.get(length, ()):
                if entry not in self.entries:
                    continue
                m = difflib.SequenceMatcher(None, k, entry)
                if (
                    m.real_quick_ratio() >= ALIKE
                    and m.quick_ratio() >= ALIKE
                    and m.ratio() >= ALIKE
                ):
                    return True
        return False


def _leaders(text: str) -> bool:
    """A dot-leader line: ``Overview ........ 1``."""
    return (".." in text or ". ." in text) and bool(_DOT_LEADER.search(text))


def _unnumbered(text: str) -> str:
    return re.sub(r"^(?:\d+(?:\.\d+)*|[IVXLC]+)\.?\s+", "", text.strip())


def find_contents(lines: list[Line]) -> Contents:
    """The contents list of a text (empty when it has none)."""
    out = Contents()
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = despace(ln.text)
        if ln.proper and (is_contents_heading(text) or _leaders(text)):
            i = _read_list(lines, i, out, headed=is_contents_heading(text))
        else:
            i += 1
    return out


def _read_list(lines: list[Line], i: int, out: Contents, headed: bool) -> int:
    """Read the list from line ``i``; returns the index after it."""
    out.lines.add(i)
    openings: list[str] = []  # the list's first entries: the text's first heading repeats one
    if not headed:
        out.add(lines[i].text)
        openings.append(key(contents_entry(lines[i].text)))
    j = i + 1
    while j < len(lines) and j - i <= MAX_CONTENTS:
        ln = lines[j]
        text = ln.text
        if not ln.proper or not text:
            j += 1
            continue
        if _leaders(text) or _FILLER.match(text) or is_contents_heading(text):
            out.lines.add(j)
            if _leaders(text):
                out.add(text)
            j += 1
            continue
        if _repeats(openings, key(contents_entry(_uncalled(text))), _with_next(lines, j)):
            return j  # the text's first heading repeats one of the list's first entries (a
            # part's over its first chapter's; perhaps with its number on a line of its own:
            # "I" over "LE DÉPART" for "I. Le départ")
        if _prose(lines, j) or not headed:
            _release_opening(lines, j, out)
            return j
        out.lines.add(j)
        out.add(text)
        if len(openings) < OPENING_ENTRIES:
            openings.append(key(contents_entry(text)))
        j += 1
    return j


#: The text's first heading repeats one of the contents' first this many entries.
OPENING_ENTRIES = 2
#: A heading and a contents entry wrapped elsewhere match on this many first letters.
MIN_PREFIX = 12
#: A note call closing a heading: ``LES TROIS OURS.[1]``, ``PREFACE.*``, ``Nature¹``.
_CALL_AT_END = re.compile(r"(?:\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*)\s*$")


def _repeats(openings: list[str], *keys: str) -> bool:
    """Does one of ``keys`` repeat one of the list's opening entries (or start it, or start
    with it: the heading's title wraps elsewhere than the entry's)?"""
    return any(
        k == o or (min(len(k), len(o)) >= MIN_PREFIX and (k.startswith(o) or o.startswith(k)))
        for k in keys
        if k
        for o in openings
    )


def _uncalled(text: str) -> str:
    """A heading's text without the note call that closes it."""
    return _CALL_AT_END.sub("", text)


def _with_next(lines: list[Line], j: int) -> str:
    """The key of line ``j`` read with the next line of text, as one contents entry."""
    k = next((k for k in range(j + 1, min(len(lines), j + 4)) if lines[k].text), -1)
    return key(contents_entry(f"{lines[j].text} {lines[k].text}")) if k > 0 else ""


def _release_opening(lines: list[Line], j: int, out: Contents) -> None:
    """The lines set apart just above the text's first paragraph are its opening headings
    (``INTRODUCTORY LECTURE.``), not the list's last entries."""
    k = j - 1
    for _ in range(2):
        while k >= 0 and not lines[k].text:
            k -= 1
        ln = lines[k] if k >= 0 else None
        if ln is None or ln.size != 1 or ln.gap < 2 or k not in out.lines:
            return
        if _leaders(ln.text) or _FILLER.match(ln.text):
            return
        out.lines.discard(k)
        out.entries.discard(key(contents_entry(ln.text)))
        k -= 1


def _prose(lines: list[Line], j: int) -> bool:
    """A paragraph of the text: a chunk of several long lines, or one very long line."""
    ln = lines[j]
    chunk = [x for x in lines[j - ln.pos : j - ln.pos + ln.size]]
    if len(chunk) == 1:
        return len(ln.text) > 100
    long = sum(len(x.text) > 50 for x in chunk)
    return long >= 2 and not all(_leaders(x.text) for x in chunk)
