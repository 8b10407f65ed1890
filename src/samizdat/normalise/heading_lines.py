"""The lines a heading profile reads and what it finds: a text's lines with their place in
their chunks, heading candidates and spans, and the limits they are read with
(:mod:`.heading_profile`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .chunks import is_complete
from .heading_contents import Contents
from .heading_forms import Form, key

#: Longest line that can be a heading (or a running head, a speaker's label).
SHORT = 120
#: Rank of lines below the text's divisions (section titles alone on a line).
SECTION_RANK = 50
#: A line repeated this often is a running head or a label, not a heading (after its first).
REPEATED = 3
#: Isolated lines must be this many, alike in case, before they are read as headings.
CONSISTENT = 3
#: The gap (blank lines) that opens a division in a text whose paragraphs have one.
WIDE_GAP = 3
NOTES = frozenset({"notes", "endnotes", "anmerkungen"})
BYLINE = re.compile(
    r"^(?:(?:words|music|verses|lines|written|composed)(?: and \w+)? )?by\b"
    r"|^(?:von|par|por|door|av|af|di)\W*$",  # a title page's "DOOR" alone over the name
    re.I,
)
SALUTE = re.compile(r"^(?:my\s+)?dear\b|^yours\b", re.I)


@dataclass(frozen=True, slots=True)
class Line:
    n: int  # 1-based source line
    text: str  # stripped
    indent: int
    chunk: int  # index of the chunk it is in
    pos: int  # its place in the chunk
    size: int  # lines in the chunk
    gap: int  # blank lines before its chunk
    usable: bool  # a line of a chunk the passes may change, inside the text proper
    proper: bool = True  # inside the text proper (not a Project Gutenberg header or licence)


@dataclass(frozen=True, slots=True)
class Span:
    """A heading: lines ``first``..``last`` (indices into the profile's lines)."""

    first: int
    last: int
    level: int
    style: str
    text: str


@dataclass
class Profile:
    lines: list[Line]
    spans: list[Span] = field(default_factory=list)
    contents: Contents = field(default_factory=Contents)
    counts: Counter[str] = field(default_factory=Counter)
    paged: bool = False


@dataclass(slots=True)
class Cand:
    i: int  # line index
    style: str
    rank: int
    form: Form | None
    text: str
    last: int = -1  # last line of the heading (the title's), set when titles are attached


def repeat_line(
    lines: list[Line], texts: list[str], seen: Counter[str], i: int, first: dict[str, int]
) -> bool:
    """A later copy of a line the text repeats: a running head, a speaker's label (one
    seen twice is a running head when it breaks into a sentence)."""
    k = key(texts[i])
    if seen[k] < 2 or first.setdefault(k, i) == i:
        return False
    return seen[k] >= REPEATED or (i > 0 and not is_complete(texts[i - 1]))
