"""The shapes page furniture is recognised by, shared by :mod:`.furniture` and :mod:`.strays`."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: A folio standing alone: "12", "- 12 -", "[12]", "Page 12", "xiv".
FOLIO = re.compile(r"^[-–—\[*\s]{0,3}(?:page\s+)?(\d{1,4}|[ivxlcdm]{1,7})[-–—\]*.\s]{0,3}$", re.I)
ROMAN = re.compile(r"^m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
#: A running head carrying its folio: "4 CERTAIN SYMPTOMS OF", "NERVOUS EXHAUSTION. 5".
HEAD_WITH_FOLIO = re.compile(r"^(?:(\d{1,4})\s+(\D{3,80})|(\D{3,80}?)\s+(\d{1,4}))$")
#: Longest line that can be a running head.
MAX_HEAD = 90
#: An OCR-garbled running head matches a recurring one this closely.
FUZZY_HEAD = 0.75


def shape(line: str) -> str:
    """A line's shape for repetition: digit runs as ``#``, spacing and case folded.

    >>> shape("  L 119/2 "), shape("Official  Journal"), shape("4.5.2016")
    ('l #/#', 'official journal', '#.#.#')
    """
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line.strip())).casefold()


def roman_value(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        v = values[a]
        total += -v if b and values[b] > v else v
    return total


def folio_value(line: str) -> int | None:
    m = FOLIO.match(line.strip())
    if not m:
        return None
    g = m.group(1)
    if g.isdigit():
        return int(g)
    return (
        roman_value(g.lower()) if ROMAN.match(g.lower()) and (g.islower() or g.isupper()) else None
    )


def headlike(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= MAX_HEAD and len(text.split()) <= 10


def near(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > max(3, len(b) // 4):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= FUZZY_HEAD
