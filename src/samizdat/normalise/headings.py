"""Headings: section numerals, named parts, the title repeated where a text begins."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import NUMBERED_HEADING, Chunk, Evidence, PassResult

#: Longest chunk that can be a title or heading.
MAX_HEADING = 90
_NAMED_HEADING = re.compile(
    r"^(?:Preface|Foreword|Introduction|Postscript|Afterword|Epilogue|Prologue|Appendix|"
    r"Chapter|Part|Section|Book|Conclusion)\b[^.!?;,]{0,70}\.?$",
    re.I,
)


def mark_headings(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns section numerals, named parts and a repeated title into headings.

    Before: ``" II-1 "`` / ``"Preface from Lenin"`` / the title again where the letter begins
    After:  kind ``heading`` chunks (level 2)
    """
    out, counts = [], Counter()
    for c in chunks:
        text = c.text.strip()
        if c.kind == "para" and (
            NUMBERED_HEADING.match(text)
            or (_NAMED_HEADING.match(text) and len(text) <= MAX_HEADING)
            or same_text(text, ev.title)
        ):
            out.append(replace(c, kind="heading", text=text, number=2))
            counts["headings"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)


def same_text(a: str, b: str) -> bool:
    """The same words, punctuation, case and spacing aside (never for a line of punctuation)."""
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    na = norm(a)
    return bool(na) and na == norm(b)
